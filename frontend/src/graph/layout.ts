/**
 * Layouts. Edges point from a dependent to what it depends on, and both layouts put what is
 * depended on at the top: sources first, the objects applying them below.
 *
 * Each connected component is laid out on its own, then the pieces are packed into rows that
 * fill the viewport (`composeLayout`): a fleet is many small trees, and one layout of all of
 * them would be a thin, unreadable column. Per component:
 * - up to `DAGRE_MAX_NODES` nodes in all: dagre (`cytoscape-dagre`), which minimises crossings;
 * - beyond: `layeredPositions`, a cheap layered layout computed here (longest-path layers,
 *   one barycentre sweep each way, long layers wrapped into several lines). Linear in nodes and
 *   edges; 10,000 nodes take milliseconds.
 * Only the dependency edges (`LAYOUT_EDGE_TYPES`) rank nodes; the others are drawn over it.
 */
import type { DagreLayoutOptions } from "cytoscape-dagre";
import type { EdgeType } from "@/api/types";

export const DAGRE_MAX_NODES = 300;

/** Edges that decide ranks (what depends on what); the others are drawn over the layout. */
export const LAYOUT_EDGE_TYPES: ReadonlySet<EdgeType> = new Set<EdgeType>([
  "dependsOn",
  "source",
  "chart",
  "imageRepository",
  "imageUpdateSource",
  "provider",
]);

/** Above this many edges, edges are drawn as cheap `haystack` lines (no arrows). */
export const HAYSTACK_MIN_EDGES = 3000;

export type Position = { x: number; y: number };

