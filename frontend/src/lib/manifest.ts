/** Reading the raw (masked) manifest of a detail, which is untyped JSON. */

/** The suspend reason fluxdash stores with a suspend (see the actions API). */
export const SUSPEND_REASON_ANNOTATION = "fluxdash.io/suspend-reason";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `metadata.annotations[key]` when it is a string. */
export function annotation(manifest: unknown, key: string): string | null {
  if (!isRecord(manifest) || !isRecord(manifest.metadata)) return null;
  const annotations = manifest.metadata.annotations;
  if (!isRecord(annotations)) return null;
  const value = annotations[key];
  return typeof value === "string" && value !== "" ? value : null;
}
