"""The graph bound to a cache: memoised per version, references re-read only on change."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import orjson
import pytest

from fluxdash.errors import NotFound
from fluxdash.models.graph import GraphResponse
from fluxdash.services import graph as graph_module
from fluxdash.services import graph_view
from fluxdash.services.graph_view import GraphQuery, explain_object, graph_json
from tests.unit.graph_fixtures import Obj, git, ks

T = TypeVar("T")
FS = "flux-system"


@dataclass(frozen=True)
class FakeWorkload:
    ready: bool
    available: bool
    summary: str


class FakeCache:
    """Just enough of FluxCache: objects, a version, memo, workloads."""

    def __init__(self, objects: list[Obj]) -> None:
        self.version = 1
        self.items = {o.row.id: _with_rv(o, "1") for o in objects}
        self.workloads: dict[tuple[str, str], FakeWorkload] = {}
        self._memo: dict[Hashable, Any] = {}
        self._memo_version = -1
        self.builds = 0

    def objects(self) -> Iterable[Obj]:
        return list(self.items.values())

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        if self._memo_version != self.version:
            self._memo = {}
            self._memo_version = self.version
        if key not in self._memo:
            self.builds += 1
            self._memo[key] = build()
        value: T = self._memo[key]
        return value

    def workload(self, namespace: str, name: str) -> FakeWorkload | None:
        return self.workloads.get((namespace, name))

    def put(self, obj: Obj, rv: str) -> None:
        self.items[obj.row.id] = _with_rv(obj, rv)
        self.version += 1


def _with_rv(obj: Obj, rv: str) -> Obj:
    raw = dict(obj.raw)
    raw["metadata"] = {**raw["metadata"], "resourceVersion": rv}
    return replace(obj, raw=raw)


def _fleet() -> list[Obj]:
    return [
        git(FS, "flux-system"),
        ks(FS, "infra"),
        ks(
            FS,
            "apps",
            depends_on=[{"name": "infra"}],
            inventory=["apps_web_apps_Deployment"],
        ),
    ]


def _decode(data: bytes) -> GraphResponse:
    return GraphResponse.model_validate(orjson.loads(data))


def test_graph_json_is_a_valid_response_memoised_per_version() -> None:
    cache = FakeCache(_fleet())
    first = graph_json(cache, GraphQuery())
    again = graph_json(cache, GraphQuery())
    assert first is again
    graph = _decode(first)
    assert graph.version == 1
    assert {n.id for n in graph.nodes} == set(cache.items)
    cache.put(ks(FS, "infra", health="Failed", message="boom"), "2")
    changed = _decode(graph_json(cache, GraphQuery()))
    assert changed.version == 2
    assert [r.id for r in changed.root_causes] == ["Kustomization/flux-system/infra"]


def test_references_are_reread_only_for_changed_objects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    original = graph_module.read_references

    def counting(row: Any, raw: Any) -> Any:
        calls.append(row.id)
        return original(row, raw)

    monkeypatch.setattr(graph_view, "read_references", counting, raising=True)
    cache = FakeCache(_fleet())
    graph_json(cache, GraphQuery())
    assert sorted(calls) == sorted(cache.items)
    calls.clear()
    cache.put(ks(FS, "infra", depends_on=[{"name": "base"}]), "2")
    graph = _decode(graph_json(cache, GraphQuery()))
    assert calls == ["Kustomization/flux-system/infra"]
    assert any(e.target == "Kustomization/flux-system/base" for e in graph.edges)


def test_workload_nodes_read_live_status_and_are_not_memoised() -> None:
    cache = FakeCache(_fleet())
    query = GraphQuery(workloads=True)
    graph = _decode(graph_json(cache, query))
    web = next(n for n in graph.nodes if n.id == "Deployment/apps/web")
    assert (web.health, web.message) == ("Unknown", "not watched")
    cache.workloads[("apps", "web")] = FakeWorkload(False, True, "1/2 ready")
    web = next(
        n
        for n in _decode(graph_json(cache, query)).nodes
        if n.id == "Deployment/apps/web"
    )
    assert (web.health, web.message) == ("Progressing", "1/2 ready")
    cache.workloads[("apps", "web")] = FakeWorkload(False, False, "0/2 ready")
    web = next(
        n
        for n in _decode(graph_json(cache, query)).nodes
        if n.id == "Deployment/apps/web"
    )
    assert (web.health, web.message) == ("Failed", "not available: 0/2 ready")
    assert "Deployment/apps/web" not in {
        n.id for n in _decode(graph_json(cache, GraphQuery())).nodes
    }


def test_unknown_focus_and_explain() -> None:
    cache = FakeCache(_fleet())
    with pytest.raises(NotFound):
        graph_json(cache, GraphQuery(focus="Kustomization/flux-system/nope"))
    answer = explain_object(cache, "Kustomization/flux-system/apps")
    assert answer.blocked_by == []
    with pytest.raises(NotFound):
        explain_object(cache, "Kustomization/flux-system/nope")
