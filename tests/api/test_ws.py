"""``WS /api/v1/ws`` over a real socket: handshake checks, protocol round trips, backpressure."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import orjson
import pytest
from fastapi import FastAPI
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from fluxdash.main import create_app
from fluxdash.models.ws import SERVER_MESSAGE
from fluxdash.services.live import LiveHub, LiveSettings
from fluxdash.settings import Settings
from tests.live_support import FakeActions, FakeCache, row, serve_app


@dataclass
class Live:
    app: FastAPI
    hub: LiveHub
    cache: FakeCache
    address: str

    @property
    def url(self) -> str:
        return f"ws://{self.address}/api/v1/ws"


@asynccontextmanager
async def live_app(
    settings: Settings | None = None, **hub_settings: Any
) -> AsyncIterator[Live]:
    """The real app over uvicorn, its live hub fed by a fake cache."""
    cache = FakeCache(
        [
            row("Kustomization", "flux-system", "apps"),
            row("GitRepository", "flux-system", "flux-system"),
            row("HelmRelease", "team-a", "redis"),
        ]
    )
    app = create_app(settings or Settings(cluster_mode="none"))
    hub = LiveHub(
        cache.probe,
        source=cache,
        actions=FakeActions(),
        settings=LiveSettings(**{"coalesce_seconds": 0.02, **hub_settings}),
    )
    async with serve_app(app) as address:
        started: LiveHub = app.state.live_hub  # the lifespan's hub follows the runtime
        assert started.status.connected is False  # cluster mode none
        await hub.start()
        app.state.live_hub = hub
        try:
            yield Live(app, hub, cache, address)
        finally:
            await hub.stop()


@pytest.fixture
async def live() -> AsyncIterator[Live]:
    async with live_app() as running:
        yield running


def open_ws(url: str, **kwargs: Any) -> connect:
    return connect(url, proxy=None, open_timeout=5, **kwargs)


async def recv(ws: ClientConnection, wait: float = 3.0) -> dict[str, Any]:
    text = await asyncio.wait_for(ws.recv(), wait)
    assert isinstance(text, str)
    SERVER_MESSAGE.validate_json(text)
    frame: dict[str, Any] = orjson.loads(text)
    return frame


async def recv_of(ws: ClientConnection, type_: str) -> dict[str, Any]:
    while True:
        frame = await recv(ws)
        if frame["type"] == type_:
            return frame


async def send(ws: ClientConnection, **message: Any) -> None:
    await ws.send(orjson.dumps(message).decode())


async def test_subscribe_snapshot_changes_unsubscribe(live: Live) -> None:
    async with open_ws(live.url) as ws:
        assert (await recv(ws))["type"] == "status"
        await send(ws, type="subscribe", id="ks", kinds=["kustomizations"])
        snapshot = await recv(ws)
        assert snapshot["type"] == "snapshot"
        assert [i["id"] for i in snapshot["items"]] == [
            "Kustomization/flux-system/apps"
        ]

        live.cache.upsert(row("Kustomization", "flux-system", "apps", health="Failed"))
        live.cache.upsert(row("HelmRelease", "team-a", "redis", health="Failed"))
        changes = await recv(ws)
        assert changes["type"] == "changes"
        assert [(u["id"], u["health"]) for u in changes["upserts"]] == [
            ("Kustomization/flux-system/apps", "Failed")
        ]

        await send(ws, type="unsubscribe", id="ks")
        await send(ws, type="ping", nonce="after-unsubscribe")
        assert await recv(ws) == {"type": "pong", "nonce": "after-unsubscribe"}
        live.cache.upsert(row("Kustomization", "flux-system", "apps", health="Ready"))
        with pytest.raises(TimeoutError):
            await recv(ws, wait=0.2)


async def test_malformed_frames_over_the_wire_keep_the_connection(live: Live) -> None:
    async with open_ws(live.url) as ws:
        await recv_of(ws, "status")
        await ws.send("{oops")
        error = await recv(ws)
        assert (error["type"], error["code"]) == ("error", "BadMessage")
        await ws.send(b"\x00\x01binary")
        error = await recv(ws)
        assert (error["type"], error["code"]) == ("error", "BadMessage")
        await send(ws, type="subscribe", id="bad", kinds=["deployments"])
        error = await recv(ws)
        assert error["subscription"] == "bad"
        assert "kinds" in error["detail"]
        await send(ws, type="ping")
        assert (await recv(ws))["type"] == "pong"


@pytest.mark.parametrize(
    "origin",
    [
        "http://evil.example",
        "http://127.0.0.1:1",  # same host, another port
        "null",
        "https://127.0.0.1",  # different scheme and so port
        "not a url",
    ],
)
async def test_foreign_origin_upgrade_is_refused_with_403(
    live: Live, origin: str
) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with open_ws(live.url, additional_headers={"Origin": origin}):
            pass
    assert refused.value.response.status_code == 403
    assert live.hub.client_count == 0


async def test_same_origin_and_no_origin_are_accepted(live: Live) -> None:
    async with open_ws(
        live.url, additional_headers={"Origin": f"http://{live.address}"}
    ) as ws:
        assert (await recv(ws))["type"] == "status"
    async with open_ws(live.url) as ws:
        assert (await recv(ws))["type"] == "status"


async def test_allowed_origins_setting_admits_a_listed_origin() -> None:
    settings = Settings(
        cluster_mode="none", allowed_origins=["https://dash.example.com"]
    )
    async with live_app(settings) as live:
        async with open_ws(
            live.url, additional_headers={"Origin": "https://dash.example.com:443"}
        ) as ws:
            assert (await recv(ws))["type"] == "status"
        with pytest.raises(InvalidStatus):
            async with open_ws(
                live.url, additional_headers={"Origin": "https://other.example.com"}
            ):
                pass


async def test_unsupported_auth_mode_refuses_the_upgrade() -> None:
    async with live_app(Settings(cluster_mode="none", auth_mode="token")) as live:
        with pytest.raises(InvalidStatus) as refused:
            async with open_ws(live.url):
                pass
        assert refused.value.response.status_code == 403


async def test_too_many_connections_close_with_try_again_later() -> None:
    async with live_app(max_clients=1) as live:
        url = live.url
        async with open_ws(url) as first:
            await recv_of(first, "status")
            async with open_ws(url) as second:
                with pytest.raises(ConnectionClosed) as closed:
                    await recv(second)
                assert closed.value.rcvd is not None
                assert closed.value.rcvd.code == 1013


async def test_disconnect_releases_the_client(live: Live) -> None:
    async with open_ws(live.url) as ws:
        await recv_of(ws, "status")
        assert live.hub.client_count == 1
    for _ in range(100):
        if live.hub.client_count == 0:
            break
        await asyncio.sleep(0.01)
    assert live.hub.client_count == 0


async def test_a_client_that_stops_reading_gets_a_resync_others_stay_live() -> None:
    # Big incompressible rows fill the socket buffers quickly; the slow client does not read.
    async with live_app(max_pending=50) as live:
        hub, cache = live.hub, live.cache
        url = live.url
        async with (
            open_ws(url, max_queue=1, compression=None) as slow,
            open_ws(url, compression=None, max_size=None) as fast,
        ):
            for ws in (slow, fast):
                await recv_of(ws, "status")
                await send(ws, type="subscribe", id="hr", kinds=["helmreleases"])
                await recv_of(ws, "snapshot")
            for batch in range(40):
                cache.upsert(
                    *[
                        row(
                            "HelmRelease",
                            "bulk",
                            f"r{i}",
                            message=os.urandom(4096).hex(),
                        )
                        for i in range(40)
                    ]
                )
                frame = await recv(fast, wait=5)
                assert frame["type"] == "changes", batch
            assert hub.resyncs >= 1
            # Now the slow client reads: it catches up through a snapshot, not 40 batches.
            seen_resync = False
            changes_after = 0
            while True:
                try:
                    frame = await recv(slow, wait=1.0)
                except TimeoutError:
                    break
                if frame["type"] == "snapshot" and frame["resync"]:
                    seen_resync = True
                    assert len(frame["items"]) == 41
                elif frame["type"] == "changes":
                    changes_after += 1
            assert seen_resync
            assert changes_after < 40
