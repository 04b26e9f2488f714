/**
 * The graph page's own URL params (the namespace and the search are the shell's):
 * `focus` (an object id), `depth` (hops around it) and `edges` (the edge types shown,
 * comma-separated; absent means `DEFAULT_EDGE_TYPES`).
 */
import type { EdgeType } from "@/api/types";
import { EDGE_TYPES, isEdgeType } from "./toElements";

export const FOCUS_PARAM = "focus";
export const DEPTH_PARAM = "depth";
export const EDGES_PARAM = "edges";

/** Shown unless the URL says otherwise: inventory and alert edges crowd a fleet's picture. */
export const DEFAULT_EDGE_TYPES: ReadonlySet<EdgeType> = new Set(
  EDGE_TYPES.filter((type) => type !== "inventory" && type !== "alertSource"),
);

export const DEFAULT_DEPTH = 2;
export const MAX_DEPTH = 20;

/** A depth from the URL: an integer in 0..MAX_DEPTH, else undefined (the server's default). */
export function parseDepth(value: string | null | undefined): number | undefined {
  if (!value || !/^\d+$/.test(value)) return undefined;
  const depth = Number(value);
  return depth <= MAX_DEPTH ? depth : undefined;
}

/** Shown edge types from `edges=a,b` (unknown names ignored; absent: the defaults). */
export function parseShown(value: string | null | undefined): Set<EdgeType> {
  if (value === null || value === undefined) return new Set(DEFAULT_EDGE_TYPES);
  const shown = new Set<EdgeType>();
  for (const part of value.split(",")) {
    const name = part.trim();
    if (isEdgeType(name)) shown.add(name);
  }
  return shown;
}

/** `edges=` in a stable order; undefined for the defaults ("none" when nothing is shown). */
export function formatShown(shown: ReadonlySet<EdgeType>): string | undefined {
  const same =
    shown.size === DEFAULT_EDGE_TYPES.size && [...shown].every((t) => DEFAULT_EDGE_TYPES.has(t));
  if (same) return undefined;
  const names = EDGE_TYPES.filter((type) => shown.has(type));
  return names.length > 0 ? names.join(",") : "none";
}

/** The complement of `shown`: what the canvas hides. */
export function hiddenTypes(shown: ReadonlySet<EdgeType>): Set<EdgeType> {
  return new Set(EDGE_TYPES.filter((type) => !shown.has(type)));
}

export function toggled(set: ReadonlySet<EdgeType>, type: EdgeType): Set<EdgeType> {
  const next = new Set(set);
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
