/**
 * The one health vocabulary (DESIGN §4) as the browser shows it: tone (colour token), label
 * (text, never colour alone), order (failing first) and the URL form of health filters.
 * Health itself is computed on the server; nothing here re-derives it.
 */
import type { Health } from "@/api/types";

/** Display order of filters and counts: what needs attention first. */
export const HEALTH_ORDER: readonly Health[] = [
  "Failed",
  "Progressing",
  "Unknown",
  "Suspended",
  "Ready",
];

const RANK: Record<Health, number> = {
  Failed: 0,
  Progressing: 1,
  Unknown: 2,
  Suspended: 3,
  Ready: 4,
};

export type HealthTone = "ready" | "failed" | "progressing" | "suspended" | "unknown";

const TONE: Record<Health, HealthTone> = {
  Ready: "ready",
  Failed: "failed",
  Progressing: "progressing",
  Suspended: "suspended",
  Unknown: "unknown",
};

const DESCRIPTION: Record<Health, string> = {
  Ready: "Reconciled and healthy",
  Failed: "The last reconciliation failed or the object is stalled",
  Progressing: "Being reconciled, retried or deleted",
  Suspended: "Reconciliation is suspended (status frozen)",
  Unknown: "Not reconciled yet, or the controller has not reported",
};

export function isHealth(value: string): value is Health {
  return Object.hasOwn(RANK, value);
}

/** Sort key: Failed first, Ready last. */
export function healthRank(health: Health): number {
  return RANK[health];
}

export function healthTone(health: Health): HealthTone {
  return TONE[health];
}

export function healthDescription(health: Health): string {
  return DESCRIPTION[health];
}

/**
 * The badge text: the health, refined by the deciding reason where that changes what a
 * person does next ("Failed" vs "Stalled", "Progressing" vs "Retrying" or "Terminating").
 */
export function healthLabel(health: Health, reason?: string | null): string {
  if (health === "Progressing") {
    if (reason === "ProgressingWithRetry") return "Retrying";
    if (reason === "Terminating") return "Terminating";
    if (reason === "DependencyNotReady") return "Waiting";
  }
  if (health === "Failed" && reason === "Stalled") return "Stalled";
  return health;
}

/** `?health=Failed,Progressing` → `["Failed", "Progressing"]`, unknown values dropped, in order. */
export function parseHealthParam(value: string | null | undefined): Health[] {
  if (!value) return [];
  const wanted = new Set(value.split(",").map((part) => part.trim()));
  return HEALTH_ORDER.filter((health) => wanted.has(health));
}

export function formatHealthParam(values: readonly Health[]): string | undefined {
  const ordered = HEALTH_ORDER.filter((health) => values.includes(health));
  return ordered.length > 0 ? ordered.join(",") : undefined;
}

/** `values` with `health` added or removed. */
export function toggleHealth(values: readonly Health[], health: Health): Health[] {
  return values.includes(health)
    ? values.filter((value) => value !== health)
    : HEALTH_ORDER.filter((value) => value === health || values.includes(value));
}
