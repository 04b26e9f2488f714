/**
 * Text formatting of times, durations, sizes and counts. Pure: "now" is always a parameter,
 * so the same inputs give the same text in tests and in the browser.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds since the epoch of an RFC 3339 time, or null when absent or unreadable. */
export function parseTime(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** The largest unit or two: `45s`, `3m`, `3m 20s`, `2h 5m`, `4d 3h`. */
export function formatDuration(ms: number, { parts = 2 }: { parts?: 1 | 2 } = {}): string {
  const total = Math.max(0, Math.round(ms / SECOND));
  if (total < 60) return `${total}s`;
  const units: [number, string][] = [
    [Math.floor(total / 86400), "d"],
    [Math.floor((total % 86400) / 3600), "h"],
    [Math.floor((total % 3600) / 60), "m"],
    [total % 60, "s"],
  ];
  const first = units.findIndex(([value]) => value > 0);
  const shown = units.slice(first, first + parts).filter(([value], i) => i === 0 || value > 0);
  return shown.map(([value, unit]) => `${value}${unit}`).join(" ");
}

/** "just now", "45s ago", "3m ago", "2h ago", "5d ago"; future times read "in 3m". */
export function formatRelative(time: number, now: number): string {
  const delta = now - time;
  const abs = Math.abs(delta);
  if (abs < 5 * SECOND) return "just now";
  let text: string;
  if (abs < MINUTE) text = `${Math.floor(abs / SECOND)}s`;
  else if (abs < HOUR) text = `${Math.floor(abs / MINUTE)}m`;
  else if (abs < DAY) text = `${Math.floor(abs / HOUR)}h`;
  else text = `${Math.floor(abs / DAY)}d`;
  return delta >= 0 ? `${text} ago` : `in ${text}`;
}

/** `formatRelative` of an RFC 3339 string; "—" when there is no time. */
export function formatAgo(value: string | null | undefined, now: number): string {
  const time = parseTime(value);
  return time === null ? "—" : formatRelative(time, now);
}

/** `2025-12-09 10:30:00 UTC`: exact, unambiguous, for tooltips and detail fields. */
export function formatTimestamp(value: string | null | undefined): string {
  const time = parseTime(value);
  if (time === null) return "—";
  return `${new Date(time).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

const GO_DURATION = /^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const GO_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
const GO_UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
};

/** A Go duration (`1m30s`, `10m`, `1h`, `500ms`) in milliseconds; null when unreadable. */
export function parseGoDuration(value: string | null | undefined): number | null {
  if (!value || !GO_DURATION.test(value)) return null;
  let total = 0;
  for (const match of value.matchAll(GO_PART)) {
    const [, amount, unit] = match;
    total += Number(amount) * (GO_UNIT_MS[unit ?? ""] ?? 0);
  }
  return total;
}

/** Bytes with 1024-based units and one decimal, like `flux stats`: `1.5 MiB`; "—" for none. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || bytes <= 0) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `1 object`, `3 objects`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : pluralForm}`;
}

/** An Event's repetition: `×3 over 5m` (nothing for a single occurrence). */
export function formatRepeat(
  count: number | null | undefined,
  firstSeen: string | null | undefined,
  lastSeen: string | null | undefined,
): string {
  if (!count || count <= 1) return "";
  const first = parseTime(firstSeen);
  const last = parseTime(lastSeen);
  if (first === null || last === null || last <= first) return `×${count}`;
  return `×${count} over ${formatDuration(last - first, { parts: 1 })}`;
}

export type RevisionParts = { ref: string | null; digest: string };

/**
 * A Flux revision split for display: `main@sha1:0c554c94` → ref `main`, digest `0c554c94`;
 * `sha256:29e0b77a` → digest `29e0b77a`; `6.5.0` (a chart version) stays whole.
 */
export function splitRevision(revision: string): RevisionParts {
  const match = /^(?:(.*)@)?(?:sha1|sha256|sha384|sha512):([0-9a-f]+)$/i.exec(revision);
  if (!match) return { ref: null, digest: revision };
  return { ref: match[1] || null, digest: match[2] ?? revision };
}
