/**
 * The Cytoscape canvas: the only imperative code of the graph. It owns the `cy` instance,
 * applies each new answer as a diff inside `cy.batch()` (a status change restyles in place,
 * no new layout), and lays out again only when nodes or edges come or go.
 */
import cytoscape, { type Core, type EventObject } from "cytoscape";
import dagre from "cytoscape-dagre";
import { type RefObject, useEffect, useImperativeHandle, useMemo, useRef } from "react";
import type { EdgeType, GraphNode, GraphResponse } from "@/api/types";
import styles from "./GraphView.module.css";
import {
  composeLayout,
  DAGRE_MAX_NODES,
  dagreOptions,
  type Extent,
  extent,
  fitViewport,
  LAYOUT_EDGE_TYPES,
  layeredPositions,
  type Position,
} from "./layout";
import { buildStylesheet, EMPHASISED, emphasisedFontSize, readPalette } from "./style";
import { type EdgeData, planUpdate, toElements } from "./toElements";

cytoscape.use(dagre);

export type GraphController = {
  fit: () => void;
  zoomBy: (factor: number) => void;
  centre: (id: string) => void;
  relayout: () => void;
};

export type HoverInfo = { node: GraphNode; x: number; y: number };

/** Read-only inspection of the canvas for browser tests and debugging (`window.__fluxdashGraph`). */
export type GraphProbe = {
  nodeCount: () => number;
  edgeCount: () => number;
  visibleEdgeCount: (type?: EdgeType) => number;
  /** Centre of a node in viewport (client) coordinates, or null when absent. */
  nodePosition: (id: string) => { x: number; y: number } | null;
  nodeColor: (id: string) => string | null;
  layoutCount: () => number;
  zoom: () => number;
};

declare global {
  interface Window {
    __fluxdashGraph?: GraphProbe;
  }
}

type GraphViewProps = {
  graph: GraphResponse;
  hiddenEdgeTypes: ReadonlySet<EdgeType>;
  /** Ids matching the search, highlighted. */
  matches: readonly string[];
  /** The match to centre on. */
  activeMatch?: string;
  /** The object the view is focused on (selected after layout). */
  focusId?: string;
  /** Changes when the page theme does: colours are re-read. */
  themeKey: string;
  onOpen: (node: GraphNode) => void;
  onHover: (info: HoverInfo | null) => void;
  controllerRef: RefObject<GraphController | null>;
  /** Called once each layout has finished, with its duration. */
  onLaidOut?: (ms: number) => void;
  label: string;
};

