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

Nodes and edges are held as JSON-ready dicts (`NodePayload`, `EdgePayload`, keyed exactly
like the `GraphNode`/`GraphEdge` models) so that a 10,000-object graph is built and
serialised without constructing 30,000 Pydantic models; `select_payload` returns the view as
such a dict, `select_graph` as a validated `GraphResponse`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypedDict

from fluxdash.errors import NotFound
from fluxdash.models.graph import (
    DEPENDENCY_EDGE_TYPES,
    BlockedBy,
    ChainLink,
    EdgeType,
    GraphResponse,
)
from fluxdash.models.keys import ObjectKey
from fluxdash.models.kinds import kind_by_plural
from fluxdash.models.views import Health, ResourceRow
from fluxdash.services.graph_cycles import find_cycles
from fluxdash.services.graph_edges import ObjectReferences, Reference, references_of
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

WAITING_EDGE_TYPES: frozenset[EdgeType] = DEPENDENCY_EDGE_TYPES


WorkloadStatus = Callable[[str], tuple[Health, str]]
"""The current health and message of a workload node, by id (`Deployment/ns/name`)."""


class GraphInput(Protocol):
    """What the builder needs of one Flux object (the cache's `CachedObject` fits)."""

    @property
    def row(self) -> ResourceRow: ...

    @property
    def raw(self) -> Mapping[str, Any]: ...


class NodePayload(TypedDict):
    """A `GraphNode` as JSON (camelCase keys)."""

    id: str
    kind: str
    namespace: str
    name: str
    health: Health
    healthReason: str | None
    message: str
    suspended: bool
    revision: str | None
    flux: bool
    missing: bool
    neighbour: bool
    blockedBy: list[str]
    rootCause: bool
    explanation: str | None
    inCycle: bool


class EdgePayload(TypedDict):
    """A `GraphEdge` as JSON."""

    id: str
    source: str
    target: str
    type: EdgeType


class RootCausePayload(TypedDict):
    """A `RootCause` as JSON."""

    id: str
    kind: str
    namespace: str
    name: str
    health: Health
    message: str
    missing: bool
    blockedCount: int
    blocked: list[str]
    cycle: list[str] | None


@dataclass(frozen=True, slots=True)
class FluxGraph:
    """The whole analysed graph of one cache version. Read-only: views copy what they
    change."""

    version: int
    nodes: Mapping[str, NodePayload]
    """Every node by id, in id order."""
    edges: Sequence[EdgePayload]
    outgoing: Mapping[str, Sequence[EdgePayload]]
    incoming: Mapping[str, Sequence[EdgePayload]]
    cycles: Sequence[list[str]]
    cycle_of: Mapping[str, list[str]]
    workloads: Mapping[str, Sequence[str]]
    """Object id → the workloads (Deployments) its inventory lists; not nodes of the graph."""
    blockers: BlockerAnalysis
    root_causes: Sequence[RootCausePayload]
    """Every root cause, most blocking first."""


ReferenceReader = Callable[[ResourceRow, Mapping[str, Any]], ObjectReferences]
"""Reads the references of one object from its row and raw JSON."""


def read_references(row: ResourceRow, raw: Mapping[str, Any]) -> ObjectReferences:
    """The default `ReferenceReader`."""
    return references_of(row, raw)