export type LayeredOptions = {
  /** Layers top to bottom (the default, like the dagre pieces), else left to right. */
  vertical?: boolean;
  /** Distance between consecutive layers. */
  layerGap?: number;
  /** Distance between neighbours within a layer. */
  spreadGap?: number;
  /** Distance between the lines a long layer wraps into. */
  wrapGap?: number;
  /** Most nodes on one line of a layer before it wraps. */
  maxPerLine?: number;
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
  const vertical = options.vertical ?? true;
  const layerGap = options.layerGap ?? (vertical ? 120 : 260);
  const spreadGap = options.spreadGap ?? (vertical ? 150 : 64);
  const wrapGap = options.wrapGap ?? (vertical ? 70 : 190);
  const maxPerLine =
    options.maxPerLine ?? Math.max(12, Math.ceil(Math.sqrt(nodes.length) * (vertical ? 1 : 1.4)));

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
  let offset = 0;
  for (const ids of layers) {
    if (ids.length === 0) continue;
    const perLine = Math.min(ids.length, maxPerLine);
    const lines = Math.ceil(ids.length / perLine);
    const start = -((perLine - 1) * spreadGap) / 2;
    ids.forEach((id, i) => {
      const across = offset + Math.floor(i / perLine) * wrapGap;
      const along = start + (i % perLine) * spreadGap;
      positions.set(id, vertical ? { x: along, y: across } : { x: across, y: along });
    });
    offset += (lines - 1) * wrapGap + layerGap;
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

/**
 * Weakly connected components of the graph, largest first (ties by first id); nodes without
 * edges come last, one component each.
 */
export function connectedComponents(nodes: readonly string[], edges: readonly Edge[]): string[][] {
  const parent = new Map<string, string>(nodes.map((id) => [id, id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    let node = id;
    while (node !== root) {
      const next = parent.get(node) ?? root;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const { source, target } of edges) {
    if (!parent.has(source) || !parent.has(target)) continue;
    const a = find(source);
    const b = find(target);
    if (a !== b) parent.set(a, b);
  }
  const groups = new Map<string, string[]>();
  for (const id of nodes) {
    const root = find(id);
    const group = groups.get(root);
    if (group) group.push(id);
    else groups.set(root, [id]);
  }
  return [...groups.values()].sort(
    (a, b) => b.length - a.length || (a[0] ?? "").localeCompare(b[0] ?? ""),
  );
}

export type Box = { width: number; height: number };

/**
 * Shelf packing: boxes placed left to right in rows, tallest first. Several row widths are
 * tried and the one whose result, fitted into a viewport of `aspect` (width / height), shows
 * the boxes largest wins. Returns the top-left corner of each box, in input order.
 */
export function packBoxes(boxes: readonly Box[], aspect: number, gap = 40): Position[] {
  if (boxes.length === 0) return [];
  const order = boxes
    .map((_, i) => i)
    .sort((a, b) => (boxes[b]?.height ?? 0) - (boxes[a]?.height ?? 0) || a - b);
  const widest = Math.max(...boxes.map((box) => box.width));
  const total = boxes.reduce((sum, box) => sum + box.width + gap, 0);
  const target = Math.max(aspect, 0.2);
  let best: { corners: Position[]; scale: number } | null = null;
  const steps = 24;
  for (let step = 0; step <= steps; step++) {
    const rowWidth = widest + ((total - widest) * step) / steps;
    const { corners, width, height } = shelf(boxes, order, rowWidth, gap);
    const scale = Math.min(target / Math.max(width, 1), 1 / Math.max(height, 1));
    if (!best || scale > best.scale * 1.0001) best = { corners, scale };
  }
  return best?.corners ?? [];
}

function shelf(
  boxes: readonly Box[],
  order: readonly number[],
  rowWidth: number,
  gap: number,
): { corners: Position[]; width: number; height: number } {
  const corners: Position[] = boxes.map(() => ({ x: 0, y: 0 }));
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const index of order) {
    const box = boxes[index];
    if (!box) continue;
    if (x > 0 && x + box.width > rowWidth) {
      x = 0;
      y += rowHeight + gap;
      rowHeight = 0;
    }
    corners[index] = { x, y };
    x += box.width + gap;
    width = Math.max(width, x - gap);
    rowHeight = Math.max(rowHeight, box.height);
  }
  return { corners, width, height: y + rowHeight };
}

/** Positions in a grid of about `aspect` proportions (for nodes with no edges). */
export function gridPositions(
  ids: readonly string[],
  aspect: number,
  cell: Box = { width: 140, height: 64 },
): Map<string, Position> {
  const columns = Math.max(
    1,
    Math.round(Math.sqrt((ids.length * aspect * cell.height) / cell.width)),
  );
  return new Map(
    ids.map((id, i) => [
      id,
      { x: (i % columns) * cell.width, y: Math.floor(i / columns) * cell.height },
    ]),
  );
}

/** Size of the area a set of node centres covers, with room for a node and its label. */
export type Extent = { minX: number; minY: number; width: number; height: number };

export function extent(
  positions: Iterable<Position>,
  margin: Box = { width: 140, height: 60 },
): Extent {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const { x, y } of positions) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  if (minX === Number.POSITIVE_INFINITY) return { minX: 0, minY: 0, width: 0, height: 0 };
  return {
    minX: minX - margin.width / 2,
    minY: minY - margin.height / 2,
    width: maxX - minX + margin.width,
    height: maxY - minY + margin.height,
  };
}

/**
 * Lay out each component with `place` (dagre or layered), nodes without edges in a grid,
 * then pack the pieces to fill a viewport of `aspect`: one position per node.
 */
export function composeLayout<E extends Edge>(
  nodes: readonly string[],
  edges: readonly E[],
  aspect: number,
  place: (component: readonly string[], edges: readonly E[]) => Map<string, Position>,
  measure: (piece: Map<string, Position>) => Extent = (piece) => extent(piece.values()),
): Map<string, Position> {
  const components = connectedComponents(nodes, edges);
  const componentOf = new Map<string, number>();
  components.forEach((component, index) => {
    for (const id of component) componentOf.set(id, index);
  });
  const edgesOf = components.map((): E[] => []);
  for (const edge of edges) {
    const index = componentOf.get(edge.source);
    if (index !== undefined && index === componentOf.get(edge.target)) edgesOf[index]?.push(edge);
  }
  const pieces: Map<string, Position>[] = [];
  const loners: string[] = [];
  components.forEach((component, index) => {
    if (component.length === 1 && component[0] !== undefined) loners.push(component[0]);
    else pieces.push(place(component, edgesOf[index] ?? []));
  });
  if (loners.length > 0) pieces.push(gridPositions(loners, aspect));
  const extents = pieces.map(measure);
  const corners = packBoxes(extents, aspect);
  const out = new Map<string, Position>();
  pieces.forEach((piece, index) => {
    const box = extents[index];
    const corner = corners[index];
    if (!box || !corner) return;
    for (const [id, { x, y }] of piece) {
      out.set(id, { x: x - box.minX + corner.x, y: y - box.minY + corner.y });
    }
  });
  return out;
}

/** Options for dagre on one component (positions only: the page fits the packed result). */
export function dagreOptions(): DagreLayoutOptions {
  return {
    name: "dagre",
    rankDir: "BT",
    nodeSep: 22,
    rankSep: 46,
    edgeSep: 8,
    nodeDimensionsIncludeLabels: true,
    fit: false,
    animate: false,
  };
}

/**
 * Zoom and pan that fit node centres (with room for a node and its label) into a viewport of
 * `width` × `height`, as `cy.fit()` would without measuring every label.
 */
export function fitViewport(
  positions: Iterable<Position>,
  width: number,
  height: number,
  { padding = 28, maxZoom = 1.6 }: { padding?: number; maxZoom?: number } = {},
): { zoom: number; pan: Position } {
  const box = extent(positions, { width: 120, height: 50 });
  if (box.width === 0 || box.height === 0) return { zoom: 1, pan: { x: width / 2, y: height / 2 } };
  const zoom = Math.min(
    maxZoom,
    Math.max(1e-3, (width - 2 * padding) / box.width),
    Math.max(1e-3, (height - 2 * padding) / box.height),
  );
  return {
    zoom,
    pan: {
      x: (width - box.width * zoom) / 2 - box.minX * zoom,
      y: (height - box.height * zoom) / 2 - box.minY * zoom,
    },
  };
}
