import { describe, expect, it } from "vitest";
import {
  BASE_FONT_SIZE,
  buildStylesheet,
  DEFAULT_PALETTE,
  EMPHASISED,
  emphasisedFontSize,
  KIND_SHAPES,
} from "./style";
import { EDGE_TYPES, KIND_PLURALS } from "./toElements";

type Block = { selector: string; style: Record<string, unknown> };

function sheet(nodes: number, edges: number): Block[] {
  return buildStylesheet(DEFAULT_PALETTE, { nodes, edges }) as Block[];
}

function styleOf(blocks: Block[], selector: string) {
  return blocks.find((b) => b.selector === selector)?.style;
}

describe("buildStylesheet", () => {
  it("colours nodes by health from the palette", () => {
    const blocks = sheet(10, 10);
    expect(styleOf(blocks, "node.health-failed")?.["background-color"]).toBe(
      DEFAULT_PALETTE.health.Failed,
    );
    expect(styleOf(blocks, "node.health-ready")?.["background-color"]).toBe(
      DEFAULT_PALETTE.health.Ready,
    );
  });

  it("has a shape for every Flux kind and a line for every edge type", () => {
    const blocks = sheet(10, 10);
    for (const kind of Object.keys(KIND_PLURALS)) {
      expect(KIND_SHAPES[kind], kind).toBeDefined();
      expect(styleOf(blocks, `node.kind-${kind}`)?.shape).toBe(KIND_SHAPES[kind]);
    }
    for (const type of EDGE_TYPES) expect(styleOf(blocks, `edge.type-${type}`), type).toBeDefined();
    expect(styleOf(blocks, "edge.type-inventory")?.["line-style"]).toBe("dotted");
  });

  it("switches to cheaper edges at scale", () => {
    expect(styleOf(sheet(100, 200), "edge")?.["curve-style"]).toBe("bezier");
    expect(styleOf(sheet(1000, 2000), "edge")?.["curve-style"]).toBe("straight");
    const huge = styleOf(sheet(5000, 9000), "edge");
    expect(huge?.["curve-style"]).toBe("haystack");
    expect(huge?.["target-arrow-shape"]).toBe("none");
  });

  it("hides labels when zoomed out, except the failing ones", () => {
    const blocks = sheet(10, 10);
    expect(styleOf(blocks, "node")?.["min-zoomed-font-size"]).toBeGreaterThan(0);
    expect(styleOf(blocks, EMPHASISED)?.["min-zoomed-font-size"]).toBe(0);
  });
});

describe("emphasisedFontSize", () => {
  it("keeps failing names readable when zoomed out, within bounds", () => {
    expect(emphasisedFontSize(1)).toBe(BASE_FONT_SIZE);
    expect(emphasisedFontSize(2)).toBe(BASE_FONT_SIZE);
    expect(emphasisedFontSize(0.4) * 0.4).toBeGreaterThanOrEqual(9);
    expect(emphasisedFontSize(0.01)).toBe(BASE_FONT_SIZE * 4);
  });
});
