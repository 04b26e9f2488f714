"""The Flux object graph: typed edges, missing placeholders, root causes, cycles (pure).

`analyse_graph(objects)` builds the whole graph of one cache version once: a node per Flux
object, an edge per reference (see `fluxdash.models.graph` for the direction), a placeholder
node (`missing`, health Unknown, message `not found`) for every referenced object that does
not exist, the blocking chains of every object that is not Ready, and the dependsOn cycles.
`select_graph(graph, …)` cuts the requested view out of it (namespace, kinds, edge types,
focus + depth); `build_graph(objects, …)` does both. `explain_blocked(graph, id)` answers
"why is this object not Ready?" for the detail page and the dashboard.

Root causes are computed on the whole graph, before any filter, so a namespace view still
names a blocker in another namespace (and includes it, marked `neighbour`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from fluxdash.errors import NotFound
from fluxdash.models.graph import (
    DEPENDENCY_EDGE_TYPES,
    EDGE_TYPES,
    BlockedBy,
    ChainLink,
    EdgeType,
    GraphEdge,
    GraphNode,
    GraphResponse,
    GraphStats,
    RootCause,
)
from fluxdash.models.keys import ObjectKey
from fluxdash.models.kinds import kind_by_plural
from fluxdash.models.views import ResourceRow
from fluxdash.services.graph_cycles import find_cycles
from fluxdash.services.graph_edges import Reference, references_of
from fluxdash.services.root_cause import (
    BlockerAnalysis,
    BlockState,
    analyse_blockers,
    blocking_chain,
    explain,
)

DEFAULT_FOCUS_DEPTH = 2
MAX_ROOT_CAUSE_BLOCKED_LISTED = 50
MISSING_MESSAGE = "not found"

_WAITING_EDGE_TYPES: frozenset[EdgeType] = DEPENDENCY_EDGE_TYPES | {
    "provider",
    "imageRepository",
    "imageUpdateSource",
}
"""Edges a failure travels along. Besides dependsOn/source/chart, an Alert cannot send
without its Provider, an ImagePolicy has nothing to choose from without its ImageRepository
and an ImageUpdateAutomation cannot push without its GitRepository."""


class GraphInput(Protocol):
    """What the builder needs of one Flux object (the cache's `CachedObject` fits)."""

    @property
    def row(self) -> ResourceRow: ...

    @property
    def raw(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True, slots=True)
class FluxGraph:
    """The whole analysed graph of one cache version. Treat as read-only."""

    version: int
    nodes: Mapping[str, GraphNode]
    """Every node by id, sorted by id."""
    edges: Sequence[GraphEdge]
    outgoing: Mapping[str, Sequence[GraphEdge]]
    incoming: Mapping[str, Sequence[GraphEdge]]
    cycles: Sequence[list[str]]
    cycle_of: Mapping[str, list[str]]
    blockers: BlockerAnalysis
    root_causes: Sequence[RootCause]
    """Every root cause, most blocking first."""


def analyse_graph(objects: Iterable[GraphInput], *, version: int = 0) -> FluxGraph:
    """Build and analyse the whole graph of `objects`."""
    rows: dict[str, ResourceRow] = {}
    raws: dict[str, Mapping[str, Any]] = {}
    by_kind_ns: dict[tuple[str, str], list[str]] = {}
    for obj in objects:
        row = obj.row
        rows[row.id] = row
        raws[row.id] = obj.raw
        by_kind_ns.setdefault((row.kind, row.namespace), []).append(row.id)

    edges: dict[tuple[str, EdgeType, str], GraphEdge] = {}
    placeholders: set[str] = set()

    def add(source: str, edge_type: EdgeType, target: str) -> None:
        key = (source, edge_type, target)
        if key not in edges:
            edges[key] = GraphEdge(
                id=f"{edge_type}:{source}->{target}",
                source=source,
                target=target,
                type=edge_type,
            )

    for source, row in rows.items():
        refs = references_of(row.kind, row.namespace, row.name, raws[source])
        for ref in refs.references:
            resolved = _resolve(ref, rows)
            if resolved.target not in rows:
                placeholders.add(resolved.target)
            add(source, resolved.type, resolved.target)
        for selector in refs.selectors:
            for target in by_kind_ns.get((selector.kind, selector.namespace), ()):
                if target == source:
                    continue
                labels = rows[target].labels
                if all(labels.get(k) == v for k, v in selector.match_labels.items()):
                    add(source, selector.type, target)

    ordered_edges = [edges[key] for key in sorted(edges)]
    outgoing: dict[str, list[GraphEdge]] = {}
    incoming: dict[str, list[GraphEdge]] = {}
    upstream: dict[str, list[str]] = {}
    depends_on: dict[str, list[str]] = {}
    needed: set[str] = set()
    for edge in ordered_edges:
        outgoing.setdefault(edge.source, []).append(edge)
        incoming.setdefault(edge.target, []).append(edge)
        if edge.type in _WAITING_EDGE_TYPES:
            upstream.setdefault(edge.source, []).append(edge.target)
            needed.add(edge.target)
        if edge.type == "dependsOn":
            depends_on.setdefault(edge.source, []).append(edge.target)

    ids = sorted({*rows, *placeholders})
    no_edges: list[str] = []
    cycles = find_cycles(sorted(depends_on), lambda v: depends_on.get(v, no_edges))
    cycle_of = {member: cycle for cycle in cycles for member in cycle}

    def state(node_id: str) -> BlockState:
        row = rows.get(node_id)
        if row is None:
            return "failing" if node_id in needed else "waiting"
        if row.health == "Failed":
            return "failing"
        return "ready" if row.health == "Ready" else "waiting"

    blockers = analyse_blockers(ids, state, lambda v: upstream.get(v, no_edges))

    def label(node_id: str) -> str:
        key = ObjectKey.parse(node_id)
        return f"{key.kind} {key.namespace}/{key.name}"

    def failure(node_id: str) -> str:
        row = rows.get(node_id)
        if row is None:
            return "does not exist"
        return f"fails: {row.message}" if row.message else "fails"

    def cycle_members(node_id: str) -> list[str] | None:
        return cycle_of.get(node_id)

    nodes: dict[str, GraphNode] = {}
    for node_id in ids:
        found = rows.get(node_id)
        blocked = list(blockers.blocked_by.get(node_id, ()))
        is_root = node_id in blockers.root_causes
        text = (
            explain(node_id, blockers, label, failure, cycle_members)
            if blocked or is_root
            else None
        )
        if found is None:
            key = ObjectKey.parse(node_id)
            nodes[node_id] = GraphNode(
                id=node_id,
                kind=key.kind,
                namespace=key.namespace,
                name=key.name,
                health="Unknown",
                message=MISSING_MESSAGE,
                missing=True,
                root_cause=is_root,
                explanation=text,
            )
            continue
        nodes[node_id] = GraphNode(
            id=node_id,
            kind=found.kind,
            namespace=found.namespace,
            name=found.name,
            health=found.health,
            health_reason=found.health_reason,
            message=found.message,
            suspended=found.suspended,
            revision=found.revision,
            blocked_by=blocked,
            root_cause=is_root,
            explanation=text,
            in_cycle=node_id in cycle_of,
        )

    counts = blockers.blocked_count()
    blocked_lists: dict[str, list[str]] = {root: [] for root in counts}
    for node_id, roots in sorted(blockers.roots_of.items()):
        for root in roots:
            listed = blocked_lists[root]
            if len(listed) < MAX_ROOT_CAUSE_BLOCKED_LISTED:
                listed.append(node_id)
    root_causes = [
        RootCause(
            id=root,
            kind=nodes[root].kind,
            namespace=nodes[root].namespace,
            name=nodes[root].name,
            health=nodes[root].health,
            message=nodes[root].message,
            missing=nodes[root].missing,
            blocked_count=counts[root],
            blocked=blocked_lists[root],
            cycle=cycle_of.get(root),
        )
        for root in sorted(counts, key=lambda r: (-counts[r], r))
    ]
    return FluxGraph(
        version=version,
        nodes=nodes,
        edges=ordered_edges,
        outgoing=outgoing,
        incoming=incoming,
        cycles=cycles,
        cycle_of=cycle_of,
        blockers=blockers,
        root_causes=root_causes,
    )


def _resolve(ref: Reference, rows: Mapping[str, ResourceRow]) -> Reference:
    if ref.target in rows or ref.fallback is None:
        return ref
    return ref.fallback


def select_graph(
    graph: FluxGraph,
    *,
    namespace: str | None = None,
    kinds: Collection[str] | None = None,
    edge_types: Collection[EdgeType] | None = None,
    focus: str | None = None,
    depth: int | None = None,
) -> GraphResponse:
    """The part of `graph` a request asks for.

    - `kinds` (lowercase plurals) keeps only nodes of those kinds (the focus node stays).
    - `edge_types` keeps only edges of those types; placeholders no kept edge needs go.
    - `focus` + `depth` (default 2): the neighbourhood of one object, following kept edges
      in both directions up to `depth` hops. NotFound when `focus` is not in the graph.
    - `namespace` keeps nodes of that namespace.
    Nodes the kept ones reference over kept edges, and the objects blocking them, are added
    as `neighbour`s even when outside the namespace or the focus neighbourhood.
    """
    allowed_edges = frozenset(edge_types) if edge_types is not None else None
    allowed_kinds = (
        frozenset(kind_by_plural(plural).kind for plural in kinds)
        if kinds is not None
        else None
    )
    if focus is not None and focus not in graph.nodes:
        raise NotFound(f"no object {focus!r} in the graph")

    def kind_ok(node_id: str) -> bool:
        return allowed_kinds is None or graph.nodes[node_id].kind in allowed_kinds

    def edges_of(
        index: Mapping[str, Sequence[GraphEdge]], node_id: str
    ) -> Iterable[GraphEdge]:
        for edge in index.get(node_id, ()):
            if allowed_edges is None or edge.type in allowed_edges:
                yield edge

    primary: set[str]
    if focus is not None:
        limit = DEFAULT_FOCUS_DEPTH if depth is None else depth
        primary = {focus}
        frontier = deque([(focus, 0)])
        while frontier:
            node_id, hops = frontier.popleft()
            if hops >= limit:
                continue
            for edge in edges_of(graph.outgoing, node_id):
                if edge.target not in primary and kind_ok(edge.target):
                    primary.add(edge.target)
                    frontier.append((edge.target, hops + 1))
            for edge in edges_of(graph.incoming, node_id):
                if edge.source not in primary and kind_ok(edge.source):
                    primary.add(edge.source)
                    frontier.append((edge.source, hops + 1))
    else:
        primary = {node_id for node_id in graph.nodes if kind_ok(node_id)}
    if namespace is not None:
        primary = {
            node_id
            for node_id in primary
            if graph.nodes[node_id].namespace == namespace or node_id == focus
        }
    scoped = namespace is not None or focus is not None

    # Placeholders exist only for the edges that need them.
    def needed(node_id: str) -> bool:
        if not graph.nodes[node_id].missing or node_id == focus:
            return True
        return any(edge.source in primary for edge in edges_of(graph.incoming, node_id))

    primary = {node_id for node_id in primary if needed(node_id)}
    selected = set(primary)
    if scoped:
        for node_id in primary:
            for edge in edges_of(graph.outgoing, node_id):
                if kind_ok(edge.target):
                    selected.add(edge.target)
        pending = [b for node_id in primary for b in graph.nodes[node_id].blocked_by]
        visited: set[str] = set()
        while pending:
            blocker = pending.pop()
            if blocker not in visited and kind_ok(blocker):
                visited.add(blocker)
                selected.add(blocker)
                pending.extend(graph.nodes[blocker].blocked_by)

    nodes = [
        graph.nodes[node_id]
        if node_id in primary
        else graph.nodes[node_id].model_copy(update={"neighbour": True})
        for node_id in sorted(selected)
    ]
    edges = [
        edge
        for node_id in sorted(selected)
        for edge in edges_of(graph.outgoing, node_id)
        if edge.target in selected
    ]
    root_causes = [root for root in graph.root_causes if root.id in selected]
    cycles = [
        cycle for cycle in graph.cycles if any(member in selected for member in cycle)
    ]
    return GraphResponse(
        nodes=nodes,
        edges=edges,
        root_causes=root_causes,
        cycles=cycles,
        stats=GraphStats(
            nodes=len(nodes),
            edges=len(edges),
            total_nodes=len(graph.nodes),
            total_edges=len(graph.edges),
            missing=sum(1 for node in nodes if node.missing),
            blocked=sum(1 for node in nodes if node.blocked_by),
            root_causes=len(root_causes),
        ),
        version=graph.version,
    )


def build_graph(
    objects: Iterable[GraphInput],
    *,
    namespace: str | None = None,
    kinds: Collection[str] | None = None,
    edge_types: Collection[EdgeType] | None = None,
    focus: str | None = None,
    depth: int | None = None,
    version: int = 0,
) -> GraphResponse:
    """`analyse_graph` then `select_graph`: the graph view of `objects` in one call."""
    return select_graph(
        analyse_graph(objects, version=version),
        namespace=namespace,
        kinds=kinds,
        edge_types=edge_types,
        focus=focus,
        depth=depth,
    )


def explain_blocked(graph: FluxGraph, object_id: str) -> BlockedBy:
    """Why `object_id` is not Ready: its blockers, root causes and the chain between.

    For a Ready object the lists are empty. NotFound when the object is not in the graph.
    """
    node = graph.nodes.get(object_id)
    if node is None:
        raise NotFound(f"no object {object_id!r} in the graph")
    is_root = object_id in graph.blockers.root_causes
    roots = [object_id] if is_root else list(graph.blockers.roots_of.get(object_id, ()))
    chain = [
        _link(graph.nodes[link]) for link in blocking_chain(object_id, graph.blockers)
    ]
    return BlockedBy(
        id=object_id,
        health=node.health,
        blocked_by=list(node.blocked_by),
        root_causes=roots,
        root_cause=is_root,
        chain=chain,
        explanation=node.explanation,
        cycle=graph.cycle_of.get(object_id),
    )


def _link(node: GraphNode) -> ChainLink:
    return ChainLink(
        id=node.id,
        kind=node.kind,
        namespace=node.namespace,
        name=node.name,
        health=node.health,
        health_reason=node.health_reason,
        message=node.message,
        missing=node.missing,
    )


__all__ = [
    "DEFAULT_FOCUS_DEPTH",
    "EDGE_TYPES",
    "FluxGraph",
    "GraphInput",
    "analyse_graph",
    "build_graph",
    "explain_blocked",
    "select_graph",
]
