/**
 * The graph's look: colour by health (the theme's `--health-*` tokens), shape by kind, line
 * by edge type. `buildStylesheet` is pure over a `Palette`; `readPalette` resolves the theme's
 * tokens (which are `light-dark()` pairs) to concrete colours for Cytoscape's canvas.
 */
import type { Css, StylesheetJson } from "cytoscape";
import type { EdgeType, GraphNode } from "@/api/types";
import { DAGRE_MAX_NODES, HAYSTACK_MIN_EDGES } from "./layout";
import { EDGE_TYPES } from "./toElements";

type Health = GraphNode["health"];

export const HEALTH_ORDER: readonly Health[] = [
  "Failed",
  "Progressing",
  "Suspended",
  "Unknown",
  "Ready",
];

export type Palette = {
  health: Record<Health, string>;
  warning: string;
  text: string;
  textMuted: string;
  surface: string;
  border: string;
  edge: string;
  edgeStrong: string;
  accent: string;
};

/** Fallback colours (the light theme's tokens), for tests and a DOM without styles. */
export const DEFAULT_PALETTE: Palette = {
  health: {
    Ready: "#1a7f37",
    Failed: "#cf222e",
    Progressing: "#0969da",
    Suspended: "#8250df",
    Unknown: "#6e7781",
  },
  warning: "#9a6700",
  text: "#1a1d23",
  textMuted: "#5c6370",
  surface: "#ffffff",
  border: "#cbd0d9",
  edge: "#a3aab6",
  edgeStrong: "#5c6370",
  accent: "#3563e9",
};

export type NodeShape = Css.NodeShape;

/** One shape per kind (sources are boxes, appliers round, notifications pointed). */
export const KIND_SHAPES: Readonly<Record<string, NodeShape>> = {
  GitRepository: "round-rectangle",
  OCIRepository: "round-hexagon",
  HelmRepository: "round-octagon",
  HelmChart: "round-pentagon",
  Bucket: "barrel",
  ExternalArtifact: "cut-rectangle",
  Kustomization: "ellipse",
  HelmRelease: "round-diamond",
  Alert: "round-triangle",
  Provider: "round-tag",
  Receiver: "vee",
  ImageRepository: "rhomboid",
  ImagePolicy: "star",
  ImageUpdateAutomation: "concave-hexagon",
  Deployment: "rectangle",
};

type LineStyle = "solid" | "dotted" | "dashed";

export type EdgeLook = { line: LineStyle; width: number; strong: boolean };

export const EDGE_LOOKS: Readonly<Record<EdgeType, EdgeLook>> = {
  dependsOn: { line: "solid", width: 2.5, strong: true },
  source: { line: "solid", width: 1.6, strong: true },
  chart: { line: "solid", width: 1.6, strong: true },
  inventory: { line: "dotted", width: 1.4, strong: false },
  imageRepository: { line: "solid", width: 1.4, strong: false },
  imageUpdateSource: { line: "dashed", width: 1.4, strong: true },
  provider: { line: "dashed", width: 1.4, strong: false },
  alertSource: { line: "dashed", width: 1, strong: false },
  receiverTarget: { line: "dotted", width: 1.2, strong: false },
};

/** Nodes whose names stay readable at any zoom: what is failing is what one looks for. */
export const EMPHASISED = "node.health-failed, node.missing, node.root-cause";
export const BASE_FONT_SIZE = 11;

/**
 * Font size of emphasised labels at `zoom`: the base size when zoomed in, growing as the view
 * zooms out so that it renders at about 9px or more on screen (capped).
 */
export function emphasisedFontSize(zoom: number): number {
  const onScreen = 9.5;
  const size = Math.max(BASE_FONT_SIZE, onScreen / Math.max(zoom, 0.01));
  return Math.round(Math.min(size, BASE_FONT_SIZE * 4));
}

export type ScaleOptions = {
  /** Node count: above a few hundred, cheaper straight edges and no label backgrounds. */
  nodes: number;
  edges: number;
};

