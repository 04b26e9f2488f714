"""kubesim over raw HTTP: discovery, Status errors, tables, selectors, faults, stats."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from kubesim.protobuf import decode_body
from kubesim.server import KubeSim

KS = "kustomize.toolkit.fluxcd.io"
KS_PATH = f"/apis/{KS}/v1/namespaces/apps/kustomizations"
TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"


@pytest.fixture
async def env(
    flux_crds: list[dict[str, Any]],
) -> AsyncIterator[tuple[KubeSim, httpx.AsyncClient]]:
    sim = KubeSim("empty", tokens={"t": ("admin", ["system:masters"])})
    await sim.start()
    for crd in flux_crds:
        sim.store.create("apiextensions.k8s.io", "customresourcedefinitions", crd)
    sim.store.create("", "namespaces", {"metadata": {"name": "apps"}})
    async with httpx.AsyncClient(base_url=sim.url, timeout=10) as http:
        yield sim, http
    await sim.stop()


def ks(name: str, **labels: str) -> dict[str, Any]:
    return {
        "apiVersion": f"{KS}/v1",
        "kind": "Kustomization",
        "metadata": {"name": name, "labels": labels},
        "spec": {
            "interval": "5m",
            "prune": True,
            "sourceRef": {"kind": "GitRepository", "name": "r"},
        },
    }


def assert_status(response: httpx.Response, code: int, reason: str) -> dict[str, Any]:
    assert response.status_code == code, response.text
    body: dict[str, Any] = response.json()
    assert body["kind"] == "Status"
    assert body["apiVersion"] == "v1"
    assert body["status"] == "Failure"
    assert body["reason"] == reason
    assert body["code"] == code
    return body


async def test_discovery(env: tuple[KubeSim, httpx.AsyncClient]) -> None:
    _, http = env
    version = (await http.get("/version")).json()
    assert version["major"] == "1"
    assert version["gitVersion"].startswith("v1.")
    assert (await http.get("/api")).json()["versions"] == ["v1"]
    groups = {g["name"]: g for g in (await http.get("/apis")).json()["groups"]}
    assert groups[KS]["preferredVersion"]["version"] == "v1"
    assert (
        groups["notification.toolkit.fluxcd.io"]["preferredVersion"]["version"] == "v1"
    )
    assert [
        v["version"] for v in groups["notification.toolkit.fluxcd.io"]["versions"]
    ] == ["v1", "v1beta3"]
    resources = {
        r["name"]: r for r in (await http.get(f"/apis/{KS}/v1")).json()["resources"]
    }
    assert resources["kustomizations"]["shortNames"] == ["ks"]
    assert resources["kustomizations"]["namespaced"] is True
    assert "watch" in resources["kustomizations"]["verbs"]
    assert "fluxcd" in resources["kustomizations"]["categories"]
    assert resources["kustomizations/status"]["verbs"] == ["get", "patch", "update"]
    core = {r["name"]: r for r in (await http.get("/api/v1")).json()["resources"]}
    assert core["namespaces"]["namespaced"] is False
    assert core["events"]["shortNames"] == ["ev"]
    alerts = {
        r["name"]
        for r in (
            await http.get("/apis/notification.toolkit.fluxcd.io/v1beta3")
        ).json()["resources"]
    }
    assert alerts == {"alerts", "providers"}
    assert_status(await http.get("/apis/nope.io/v1"), 404, "NotFound")
    assert (await http.get("/openapi/v2")).status_code == 404


async def test_status_errors(env: tuple[KubeSim, httpx.AsyncClient]) -> None:
    sim, http = env
    assert (await http.post(KS_PATH, json=ks("a"))).status_code == 201
    missing = assert_status(await http.get(f"{KS_PATH}/nope"), 404, "NotFound")
    assert missing["message"] == f'kustomizations.{KS} "nope" not found'
    assert missing["details"] == {"name": "nope", "group": KS, "kind": "kustomizations"}
    exists = assert_status(await http.post(KS_PATH, json=ks("a")), 409, "AlreadyExists")
    assert exists["message"] == f'kustomizations.{KS} "a" already exists'
    stale = {**ks("a"), "metadata": {"name": "a", "resourceVersion": "1"}}
    assert_status(await http.put(f"{KS_PATH}/a", json=stale), 409, "Conflict")
    no_rv = assert_status(await http.put(f"{KS_PATH}/a", json=ks("a")), 422, "Invalid")
    assert "must be specified for an update" in no_rv["message"]
    invalid = assert_status(await http.post(KS_PATH, json=ks("UPPER")), 422, "Invalid")
    assert invalid["details"]["causes"][0]["field"] == "metadata.name"
    assert_status(
        await http.post(f"{KS_PATH}/a", json=ks("a")), 405, "MethodNotAllowed"
    )
    assert_status(
        await http.patch(
            f"{KS_PATH}/a",
            content=b"{}",
            headers={"content-type": "application/strategic-merge-patch+json"},
        ),
        415,
        "UnsupportedMediaType",
    )
    assert_status(
        await http.get(KS_PATH, params={"labelSelector": "a in (b"}), 400, "BadRequest"
    )
    assert_status(
        await http.get(KS_PATH, params={"fieldSelector": "spec.x=1"}), 400, "BadRequest"
    )
    assert_status(await http.post(KS_PATH, content=b"{not json"), 400, "BadRequest")
    assert_status(
        await http.get("/api/v1/namespaces", headers={"authorization": "Bearer bad"}),
        401,
        "Unauthorized",
    )
    assert_status(
        await http.get(f"/apis/{KS}/v1/namespaces/ghost/kustomizations/x"),
        404,
        "NotFound",
    )
    sim.faults.fail_next(1)
    assert_status(await http.get("/api/v1/namespaces"), 500, "InternalError")
    sim.faults.throttle(5, retry_after=3)
    throttled = await http.get("/api/v1/namespaces")
    assert (
        assert_status(throttled, 429, "TooManyRequests")["details"]["retryAfterSeconds"]
        == 3
    )
    assert throttled.headers["retry-after"] == "3"
    sim.faults.clear()
    sim.faults.outage(5)
    assert_status(await http.get("/version"), 503, "ServiceUnavailable")
    sim.faults.clear()
    sim.faults.expire_next_watches(1)
    assert_status(await http.get(KS_PATH, params={"watch": "1"}), 410, "Expired")


async def test_rbac_forbidden_status() -> None:
    sim = KubeSim("empty", rbac=True, tokens={"u": ("bob", [])})
    await sim.start()
    try:
        headers = {"authorization": "Bearer u"}
        async with httpx.AsyncClient(base_url=sim.url, headers=headers) as http:
            secret = await http.get("/api/v1/namespaces/default/secrets/s")
            denied = assert_status(secret, 403, "Forbidden")
            assert denied["message"] == (
                'secrets "s" is forbidden: User "bob" cannot get resource "secrets" in API group "" '
                'in the namespace "default"'
            )
            assert denied["details"] == {"name": "s", "group": "", "kind": "secrets"}
            # discovery stays open to authenticated users (system:discovery)
            assert (await http.get("/apis")).status_code == 200
            # anonymous requests are not cluster-admin once RBAC is on
            anonymous = await http.get(
                "/api/v1/namespaces", headers={"authorization": ""}
            )
            assert_status(anonymous, 403, "Forbidden")
    finally:
        await sim.stop()


async def test_table_output(env: tuple[KubeSim, httpx.AsyncClient]) -> None:
    sim, http = env
    await http.post(KS_PATH, json=ks("a"))
    sim.store.patch(
        KS,
        "kustomizations",
        "apps",
        "a",
        {
            "status": {
                "conditions": [
                    {
                        "type": "Ready",
                        "status": "False",
                        "message": "boom",
                        "reason": "Failed",
                    }
                ]
            }
        },
        subresource="status",
    )
    table = (await http.get(KS_PATH, headers={"accept": TABLE})).json()
    assert table["kind"] == "Table"
    assert [c["name"] for c in table["columnDefinitions"]] == [
        "Name",
        "Age",
        "Ready",
        "Status",
    ]
    row = table["rows"][0]
    assert row["cells"][0] == "a"
    assert row["cells"][1].endswith("s")
    assert row["cells"][2:] == ["False", "boom"]
    assert row["object"]["kind"] == "PartialObjectMetadata"
    assert row["object"]["metadata"]["name"] == "a"
    namespaces = (
        await http.get("/api/v1/namespaces", headers={"accept": TABLE})
    ).json()
    assert [c["name"] for c in namespaces["columnDefinitions"]] == [
        "Name",
        "Status",
        "Age",
    ]
    assert namespaces["rows"][0]["cells"][:2] == ["apps", "Active"]
    one = (
        await http.get(
            f"{KS_PATH}/a",
            headers={"accept": TABLE},
            params={"includeObject": "Object"},
        )
    ).json()
    assert one["rows"][0]["object"]["spec"]["interval"] == "5m"


async def test_event_field_selectors_and_deletecollection(
    env: tuple[KubeSim, httpx.AsyncClient],
) -> None:
    _, http = env
    for i, kind in enumerate(["Kustomization", "HelmRelease", "Kustomization"]):
        event = {
            "metadata": {"name": f"e{i}"},
            "involvedObject": {
                "kind": kind,
                "name": f"obj{i % 2}",
                "namespace": "apps",
                "uid": f"u{i}",
            },
            "reason": "ReconciliationSucceeded",
            "type": "Normal" if i else "Warning",
            "message": "ok",
        }
        assert (
            await http.post("/api/v1/namespaces/apps/events", json=event)
        ).status_code == 201

    async def names(selector: str) -> list[str]:
        response = await http.get("/api/v1/events", params={"fieldSelector": selector})
        return [e["metadata"]["name"] for e in response.json()["items"]]

    assert await names("involvedObject.kind=Kustomization") == ["e0", "e2"]
    assert await names(
        "involvedObject.kind=Kustomization,involvedObject.name=obj0"
    ) == ["e0", "e2"]
    assert await names("involvedObject.uid=u1") == ["e1"]
    assert await names("type=Warning") == ["e0"]
    assert await names(
        "involvedObject.namespace=apps,involvedObject.kind!=Kustomization"
    ) == ["e1"]
    deleted = await http.delete(
        "/api/v1/namespaces/apps/events", params={"fieldSelector": "type=Normal"}
    )
    assert [e["metadata"]["name"] for e in deleted.json()["items"]] == ["e1", "e2"]
    assert await names("") == ["e0"]


async def test_watch_stream_wire_format(env: tuple[KubeSim, httpx.AsyncClient]) -> None:
    sim, http = env
    await http.post(KS_PATH, json=ks("a"))
    rv = sim.store.resource_version
    async with http.stream(
        "GET",
        KS_PATH,
        params={"watch": "true", "resourceVersion": rv, "timeoutSeconds": "2"},
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        lines = response.aiter_lines()
        await asyncio.sleep(0.05)
        sim.store.patch(KS, "kustomizations", "apps", "a", {"spec": {"suspend": True}})
        event = json.loads(await anext(lines))
    assert event["type"] == "MODIFIED"
    assert event["object"]["spec"]["suspend"] is True
    # table watches carry column definitions on the first event only
    async with http.stream(
        "GET",
        KS_PATH,
        params={"watch": "1", "timeoutSeconds": "1"},
        headers={"accept": TABLE},
    ) as response:
        first = json.loads(await anext(response.aiter_lines()))
    assert first["type"] == "ADDED"
    assert first["object"]["kind"] == "Table"
    assert first["object"]["columnDefinitions"]


async def test_patch_content_types_and_strategic_merge_on_builtins(
    env: tuple[KubeSim, httpx.AsyncClient],
) -> None:
    _, http = env
    await http.post(
        "/api/v1/namespaces/apps/configmaps",
        json={"metadata": {"name": "c"}, "data": {"a": "1"}},
    )
    merged = await http.patch(
        "/api/v1/namespaces/apps/configmaps/c",
        content=b'{"data":{"b":"2"}}',
        headers={"content-type": "application/strategic-merge-patch+json"},
    )
    assert merged.json()["data"] == {"a": "1", "b": "2"}
    json_patched = await http.patch(
        "/api/v1/namespaces/apps/configmaps/c",
        content=b'[{"op":"remove","path":"/data/a"}]',
        headers={"content-type": "application/json-patch+json"},
    )
    assert json_patched.json()["data"] == {"b": "2"}
    assert_status(
        await http.patch(
            "/api/v1/namespaces/apps/configmaps/c",
            content=b"a: 1",
            headers={"content-type": "application/apply-patch+yaml"},
        ),
        415,
        "UnsupportedMediaType",
    )
    gone = (await http.delete("/api/v1/namespaces/apps/configmaps/c")).json()
    assert (gone["kind"], gone["status"]) == ("Status", "Success")


async def test_faults_and_stats_over_http(
    env: tuple[KubeSim, httpx.AsyncClient],
) -> None:
    sim, http = env
    await http.post("/_kubesim/stats/reset")
    await http.get(KS_PATH)
    await http.get(KS_PATH)
    stats = (await http.get("/_kubesim/stats")).json()
    assert stats["counts"][f"list {KS}/kustomizations"] == 2
    assert sim.stats.count("list", KS, "kustomizations") == 2
    state = (await http.post("/_kubesim/faults", json={"outage": 30})).json()
    assert state["outageSeconds"] > 29
    assert (await http.get("/version")).status_code == 503
    assert (await http.delete("/_kubesim/faults")).status_code == 200
    assert (await http.get("/version")).status_code == 200
    assert_status(
        await http.post("/_kubesim/faults", json={"bogus": 1}), 400, "BadRequest"
    )
    assert (await http.post("/_kubesim/faults", json={"latency": 0.2})).json()[
        "latency"
    ] == 0.2
    started = asyncio.get_running_loop().time()
    await http.get("/version")
    assert asyncio.get_running_loop().time() - started >= 0.2


def _field(number: int, payload: bytes) -> bytes:
    return bytes([number << 3 | 2, len(payload)]) + payload


def test_protobuf_namespace_body() -> None:
    meta = (
        _field(1, b"team")
        + _field(11, _field(1, b"env") + _field(2, b"prod"))
        + _field(2, b"")
    )
    raw = _field(1, meta) + _field(2, _field(1, b"kubernetes"))
    envelope = (
        b"k8s\x00"
        + _field(1, _field(1, b"v1") + _field(2, b"Namespace"))
        + _field(2, raw)
    )
    assert decode_body(envelope) == {
        "kind": "Namespace",
        "apiVersion": "v1",
        "metadata": {"name": "team", "labels": {"env": "prod"}},
        "spec": {"finalizers": ["kubernetes"]},
    }


async def test_malformed_input_is_a_4xx_never_a_5xx(
    env: tuple[KubeSim, httpx.AsyncClient],
) -> None:
    _, http = env
    rbac = "/apis/rbac.authorization.k8s.io/v1"
    bad_bodies: list[tuple[str, Any]] = [
        (KS_PATH, []),
        (KS_PATH, {"metadata": "x"}),
        (KS_PATH, {"metadata": {"name": 7}}),
        (KS_PATH, {"metadata": {"name": "a", "labels": "x"}}),
        (KS_PATH, {"metadata": {"name": "a", "labels": {"k": 1}}}),
        (KS_PATH, {"metadata": {"name": "a", "labels": {"bad key!": "v"}}}),
        (KS_PATH, {"metadata": {"name": "a", "labels": {"k": "not valid value"}}}),
        (KS_PATH, {"metadata": {"name": "a", "finalizers": "x"}}),
        (KS_PATH, {"metadata": {"name": "a", "namespace": "other"}}),
        (KS_PATH, {"apiVersion": "v9", "metadata": {"name": "a"}}),
        (f"{rbac}/clusterroles", {"metadata": {"name": "r"}, "rules": "all"}),
        (
            f"{rbac}/clusterroles",
            {"metadata": {"name": "r"}, "rules": [{"resources": ["x"]}]},
        ),
        (
            f"{rbac}/clusterrolebindings",
            {"metadata": {"name": "b"}, "roleRef": "admin"},
        ),
        (
            f"{rbac}/namespaces/apps/rolebindings",
            {
                "metadata": {"name": "b"},
                "roleRef": {"kind": "Role", "name": "r"},
                "subjects": [{"kind": "Robot", "name": "x"}],
            },
        ),
        (
            "/api/v1/namespaces/apps/events",
            {"metadata": {"name": "e"}, "involvedObject": "x"},
        ),
        (
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            {"metadata": {"name": "x"}, "spec": {"versions": ["v1"]}},
        ),
        ("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {"spec": {}}),
    ]
    for path, body in bad_bodies:
        response = await http.post(path, json=body)
        assert 400 <= response.status_code < 500, (path, body, response.text)
        assert response.json()["kind"] == "Status"
    await http.post(KS_PATH, json=ks("a"))
    for content_type, patch in [
        ("application/merge-patch+json", b'{"metadata": "x"}'),
        ("application/merge-patch+json", b'"just a string"'),
        ("application/merge-patch+json", b'{"metadata": {"name": "b"}}'),
        ("application/json-patch+json", b'{"op": "add"}'),
        ("application/json-patch+json", b'[{"op": "add", "path": 5, "value": 1}]'),
        (
            "application/json-patch+json",
            b'[{"op": "move", "from": "/nope", "path": "/x"}]',
        ),
        ("application/json-patch+json", b'[{"op": "explode", "path": "/x"}]'),
        (
            "application/json-patch+json",
            b'[{"op": "replace", "path": "/metadata/labels", "value": 3}]',
        ),
    ]:
        response = await http.patch(
            f"{KS_PATH}/a", content=patch, headers={"content-type": content_type}
        )
        assert 400 <= response.status_code < 500, (patch, response.text)
    for params in [
        {"limit": "x"},
        {"timeoutSeconds": "x", "watch": "1"},
        {"continue": "garbage"},
        {"resourceVersion": "abc"},
    ]:
        response = await http.get(KS_PATH, params=params)
        assert 400 <= response.status_code < 500, (params, response.text)
    assert (
        await http.get(KS_PATH, params={"resourceVersion": "999999"})
    ).status_code == 504


async def test_server_side_dry_run(env: tuple[KubeSim, httpx.AsyncClient]) -> None:
    sim, http = env
    rv = sim.store.resource_version
    created = await http.post(KS_PATH, json=ks("dry"), params={"dryRun": "All"})
    assert created.status_code == 201
    assert created.json()["metadata"]["uid"]
    assert (await http.get(f"{KS_PATH}/dry")).status_code == 404
    assert sim.store.resource_version == rv
    await http.post(KS_PATH, json=ks("real"))
    patched = await http.patch(
        f"{KS_PATH}/real",
        params={"dryRun": "All"},
        content=b'{"spec":{"suspend":true}}',
        headers={"content-type": "application/merge-patch+json"},
    )
    assert patched.json()["metadata"]["generation"] == 2
    assert (await http.get(f"{KS_PATH}/real")).json()["metadata"]["generation"] == 1
    assert (
        await http.delete(f"{KS_PATH}/real", params={"dryRun": "All"})
    ).status_code == 200
    assert (await http.get(f"{KS_PATH}/real")).status_code == 200
    assert_status(
        await http.post(KS_PATH, json=ks("x"), params={"dryRun": "Some"}),
        400,
        "BadRequest",
    )
