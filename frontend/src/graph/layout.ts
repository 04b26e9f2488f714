/**
 * Layouts. Edges point from a dependent to what it depends on, and both layouts put what is
 * depended on to the left: sources on the left, the objects applying them to their right.
 *
 * - Up to `DAGRE_MAX_NODES` nodes: dagre (`cytoscape-dagre`), which also minimises crossings.
 * - Beyond: `layeredPositions`, a cheap layered layout computed here (longest-path layers,
 *   one barycentre sweep each way, tall layers wrapped into sub-columns) and handed to
 *   Cytoscape as a `preset`. Linear in nodes and edges; 10,000 nodes take milliseconds.
 */
import type { LayoutOptions, PresetLayoutOptions } from "cytoscape";
import type { DagreLayoutOptions } from "cytoscape-dagre";

export const DAGRE_MAX_NODES = 300;

/** Above this many edges, edges are drawn as cheap `haystack` lines (no arrows). */
export const HAYSTACK_MIN_EDGES = 3000;

export type Position = { x: number; y: number };

export type LayeredOptions = {
  columnGap?: number;
  rowGap?: number;
  subColumnGap?: number;
  /** Most nodes stacked in one column before a layer wraps into another. */
  maxRows?: number;
};

type Edge = { source: string; target: string };

/**
 * Layer of each node: 0 for nodes that depend on nothing (in this graph), else one more than
 * the deepest thing they depend on. Edges closing a cycle are ignored.
 */
export function layersOf(nodes: readonly string[], edges: readonly Edge[]): Map<string, number> {
  const known = new Set(nodes);
  const out = new Map<string, string[]>();
  for (const { source, target } of edges) {
    if (!known.has(source) || !known.has(target) || source === target) continue;
    const list = out.get(source);
    if (list) list.push(target);
    else out.set(source, [target]);
  }
  const layer = new Map<string, number>();
  const onStack = new Set<string>();
  for (const root of nodes) {
    if (layer.has(root)) continue;
    // Iterative DFS: [node, index of the next successor].
    const stack: [string, number][] = [[root, 0]];
    onStack.add(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!top) break;
      const [node, next] = top;
      const succ = out.get(node) ?? [];
      if (next < succ.length) {
        top[1] = next + 1;
        const child = succ[next];
        if (child !== undefined && !layer.has(child) && !onStack.has(child)) {
          onStack.add(child);
          stack.push([child, 0]);
        }
        continue;
      }
      let depth = 0;
      for (const child of succ) {
        const childLayer = layer.get(child);
        if (childLayer !== undefined) depth = Math.max(depth, childLayer + 1);
      }
      layer.set(node, depth);
      onStack.delete(node);
      stack.pop();
    }
  }
  return layer;
}

/** Positions of a layered layout of `nodes` (ids in a stable, meaningful order). */
export function layeredPositions(
  nodes: readonly string[],
  edges: readonly Edge[],
  options: LayeredOptions = {},
): Map<string, Position> {
  const columnGap = options.columnGap ?? 260;
  const rowGap = options.rowGap ?? 64;
  const subColumnGap = options.subColumnGap ?? 190;
  const maxRows = options.maxRows ?? Math.max(12, Math.ceil(Math.sqrt(nodes.length) * 1.4));

  const layer = layersOf(nodes, edges);
  const layers: string[][] = [];
  for (const id of nodes) {
    const index = layer.get(id) ?? 0;
    while (layers.length <= index) layers.push([]);
    layers[index]?.push(id);
  }

  // Order within layers: barycentre of neighbours in the previous layer, then back again.
  const neighbours = new Map<string, string[]>();
  for (const { source, target } of edges) {
    if (source === target) continue;
    pushTo(neighbours, source, target);
    pushTo(neighbours, target, source);
  }
  const rank = new Map<string, number>();
  const reorder = (ids: string[]) => {
    const score = new Map<string, number>();
    ids.forEach((id, i) => {
      const placed = (neighbours.get(id) ?? []).map((n) => rank.get(n)).filter(isNumber);
      score.set(id, placed.length > 0 ? average(placed) : i);
    });
    ids.sort((a, b) => (score.get(a) ?? 0) - (score.get(b) ?? 0));
    ids.forEach((id, i) => {
      rank.set(id, i);
    });
  };
  for (const ids of layers) {
    ids.forEach((id, i) => {
      rank.set(id, i);
    });
  }
  for (const ids of layers.slice(1)) reorder(ids);
  for (const ids of [...layers].reverse().slice(1)) reorder(ids);

  const positions = new Map<string, Position>();
  let x = 0;
  for (const ids of layers) {
    if (ids.length === 0) continue;
    const rows = Math.min(ids.length, maxRows);
    const columns = Math.ceil(ids.length / rows);
    const top = -((rows - 1) * rowGap) / 2;
    ids.forEach((id, i) => {
      const column = Math.floor(i / rows);
      positions.set(id, { x: x + column * subColumnGap, y: top + (i % rows) * rowGap });
    });
    x += (columns - 1) * subColumnGap + columnGap;
  }
  return positions;
}

function pushTo(map: Map<string, string[]>, key: string, value: string) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function isNumber(value: number | undefined): value is number {
  return value !== undefined;
}

function average(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** The layout for a graph of this size: dagre when small, precomputed layers when large. */
export function chooseLayout(
  nodes: readonly string[],
  edges: readonly Edge[],
  { animate = false }: { animate?: boolean } = {},
): LayoutOptions {
  if (nodes.length <= DAGRE_MAX_NODES) {
    const dagre: DagreLayoutOptions = {
      name: "dagre",
      rankDir: "RL",
      nodeSep: 24,
      rankSep: 90,
      edgeSep: 8,
      fit: true,
      padding: 32,
      animate,
      animationDuration: 250,
    };
    return dagre;
  }
  const preset: PresetLayoutOptions = {
    name: "preset",
    positions: Object.fromEntries(layeredPositions(nodes, edges)),
    fit: true,
    padding: 32,
    animate: false,
  };
  return preset;
}
