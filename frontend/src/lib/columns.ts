/**
 * The columns of every kind's list (US-FLUX-001…031), as data: what each cell shows, how it
 * sorts and what it adds to free-text search. One renderer (`ResourceCell`) draws every
 * `CellSpec`, so lists look alike and the definitions stay testable without a DOM.
 */
import type { FluxKindPlural, ResourceRow } from "@/api/types";
import { parseTime } from "./format";
import { healthRank } from "./health";

export type CellSpec =
  | { type: "name" }
  | { type: "health" }
  | { type: "message" }
  | { type: "text"; value: (row: ResourceRow) => string | null | undefined; mono?: boolean }
  | { type: "time"; value: (row: ResourceRow) => string | null | undefined }
  | { type: "url"; value: (row: ResourceRow) => string | null | undefined }
  | { type: "ref"; value: (row: ResourceRow) => string | null | undefined }
  | { type: "refs"; value: (row: ResourceRow) => readonly string[] | undefined }
  | { type: "repoType" }
  | { type: "revision" };

/**
 * How much room a column needs before it shows: 0 always (name, status); 1 from tablet width
 * (about 600px of table); 2 from about 1100px; 3 from about 1350px. The message (priority 1)
 * always beats secondary columns, so a 1280px screen shows why things fail without scrolling.
 */
export type Priority = 0 | 1 | 2 | 3;

export type Column = {
  id: string;
  header: string;
  /** CSS grid track size. */
  width: string;
  cell: CellSpec;
  priority: Priority;
  sortable?: boolean;
};

const NAME: Column = {
  id: "name",
  header: "Name",
  width: "minmax(170px, 1.2fr)",
  cell: { type: "name" },
  priority: 0,
};
const STATUS: Column = {
  id: "health",
  header: "Status",
  width: "124px",
  cell: { type: "health" },
  priority: 0,
};
const MESSAGE: Column = {
  id: "message",
  header: "Message",
  width: "minmax(220px, 2.2fr)",
  cell: { type: "message" },
  priority: 1,
};

function revision(priority: Priority = 1): Column {
  return {
    id: "revision",
    header: "Revision",
    width: "minmax(110px, 0.8fr)",
    cell: { type: "revision" },
    priority,
  };
}

function interval(priority: Priority = 2): Column {
  return {
    id: "interval",
    header: "Interval",
    width: "76px",
    cell: { type: "text", value: (row) => row.interval, mono: true },
    priority,
  };
}

function lastTime(
  id: string,
  header: string,
  value: (row: ResourceRow) => string | null | undefined,
  priority: Priority = 1,
): Column {
  return { id, header, width: "96px", cell: { type: "time", value }, priority };
}

function lastSync(priority: Priority = 1): Column {
  return lastTime("lastReconciled", "Last sync", (row) => row.lastReconciled, priority);
}

const LAST_RECONCILE = lastTime("lastReconciled", "Last reconcile", (row) => row.lastReconciled);

function text(
  id: string,
  header: string,
  value: (row: ResourceRow) => string | null | undefined,
  {
    width = "minmax(100px, 1fr)",
    mono = false,
    priority = 1,
  }: { width?: string; mono?: boolean; priority?: Priority } = {},
): Column {
  return { id, header, width, cell: { type: "text", value, mono }, priority };
}

function url(
  id: string,
  header: string,
  value: (row: ResourceRow) => string | null | undefined,
  priority: Priority = 1,
): Column {
  return { id, header, width: "minmax(170px, 1.3fr)", cell: { type: "url", value }, priority };
}

function ref(
  id: string,
  header: string,
  value: (row: ResourceRow) => string | null | undefined,
  priority: Priority = 1,
): Column {
  return { id, header, width: "minmax(130px, 1fr)", cell: { type: "ref", value }, priority };
}

function refs(
  id: string,
  header: string,
  value: (row: ResourceRow) => readonly string[] | undefined,
  priority: Priority = 1,
): Column {
  return { id, header, width: "minmax(140px, 1fr)", cell: { type: "refs", value }, priority };
}

function chartText(row: ResourceRow): string | null {
  if (!row.chart) return null;
  return row.chartVersion ? `${row.chart}@${row.chartVersion}` : row.chart;
}