/** The stylesheet for `palette` at this graph size. */
export function buildStylesheet(palette: Palette, scale: ScaleOptions): StylesheetJson {
  const large = scale.nodes > DAGRE_MAX_NODES;
  const huge = scale.edges > HAYSTACK_MIN_EDGES;
  const curve = huge ? "haystack" : large ? "straight" : "bezier";
  const sheet: StylesheetJson = [
    {
      selector: "node",
      style: {
        shape: "ellipse",
        width: 30,
        height: 30,
        "background-color": palette.health.Unknown,
        "border-width": 2,
        "border-color": palette.surface,
        label: "data(label)",
        "text-wrap": "wrap",
        "text-max-width": "120px",
        "text-valign": "bottom",
        "text-halign": "center",
        "text-margin-y": 5,
        "font-size": BASE_FONT_SIZE,
        "font-family": "Inter, system-ui, sans-serif",
        color: palette.text,
        "text-outline-color": palette.surface,
        "text-outline-width": 2,
        // No labels once they would be unreadable (zoomed out): cheaper and cleaner.
        "min-zoomed-font-size": large ? 8 : 6,
      },
    },
    ...Object.entries(KIND_SHAPES).map(([kind, shape]) => ({
      selector: `node.kind-${kind}`,
      style: { shape },
    })),
    ...HEALTH_ORDER.map((health) => ({
      selector: `node.health-${health.toLowerCase()}`,
      style: { "background-color": palette.health[health] },
    })),
    {
      selector: "node.blocked",
      style: { "border-color": palette.warning, "border-width": 3 },
    },
    {
      selector: "node.root-cause",
      style: {
        "border-color": palette.health.Failed,
        "border-width": 4,
        "underlay-color": palette.health.Failed,
        "underlay-padding": 7,
        "underlay-opacity": 0.25,
        "underlay-shape": "ellipse",
        "font-weight": "bold",
      },
    },
    {
      selector: "node.missing",
      style: {
        "background-opacity": 0.12,
        "border-style": "dashed",
        "border-width": 2,
        "border-color": palette.health.Failed,
        color: palette.textMuted,
      },
    },
    {
      selector: EMPHASISED,
      style: {
        "min-zoomed-font-size": 0,
        "font-weight": "bold",
        color: palette.health.Failed,
        "text-max-width": "220px",
        "text-background-color": palette.surface,
        "text-background-opacity": 0.85,
        "text-background-padding": "2px",
        "text-background-shape": "roundrectangle",
      },
    },
    { selector: "node.suspended", style: { "background-opacity": 0.55 } },
    { selector: "node.neighbour", style: { opacity: 0.55 } },
    {
      selector: "node.workload",
      style: { width: 22, height: 22, "font-size": 9, color: palette.textMuted },
    },
    {
      selector: "node.match",
      style: {
        "underlay-color": palette.accent,
        "underlay-padding": 9,
        "underlay-opacity": 0.35,
      },
    },
    {
      selector: "node:selected",
      style: { "border-color": palette.accent, "border-width": 4 },
    },
    {
      selector: "edge",
      style: {
        width: 1.4,
        "line-color": palette.edge,
        "target-arrow-color": palette.edge,
        "target-arrow-shape": huge ? "none" : "triangle",
        "arrow-scale": 0.8,
        "curve-style": curve,
        opacity: 0.9,
      },
    },
    ...EDGE_TYPES.map((type) => {
      const look = EDGE_LOOKS[type];
      const colour = look.strong ? palette.edgeStrong : palette.edge;
      return {
        selector: `edge.type-${type}`,
        style: {
          width: look.width,
          "line-style": look.line,
          "line-color": colour,
          "target-arrow-color": colour,
        },
      };
    }),
    {
      selector: "edge.blocking",
      style: {
        "line-color": palette.health.Failed,
        "target-arrow-color": palette.health.Failed,
        width: 2.5,
        opacity: 1,
        "z-index": 2,
      },
    },
    {
      selector: "edge.cycle",
      style: {
        "line-color": palette.warning,
        "target-arrow-color": palette.warning,
        width: 3,
        "z-index": 3,
      },
    },
    { selector: "edge.hidden", style: { display: "none" } },
    {
      selector: "edge.faded, node.faded",
      style: { opacity: 0.15 },
    },
  ];
  return sheet;
}

const TOKENS = {
  ready: "--health-ready",
  failed: "--health-failed",
  progressing: "--health-progressing",
  suspended: "--health-suspended",
  unknown: "--health-unknown",
  warning: "--health-warning",
  text: "--text",
  textMuted: "--text-muted",
  surface: "--surface",
  border: "--border-strong",
  edge: "--text-faint",
  edgeStrong: "--text-muted",
  accent: "--accent",
} as const;

/**
 * The theme's tokens resolved under `root` (custom properties hold `light-dark()` pairs; a
 * probe element's computed `color` gives the concrete colour of the active scheme).
 */
export function readPalette(root: HTMLElement): Palette {
  const probe = document.createElement("span");
  probe.style.display = "none";
  root.appendChild(probe);
  const resolve = (token: string, fallback: string) => {
    probe.style.color = `var(${token})`;
    const colour = getComputedStyle(probe).color;
    return colour && colour !== "" ? colour : fallback;
  };
  const d = DEFAULT_PALETTE;
  const palette: Palette = {
    health: {
      Ready: resolve(TOKENS.ready, d.health.Ready),
      Failed: resolve(TOKENS.failed, d.health.Failed),
      Progressing: resolve(TOKENS.progressing, d.health.Progressing),
      Suspended: resolve(TOKENS.suspended, d.health.Suspended),
      Unknown: resolve(TOKENS.unknown, d.health.Unknown),
    },
    warning: resolve(TOKENS.warning, d.warning),
    text: resolve(TOKENS.text, d.text),
    textMuted: resolve(TOKENS.textMuted, d.textMuted),
    surface: resolve(TOKENS.surface, d.surface),
    border: resolve(TOKENS.border, d.border),
    edge: resolve(TOKENS.edge, d.edge),
    edgeStrong: resolve(TOKENS.edgeStrong, d.edgeStrong),
    accent: resolve(TOKENS.accent, d.accent),
  };
  probe.remove();
  return palette;
}
