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

export type Column = {
  id: string;
  header: string;
  /** CSS grid track size. */
  width: string;
  cell: CellSpec;
  /** Hidden below the phone breakpoint. */
  wide?: boolean;
  sortable?: boolean;
};

const NAME: Column = {
  id: "name",
  header: "Name",
  width: "minmax(180px, 1.3fr)",
  cell: { type: "name" },
};
const STATUS: Column = { id: "health", header: "Status", width: "128px", cell: { type: "health" } };
const MESSAGE: Column = {
  id: "message",
  header: "Message",
  width: "minmax(220px, 2fr)",
  cell: { type: "message" },
  wide: true,
};
const REVISION: Column = {
  id: "revision",
  header: "Revision",
  width: "minmax(120px, 0.9fr)",
  cell: { type: "revision" },
  wide: true,
};
const INTERVAL: Column = {
  id: "interval",
  header: "Interval",
  width: "76px",
  cell: { type: "text", value: (row) => row.interval, mono: true },
  wide: true,
};

function lastTime(
  id: string,
  header: string,
  value: (row: ResourceRow) => string | null | undefined,
): Column {
  return { id, header, width: "104px", cell: { type: "time", value }, wide: true };
}

const LAST_SYNC = lastTime("lastReconciled", "Last sync", (row) => row.lastReconciled);
const LAST_RECONCILE = lastTime("lastReconciled", "Last reconcile", (row) => row.lastReconciled);

function text(
  id: string,
  header: string,
  value: (row: ResourceRow) => string | null | undefined,
  { width = "minmax(100px, 1fr)", mono = false, wide = true } = {},
): Column {
  return { id, header, width, cell: { type: "text", value, mono }, wide };
}

function url(
  id: string,
  header: string,
  value: (row: ResourceRow) => string | null | undefined,
): Column {
  return { id, header, width: "minmax(180px, 1.4fr)", cell: { type: "url", value }, wide: true };
}

function ref(
  id: string,
  header: string,
  value: (row: ResourceRow) => string | null | undefined,
): Column {
  return { id, header, width: "minmax(140px, 1fr)", cell: { type: "ref", value }, wide: true };
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
    text("ref", "Ref", (row) => row.ref, { mono: true }),
    REVISION,
    INTERVAL,
    LAST_SYNC,
    MESSAGE,
  ],
  helmrepositories: [
    NAME,
    STATUS,
    { id: "repoType", header: "Type", width: "88px", cell: { type: "repoType" } },
    url("url", "URL", (row) => row.url),
    INTERVAL,
    LAST_SYNC,
    MESSAGE,
  ],
  ocirepositories: [
    NAME,
    STATUS,
    url("url", "URL", (row) => row.url),
    text("ref", "Reference", (row) => row.ref, { mono: true }),
    REVISION,
    LAST_SYNC,
    MESSAGE,
  ],
  buckets: [
    NAME,
    STATUS,
    text("endpoint", "Endpoint", (row) => row.endpoint, { mono: true }),
    text("bucketName", "Bucket", (row) => row.bucketName, { mono: true }),
    REVISION,
    LAST_SYNC,
    MESSAGE,
  ],
  helmcharts: [
    NAME,
    STATUS,
    text("chart", "Chart", (row) => row.chart),
    text("chartVersion", "Version", (row) => row.chartVersion, { width: "96px", mono: true }),
    ref("source", "Source", (row) => row.source),
    REVISION,
    LAST_SYNC,
    MESSAGE,
  ],
  externalartifacts: [
    NAME,
    STATUS,
    ref("source", "Source", (row) => row.source),
    REVISION,
    lastTime("lastReconciled", "Last updated", (row) => row.lastReconciled),
    MESSAGE,
  ],
  kustomizations: [
    NAME,
    STATUS,
    ref("source", "Source", (row) => row.source),
    text("path", "Path", (row) => row.path, { mono: true }),
    REVISION,
    LAST_RECONCILE,
    INTERVAL,
    {
      id: "dependsOn",
      header: "Depends on",
      width: "minmax(120px, 0.8fr)",
      cell: { type: "refs", value: (row) => row.dependsOn },
      wide: true,
    },
    MESSAGE,
  ],
  helmreleases: [
    NAME,
    STATUS,
    text("chart", "Chart", chartText, { mono: true }),
    ref("source", "Source", (row) => row.source),
    REVISION,
    LAST_RECONCILE,
    text("failures", "Failures", (row) => (row.failures ? String(row.failures) : null), {
      width: "76px",
    }),
    MESSAGE,
  ],
  alerts: [
    NAME,
    STATUS,
    ref("providerRef", "Provider", (row) => row.providerRef),
    {
      id: "eventSources",
      header: "Event sources",
      width: "minmax(180px, 1.4fr)",
      cell: { type: "refs", value: (row) => row.eventSources },
      wide: true,
    },
    text("eventSeverity", "Severity", (row) => row.eventSeverity ?? "info", { width: "84px" }),
    MESSAGE,
  ],
  providers: [
    NAME,
    STATUS,
    text("providerType", "Type", (row) => row.providerType, { width: "120px" }),
    text("channel", "Channel", (row) => row.channel),
    MESSAGE,
  ],
  receivers: [
    NAME,
    STATUS,
    text("receiverType", "Type", (row) => row.receiverType, { width: "110px" }),
    {
      id: "resources",
      header: "Resources",
      width: "minmax(160px, 1.2fr)",
      cell: { type: "refs", value: (row) => row.resources },
      wide: true,
    },
    text("webhookPath", "Webhook path", (row) => row.webhookPath, { mono: true }),
    MESSAGE,
  ],
  imagerepositories: [
    NAME,
    STATUS,
    text("image", "Image", (row) => row.image, { mono: true, width: "minmax(160px, 1.4fr)" }),
    text(
      "tagCount",
      "Tags",
      (row) => (row.tagCount === null || row.tagCount === undefined ? null : String(row.tagCount)),
      {
        width: "64px",
      },
    ),
    lastTime("lastScan", "Last scan", (row) => row.lastScan),
    INTERVAL,
    MESSAGE,
  ],
  imagepolicies: [
    NAME,
    STATUS,
    ref("imageRepository", "Image repository", (row) => row.imageRepository),
    text("policy", "Policy", (row) => row.policy, { mono: true }),
    text("latestTag", "Latest image", (row) => row.latestTag, {
      mono: true,
      width: "minmax(160px, 1.4fr)",
    }),
    MESSAGE,
  ],
  imageupdateautomations: [
    NAME,
    STATUS,
    ref("source", "Git repository", (row) => row.source),
    lastTime("lastRun", "Last run", (row) => row.lastRun),
    text("lastPushCommit", "Last push", (row) => row.lastPushCommit, { mono: true, width: "96px" }),
    INTERVAL,
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