export const COLUMNS: Record<FluxKindPlural, readonly Column[]> = {
  gitrepositories: [
    NAME,
    STATUS,
    url("url", "URL", (row) => row.url),
    text("ref", "Ref", (row) => row.ref, { mono: true, width: "minmax(96px, 0.7fr)" }),
    revision(),
    lastSync(2),
    interval(3),
    MESSAGE,
  ],
  helmrepositories: [
    NAME,
    STATUS,
    { id: "repoType", header: "Type", width: "72px", cell: { type: "repoType" }, priority: 1 },
    url("url", "URL", (row) => row.url),
    lastSync(),
    interval(2),
    MESSAGE,
  ],
  ocirepositories: [
    NAME,
    STATUS,
    url("url", "URL", (row) => row.url),
    text("ref", "Reference", (row) => row.ref, { mono: true, width: "minmax(100px, 0.7fr)" }),
    revision(),
    lastSync(2),
    interval(3),
    MESSAGE,
  ],
  buckets: [
    NAME,
    STATUS,
    text("endpoint", "Endpoint", (row) => row.endpoint, {
      mono: true,
      width: "minmax(150px, 1fr)",
    }),
    text("bucketName", "Bucket", (row) => row.bucketName, { mono: true }),
    revision(),
    lastSync(2),
    interval(3),
    MESSAGE,
  ],
  helmcharts: [
    NAME,
    STATUS,
    text("chart", "Chart", (row) => row.chart, { mono: true, width: "minmax(110px, 0.8fr)" }),
    text("chartVersion", "Version", (row) => row.chartVersion, { width: "84px", mono: true }),
    ref("source", "Source", (row) => row.source),
    lastSync(2),
    revision(3),
    MESSAGE,
  ],
  externalartifacts: [
    NAME,
    STATUS,
    ref("source", "Source", (row) => row.source),
    revision(),
    lastTime("lastReconciled", "Last updated", (row) => row.lastReconciled),
    MESSAGE,
  ],
  kustomizations: [
    NAME,
    STATUS,
    ref("source", "Source", (row) => row.source),
    text("path", "Path", (row) => row.path, { mono: true, width: "minmax(96px, 0.8fr)" }),
    revision(),
    LAST_RECONCILE,
    interval(2),
    refs("dependsOn", "Depends on", (row) => row.dependsOn, 3),
    MESSAGE,
  ],
  helmreleases: [
    NAME,
    STATUS,
    text("chart", "Chart", chartText, { mono: true, width: "minmax(130px, 1fr)" }),
    ref("source", "Source", (row) => row.source),
    revision(2),
    LAST_RECONCILE,
    text("failures", "Failures", (row) => (row.failures ? String(row.failures) : null), {
      width: "72px",
      priority: 2,
    }),
    refs("dependsOn", "Depends on", (row) => row.dependsOn, 3),
    MESSAGE,
  ],
  alerts: [
    NAME,
    STATUS,
    ref("providerRef", "Provider", (row) => row.providerRef),
    refs("eventSources", "Event sources", (row) => row.eventSources),
    text("eventSeverity", "Severity", (row) => row.eventSeverity ?? "info", { width: "80px" }),
    MESSAGE,
  ],
  providers: [
    NAME,
    STATUS,
    text("providerType", "Type", (row) => row.providerType, { width: "110px" }),
    text("channel", "Channel", (row) => row.channel, { mono: true }),
    MESSAGE,
  ],
  receivers: [
    NAME,
    STATUS,
    text("receiverType", "Type", (row) => row.receiverType, { width: "100px" }),
    refs("resources", "Resources", (row) => row.resources),
    text("webhookPath", "Webhook path", (row) => row.webhookPath, { mono: true, priority: 2 }),
    MESSAGE,
  ],
  imagerepositories: [
    NAME,
    STATUS,
    text("image", "Image", (row) => row.image, { mono: true, width: "minmax(170px, 1.3fr)" }),
    text(
      "tagCount",
      "Tags",
      (row) => (row.tagCount === null || row.tagCount === undefined ? null : String(row.tagCount)),
      { width: "60px" },
    ),
    lastTime("lastScan", "Last scan", (row) => row.lastScan),
    interval(2),
    MESSAGE,
  ],
  imagepolicies: [
    NAME,
    STATUS,
    ref("imageRepository", "Image repository", (row) => row.imageRepository),
    text("policy", "Policy", (row) => row.policy, { mono: true, width: "minmax(100px, 0.8fr)" }),
    text("latestTag", "Latest image", (row) => row.latestTag?.split("/").pop(), {
      mono: true,
      width: "minmax(160px, 1.2fr)",
    }),
    MESSAGE,
  ],
  imageupdateautomations: [
    NAME,
    STATUS,
    ref("source", "Git repository", (row) => row.source),
    lastTime("lastRun", "Last run", (row) => row.lastRun),
    text("lastPushCommit", "Last push", (row) => row.lastPushCommit, { mono: true, width: "88px" }),
    interval(2),
    MESSAGE,
  ],
};

/** The value a column sorts by: numbers for health and times, lowercase text otherwise. */
export function sortValue(column: Column, row: ResourceRow): string | number | null {
  const cell = column.cell;
  switch (cell.type) {
    case "name":
      return `${row.name}\u0000${row.namespace}`.toLowerCase();
    case "health":
      return healthRank(row.health);
    case "message":
      return row.message.toLowerCase() || null;
    case "time":
      return parseTime(cell.value(row));
    case "revision":
      return row.revision?.toLowerCase() ?? null;
    case "repoType":
      return row.repoType ?? "default";
    case "refs":
      return cell.value(row)?.join(",").toLowerCase() || null;
    case "text":
    case "url":
    case "ref": {
      const value = cell.value(row);
      if (value === null || value === undefined || value === "") return null;
      const number = Number(value);
      return column.id === "failures" || column.id === "tagCount"
        ? Number.isFinite(number)
          ? number
          : null
        : value.toLowerCase();
    }
  }
}

/** Text a column contributes to free-text search. */
export function searchText(column: Column, row: ResourceRow): string {
  const cell = column.cell;
  switch (cell.type) {
    case "name":
      return `${row.name} ${row.namespace}`;
    case "message":
      return row.message;
    case "revision":
      return row.revisionFull ?? row.revision ?? "";
    case "health":
      return row.health;
    case "repoType":
      return row.repoType === "oci" ? "oci" : "";
    case "refs":
      return cell.value(row)?.join(" ") ?? "";
    case "time":
      return "";
    default:
      return cell.value(row) ?? "";
  }
}

/** The smallest width (px) a column track takes: the px value of `120px` or `minmax(120px, 1fr)`. */
export function minWidthOf(width: string): number {
  const match = /(\d+(?:\.\d+)?)px/.exec(width);
  return match ? Number(match[1]) : 80;
}
