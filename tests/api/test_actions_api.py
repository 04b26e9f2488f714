"""The action routes over ASGI with an in-memory cluster: guards, status codes, typed errors."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from fluxdash.main import create_app
from fluxdash.models.identity import Identity
from fluxdash.services.action_cache import ActionCacheView
from fluxdash.services.actions import ActionService
from fluxdash.services.cache import FluxCache
from fluxdash.services.runtime import Runtime
from fluxdash.settings import Settings
from tests.unit.actions_fake_cluster import FakeCluster, flux_object

WRITE = {"X-Requested-By": "fluxdash"}


def make_cluster() -> FakeCluster:
    cluster = FakeCluster(auto_settle=True)
    cluster.add(
        flux_object("GitRepository", "flux-system", "repo", {"url": "https://git"})
    )
    cluster.add(
        flux_object(
            "Kustomization",
            "flux-system",
            "apps",
            {"prune": True, "sourceRef": {"kind": "GitRepository", "name": "repo"}},
        )
    )
    cluster.add(
        flux_object("Alert", "flux-system", "slack", {"providerRef": {"name": "slack"}})
    )
    return cluster


async def client_for(
    settings: Settings, cluster: FakeCluster
) -> tuple[httpx.AsyncClient, ActionService]:
    cache = cluster.attach_cache(FluxCache())
    service = ActionService(cluster, ActionCacheView(cache), timeout_seconds=2)
    service.start()
    runtime = Runtime(
        mode="embedded", message="fake cluster", cache=cache, actions=service
    )
    app = create_app(settings, runtime)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(
        transport=transport, base_url="http://fluxdash.test"
    ), service


@pytest.fixture
def cluster() -> FakeCluster:
    return make_cluster()


@pytest.fixture
async def client(cluster: FakeCluster) -> AsyncIterator[httpx.AsyncClient]:
    http, service = await client_for(Settings(cluster_mode="none"), cluster)
    async with http:
        yield http
    await service.close()


async def test_reconcile_answers_202_with_a_pending_record(
    client: httpx.AsyncClient, cluster: FakeCluster
) -> None:
    response = await client.post(
        "/api/v1/resources/kustomizations/flux-system/apps/reconcile",
        headers=WRITE,
        json={"withSource": True},
    )
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["state"] == "pending"
    assert body["action"] == "reconcile"
    assert body["target"] == {
        "kind": "Kustomization",
        "namespace": "flux-system",
        "name": "apps",
        "id": "Kustomization/flux-system/apps",
    }
    assert body["user"] == "anonymous"
    assert (
        body["cli"] == "flux reconcile kustomization apps -n flux-system --with-source"
    )
    assert body["options"]["withSource"] is True
    assert [s["role"] for s in body["steps"]] == ["source", "target"]
    assert response.headers["X-Request-ID"]
    record = await client.get(f"/api/v1/actions/{body['id']}")
    assert record.status_code == 200
    listed = (await client.get("/api/v1/actions")).json()["items"]
    assert listed[0]["id"] == body["id"]


async def test_suspend_with_reason_and_resume_without_body(
    client: httpx.AsyncClient, cluster: FakeCluster
) -> None:
    response = await client.post(
        "/api/v1/resources/kustomizations/flux-system/apps/suspend",
        headers=WRITE,
        json={"reason": "freeze for the release"},
    )
    assert response.status_code == 202
    assert cluster.patches[-1].body["metadata"]["annotations"] == {
        "fluxdash.io/suspend-reason": "freeze for the release"
    }
    response = await client.post(
        "/api/v1/resources/kustomizations/flux-system/apps/resume", headers=WRITE
    )
    assert response.status_code == 202
    assert response.json()["cli"] == "flux resume kustomization apps -n flux-system"


@pytest.mark.parametrize(
    ("path", "body", "status", "error_type"),
    [
        (
            "kustomizations/flux-system/apps/reconcile",
            {"force": True},
            422,
            "ActionNotSupported",
        ),
        ("alerts/flux-system/slack/reconcile", None, 422, "ActionNotSupported"),
        ("widgets/flux-system/apps/reconcile", None, 404, "UnknownKind"),
        ("kustomizations/flux-system/nope/suspend", None, 404, "NotFound"),
        (
            "kustomizations/flux-system/apps/reconcile",
            {"wat": 1},
            422,
            "ValidationFailed",
        ),
        ("kustomizations/Not_A_Namespace/apps/suspend", None, 422, "ValidationFailed"),
        (
            "kustomizations/flux-system/apps/reconcile",
            {"withSource": "yes"},
            422,
            "ValidationFailed",
        ),
        ("kustomizations/flux-system/apps/reconcile", [1, 2], 422, "ValidationFailed"),
        (
            "kustomizations/flux-system/apps/suspend",
            {"reason": "x" * 2000},
            422,
            "ValidationFailed",
        ),
    ],
)
async def test_bad_requests_get_typed_4xx(
    client: httpx.AsyncClient, path: str, body: Any, status: int, error_type: str
) -> None:
    response = await client.post(f"/api/v1/resources/{path}", headers=WRITE, json=body)
    assert response.status_code == status, response.text
    assert response.json()["type"] == error_type
    if error_type == "UnknownKind":
        assert "kustomizations" in response.json()["detail"]


async def test_reconcile_of_a_suspended_object_is_409(
    client: httpx.AsyncClient, cluster: FakeCluster
) -> None:
    cluster.objects["Kustomization/flux-system/apps"]["spec"]["suspend"] = True
    response = await client.post(
        "/api/v1/resources/kustomizations/flux-system/apps/reconcile", headers=WRITE
    )
    assert response.status_code == 409
    assert response.json() == {
        "type": "ResourceSuspended",
        "detail": "resource is suspended",
    }


async def test_rbac_403_passes_through_naming_what_was_denied(
    client: httpx.AsyncClient, cluster: FakeCluster
) -> None:
    cluster.denied.add(("patch", "kustomizations", "flux-system"))
    response = await client.post(
        "/api/v1/resources/kustomizations/flux-system/apps/suspend", headers=WRITE
    )
    assert response.status_code == 403
    assert "patch kustomizations" in response.json()["detail"]
    assert "flux-system" in response.json()["detail"]


async def test_writes_without_the_csrf_header_are_refused_and_audited(
    client: httpx.AsyncClient, cluster: FakeCluster, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="fluxdash.audit"):
        response = await client.post(
            "/api/v1/resources/kustomizations/flux-system/apps/suspend",
            headers={"Authorization": "Bearer secret-token-123"},
        )
    assert response.status_code == 403
    assert response.json()["type"] == "CsrfRejected"
    assert "X-Requested-By: fluxdash" in response.json()["detail"]
    assert cluster.patches == []
    [line] = [r for r in caplog.records if r.name == "fluxdash.audit"]
    assert line.__dict__["outcome"] == "refused"
    assert line.__dict__["action"] == "suspend"
    assert "secret-token-123" not in str(line.__dict__)


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("http://fluxdash.test", True),
        ("http://FLUXDASH.test:80", True),
        # Behind a TLS-terminating proxy the browser says https while fluxdash sees http.
        ("https://fluxdash.test", True),
        ("http://fluxdash.test:8080", False),
        ("http://evil.example", False),
        ("null", False),
        ("http://[::1", False),
        ("http://fluxdash.test.evil.example", False),
        ("https://dash.example.com", True),
    ],
)
async def test_origin_must_match_the_served_host_or_the_allowlist(
    cluster: FakeCluster, origin: str, allowed: bool
) -> None:
    settings = Settings(
        cluster_mode="none", allowed_origins=["https://dash.example.com"]
    )
    http, service = await client_for(settings, cluster)
    async with http:
        response = await http.post(
            "/api/v1/resources/kustomizations/flux-system/apps/suspend",
            headers={**WRITE, "Origin": origin},
        )
    await service.close()
    if allowed:
        assert response.status_code == 202, response.text
    else:
        assert response.status_code == 403
        assert response.json()["type"] == "CsrfRejected"


async def test_read_only_mode_refuses_actions_and_says_so_in_capabilities(
    cluster: FakeCluster,
) -> None:
    http, service = await client_for(
        Settings(cluster_mode="none", read_only=True), cluster
    )
    async with http:
        response = await http.post(
            "/api/v1/resources/kustomizations/flux-system/apps/reconcile", headers=WRITE
        )
        bulk = await http.post(
            "/api/v1/actions",
            headers=WRITE,
            json={
                "action": "resume",
                "targets": [
                    {
                        "kind": "kustomizations",
                        "namespace": "flux-system",
                        "name": "apps",
                    }
                ],
            },
        )
        capabilities = (await http.get("/api/v1/capabilities")).json()
    await service.close()
    assert response.status_code == 403
    assert response.json()["type"] == "ReadOnly"
    assert bulk.status_code == 403
    assert cluster.patches == []
    assert capabilities["readOnly"] is True
    assert capabilities["actions"] == []
    assert capabilities["csrfHeader"] == "X-Requested-By"


async def test_capabilities_when_writable(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/v1/capabilities")).json()
    assert body == {
        "readOnly": False,
        "actions": ["suspend", "resume", "reconcile"],
        "user": "anonymous",
        "authMode": "none",
        "csrfHeader": "X-Requested-By",
        "csrfValue": "fluxdash",
    }


async def test_token_auth_without_a_provider_fails_closed(cluster: FakeCluster) -> None:
    http, service = await client_for(
        Settings(cluster_mode="none", auth_mode="token"), cluster
    )
    async with http:
        response = await http.post(
            "/api/v1/resources/kustomizations/flux-system/apps/suspend", headers=WRITE
        )
    await service.close()
    assert response.status_code == 401
    assert cluster.patches == []


async def test_an_identity_resolver_plugs_in(cluster: FakeCluster) -> None:
    http, service = await client_for(
        Settings(cluster_mode="none", auth_mode="proxy"), cluster
    )
    transport = http._transport
    assert isinstance(transport, httpx.ASGITransport)
    app = transport.app
    app.state.identity_resolver = lambda request: Identity(  # type: ignore[attr-defined]  # FastAPI app behind the transport
        user=request.headers["X-Test-User"], impersonate=True
    )
    async with http:
        response = await http.post(
            "/api/v1/resources/kustomizations/flux-system/apps/suspend",
            headers={**WRITE, "X-Test-User": "jane"},
        )
    await service.close()
    assert response.json()["user"] == "jane"
    assert cluster.patches[0].identity == Identity(user="jane", impersonate=True)


async def test_bulk_returns_one_record_per_target(
    client: httpx.AsyncClient, cluster: FakeCluster
) -> None:
    response = await client.post(
        "/api/v1/actions",
        headers=WRITE,
        json={
            "action": "reconcile",
            "targets": [
                {"kind": "kustomizations", "namespace": "flux-system", "name": "apps"},
                {"kind": "GitRepository", "namespace": "flux-system", "name": "repo"},
                {"kind": "alerts", "namespace": "flux-system", "name": "slack"},
            ],
        },
    )
    assert response.status_code == 202
    items = response.json()["items"]
    assert [(i["target"]["id"], i["state"]) for i in items] == [
        ("GitRepository/flux-system/repo", "pending"),
        ("Kustomization/flux-system/apps", "pending"),
        ("Alert/flux-system/slack", "refused"),
    ]
    assert "reconciliation not supported" in items[2]["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"action": "delete", "targets": []},
        {"action": "resume", "targets": []},
        {
            "action": "resume",
            "targets": [{"kind": "kustomizations", "namespace": "UPPER", "name": "m"}],
        },
        {
            "action": "resume",
            "targets": [{"kind": "k" * 65, "namespace": "a", "name": "m"}],
        },
        {
            "action": "reconcile",
            "targets": [{"kind": "kustomizations", "namespace": "a", "name": "m"}],
            "options": {"withSource": "yes"},
        },
        {
            "action": "suspend",
            "targets": [{"kind": "kustomizations", "namespace": "a", "name": "m"}],
            "options": {"reason": "x" * 2000},
        },
        {
            "action": "suspend",
            "targets": [
                {"kind": "kustomizations", "namespace": "a", "name": "m", "extra": 1}
            ],
        },
    ],
)
async def test_bulk_validation(
    client: httpx.AsyncClient, cluster: FakeCluster, body: Any
) -> None:
    response = await client.post("/api/v1/actions", headers=WRITE, json=body)
    assert response.status_code == 422, response.text
    assert response.json()["type"] == "ValidationFailed"
    assert cluster.patches == []


async def test_unknown_action_id_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/actions/nope")
    assert response.status_code == 404
    assert response.json()["type"] == "ActionNotFound"


async def test_impact_lists_dependents_with_health(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/api/v1/resources/gitrepositories/flux-system/repo/impact"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    assert body["items"][0]["id"] == "Kustomization/flux-system/apps"
    assert body["items"][0]["relation"] == "source"
    assert body["items"][0]["health"] == "Ready"
    missing = await client.get(
        "/api/v1/resources/gitrepositories/flux-system/nope/impact"
    )
    assert missing.status_code == 404


async def test_actions_without_a_cluster_are_503(cluster: FakeCluster) -> None:
    app = create_app(Settings(cluster_mode="none"))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        response = await http.post(
            "/api/v1/resources/kustomizations/flux-system/apps/suspend", headers=WRITE
        )
        listed = await http.get("/api/v1/actions")
    assert response.status_code == 503
    assert listed.status_code == 503
