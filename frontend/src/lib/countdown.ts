/**
 * "Next reconcile in …": when the controller is expected to run again. The server estimates
 * `nextReconcileAt` from the last reconcile and the interval; without it the estimate is made
 * here the same way. Controllers add jitter and requeue on events, so this is an estimate and
 * reads as one once the time has passed.
 */
import { formatDuration, parseGoDuration, parseTime } from "./format";

export type CountdownInput = {
  nextReconcileAt?: string | null;
  lastReconciled?: string | null;
  interval?: string | null;
  suspended?: boolean;
};

/** Expected time of the next reconcile (ms since epoch), or null when there is none. */
export function expectedReconcileAt(input: CountdownInput): number | null {
  if (input.suspended) return null;
  const next = parseTime(input.nextReconcileAt);
  if (next !== null) return next;
  const last = parseTime(input.lastReconciled);
  const interval = parseGoDuration(input.interval);
  if (last === null || interval === null || interval <= 0) return null;
  return last + interval;
}

export type CountdownView = {
  /** "in 4m 12s", "any moment now", "suspended", "not scheduled" */
  text: string;
  /** Remaining milliseconds; null when nothing is scheduled. */
  remainingMs: number | null;
  state: "scheduled" | "due" | "suspended" | "none";
};

export function describeCountdown(input: CountdownInput, now: number): CountdownView {
  if (input.suspended) {
    return { text: "suspended", remainingMs: null, state: "suspended" };
  }
  const at = expectedReconcileAt(input);
  if (at === null) return { text: "not scheduled", remainingMs: null, state: "none" };
  const remaining = at - now;
  if (remaining <= 0) return { text: "any moment now", remainingMs: 0, state: "due" };
  return { text: `in ${formatDuration(remaining)}`, remainingMs: remaining, state: "scheduled" };
}

/** How often a countdown must re-render to stay correct to the unit it shows. */
export function tickInterval(remainingMs: number | null): number | null {
  if (remainingMs === null || remainingMs <= 0) return null;
  return remainingMs < 60 * 60 * 1000 ? 1000 : 60 * 1000;
}