export function GraphView({
  graph,
  hiddenEdgeTypes,
  matches,
  activeMatch,
  focusId,
  themeKey,
  onOpen,
  onHover,
  controllerRef,
  onLaidOut,
  label,
}: GraphViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const nodesRef = useRef(new Map<string, GraphNode>());
  const layoutsRef = useRef(0);
  const callbacks = useRef({ onOpen, onHover, onLaidOut });
  callbacks.current = { onOpen, onHover, onLaidOut };
  const viewRef = useRef({ hiddenEdgeTypes, matches });
  viewRef.current = { hiddenEdgeTypes, matches };
  const focusRef = useRef(focusId);
  focusRef.current = focusId;

  const elements = useMemo(() => toElements(graph), [graph]);
  const scale = { nodes: graph.nodes.length, edges: graph.edges.length };
  const scaleRef = useRef(scale);
  scaleRef.current = scale;

  // Destroy the instance with the component.
  useEffect(
    () => () => {
      cyRef.current?.destroy();
      cyRef.current = null;
      delete window.__fluxdashGraph;
    },
    [],
  );

  // Apply each answer: create the instance on the first one, then diff.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    nodesRef.current = new Map(graph.nodes.map((node) => [node.id, node]));
    let cy = cyRef.current;
    if (!cy) {
      const large = graph.nodes.length > DAGRE_MAX_NODES;
      cy = cytoscape({
        container,
        style: buildStylesheet(readPalette(container), scaleRef.current),
        minZoom: 0.03,
        maxZoom: 3,
        boxSelectionEnabled: false,
        selectionType: "single",
        // Cytoscape's performance switches for big graphs.
        hideEdgesOnViewport: large,
        textureOnViewport: graph.nodes.length > 1000,
        motionBlur: false,
        pixelRatio: large ? 1 : "auto",
      });
      cyRef.current = cy;
      wireEvents(cy, nodesRef, callbacks, containerRef);
      window.__fluxdashGraph = probe(cy, containerRef, layoutsRef);
    }
    const current = new Set(cy.elements().map((ele) => ele.id()));
    const plan = planUpdate(current, elements);
    const instance = cy;
    instance.batch(() => {
      for (const id of plan.remove) instance.getElementById(id).remove();
      if (plan.add.length > 0) instance.add(plan.add);
      for (const element of plan.update) {
        const id = element.data.id;
        if (id === undefined) continue;
        const ele = instance.getElementById(id);
        ele.data(element.data);
        const classes = element.classes;
        ele.classes(Array.isArray(classes) ? classes : []);
      }
      applyViewClasses(instance, viewRef.current.hiddenEdgeTypes, viewRef.current.matches);
    });
    if (plan.structureChanged) {
      const wasLarge = current.size > DAGRE_MAX_NODES;
      if (wasLarge !== graph.nodes.length > DAGRE_MAX_NODES || current.size === 0) {
        instance.style(buildStylesheet(readPalette(container), scaleRef.current));
        emphasise(instance);
      }
      runLayout(instance, container, layoutsRef, callbacks);
    }
    if (focusRef.current) instance.getElementById(focusRef.current).select();
  }, [elements, graph]);

  // Edge-type toggles and search highlights: classes only.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => applyViewClasses(cy, hiddenEdgeTypes, matches));
  }, [hiddenEdgeTypes, matches]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !activeMatch) return;
    const node = cy.getElementById(activeMatch);
    if (node.empty()) return;
    cy.elements().unselect();
    node.select();
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.1) }, { duration: 250 });
  }, [activeMatch]);

  // Theme changes: re-read the tokens.
  useEffect(() => {
    const cy = cyRef.current;
    const container = containerRef.current;
    if (!cy || !container || !themeKey) return;
    cy.style(buildStylesheet(readPalette(container), scaleRef.current));
    emphasise(cy);
  }, [themeKey]);

  useImperativeHandle(controllerRef, () => ({
    fit: () => cyRef.current?.animate({ fit: { eles: cyRef.current.elements(), padding: 32 } }),
    zoomBy: (factor: number) => {
      const cy = cyRef.current;
      if (!cy) return;
      const level = cy.zoom() * factor;
      cy.animate(
        {
          zoom: { level, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } },
        },
        { duration: 150 },
      );
    },
    centre: (id: string) => {
      const cy = cyRef.current;
      const node = cy?.getElementById(id);
      if (!cy || !node || node.empty()) return;
      cy.elements().unselect();
      node.select();
      cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.1) }, { duration: 250 });
    },
    relayout: () => {
      if (cyRef.current) runLayout(cyRef.current, containerRef.current, layoutsRef, callbacks);
    },
  }));

  return (
    <div
      ref={containerRef}
      className={styles.canvas}
      data-testid="graph-canvas"
      data-layout="pending"
      role="img"
      aria-label={label}
    />
  );
}

function runLayout(
  cy: Core,
  container: HTMLElement | null,
  layouts: RefObject<number>,
  callbacks: RefObject<Pick<GraphViewProps, "onLaidOut">>,
) {
  const started = performance.now();
  container?.setAttribute("data-layout", "running");
  const ranked = cy.edges().filter((edge) => LAYOUT_EDGE_TYPES.has((edge.data() as EdgeData).type));
  const nodes = cy.nodes().map((node) => node.id());
  const edges = ranked.map((edge) => edge.data() as EdgeData);
  const useDagre = nodes.length <= DAGRE_MAX_NODES;
  // Reserve room for failing names at the size they take in a zoomed-out view.
  cy.style().selector(EMPHASISED).style("font-size", emphasisedFontSize(0.5)).update();
  const aspect = Math.max(cy.width(), 1) / Math.max(cy.height(), 1);
  // One batch: the per-component dagre runs move nodes without a redraw each.
  cy.startBatch();
  const positions = composeLayout(
    nodes,
    edges,
    aspect,
    (component, componentEdges) => {
      if (!useDagre) return layeredPositions(component, componentEdges);
      const piece = cy.collection();
      for (const id of component) piece.merge(cy.getElementById(id));
      for (const edge of componentEdges) piece.merge(cy.getElementById(edge.id));
      piece.layout(dagreOptions()).run();
      return new Map(component.map((id) => [id, { ...cy.getElementById(id).position() }]));
    },
    (piece) => measure(cy, piece),
  );
  cy.endBatch();
  // Place every node in one batch and fit the viewport from the positions we know: a layout
  // run and cy.fit() would measure every label of the graph first.
  cy.batch(() => {
    for (const [id, position] of positions) cy.getElementById(id).position(position);
  });
  cy.viewport(fitViewport(positions.values(), cy.width(), cy.height()));
  performance.mark("fluxdash:graph-laid-out");
  layouts.current += 1;
  if (container) {
    container.dataset.layout = "done";
    container.dataset.layouts = String(layouts.current);
  }
  callbacks.current.onLaidOut?.(performance.now() - started);
}

