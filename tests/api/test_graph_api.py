"""GET /api/v1/graph and /graph/blocked over real HTTP, against a cache fed with raw objects."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn

from fluxdash.main import create_app
from fluxdash.models.graph import BlockedBy, GraphResponse
from fluxdash.models.kinds import KINDS, kind_by_name
from fluxdash.services.cache import FluxCache, KindState
from fluxdash.services.runtime import Runtime
from fluxdash.settings import Settings
from tests.unit.graph_fixtures import Obj, git, helm_release, ks

FS = "flux-system"
GIT = "GitRepository/flux-system/flux-system"


def _fleet() -> list[Obj]:
    return [
        git(FS, "flux-system", health="Failed", message="authentication required"),
        ks(FS, "infra", health="Failed", message="Source artifact not found"),
        ks(
            "apps",
            "apps",
            source_ns=FS,
            depends_on=[{"name": "infra", "namespace": FS}],
            health="Failed",
            message="dependency 'flux-system/infra' is not ready",
        ),
        ks("apps", "loop-a", source_ns=FS, depends_on=[{"name": "loop-b"}]),
        ks("apps", "loop-b", source_ns=FS, depends_on=[{"name": "loop-a"}]),
        helm_release("apps", "podinfo", source="podinfo", source_ns=FS),
    ]


def _load(cache: FluxCache, objects: Iterable[Obj]) -> None:
    cache.configure_kinds(
        {info.plural: KindState(info.preferred_version) for info in KINDS}
    )
    by_plural: dict[str, list[dict[str, Any]]] = {info.plural: [] for info in KINDS}
    for number, obj in enumerate(objects, start=1):
        raw = dict(obj.raw)
        raw["metadata"] = {**raw["metadata"], "resourceVersion": str(number)}
        by_plural[kind_by_name(obj.row.kind).plural].append(raw)
    for plural, items in by_plural.items():
        cache.replace_kind(plural, items)


@dataclass
class Served:
    cache: FluxCache
    http: httpx.AsyncClient


async def _serve(
    runtime: Runtime, settings: Settings | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings or Settings(), runtime)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}/api/v1") as http:
        yield http
    server.should_exit = True
    await task


@pytest.fixture
async def served() -> AsyncIterator[Served]:
    cache = FluxCache()
    _load(cache, _fleet())
    async for http in _serve(Runtime(mode="embedded", cache=cache)):
        yield Served(cache, http)


async def test_whole_graph_with_root_causes_cycles_and_etag(served: Served) -> None:
    response = await served.http.get("/graph")
    assert response.status_code == 200
    graph = GraphResponse.model_validate(response.json())
    ids = {n.id for n in graph.nodes}
    assert {GIT, "Kustomization/apps/apps", "HelmRelease/apps/podinfo"} <= ids
    # the chart template's source does not exist: a placeholder, never dropped
    placeholder = next(
        n for n in graph.nodes if n.id == "HelmRepository/flux-system/podinfo"
    )
    assert (placeholder.missing, placeholder.message) == (True, "not found")
    assert next(r.id for r in graph.root_causes) == GIT
    assert graph.cycles == [["Kustomization/apps/loop-a", "Kustomization/apps/loop-b"]]
    apps = next(n for n in graph.nodes if n.id == "Kustomization/apps/apps")
    # its source fails too: both are nearest failing objects upstream
    assert apps.blocked_by == [GIT, "Kustomization/flux-system/infra"]
    body = response.json()
    assert "blockedBy" in body["nodes"][0]
    assert "rootCauses" in body
    etag = response.headers["etag"]
    again = await served.http.get("/graph", headers={"If-None-Match": etag})
    assert again.status_code == 304


async def test_gzip_body_is_the_same_graph(served: Served) -> None:
    plain = await served.http.get("/graph", headers={"Accept-Encoding": "identity"})
    packed = await served.http.get("/graph", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.json() == plain.json()


async def test_filters_over_http(served: Served) -> None:
    response = await served.http.get(
        "/graph", params=[("namespace", "apps"), ("edgeTypes", "dependsOn")]
    )
    graph = GraphResponse.model_validate(response.json())
    assert {e.type for e in graph.edges} == {"dependsOn"}
    neighbours = {n.id for n in graph.nodes if n.neighbour}
    assert "Kustomization/flux-system/infra" in neighbours
    assert all(n.namespace == "apps" for n in graph.nodes if not n.neighbour)

    kinds = await served.http.get(
        "/graph", params=[("kinds", "gitrepositories"), ("kinds", "helmreleases")]
    )
    assert {n.kind for n in GraphResponse.model_validate(kinds.json()).nodes} == {
        "GitRepository",
        "HelmRelease",
    }

    focus = await served.http.get(
        "/graph", params={"focus": "Kustomization/apps/loop-a", "depth": 1}
    )
    focused = GraphResponse.model_validate(focus.json())
    assert {n.id for n in focused.nodes if not n.neighbour} == {
        "Kustomization/apps/loop-a",
        "Kustomization/apps/loop-b",
        GIT,
    }


@pytest.mark.parametrize(
    ("params", "status", "error_type"),
    [
        ({"focus": "Kustomization/apps/nope"}, 404, "NotFound"),
        ({"focus": "not-an-id"}, 422, "ValidationFailed"),
        ({"kinds": "deployments"}, 422, "ValidationFailed"),
        ({"edgeTypes": "owns"}, 422, "ValidationFailed"),
        ({"focus": GIT, "depth": "-1"}, 422, "ValidationFailed"),
        ({"focus": GIT, "depth": "99"}, 422, "ValidationFailed"),
        ({"focus": GIT, "depth": "two"}, 422, "ValidationFailed"),
        ({"namespace": "Not_A_Namespace"}, 422, "ValidationFailed"),
    ],
)
async def test_bad_input_is_a_typed_4xx(
    served: Served, params: dict[str, str], status: int, error_type: str
) -> None:
    response = await served.http.get("/graph", params=params)
    assert response.status_code == status
    assert response.json()["type"] == error_type
    assert response.json()["detail"]


async def test_depth_without_focus_is_ignored(served: Served) -> None:
    plain = await served.http.get("/graph")
    with_depth = await served.http.get("/graph", params={"depth": "1"})
    assert with_depth.status_code == 200
    assert with_depth.json()["nodes"] == plain.json()["nodes"]


async def test_blocked_by_for_one_object(served: Served) -> None:
    response = await served.http.get("/graph/blocked/kustomizations/flux-system/infra")
    assert response.status_code == 200
    answer = BlockedBy.model_validate(response.json())
    assert answer.blocked_by == [GIT]
    assert answer.root_causes == [GIT]
    assert answer.explanation == (
        "Kustomization flux-system/infra waits on GitRepository flux-system/flux-system; "
        "GitRepository flux-system/flux-system fails: authentication required"
    )
    assert (await served.http.get("/graph/blocked/widgets/a/b")).status_code == 404
    missing = await served.http.get("/graph/blocked/kustomizations/apps/nope")
    assert (missing.status_code, missing.json()["type"]) == (404, "NotFound")


async def test_graph_follows_cache_changes(served: Served) -> None:
    before = GraphResponse.model_validate((await served.http.get("/graph")).json())
    fixed = git(FS, "flux-system")
    raw = {**fixed.raw, "metadata": {**fixed.raw["metadata"], "resourceVersion": "99"}}
    served.cache.apply("gitrepositories", "MODIFIED", raw)
    after = GraphResponse.model_validate((await served.http.get("/graph")).json())
    assert after.version > before.version
    assert GIT not in {r.id for r in after.root_causes}
    infra = next(n for n in after.nodes if n.id == "Kustomization/flux-system/infra")
    assert infra.root_cause
    assert infra.blocked_by == []


async def test_no_cluster_is_503() -> None:
    async for http in _serve(Runtime(), Settings(cluster_mode="none")):
        response = await http.get("/graph")
        assert (response.status_code, response.json()["type"]) == (
            503,
            "KubeUnavailable",
        )