def analyse_graph(
    objects: Iterable[GraphInput],
    *,
    version: int = 0,
    reader: ReferenceReader = read_references,
) -> FluxGraph:
    """Build and analyse the whole graph of `objects`.

    `reader` may be swapped for a memoising one (an object's references only change with
    the object).
    """
    rows: dict[str, ResourceRow] = {}
    raws: dict[str, Mapping[str, Any]] = {}
    by_kind_ns: dict[tuple[str, str], list[str]] = {}
    for obj in objects:
        row = obj.row
        rows[row.id] = row
        raws[row.id] = obj.raw
        by_kind_ns.setdefault((row.kind, row.namespace), []).append(row.id)

    edge_keys: set[tuple[str, EdgeType, str]] = set()
    placeholders: set[str] = set()
    workloads: dict[str, list[str]] = {}
    for source, row in rows.items():
        refs = reader(row, raws[source])
        for ref in refs.references:
            resolved = _resolve(ref, rows)
            if resolved.workload:
                # Kept aside: workload nodes only appear in views that ask for them.
                workloads.setdefault(source, []).append(resolved.target)
                continue
            if resolved.target not in rows:
                placeholders.add(resolved.target)
            edge_keys.add((source, resolved.type, resolved.target))
        for wanted in refs.selectors:
            selector = wanted.selector
            for target in by_kind_ns.get((selector.kind, selector.namespace), ()):
                if target == source:
                    continue
                other = rows[target]
                if selector.matches(
                    other.kind, other.namespace, other.name, other.labels
                ):
                    edge_keys.add((source, wanted.type, target))

    edges: list[EdgePayload] = []
    outgoing: dict[str, list[EdgePayload]] = {}
    incoming: dict[str, list[EdgePayload]] = {}
    upstream: dict[str, list[str]] = {}
    depends_on: dict[str, list[str]] = {}
    needed: set[str] = set()
    for source, edge_type, target in sorted(edge_keys):
        edge: EdgePayload = {
            "id": f"{edge_type}:{source}->{target}",
            "source": source,
            "target": target,
            "type": edge_type,
        }
        edges.append(edge)
        outgoing.setdefault(source, []).append(edge)
        incoming.setdefault(target, []).append(edge)
        if edge_type in WAITING_EDGE_TYPES:
            upstream.setdefault(source, []).append(target)
            needed.add(target)
        if edge_type == "dependsOn":
            depends_on.setdefault(source, []).append(target)

    ids = sorted({*rows, *placeholders})
    no_edges: list[str] = []
    cycles = find_cycles(sorted(depends_on), lambda v: depends_on.get(v, no_edges))
    cycle_of = {member: cycle for cycle in cycles for member in cycle}

    def state(node_id: str) -> BlockState:
        row = rows.get(node_id)
        if row is None:
            return "failing" if node_id in needed else "ready"
        if row.health == "Failed":
            return "failing"
        return "ready" if row.health == "Ready" else "waiting"

    blockers = analyse_blockers(ids, state, lambda v: upstream.get(v, no_edges))

    def failure(node_id: str) -> str:
        row = rows.get(node_id)
        if row is None:
            return "does not exist"
        return f"fails: {row.message}" if row.message else "fails"

    nodes: dict[str, NodePayload] = {}
    for node_id in ids:
        found = rows.get(node_id)
        blocked = list(blockers.blocked_by.get(node_id, ()))
        is_root = node_id in blockers.root_causes
        text = (
            explain(node_id, blockers, _label, failure, cycle_of.get)
            if blocked or is_root
            else None
        )
        if found is None:
            key = ObjectKey.parse(node_id)
            nodes[node_id] = _node(
                node_id,
                key.kind,
                key.namespace,
                key.name,
                health="Unknown",
                message=MISSING_MESSAGE,
                missing=True,
                root_cause=is_root,
                explanation=text,
            )
        else:
            nodes[node_id] = _node(
                node_id,
                found.kind,
                found.namespace,
                found.name,
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

    return FluxGraph(
        version=version,
        nodes=nodes,
        edges=edges,
        outgoing=outgoing,
        incoming=incoming,
        cycles=cycles,
        cycle_of=cycle_of,
        workloads={source: sorted(set(ids)) for source, ids in workloads.items()},
        blockers=blockers,
        root_causes=_root_causes(nodes, blockers, cycle_of),
    )


def _node(
    node_id: str,
    kind: str,
    namespace: str,
    name: str,
    *,
    health: Health,
    message: str,
    health_reason: str | None = None,
    suspended: bool = False,
    revision: str | None = None,
    missing: bool = False,
    blocked_by: list[str] | None = None,
    root_cause: bool = False,
    explanation: str | None = None,
    in_cycle: bool = False,
) -> NodePayload:
    return {
        "id": node_id,
        "kind": kind,
        "namespace": namespace,
        "name": name,
        "health": health,
        "healthReason": health_reason,
        "message": message,
        "suspended": suspended,
        "revision": revision,
        "flux": True,
        "missing": missing,
        "neighbour": False,
        "blockedBy": blocked_by or [],
        "rootCause": root_cause,
        "explanation": explanation,
        "inCycle": in_cycle,
    }


def _label(node_id: str) -> str:
    key = ObjectKey.parse(node_id)
    return f"{key.kind} {key.namespace}/{key.name}"


def _resolve(ref: Reference, rows: Mapping[str, ResourceRow]) -> Reference:
    if ref.target in rows or ref.fallback is None:
        return ref
    return ref.fallback


def _root_causes(
    nodes: Mapping[str, NodePayload],
    blockers: BlockerAnalysis,
    cycle_of: Mapping[str, list[str]],
) -> list[RootCausePayload]:
    counts = blockers.blocked_count()
    listed: dict[str, list[str]] = {root: [] for root in counts}
    for node_id, roots in sorted(blockers.roots_of.items()):
        for root in roots:
            if len(listed[root]) < MAX_ROOT_CAUSE_BLOCKED_LISTED:
                listed[root].append(node_id)
    out: list[RootCausePayload] = []
    for root in sorted(counts, key=lambda r: (-counts[r], r)):
        node = nodes[root]
        out.append(
            {
                "id": root,
                "kind": node["kind"],
                "namespace": node["namespace"],
                "name": node["name"],
                "health": node["health"],
                "message": node["message"],
                "missing": node["missing"],
                "blockedCount": counts[root],
                "blocked": listed[root],
                "cycle": cycle_of.get(root),
            }
        )
    return out


def select_payload(
    graph: FluxGraph,
    *,
    namespace: str | None = None,
    kinds: Collection[str] | None = None,
    edge_types: Collection[EdgeType] | None = None,
    focus: str | None = None,
    depth: int | None = None,
    workloads: WorkloadStatus | None = None,
) -> dict[str, Any]:
    """The part of `graph` a request asks for, as the JSON of a `GraphResponse`.

    - `kinds` (lowercase plurals) keeps only nodes of those kinds (the focus node stays).
    - `edge_types` keeps only edges of those types; placeholders no kept edge needs go.
    - `focus` + `depth` (default 2): the neighbourhood of one object, following kept edges
      in both directions up to `depth` hops. NotFound when `focus` is not in the graph.
    - `namespace` keeps nodes of that namespace.
    - `workloads`: when given, the workloads inventories list are included (`flux: false`,
      whatever `kinds` says), their health and message read through it at call time
      (workload changes do not change the graph's version).
    With a namespace or a focus, the nodes the kept ones reference over kept edges, and the
    objects blocking them (transitively), are added as `neighbour`s.
    """
    allowed_edges = frozenset(edge_types) if edge_types is not None else None
    allowed_kinds = (
        frozenset(kind_by_plural(plural).kind for plural in kinds)
        if kinds is not None
        else None
    )
    if focus is not None and focus not in graph.nodes:
        raise NotFound(f"no object {focus!r} in the graph")
    all_nodes = graph.nodes

    def kind_ok(node_id: str) -> bool:
        return allowed_kinds is None or all_nodes[node_id]["kind"] in allowed_kinds

    def edges_of(
        index: Mapping[str, Sequence[EdgePayload]], node_id: str
    ) -> Iterable[EdgePayload]:
        if allowed_edges is None:
            return index.get(node_id, ())
        return (e for e in index.get(node_id, ()) if e["type"] in allowed_edges)

    primary: set[str]
    if focus is not None:
        primary = _neighbourhood(
            focus,
            DEFAULT_FOCUS_DEPTH if depth is None else depth,
            lambda v: (
                [e["target"] for e in edges_of(graph.outgoing, v)]
                + [e["source"] for e in edges_of(graph.incoming, v)]
            ),
            kind_ok,
        )
    else:
        primary = {node_id for node_id in all_nodes if kind_ok(node_id)}
    if namespace is not None:
        primary = {
            node_id
            for node_id in primary
            if all_nodes[node_id]["namespace"] == namespace or node_id == focus
        }

    def placeholder_needed(node_id: str) -> bool:
        if not all_nodes[node_id]["missing"] or node_id == focus:
            return True
        return any(e["source"] in primary for e in edges_of(graph.incoming, node_id))

    primary = {node_id for node_id in primary if placeholder_needed(node_id)}
    selected = set(primary)
    if namespace is not None or focus is not None:
        for node_id in primary:
            for edge in edges_of(graph.outgoing, node_id):
                if kind_ok(edge["target"]):
                    selected.add(edge["target"])
        pending = [b for node_id in primary for b in all_nodes[node_id]["blockedBy"]]
        visited: set[str] = set()
        while pending:
            blocker = pending.pop()
            if blocker not in visited and kind_ok(blocker):
                visited.add(blocker)
                selected.add(blocker)
                pending.extend(all_nodes[blocker]["blockedBy"])

    ordered = sorted(selected) if len(selected) != len(all_nodes) else list(all_nodes)
    nodes: list[NodePayload] = [
        all_nodes[node_id]
        if node_id in primary
        else {**all_nodes[node_id], "neighbour": True}
        for node_id in ordered
    ]
    edges = [
        edge
        for node_id in ordered
        for edge in edges_of(graph.outgoing, node_id)
        if edge["target"] in selected
    ]
    if workloads is not None and (
        allowed_edges is None or "inventory" in allowed_edges
    ):
        _add_workloads(graph, ordered, primary, namespace, workloads, nodes, edges)
    root_causes = [root for root in graph.root_causes if root["id"] in selected]
    cycles = [c for c in graph.cycles if any(member in selected for member in c)]
    return {
        "nodes": nodes,
        "edges": edges,
        "rootCauses": root_causes,
        "cycles": cycles,
        "stats": {
            "nodes": len(nodes),
            "edges": len(edges),
            "totalNodes": len(all_nodes),
            "totalEdges": len(graph.edges),
            "missing": sum(1 for node in nodes if node["missing"]),
            "blocked": sum(1 for node in nodes if node["blockedBy"]),
            "rootCauses": len(root_causes),
        },
        "version": graph.version,
    }


def _add_workloads(
    graph: FluxGraph,
    ordered: Sequence[str],
    primary: set[str],
    namespace: str | None,
    status: WorkloadStatus,
    nodes: list[NodePayload],
    edges: list[EdgePayload],
) -> None:
    """Workload nodes of the inventories of the selected nodes, with their edges."""
    added: set[str] = set()
    for source in ordered:
        for target in graph.workloads.get(source, ()):
            edges.append(
                {
                    "id": f"inventory:{source}->{target}",
                    "source": source,
                    "target": target,
                    "type": "inventory",
                }
            )
            if target in added:
                continue
            added.add(target)
            key = ObjectKey.parse(target)
            health, message = status(target)
            node = _node(
                target,
                key.kind,
                key.namespace,
                key.name,
                health=health,
                message=message,
            )
            node["flux"] = False
            outside = source not in primary or (
                namespace is not None and key.namespace != namespace
            )
            node["neighbour"] = outside
            nodes.append(node)


def _neighbourhood(
    start: str,
    depth: int,
    neighbours: Callable[[str], Iterable[str]],
    keep: Callable[[str], bool],
) -> set[str]:
    found = {start}
    frontier = deque([(start, 0)])
    while frontier:
        node_id, hops = frontier.popleft()
        if hops >= depth:
            continue
        for other in neighbours(node_id):
            if other not in found and keep(other):
                found.add(other)
                frontier.append((other, hops + 1))
    return found


def select_graph(
    graph: FluxGraph,
    *,
    namespace: str | None = None,
    kinds: Collection[str] | None = None,
    edge_types: Collection[EdgeType] | None = None,
    focus: str | None = None,
    depth: int | None = None,
    workloads: WorkloadStatus | None = None,
) -> GraphResponse:
    """`select_payload`, validated into a `GraphResponse`."""
    return GraphResponse.model_validate(
        select_payload(
            graph,
            namespace=namespace,
            kinds=kinds,
            edge_types=edge_types,
            focus=focus,
            depth=depth,
            workloads=workloads,
        )
    )


def build_graph(
    objects: Iterable[GraphInput],
    *,
    namespace: str | None = None,
    kinds: Collection[str] | None = None,
    edge_types: Collection[EdgeType] | None = None,
    focus: str | None = None,
    depth: int | None = None,
    workloads: WorkloadStatus | None = None,
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
        workloads=workloads,
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
        health=node["health"],
        blocked_by=list(node["blockedBy"]),
        root_causes=roots,
        root_cause=is_root,
        chain=chain,
        explanation=node["explanation"],
        cycle=graph.cycle_of.get(object_id),
    )


def _link(node: NodePayload) -> ChainLink:
    return ChainLink(
        id=node["id"],
        kind=node["kind"],
        namespace=node["namespace"],
        name=node["name"],
        health=node["health"],
        health_reason=node["healthReason"],
        message=node["message"],
        missing=node["missing"],
    )
