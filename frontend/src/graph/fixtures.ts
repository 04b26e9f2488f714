/** Small graph answers for the graph module's tests. */
import type { GraphEdge, GraphNode, GraphResponse } from "@/api/types";

export function node(id: string, overrides: Partial<GraphNode> = {}): GraphNode {
  const [kind = "Kustomization", namespace = "flux-system", name = id] = id.split("/");
  return {
    id,
    kind,
    namespace,
    name,
    health: "Ready",
    healthReason: null,
    message: "",
    suspended: false,
    revision: null,
    flux: true,
    missing: false,
    neighbour: false,
    blockedBy: [],
    rootCause: false,
    explanation: null,
    inCycle: false,
    ...overrides,
  };
}

export function edge(source: string, type: GraphEdge["type"], target: string): GraphEdge {
  return { id: `${type}:${source}->${target}`, source, target, type };
}

export function graphOf(
  nodes: GraphNode[],
  edges: GraphEdge[],
  cycles: string[][] = [],
): GraphResponse {
  return {
    nodes,
    edges,
    rootCauses: [],
    cycles,
    stats: {
      nodes: nodes.length,
      edges: edges.length,
      totalNodes: nodes.length,
      totalEdges: edges.length,
      missing: nodes.filter((n) => n.missing).length,
      blocked: nodes.filter((n) => n.blockedBy.length > 0).length,
      rootCauses: 0,
    },
    version: 1,
  };
}

export const GIT = "GitRepository/flux-system/flux-system";
export const INFRA = "Kustomization/flux-system/infra";
export const APPS = "Kustomization/apps/apps";
export const WEB = "Kustomization/apps/web";

/** apps waits on infra; infra fails because the GitRepository cannot authenticate. */
export function chain(): GraphResponse {
  return graphOf(
    [
      node(GIT, { health: "Failed", message: "authentication required", rootCause: true }),
      node(INFRA, { health: "Failed", blockedBy: [GIT], explanation: "infra waits on git" }),
      node(APPS, { health: "Failed", blockedBy: [INFRA] }),
      node(WEB, { health: "Progressing", blockedBy: [INFRA] }),
      node("HelmRepository/flux-system/gone", {
        health: "Unknown",
        missing: true,
        message: "not found",
      }),
    ],
    [
      edge(INFRA, "source", GIT),
      edge(APPS, "dependsOn", INFRA),
      edge(WEB, "dependsOn", APPS),
      edge(APPS, "source", GIT),
      edge(INFRA, "inventory", APPS),
    ],
  );
}