/** The space a laid-out piece takes on the canvas, labels included (dagre pieces are placed
 * already); pieces placed by position alone are measured from their centres. */
function measure(cy: Core, piece: Map<string, Position>): Extent {
  const nodes = cy.collection();
  let placed = true;
  for (const [id, position] of piece) {
    const node = cy.getElementById(id);
    const at = node.position();
    placed &&= at.x === position.x && at.y === position.y;
    nodes.merge(node);
  }
  if (!placed) return extent(piece.values());
  const box = nodes.boundingBox({ includeLabels: true, includeOverlays: false });
  return { minX: box.x1, minY: box.y1, width: box.w, height: box.h };
}

function applyViewClasses(cy: Core, hidden: ReadonlySet<EdgeType>, matches: readonly string[]) {
  cy.edges().forEach((edge) => {
    const type = (edge.data() as EdgeData).type;
    edge.toggleClass("hidden", hidden.has(type));
  });
  const wanted = new Set(matches);
  cy.nodes().forEach((node) => {
    node.toggleClass("match", wanted.has(node.id()));
  });
}

function wireEvents(
  cy: Core,
  nodes: RefObject<Map<string, GraphNode>>,
  callbacks: RefObject<Pick<GraphViewProps, "onOpen" | "onHover">>,
  container: RefObject<HTMLDivElement | null>,
) {
  cy.on("tap", "node", (event: EventObject) => {
    const node = nodes.current.get(event.target.id());
    if (node) callbacks.current.onOpen(node);
  });
  cy.on("mouseover", "node", (event: EventObject) => {
    const node = nodes.current.get(event.target.id());
    if (!node) return;
    const position = event.target.renderedPosition();
    if (container.current) container.current.style.cursor = "pointer";
    callbacks.current.onHover({ node, x: position.x, y: position.y });
  });
  cy.on("mouseout", "node", () => {
    if (container.current) container.current.style.cursor = "";
    callbacks.current.onHover(null);
  });
  cy.on("viewport", () => callbacks.current.onHover(null));
  // Failing names stay readable when zoomed out (one style update per frame at most).
  let frame = 0;
  cy.on("zoom", () => {
    if (frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      emphasise(cy);
    });
  });
}

/** Size the emphasised labels for the current zoom (after a zoom or a new stylesheet). */
function emphasise(cy: Core) {
  cy.style().selector(EMPHASISED).style("font-size", emphasisedFontSize(cy.zoom())).update();
}

function probe(
  cy: Core,
  container: RefObject<HTMLDivElement | null>,
  layouts: RefObject<number>,
): GraphProbe {
  return {
    nodeCount: () => cy.nodes().length,
    edgeCount: () => cy.edges().length,
    visibleEdgeCount: (type?: EdgeType) =>
      cy
        .edges()
        .filter((edge) => !edge.hasClass("hidden"))
        .filter((edge) => type === undefined || (edge.data() as EdgeData).type === type).length,
    nodePosition: (id: string) => {
      const node = cy.getElementById(id);
      const box = container.current?.getBoundingClientRect();
      if (node.empty() || !box) return null;
      const position = node.renderedPosition();
      return { x: box.left + position.x, y: box.top + position.y };
    },
    nodeColor: (id: string) => {
      const node = cy.getElementById(id);
      return node.empty() ? null : String(node.style("background-color"));
    },
    layoutCount: () => layouts.current,
    zoom: () => cy.zoom(),
  };
}
