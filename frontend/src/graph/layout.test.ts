import { describe, expect, it } from "vitest";
import { chooseLayout, DAGRE_MAX_NODES, layeredPositions, layersOf } from "./layout";

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
  it("places dependencies left of their dependents", () => {
    const pos = layeredPositions(["apps", "infra", "git"], [e("apps", "infra"), e("infra", "git")]);
    const x = (id: string) => pos.get(id)?.x ?? Number.NaN;
    expect(x("git")).toBeLessThan(x("infra"));
    expect(x("infra")).toBeLessThan(x("apps"));
  });

  it("gives every node its own spot and wraps tall layers into columns", () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => `n${i}`);
    const pos = layeredPositions(nodes, [], { maxRows: 50 });
    const spots = new Set([...pos.values()].map((p) => `${p.x},${p.y}`));
    expect(spots.size).toBe(1000);
    const xs = new Set([...pos.values()].map((p) => p.x));
    expect(xs.size).toBe(20);
  });

  it("orders a layer by its neighbours to avoid crossings", () => {
    // two sources; each has one dependent: the dependents keep the sources' order
    const pos = layeredPositions(["d2", "d1", "s1", "s2"], [e("d1", "s1"), e("d2", "s2")]);
    const y = (id: string) => pos.get(id)?.y ?? Number.NaN;
    expect(Math.sign(y("d1") - y("d2"))).toBe(Math.sign(y("s1") - y("s2")));
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

describe("chooseLayout", () => {
  it("uses dagre for small graphs and a preset layered layout for large ones", () => {
    const small = Array.from({ length: DAGRE_MAX_NODES }, (_, i) => `n${i}`);
    expect(chooseLayout(small, []).name).toBe("dagre");
    const large = [...small, "one-more"];
    const layout = chooseLayout(large, []);
    expect(layout.name).toBe("preset");
  });
});
