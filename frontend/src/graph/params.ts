/**
 * The graph page's own URL params (the namespace and the search are the shell's):
 * `focus` (an object id), `depth` (hops around it) and `hide` (edge types, comma-separated).
 */
import type { EdgeType } from "@/api/types";
import { EDGE_TYPES, isEdgeType } from "./toElements";

export const FOCUS_PARAM = "focus";
export const DEPTH_PARAM = "depth";
export const HIDE_PARAM = "hide";

export const DEFAULT_DEPTH = 2;
export const MAX_DEPTH = 20;

/** A depth from the URL: an integer in 0..MAX_DEPTH, else undefined (the server's default). */
export function parseDepth(value: string | null | undefined): number | undefined {
  if (!value || !/^\d+$/.test(value)) return undefined;
  const depth = Number(value);
  return depth <= MAX_DEPTH ? depth : undefined;
}

/** Hidden edge types from `hide=a,b` (unknown names ignored). */
export function parseHidden(value: string | null | undefined): Set<EdgeType> {
  const hidden = new Set<EdgeType>();
  for (const part of (value ?? "").split(",")) {
    const name = part.trim();
    if (isEdgeType(name)) hidden.add(name);
  }
  return hidden;
}

/** `hide=` in a stable order, or undefined when nothing is hidden. */
export function formatHidden(hidden: ReadonlySet<EdgeType>): string | undefined {
  const names = EDGE_TYPES.filter((type) => hidden.has(type));
  return names.length > 0 ? names.join(",") : undefined;
}

export function toggled(hidden: ReadonlySet<EdgeType>, type: EdgeType): Set<EdgeType> {
  const next = new Set(hidden);
  if (next.has(type)) next.delete(type);
  else next.add(type);
  return next;
}

/** `Kind/namespace/name` → "Kind namespace/name" for people. */
export function describeId(id: string): string {
  const [kind, namespace, ...rest] = id.split("/");
  if (!kind || !namespace || rest.length === 0) return id;
  return `${kind} ${namespace}/${rest.join("/")}`;
}
