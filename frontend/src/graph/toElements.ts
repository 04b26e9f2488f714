/**
 * The graph API's answer → Cytoscape element definitions (pure; no Cytoscape runtime).
 *
 * Edges point from the object that names another to the object it names (a dependent → what
 * it depends on), as the API sends them. Every visual state is a class, so live updates
 * restyle through `ele.classes()` without touching positions.
 */
import type { ElementDefinition } from "cytoscape";
import type { EdgeType, GraphEdge, GraphNode, GraphResponse } from "@/api/types";

/** Edge types in the order the toggles and the legend list them. */
export const EDGE_TYPES = [
  "dependsOn",
  "source",
  "chart",
  "inventory",
  "imageRepository",
  "imageUpdateSource",
  "provider",
  "alertSource",
  "receiverTarget",
] as const satisfies readonly EdgeType[];

export const EDGE_TYPE_LABELS: Record<EdgeType, string> = {
  dependsOn: "depends on",
  source: "source",
  chart: "chart",
  inventory: "inventory",
  imageRepository: "image repository",
  imageUpdateSource: "update source",
  provider: "provider",
  alertSource: "alert source",
  receiverTarget: "receiver target",
};

/** Edges a failure travels along (the backend's dependency edge types). */
export const DEPENDENCY_EDGE_TYPES: ReadonlySet<EdgeType> = new Set<EdgeType>([
  "dependsOn",
  "source",
  "chart",
  "provider",
  "imageRepository",
  "imageUpdateSource",
]);

export function isEdgeType(value: string): value is EdgeType {
  return (EDGE_TYPES as readonly string[]).includes(value);
}

/** Lowercase plurals of the Flux kinds, for detail-page links. */
export const KIND_PLURALS: Readonly<Record<string, string>> = {
  GitRepository: "gitrepositories",
  OCIRepository: "ocirepositories",
  HelmRepository: "helmrepositories",
  HelmChart: "helmcharts",
  Bucket: "buckets",
  ExternalArtifact: "externalartifacts",
  Kustomization: "kustomizations",
  HelmRelease: "helmreleases",
  Alert: "alerts",
  Provider: "providers",
  Receiver: "receivers",
  ImageRepository: "imagerepositories",
  ImagePolicy: "imagepolicies",
  ImageUpdateAutomation: "imageupdateautomations",
};

/** The detail page of a node, or null for placeholders and non-Flux nodes. */
export function detailPath(
  node: Pick<GraphNode, "kind" | "namespace" | "name" | "missing" | "flux">,
) {
  const plural = KIND_PLURALS[node.kind];
  if (!plural || node.missing || !node.flux) return null;
  return `/resources/${plural}/${encodeURIComponent(node.namespace)}/${encodeURIComponent(node.name)}`;
}

export type NodeData = {
  id: string;
  label: string;
  kind: string;
  namespace: string;
  name: string;
  health: GraphNode["health"];
  message: string;
  explanation: string;
};

export type EdgeData = {
  id: string;
  source: string;
  target: string;
  type: EdgeType;
};

export function nodeClasses(node: GraphNode): string[] {
  const classes = [`health-${node.health.toLowerCase()}`, `kind-${node.kind}`];
  if (node.missing) classes.push("missing");
  if (node.rootCause) classes.push("root-cause");
  if (node.blockedBy.length > 0) classes.push("blocked");
  if (node.suspended) classes.push("suspended");
  if (node.neighbour) classes.push("neighbour");
  if (node.inCycle) classes.push("in-cycle");
  if (!node.flux) classes.push("workload");
  return classes;
}

/**
 * Whether an edge carries a failure to its source: a dependency edge whose target is one of
 * the source's blockers, or is itself waiting on one of them.
 */
export function isBlockingEdge(edge: GraphEdge, nodes: ReadonlyMap<string, GraphNode>): boolean {
  if (!DEPENDENCY_EDGE_TYPES.has(edge.type)) return false;
  const source = nodes.get(edge.source);
  const target = nodes.get(edge.target);
  if (!source || !target || source.blockedBy.length === 0) return false;
  const blockers = new Set(source.blockedBy);
  if (blockers.has(target.id)) return true;
  return target.health !== "Ready" && target.blockedBy.some((id) => blockers.has(id));
}

export function edgeClasses(
  edge: GraphEdge,
  nodes: ReadonlyMap<string, GraphNode>,
  cycleOf: ReadonlyMap<string, number>,
): string[] {
  const classes = [`type-${edge.type}`];
  if (isBlockingEdge(edge, nodes)) classes.push("blocking");
  if (edge.type === "dependsOn") {
    const ring = cycleOf.get(edge.source);
    if (ring !== undefined && ring === cycleOf.get(edge.target)) classes.push("cycle");
  }
  return classes;
}

function nodeData(node: GraphNode): NodeData {
  return {
    id: node.id,
    label: node.name,
    kind: node.kind,
    namespace: node.namespace,
    name: node.name,
    health: node.health,
    message: node.message,
    explanation: node.explanation ?? "",
  };
}

/** Every node, then every edge, as Cytoscape element definitions. */
export function toElements(graph: GraphResponse): ElementDefinition[] {
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const cycleOf = new Map<string, number>();
  graph.cycles.forEach((cycle, index) => {
    for (const member of cycle) cycleOf.set(member, index);
  });
  const elements: ElementDefinition[] = graph.nodes.map((node) => ({
    group: "nodes",
    data: nodeData(node),
    classes: nodeClasses(node),
  }));
  for (const edge of graph.edges) {
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) continue;
    const data: EdgeData = {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: edge.type,
    };
    elements.push({ group: "edges", data, classes: edgeClasses(edge, nodes, cycleOf) });
  }
  return elements;
}

export type ElementPlan = {
  /** Elements to add (nodes first). */
  add: ElementDefinition[];
  /** Ids to remove. */
  remove: string[];
  /** Elements already shown whose data or classes are to be refreshed. */
  update: ElementDefinition[];
  /** Nodes or edges were added or removed: positions need a new layout. */
  structureChanged: boolean;
};

/**
 * How to get from the elements on screen (`current` ids) to `next`: live status changes
 * become `update`s only, so the view restyles in one batch without a new layout.
 */
export function planUpdate(current: ReadonlySet<string>, next: ElementDefinition[]): ElementPlan {
  const add: ElementDefinition[] = [];
  const update: ElementDefinition[] = [];
  const seen = new Set<string>();
  for (const element of next) {
    const id = element.data.id;
    if (id === undefined) continue;
    seen.add(id);
    (current.has(id) ? update : add).push(element);
  }
  const remove = [...current].filter((id) => !seen.has(id));
  return { add, remove, update, structureChanged: add.length > 0 || remove.length > 0 };
}

/** Ids of nodes whose name, namespace, kind or id contain `query` (case-insensitive). */
export function searchNodes(nodes: readonly GraphNode[], query: string): string[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  return nodes
    .filter(
      (node) =>
        node.id.toLowerCase().includes(needle) ||
        `${node.kind} ${node.namespace}/${node.name}`.toLowerCase().includes(needle),
    )
    .sort((a, b) => rankMatch(a, needle) - rankMatch(b, needle) || a.id.localeCompare(b.id))
    .map((node) => node.id);
}

function rankMatch(node: GraphNode, needle: string): number {
  const name = node.name.toLowerCase();
  if (name === needle) return 0;
  if (name.startsWith(needle)) return 1;
  if (name.includes(needle)) return 2;
  return 3;
}
