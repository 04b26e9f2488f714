"""The graph of the live cache: built once per cache version, every view memoised.

`services.graph` is pure; this module binds it to the watch-fed cache. The whole graph is
analysed at most once per cache version (`cache.memo`), each distinct query's JSON is
serialised at most once per version, and the references of an object are re-read only when
its resourceVersion changes, so a rebuild after one change costs the graph algorithms, not
the parsing of 10,000 objects.
"""

from __future__ import annotations

import gzip
import weakref
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import orjson

from fluxdash.models.graph import BlockedBy, EdgeType
from fluxdash.models.keys import ObjectKey
from fluxdash.models.views import Health, ResourceRow
from fluxdash.services.graph import (
    FluxGraph,
    GraphInput,
    analyse_graph,
    explain_blocked,
    read_references,
    select_payload,
)
from fluxdash.services.graph_edges import ObjectReferences

T = TypeVar("T")


class WorkloadLike(Protocol):
    """What the graph shows of a Deployment (the cache's `Workload` fits)."""

    @property
    def ready(self) -> bool: ...

    @property
    def available(self) -> bool: ...

    @property
    def summary(self) -> str: ...


class GraphCache(Protocol):
    """The parts of `FluxCache` the graph reads."""

    version: int

    def objects(self) -> Iterable[GraphInput]: ...

    def memo(self, key: Hashable, build: Callable[[], T]) -> T: ...

    def workload(self, namespace: str, name: str) -> WorkloadLike | None: ...


@dataclass(frozen=True, slots=True)
class GraphQuery:
    """One graph request's parameters (hashable: the memo key)."""

    namespace: str | None = None
    kinds: tuple[str, ...] | None = None
    edge_types: tuple[EdgeType, ...] | None = None
    focus: str | None = None
    depth: int | None = None
    workloads: bool = False


class _ReferenceMemo:
    """`ReferenceReader` that remembers each object's references by resourceVersion."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, ObjectReferences]] = {}

    def __call__(self, row: ResourceRow, raw: Mapping[str, Any]) -> ObjectReferences:
        metadata = raw.get("metadata")
        version = (
            metadata.get("resourceVersion") if isinstance(metadata, dict) else None
        )
        if not isinstance(version, str) or not version:
            return read_references(row, raw)
        known = self._seen.get(row.id)
        if known is not None and known[0] == version:
            return known[1]
        refs = read_references(row, raw)
        self._seen[row.id] = (version, refs)
        return refs

    def forget_except(self, ids: set[str]) -> None:
        for gone in self._seen.keys() - ids:
            del self._seen[gone]


_readers: weakref.WeakKeyDictionary[Any, _ReferenceMemo] = weakref.WeakKeyDictionary()


def full_graph(cache: GraphCache) -> FluxGraph:
    """The whole analysed graph of the cache's current version."""
    return cache.memo(("graph", "full"), lambda: _analyse(cache))


def _analyse(cache: GraphCache) -> FluxGraph:
    reader = _readers.get(cache)
    if reader is None:
        reader = _readers[cache] = _ReferenceMemo()
    objects = list(cache.objects())
    graph = analyse_graph(objects, version=cache.version, reader=reader)
    reader.forget_except({obj.row.id for obj in objects})
    return graph


def graph_json(cache: GraphCache, query: GraphQuery) -> bytes:
    """The `GraphResponse` JSON for `query`. NotFound for an unknown focus."""
    if query.workloads:
        # Workload readiness changes without a cache version bump: never memoised.
        return _render(cache, query)
    return cache.memo(("graph", query), lambda: _render(cache, query))


GZIP_LEVEL = 5
"""Memoised bodies are compressed once, so a middle level is cheap; 9 (the middleware's
default) costs several times more for a few percent."""


def graph_gzip(cache: GraphCache, query: GraphQuery) -> bytes:
    """`graph_json`, gzip-compressed (memoised alongside it)."""
    if query.workloads:
        return gzip.compress(_render(cache, query), compresslevel=GZIP_LEVEL)
    return cache.memo(
        ("graph-gzip", query),
        lambda: gzip.compress(graph_json(cache, query), compresslevel=GZIP_LEVEL),
    )


def _render(cache: GraphCache, query: GraphQuery) -> bytes:
    payload = select_payload(
        full_graph(cache),
        namespace=query.namespace,
        kinds=query.kinds,
        edge_types=query.edge_types,
        focus=query.focus,
        depth=query.depth,
        workloads=(lambda node_id: workload_status(cache, node_id))
        if query.workloads
        else None,
    )
    return orjson.dumps(payload)


def workload_status(cache: GraphCache, node_id: str) -> tuple[Health, str]:
    """Health of a workload node from the cache's Deployments."""
    key = ObjectKey.parse(node_id)
    workload = cache.workload(key.namespace, key.name)
    if workload is None:
        return "Unknown", "not watched"
    if workload.ready:
        return "Ready", workload.summary
    if workload.available:
        return "Progressing", workload.summary
    return "Failed", f"not available: {workload.summary}"


def explain_object(cache: GraphCache, object_id: str) -> BlockedBy:
    """Why one object is not Ready (for the detail page and the dashboard)."""
    return explain_blocked(full_graph(cache), object_id)
