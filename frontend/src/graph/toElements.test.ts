import { describe, expect, it } from "vitest";
import { APPS, chain, edge, GIT, graphOf, INFRA, node, WEB } from "./fixtures";
import {
  detailPath,
  EDGE_TYPES,
  isBlockingEdge,
  nodeClasses,
  planUpdate,
  searchNodes,
  toElements,
} from "./toElements";

function classesOf(id: string) {
  const element = toElements(chain()).find((e) => e.data.id === id);
  return element?.classes;
}

describe("toElements", () => {
  it("emits every node, then every edge, keyed by the API ids", () => {
    const elements = toElements(chain());
    expect(elements.filter((e) => e.group === "nodes")).toHaveLength(5);
    expect(elements.filter((e) => e.group === "edges").map((e) => e.data.id)).toContain(
      `dependsOn:${APPS}->${INFRA}`,
    );
    const first = elements[0];
    expect(first?.data).toMatchObject({ id: GIT, label: "flux-system" });
  });

  it("classes carry health, kind and the root-cause markers", () => {
    expect(classesOf(GIT)).toEqual(["health-failed", "kind-GitRepository", "root-cause"]);
    expect(classesOf(INFRA)).toEqual(["health-failed", "kind-Kustomization", "blocked"]);
    expect(classesOf("HelmRepository/flux-system/gone")).toEqual([
      "health-unknown",
      "kind-HelmRepository",
      "missing",
    ]);
    expect(
      nodeClasses(node("Deployment/apps/web", { flux: false, neighbour: true, suspended: true })),
    ).toEqual(["health-ready", "kind-Deployment", "suspended", "neighbour", "workload"]);
  });

  it("marks the edges a failure travels along, not the others", () => {
    const graph = chain();
    const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
    expect(isBlockingEdge(edge(INFRA, "source", GIT), nodes)).toBe(true);
    expect(isBlockingEdge(edge(APPS, "dependsOn", INFRA), nodes)).toBe(true);
    // web is blocked by infra through apps, which waits on infra itself
    expect(isBlockingEdge(edge(WEB, "dependsOn", APPS), nodes)).toBe(true);
    // inventory edges are not dependencies
    expect(isBlockingEdge(edge(INFRA, "inventory", APPS), nodes)).toBe(false);
    // apps is blocked by infra, not by git (git is not among its blockers)
    expect(isBlockingEdge(edge(APPS, "source", GIT), nodes)).toBe(false);
  });

  it("marks dependsOn edges inside a cycle", () => {
    const a = "Kustomization/x/a";
    const b = "Kustomization/x/b";
    const graph = graphOf(
      [node(a, { inCycle: true }), node(b, { inCycle: true })],
      [edge(a, "dependsOn", b), edge(b, "dependsOn", a)],
      [[a, b]],
    );
    const edges = toElements(graph).filter((e) => e.group === "edges");
    expect(edges.every((e) => (e.classes as string[]).includes("cycle"))).toBe(true);
  });

  it("drops edges whose ends are not in the answer", () => {
    const graph = graphOf([node(GIT)], [edge(INFRA, "source", GIT)]);
    expect(toElements(graph).filter((e) => e.group === "edges")).toEqual([]);
  });
});

describe("planUpdate", () => {
  it("turns a status change into updates only: no new layout", () => {
    const before = toElements(chain());
    const ids = new Set(before.map((e) => e.data.id ?? ""));
    const changed = chain();
    changed.nodes[0] = node(GIT, { health: "Ready" });
    const plan = planUpdate(ids, toElements(changed));
    expect(plan.structureChanged).toBe(false);
    expect(plan.add).toEqual([]);
    expect(plan.remove).toEqual([]);
    expect(plan.update.find((e) => e.data.id === GIT)?.classes).toEqual([
      "health-ready",
      "kind-GitRepository",
    ]);
  });

  it("adds and removes what came and went", () => {
    const ids = new Set([GIT, "Kustomization/old/one"]);
    const plan = planUpdate(ids, toElements(graphOf([node(GIT), node(INFRA)], [])));
    expect(plan.add.map((e) => e.data.id)).toEqual([INFRA]);
    expect(plan.remove).toEqual(["Kustomization/old/one"]);
    expect(plan.structureChanged).toBe(true);
  });
});

describe("detailPath", () => {
  it("links Flux objects to their detail page by plural", () => {
    expect(detailPath(node(INFRA))).toBe("/resources/kustomizations/flux-system/infra");
    expect(detailPath(node("ImageUpdateAutomation/apps/auto"))).toBe(
      "/resources/imageupdateautomations/apps/auto",
    );
  });

  it("has no page for placeholders and workloads", () => {
    expect(detailPath(node(GIT, { missing: true }))).toBeNull();
    expect(detailPath(node("Deployment/apps/web", { flux: false }))).toBeNull();
  });
});

describe("searchNodes", () => {
  const nodes = chain().nodes;

  it("ranks an exact name first, then prefixes, then other matches", () => {
    // the namespace matches too, but the exact name ranks first
    expect(searchNodes(nodes, "apps")).toEqual([APPS, WEB]);
    expect(searchNodes(nodes, "web")).toEqual([WEB]);
    expect(searchNodes(nodes, "flux-system")[0]).toBe(GIT);
    expect(searchNodes(nodes, "KUSTOMIZATION apps/")).toEqual([APPS, WEB]);
  });

  it("finds nothing for a blank query", () => {
    expect(searchNodes(nodes, "  ")).toEqual([]);
  });
});

describe("EDGE_TYPES", () => {
  it("lists each edge type once", () => {
    expect(new Set(EDGE_TYPES).size).toBe(EDGE_TYPES.length);
    expect(EDGE_TYPES).toHaveLength(9);
  });
});
