import { describe, expect, it } from "vitest";
import {
  composeLayout,
  connectedComponents,
  extent,
  fitViewport,
  gridPositions,
  layeredPositions,
  layersOf,
  packBoxes,
} from "./layout";

const e = (source: string, target: string) => ({ source, target });

describe("layersOf", () => {
  it("puts what is depended on in layer 0 and dependents after it", () => {
    const layers = layersOf(
      ["apps", "infra", "git", "alone"],
      [e("apps", "infra"), e("infra", "git"), e("apps", "git")],
    );
    expect(Object.fromEntries(layers)).toEqual({ git: 0, infra: 1, apps: 2, alone: 0 });
  });

  it("survives cycles and ignores edges to unknown nodes", () => {
    const layers = layersOf(
      ["a", "b", "c"],
      [e("a", "b"), e("b", "a"), e("c", "a"), e("c", "zzz")],
    );
    expect(layers.size).toBe(3);
    expect(layers.get("c")).toBeGreaterThan(layers.get("a") ?? 99);
  });

  it("handles a chain far deeper than the call stack", () => {
    const n = 20000;
    const nodes = Array.from({ length: n }, (_, i) => `k${i}`);
    const edges = nodes.slice(1).map((id, i) => e(id, `k${i}`));
    expect(layersOf(nodes, edges).get(`k${n - 1}`)).toBe(n - 1);
  });
});

describe("layeredPositions", () => {
  it("places dependencies above their dependents (or left of them, horizontally)", () => {
    const nodes = ["apps", "infra", "git"];
    const edges = [e("apps", "infra"), e("infra", "git")];
    const down = layeredPositions(nodes, edges);
    const y = (id: string) => down.get(id)?.y ?? Number.NaN;
    expect(y("git")).toBeLessThan(y("infra"));
    expect(y("infra")).toBeLessThan(y("apps"));
    const across = layeredPositions(nodes, edges, { vertical: false });
    const x = (id: string) => across.get(id)?.x ?? Number.NaN;
    expect(x("git")).toBeLessThan(x("infra"));
    expect(x("infra")).toBeLessThan(x("apps"));
  });

  it("gives every node its own spot and wraps tall layers into columns", () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => `n${i}`);
    const pos = layeredPositions(nodes, [], { maxPerLine: 50 });
    const spots = new Set([...pos.values()].map((p) => `${p.x},${p.y}`));
    expect(spots.size).toBe(1000);
    const lines = new Set([...pos.values()].map((p) => p.y));
    expect(lines.size).toBe(20);
  });

  it("orders a layer by its neighbours to avoid crossings", () => {
    // two sources; each has one dependent: the dependents keep the sources' order
    const pos = layeredPositions(["d2", "d1", "s1", "s2"], [e("d1", "s1"), e("d2", "s2")]);
    const x = (id: string) => pos.get(id)?.x ?? Number.NaN;
    expect(Math.sign(x("d1") - x("d2"))).toBe(Math.sign(x("s1") - x("s2")));
  });

  it("lays out 10,000 nodes fast enough to do on every structural change", () => {
    const nodes = Array.from({ length: 10000 }, (_, i) => `n${i}`);
    const edges = nodes.slice(100).map((id, i) => e(id, `n${i % 100}`));
    const started = performance.now();
    const pos = layeredPositions(nodes, edges);
    expect(pos.size).toBe(10000);
    // generous bound: a regression to quadratic time would take seconds
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("connectedComponents", () => {
  it("groups weakly connected nodes, largest first, loners last", () => {
    const components = connectedComponents(
      ["a", "b", "c", "d", "e", "f"],
      [e("a", "b"), e("c", "b"), e("d", "e"), e("x", "f")],
    );
    expect(components).toEqual([["a", "b", "c"], ["d", "e"], ["f"]]);
  });
});

describe("packBoxes", () => {
  it("fills rows up to a width that matches the viewport's proportions", () => {
    const boxes = Array.from({ length: 9 }, () => ({ width: 100, height: 100 }));
    const corners = packBoxes(boxes, 1, 0);
    expect(new Set(corners.map((c) => c.y)).size).toBe(3);
    expect(new Set(corners.map((c) => c.x)).size).toBe(3);
    const wide = packBoxes(boxes, 4, 0);
    expect(new Set(wide.map((c) => c.y)).size).toBeLessThan(3);
  });

  it("never overlaps two boxes", () => {
    const boxes = [300, 80, 120, 40, 200, 60].map((h, i) => ({ width: 50 + i * 30, height: h }));
    const corners = packBoxes(boxes, 1.5);
    boxes.forEach((a, i) => {
      boxes.forEach((b, j) => {
        if (i >= j) return;
        const p = corners[i];
        const q = corners[j];
        if (!p || !q) throw new Error("missing corner");
        const apart =
          p.x + a.width <= q.x ||
          q.x + b.width <= p.x ||
          p.y + a.height <= q.y ||
          q.y + b.height <= p.y;
        expect(apart, `${i} and ${j}`).toBe(true);
      });
    });
  });
});

describe("composeLayout", () => {
  it("lays out each component, grids the loners and keeps every node apart", () => {
    const nodes = ["a1", "a2", "a3", "b1", "b2", "l1", "l2", "l3"];
    const edges = [e("a2", "a1"), e("a3", "a2"), e("b2", "b1")];
    const placed: string[][] = [];
    const positions = composeLayout(nodes, edges, 1.6, (component, componentEdges) => {
      placed.push([...component]);
      return layeredPositions(component, componentEdges);
    });
    expect(placed).toEqual([
      ["a1", "a2", "a3"],
      ["b1", "b2"],
    ]);
    expect(positions.size).toBe(nodes.length);
    const spots = new Set(
      [...positions.values()].map((p) => `${Math.round(p.x)},${Math.round(p.y)}`),
    );
    expect(spots.size).toBe(nodes.length);
    // within a component, dependencies stay above their dependents
    expect(positions.get("a1")?.y ?? 0).toBeLessThan(positions.get("a3")?.y ?? 0);
  });
});

describe("extent and gridPositions", () => {
  it("measures with room for labels and grids to the aspect", () => {
    const box = extent(
      [
        { x: 0, y: 0 },
        { x: 100, y: 50 },
      ],
      { width: 20, height: 10 },
    );
    expect(box).toEqual({ minX: -10, minY: -5, width: 120, height: 60 });
    const grid = gridPositions(["a", "b", "c", "d"], 1, { width: 10, height: 10 });
    expect(new Set([...grid.values()].map((p) => p.y)).size).toBe(2);
  });
});

describe("fitViewport", () => {
  it("centres the positions and zooms them into the viewport", () => {
    const positions = [
      { x: 0, y: 0 },
      { x: 880, y: 450 },
    ];
    const { zoom, pan } = fitViewport(positions, 1000, 600, { padding: 0 });
    // extent with margins: 1000 × 500 → zoom 1, centred vertically
    expect(zoom).toBeCloseTo(1);
    expect(pan.x).toBeCloseTo(60);
    expect(pan.y).toBeCloseTo(75);
  });

  it("does not blow a lone node up beyond the maximum zoom", () => {
    expect(fitViewport([{ x: 5, y: 5 }], 1000, 800).zoom).toBe(1.6);
    expect(fitViewport([], 1000, 800)).toEqual({ zoom: 1, pan: { x: 500, y: 400 } });
  });
});
