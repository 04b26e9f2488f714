"""The live stream end to end: kubesim → watches → cache → hub → WebSocket client.

Changes are made through the Kubernetes HTTP API (merge patches, creates, deletes), the way a
controller or kubectl would, and must reach a subscribed client without any extra request to
the cluster per client.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest
from websockets.asyncio.client import ClientConnection, connect

from fluxdash.models.kinds import KINDS
from fluxdash.models.ws import SERVER_MESSAGE
from kubesim.server import KubeSim
from tests.api.harness import RunningApp
from tests.cache import objects as o

KS_PATH = "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations"
MERGE = {"Content-Type": "application/merge-patch+json"}


def ws_url(app: RunningApp) -> str:
    return app.url.replace("http://", "ws://") + "/api/v1/ws"


@pytest.fixture
async def kube(fleet_sim: KubeSim) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=fleet_sim.url, timeout=10) as client:
        yield client


async def recv(ws: ClientConnection, wait: float = 5.0) -> dict[str, Any]:
    text = await asyncio.wait_for(ws.recv(), wait)
    assert isinstance(text, str)
    SERVER_MESSAGE.validate_json(text)
    frame: dict[str, Any] = orjson.loads(text)
    return frame


async def recv_until(
    ws: ClientConnection, wanted: Any, wait: float = 10.0
) -> dict[str, Any]:
    """The first frame for which ``wanted(frame)`` is true (other frames are skipped)."""
    async with asyncio.timeout(wait):
        while True:
            frame = await recv(ws, wait)
            if wanted(frame):
                return frame


async def subscribe(ws: ClientConnection, **message: Any) -> dict[str, Any]:
    await ws.send(orjson.dumps({"type": "subscribe", **message}).decode())
    return await recv_until(
        ws, lambda f: f["type"] == "snapshot" and f["subscription"] == message["id"]
    )


def open_ws(app: RunningApp) -> connect:
    return connect(ws_url(app), proxy=None, open_timeout=10)


async def test_snapshot_matches_the_rest_list(fleet_app: RunningApp) -> None:
    async with open_ws(fleet_app) as ws:
        status = await recv_until(ws, lambda f: f["type"] == "status" and f["synced"])
        assert status == {
            "type": "status",
            "connected": True,
            "synced": True,
            "message": "live",
        }
        snapshot = await subscribe(
            ws, id="ks", kinds=["kustomizations"], namespace="flux-system"
        )
    rest = (
        await fleet_app.http.get(
            "/api/v1/resources",
            params={"kind": "kustomizations", "namespace": "flux-system"},
        )
    ).json()
    assert {i["id"] for i in snapshot["items"]} == {i["id"] for i in rest["items"]}
    assert {i["id"] for i in snapshot["items"]} >= {
        "Kustomization/flux-system/apps",
        "Kustomization/flux-system/infra",
    }
    by_id = {i["id"]: i for i in rest["items"]}
    for item in snapshot["items"]:  # the same row model on both channels
        assert item == by_id[item["id"]]


async def test_a_change_through_the_kubernetes_api_reaches_the_subscriber(
    fleet_app: RunningApp, kube: httpx.AsyncClient
) -> None:
    async with open_ws(fleet_app) as ws, open_ws(fleet_app) as other:
        await subscribe(ws, id="ks", kinds=["kustomizations"], namespace="flux-system")
        await subscribe(other, id="git", kinds=["gitrepositories"])
        patch = {
            "status": {
                "conditions": [
                    o.ready("False", "HealthCheckFailed", "podinfo not ready")
                ]
            }
        }
        response = await kube.patch(
            f"{KS_PATH}/apps", content=orjson.dumps(patch), headers=MERGE
        )
        assert response.status_code == 200, response.text
        frame = await recv_until(
            ws,
            lambda f: (
                f["type"] == "changes"
                and any(
                    u["id"] == "Kustomization/flux-system/apps" for u in f["upserts"]
                )
            ),
        )
        (row,) = [
            u for u in frame["upserts"] if u["id"] == "Kustomization/flux-system/apps"
        ]
        assert row["health"] == "Failed"
        assert row["healthReason"] == "HealthCheckFailed"
        assert row["message"] == "podinfo not ready"

        response = await kube.delete(f"{KS_PATH}/apps")
        assert response.status_code == 200, response.text
        frame = await recv_until(
            ws,
            lambda f: (
                f["type"] == "changes"
                and "Kustomization/flux-system/apps" in f["deletes"]
            ),
        )
        # A client subscribed to other kinds saw none of it.
        with pytest.raises(TimeoutError):
            await recv_until(other, lambda f: f["type"] == "changes", wait=0.5)


async def test_a_flux_event_reaches_clients_watching_its_object(
    fleet_app: RunningApp, kube: httpx.AsyncClient
) -> None:
    async with open_ws(fleet_app) as ws:
        await subscribe(ws, id="ks", kinds=["kustomizations"])
        event = o.event(
            "infra.live",
            kind="Kustomization",
            object_name="infra",
            type="Warning",
            reason="HealthCheckFailed",
            message="timeout waiting for podinfo",
        )
        event["metadata"].pop("resourceVersion", None)
        response = await kube.post(
            "/api/v1/namespaces/flux-system/events", content=orjson.dumps(event)
        )
        assert response.status_code == 201, response.text
        frame = await recv_until(ws, lambda f: f["type"] == "event")
        assert frame["event"]["object"]["id"] == "Kustomization/flux-system/infra"
        assert frame["event"]["reason"] == "HealthCheckFailed"
        assert frame["event"]["type"] == "Warning"


async def test_many_clients_cost_the_cluster_nothing(
    fleet_app: RunningApp, fleet_sim: KubeSim, kube: httpx.AsyncClient
) -> None:
    await asyncio.sleep(0.2)  # let every watch settle
    fleet_sim.stats.reset()
    sockets = [await open_ws(fleet_app).__aenter__() for _ in range(30)]
    try:
        for index, ws in enumerate(sockets):
            await subscribe(ws, id=f"c{index}", kinds=["kustomizations"])
        counts = fleet_sim.stats.snapshot()
        assert not {
            k: v for k, v in counts.items() if k.split()[0] in ("list", "watch", "get")
        }
        patch = {"metadata": {"annotations": {"fanout": "yes"}}}
        await kube.patch(f"{KS_PATH}/infra", content=orjson.dumps(patch), headers=MERGE)
        for ws in sockets:
            await recv_until(
                ws,
                lambda f: (
                    f["type"] == "changes"
                    and any(
                        u["id"] == "Kustomization/flux-system/infra"
                        for u in f["upserts"]
                    )
                ),
            )
    finally:
        for ws in sockets:
            await ws.close()
    flux = {info.plural for info in KINDS}
    counts = fleet_sim.stats.snapshot()
    extra = {
        k: v
        for k, v in counts.items()
        if k.split()[0] in ("list", "watch") and any(p in k for p in flux)
    }
    assert not extra


async def test_an_outage_shows_as_stale_then_live_again(
    fleet_app: RunningApp, fleet_sim: KubeSim
) -> None:
    async with open_ws(fleet_app) as ws:
        await recv_until(ws, lambda f: f["type"] == "status" and f["synced"])
        fleet_sim.faults.outage(2.0)
        # Watches notice on their next request; drop them so that happens now.
        fleet_sim.faults.drop_watches()
        down = await recv_until(
            ws, lambda f: f["type"] == "status" and not f["connected"], wait=15
        )
        assert down["message"] != "live"
        up = await recv_until(
            ws,
            lambda f: f["type"] == "status" and f["connected"] and f["synced"],
            wait=30,
        )
        assert up["message"] == "live"
