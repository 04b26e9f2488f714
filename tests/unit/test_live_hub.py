"""The live hub without a network: subscriptions, coalescing, backpressure, events, status."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest

from fluxdash.models.ws import WsCloseCode
from fluxdash.services.live import (
    ClusterStatus,
    HubFull,
    LiveClient,
    LiveHub,
    LiveSettings,
    SubscriptionFilter,
    kind_of_id,
)
from tests.live_support import (
    FakeActions,
    FakeCache,
    RecordingTransport,
    action_record,
    flux_event,
    row,
)

MANUAL = 3600.0  # coalescing window long enough that tests flush by hand


def initial_rows() -> list[Any]:
    return [
        row("Kustomization", "flux-system", "apps"),
        row("Kustomization", "flux-system", "infra"),
        row("Kustomization", "team-a", "web"),
        row("GitRepository", "flux-system", "flux-system"),
        row("HelmRelease", "team-a", "redis"),
    ]


@pytest.fixture
def cache() -> FakeCache:
    return FakeCache(initial_rows())


@pytest.fixture
def actions() -> FakeActions:
    return FakeActions()


async def make_hub(
    cache: FakeCache, actions: FakeActions | None = None, **overrides: Any
) -> LiveHub:
    settings = LiveSettings(**{"coalesce_seconds": MANUAL, **overrides})
    hub = LiveHub(cache.probe, source=cache, actions=actions, settings=settings)
    await hub.start()
    return hub


@pytest.fixture
async def hub(cache: FakeCache, actions: FakeActions) -> AsyncIterator[LiveHub]:
    hub = await make_hub(cache, actions)
    yield hub
    await hub.stop()


async def connect(hub: LiveHub) -> tuple[LiveClient, RecordingTransport]:
    transport = RecordingTransport()
    client = hub.connect(transport)
    status = await transport.next()
    assert status == {
        "type": "status",
        "connected": True,
        "synced": True,
        "message": "live",
    }
    return client, transport


def send(client: LiveClient, **message: Any) -> None:
    client.handle_text(orjson.dumps(message).decode())


def ids(items: list[dict[str, Any]]) -> set[str]:
    return {item["id"] for item in items}


async def test_subscribe_sends_a_filtered_snapshot(hub: LiveHub) -> None:
    client, transport = await connect(hub)
    send(client, type="subscribe", id="all")
    send(client, type="subscribe", id="ks", kinds=["kustomizations"])
    send(client, type="subscribe", id="a", namespace="team-a")
    send(
        client,
        type="subscribe",
        id="both",
        kinds=["kustomizations", "helmreleases"],
        namespace="team-a",
    )
    snapshots = {}
    for _ in range(4):
        frame = await transport.next_of("snapshot")
        assert frame["resync"] is False
        snapshots[frame["subscription"]] = ids(frame["items"])
    assert snapshots["all"] == {r.id for r in initial_rows()}
    assert snapshots["ks"] == {
        "Kustomization/flux-system/apps",
        "Kustomization/flux-system/infra",
        "Kustomization/team-a/web",
    }
    assert snapshots["a"] == {"Kustomization/team-a/web", "HelmRelease/team-a/redis"}
    assert snapshots["both"] == snapshots["a"]


async def test_changes_reach_only_matching_subscriptions(
    hub: LiveHub, cache: FakeCache
) -> None:
    client, transport = await connect(hub)
    send(
        client, type="subscribe", id="ks", kinds=["kustomizations"], namespace="team-a"
    )
    send(client, type="subscribe", id="git", kinds=["gitrepositories"])
    await transport.next_of("snapshot")
    await transport.next_of("snapshot")

    cache.upsert(row("Kustomization", "team-a", "web", health="Failed", message="boom"))
    cache.upsert(row("Kustomization", "flux-system", "apps", health="Failed"))
    cache.delete("HelmRelease/team-a/redis")
    hub.flush()

    frame = await transport.next()
    assert frame["type"] == "changes"
    assert frame["subscription"] == "ks"
    assert [u["id"] for u in frame["upserts"]] == ["Kustomization/team-a/web"]
    assert frame["upserts"][0]["health"] == "Failed"
    assert frame["upserts"][0]["message"] == "boom"
    assert frame["deletes"] == []
    assert await transport.quiet() == []


async def test_deletes_are_routed_by_the_kind_and_namespace_in_the_id(
    hub: LiveHub, cache: FakeCache
) -> None:
    client, transport = await connect(hub)
    send(client, type="subscribe", id="hr", kinds=["helmreleases"])
    send(client, type="subscribe", id="fs", namespace="flux-system")
    await transport.next_of("snapshot")
    await transport.next_of("snapshot")
    cache.delete("HelmRelease/team-a/redis", "GitRepository/flux-system/flux-system")
    hub.flush()
    got = {}
    for _ in range(2):
        frame = await transport.next_of("changes")
        got[frame["subscription"]] = frame["deletes"]
    assert got == {
        "hr": ["HelmRelease/team-a/redis"],
        "fs": ["GitRepository/flux-system/flux-system"],
    }


async def test_many_updates_of_one_object_collapse_into_the_latest(
    hub: LiveHub, cache: FakeCache
) -> None:
    client, transport = await connect(hub)
    send(client, type="subscribe", id="all")
    await transport.next_of("snapshot")
    for i in range(50):
        cache.upsert(row("Kustomization", "flux-system", "apps", message=f"step {i}"))
    cache.upsert(row("Kustomization", "team-a", "new"))
    cache.delete("Kustomization/team-a/new")  # created and deleted in one window
    cache.delete("Kustomization/flux-system/infra")
    cache.upsert(row("Kustomization", "flux-system", "infra", message="back"))
    hub.flush()
    frame = await transport.next()
    assert frame["type"] == "changes"
    upserts = {u["id"]: u["message"] for u in frame["upserts"]}
    assert upserts == {
        "Kustomization/flux-system/apps": "step 49",
        "Kustomization/flux-system/infra": "back",
    }
    assert frame["deletes"] == ["Kustomization/team-a/new"]
    assert await transport.quiet() == []


async def test_the_window_throttles_a_burst_into_two_frames(cache: FakeCache) -> None:
    hub = await make_hub(cache, coalesce_seconds=0.05)
    try:
        client, transport = await connect(hub)
        send(client, type="subscribe", id="all")
        await transport.next_of("snapshot")
        loop = asyncio.get_running_loop()
        started = loop.time()
        for i in range(10):
            cache.upsert(row("Kustomization", "flux-system", "apps", message=str(i)))
            await asyncio.sleep(0.001)
        # The first change after a quiet period is not held back ...
        first = await transport.next()
        assert [u["message"] for u in first["upserts"]] == ["0"]
        # ... the rest of the burst collapses into one frame, a window later.
        second = await transport.next()
        assert loop.time() - started >= 0.05
        assert [u["message"] for u in second["upserts"]] == ["9"]
        assert await transport.quiet(0.1) == []
    finally:
        await hub.stop()


async def test_unsubscribe_stops_the_stream(hub: LiveHub, cache: FakeCache) -> None:
    client, transport = await connect(hub)
    send(client, type="subscribe", id="all")
    await transport.next_of("snapshot")
    send(client, type="unsubscribe", id="all")
    cache.upsert(row("Kustomization", "flux-system", "apps", message="x"))
    hub.flush()
    assert await transport.quiet() == []
    send(client, type="unsubscribe", id="all")
    frame = await transport.next()
    assert frame["type"] == "error"
    assert frame["code"] == "UnknownSubscription"
    assert frame["subscription"] == "all"


async def test_resubscribing_an_id_replaces_its_filter(hub: LiveHub) -> None:
    client, transport = await connect(hub)
    send(client, type="subscribe", id="s", kinds=["helmreleases"])
    assert ids((await transport.next_of("snapshot"))["items"]) == {
        "HelmRelease/team-a/redis"
    }
    send(client, type="subscribe", id="s", kinds=["gitrepositories"])
    frame = await transport.next_of("snapshot")
    assert ids(frame["items"]) == {"GitRepository/flux-system/flux-system"}


@pytest.mark.parametrize(
    ("text", "code", "subscription", "fragment"),
    [
        ("{not json", "BadMessage", None, "json"),
        ('{"type":"dance"}', "BadMessage", None, "type"),
        ('{"type":"subscribe"}', "BadMessage", None, "id"),
        (
            '{"type":"subscribe","id":"x","kinds":["pods"]}',
            "BadMessage",
            "x",
            "kinds.0",
        ),
        ('{"type":"subscribe","id":"x","kinds":[]}', "BadMessage", "x", "kinds"),
        (
            '{"type":"subscribe","id":"x","namespace":"Not_A_NS"}',
            "BadMessage",
            "x",
            "namespace",
        ),
        (
            '{"type":"subscribe","id":"x","kind":["helmreleases"]}',
            "BadMessage",
            "x",
            "kind",
        ),
        ('{"type":"subscribe","id":"white space"}', "BadMessage", "white space", "id"),
        ("[1,2,3]", "BadMessage", None, ""),
        ('"ping"', "BadMessage", None, ""),
        ("", "BadMessage", None, ""),
    ],
)
async def test_malformed_frames_get_an_error_and_the_connection_stays(
    hub: LiveHub, text: str, code: str, subscription: str | None, fragment: str
) -> None:
    client, transport = await connect(hub)
    client.handle_text(text)
    frame = await transport.next()
    assert frame["type"] == "error"
    assert frame["code"] == code
    assert frame["subscription"] == subscription
    assert fragment.lower() in frame["detail"].lower()
    send(client, type="ping", nonce="n1")
    assert await transport.next() == {"type": "pong", "nonce": "n1"}
    assert not client.closed


async def test_oversized_and_binary_frames_are_refused_politely(
    cache: FakeCache,
) -> None:
    hub = await make_hub(cache, max_message_bytes=100)
    try:
        client, transport = await connect(hub)
        client.handle_text('{"type":"ping","nonce":"' + "x" * 200 + '"}')
        frame = await transport.next()
        assert (frame["type"], frame["code"]) == ("error", "MessageTooLarge")
        client.handle_binary()
        frame = await transport.next()
        assert (frame["type"], frame["code"]) == ("error", "BadMessage")
        send(client, type="ping")
        assert await transport.next() == {"type": "pong", "nonce": None}
    finally:
        await hub.stop()


async def test_subscription_count_is_bounded(cache: FakeCache) -> None:
    hub = await make_hub(cache, max_subscriptions=2)
    try:
        client, transport = await connect(hub)
        for sub_id in ("a", "b", "c"):
            send(client, type="subscribe", id=sub_id, kinds=["gitrepositories"])
        frames = [await transport.next() for _ in range(3)]
        errors = [f for f in frames if f["type"] == "error"]
        assert [(e["code"], e["subscription"]) for e in errors] == [
            ("TooManySubscriptions", "c")
        ]
        send(client, type="subscribe", id="a", namespace="team-a")  # replacing is fine
        assert (await transport.next())["type"] == "snapshot"
    finally:
        await hub.stop()


async def test_a_slow_client_gets_a_resync_and_never_delays_the_others(
    cache: FakeCache,
) -> None:
    hub = await make_hub(cache, max_pending=20)
    try:
        slow, slow_t = await connect(hub)
        fast, fast_t = await connect(hub)
        for client, transport in ((slow, slow_t), (fast, fast_t)):
            send(client, type="subscribe", id="ks", kinds=["kustomizations"])
            await transport.next_of("snapshot")
        slow_t.gate.clear()  # the slow peer stops reading
        send(slow, type="ping")  # its sender is now stuck on this frame
        await asyncio.sleep(0.01)

        for batch in range(5):
            cache.upsert(
                *[
                    row(
                        "Kustomization",
                        "team-b",
                        f"app-{batch}-{i}",
                        message=str(batch),
                    )
                    for i in range(10)
                ]
            )
            hub.flush()
            frame = await fast_t.next()  # the fast client is served every batch, now
            assert frame["type"] == "changes"
            assert len(frame["upserts"]) == 10
        assert hub.resyncs == 1

        cache.delete("Kustomization/team-b/app-0-0")
        hub.flush()
        assert (await fast_t.next())["deletes"] == ["Kustomization/team-b/app-0-0"]

        slow_t.gate.set()  # the slow peer reads again
        assert (await slow_t.next())["type"] == "pong"
        frame = await slow_t.next()
        assert frame["type"] == "snapshot"
        assert frame["resync"] is True
        assert ids(frame["items"]) == {r.id for r in cache.rows(["kustomizations"])}
        assert "Kustomization/team-b/app-0-0" not in ids(frame["items"])
        assert await slow_t.quiet() == []  # the dropped backlog is not sent afterwards
    finally:
        await hub.stop()


async def test_a_backlog_within_bounds_is_delivered_coalesced(cache: FakeCache) -> None:
    hub = await make_hub(cache, max_pending=100)
    try:
        client, transport = await connect(hub)
        send(client, type="subscribe", id="ks", kinds=["kustomizations"])
        await transport.next_of("snapshot")
        transport.gate.clear()
        send(client, type="ping")
        await asyncio.sleep(0.01)
        for i in range(5):
            cache.upsert(row("Kustomization", "flux-system", "apps", message=str(i)))
            hub.flush()
        transport.gate.set()
        assert (await transport.next())["type"] == "pong"
        frame = await transport.next()
        assert frame["type"] == "changes"
        assert [u["message"] for u in frame["upserts"]] == ["4"]
        assert hub.resyncs == 0
    finally:
        await hub.stop()


async def test_a_client_that_never_reads_is_closed(cache: FakeCache) -> None:
    hub = await make_hub(cache, send_timeout_seconds=0.05, status_poll_seconds=0.01)
    try:
        client, transport = await connect(hub)
        transport.gate.clear()
        send(client, type="ping")
        await asyncio.wait_for(client.wait_closed(), 2)
        assert transport.closed is not None
        assert transport.closed[0] == WsCloseCode.TOO_SLOW
        assert hub.client_count == 0
    finally:
        await hub.stop()


async def test_a_client_that_floods_without_reading_is_closed(cache: FakeCache) -> None:
    hub = await make_hub(cache, max_control_frames=8)
    try:
        client, transport = await connect(hub)
        transport.gate.clear()
        for _ in range(20):
            send(client, type="ping")
        await asyncio.wait_for(client.wait_closed(), 2)
        assert transport.closed is not None
        assert transport.closed[0] == WsCloseCode.TOO_SLOW
    finally:
        await hub.stop()


async def test_a_relist_is_applied_as_its_difference(
    hub: LiveHub, cache: FakeCache
) -> None:
    client, transport = await connect(hub)
    send(client, type="subscribe", id="ks", kinds=["kustomizations"])
    send(client, type="subscribe", id="git", kinds=["gitrepositories"])
    await transport.next_of("snapshot")
    await transport.next_of("snapshot")
    kept = cache.rows(["kustomizations"])
    cache.replace_all([*kept, row("Kustomization", "new", "only")])
    hub.flush()
    frame = await transport.next()
    assert frame["type"] == "changes"
    assert frame["subscription"] == "ks"
    assert ids(frame["upserts"]) == {"Kustomization/new/only"}
    frame = await transport.next()
    assert (frame["subscription"], frame["deletes"]) == (
        "git",
        ["GitRepository/flux-system/flux-system"],
    )
    assert await transport.quiet() == []
    assert hub.resyncs == 0


async def test_resync_everyone_replaces_every_subscription(
    hub: LiveHub, cache: FakeCache
) -> None:
    client, transport = await connect(hub)
    send(client, type="subscribe", id="ks", kinds=["kustomizations"])
    send(client, type="subscribe", id="git", kinds=["gitrepositories"])
    await transport.next_of("snapshot")
    await transport.next_of("snapshot")
    hub.resync_everyone()
    hub.flush()
    got = {}
    for _ in range(2):
        frame = await transport.next()
        assert frame["type"] == "snapshot"
        assert frame["resync"] is True
        got[frame["subscription"]] = len(frame["items"])
    assert got == {"ks": 3, "git": 1}


async def test_events_go_to_clients_subscribed_to_their_object(
    hub: LiveHub, cache: FakeCache
) -> None:
    team_a, ta = await connect(hub)
    flux, fs = await connect(hub)
    _idle, it = await connect(hub)
    send(team_a, type="subscribe", id="a", namespace="team-a")
    send(
        flux,
        type="subscribe",
        id="k",
        kinds=["kustomizations"],
        namespace="flux-system",
    )
    await ta.next_of("snapshot")
    await fs.next_of("snapshot")
    event = flux_event(
        "HelmRelease", "team-a", "redis", "UpgradeFailed", "timed out", "Warning"
    )
    cache.emit(event)
    hub.flush()
    frame = await ta.next()
    assert frame == {"type": "event", "event": event.model_dump(mode="json")}
    assert await fs.quiet() == []
    assert await it.quiet(0) == []


async def test_action_updates_reach_every_client_latest_state_first(
    hub: LiveHub, actions: FakeActions
) -> None:
    _one, t1 = await connect(hub)
    _two, t2 = await connect(hub)
    actions.publish(action_record("a1", "pending"))
    actions.publish(action_record("a1", "succeeded"))
    hub.flush()
    for transport in (t1, t2):
        frame = await transport.next()
        assert frame["type"] == "action"
        assert frame["action"] == action_record("a1", "succeeded").model_dump(
            mode="json"
        )
        assert frame["action"]["requestedAt"]  # camelCase on the wire
        assert await transport.quiet() == []


async def test_status_changes_are_broadcast(cache: FakeCache) -> None:
    hub = await make_hub(cache, status_poll_seconds=0.01)
    try:
        _, transport = await connect(hub)
        cache.status = ClusterStatus(
            False, True, "cluster unreachable: connection refused"
        )
        frame = await transport.next()
        assert frame == {
            "type": "status",
            "connected": False,
            "synced": True,
            "message": "cluster unreachable: connection refused",
        }
        cache.status = ClusterStatus(True, True, "live")
        assert (await transport.next())["connected"] is True
    finally:
        await hub.stop()


async def test_a_failing_status_probe_reports_unknown(cache: FakeCache) -> None:
    def broken() -> ClusterStatus:
        raise RuntimeError("probe broke")

    hub = LiveHub(broken, source=cache, settings=LiveSettings(coalesce_seconds=MANUAL))
    await hub.start()
    try:
        transport = RecordingTransport()
        hub.connect(transport)
        frame = await transport.next()
        assert frame["type"] == "status"
        assert frame["connected"] is False
    finally:
        await hub.stop()


async def test_snapshots_are_built_once_per_filter_until_a_change(
    hub: LiveHub, cache: FakeCache
) -> None:
    clients = [await connect(hub) for _ in range(5)]
    before = cache.rows_calls
    for client, _ in clients:
        send(client, type="subscribe", id="ks", kinds=["kustomizations"])
    for _, transport in clients:
        await transport.next_of("snapshot")
    assert cache.rows_calls - before == 1
    cache.upsert(row("Kustomization", "flux-system", "apps", message="changed"))
    client, transport = clients[0]
    send(client, type="subscribe", id="again", kinds=["kustomizations"])
    frame = await transport.next_of("snapshot")
    assert {i["id"]: i["message"] for i in frame["items"]}[
        "Kustomization/flux-system/apps"
    ] == "changed"
    assert cache.rows_calls - before == 2


async def test_connections_are_bounded_and_stop_closes_everyone(
    cache: FakeCache,
) -> None:
    hub = await make_hub(cache, max_clients=2)
    c1, t1 = await connect(hub)
    _, t2 = await connect(hub)
    with pytest.raises(HubFull):
        hub.connect(RecordingTransport())
    await hub.stop()
    assert t1.closed is not None
    assert t1.closed[0] == WsCloseCode.GOING_AWAY
    assert t2.closed is not None
    assert c1.closed
    assert hub.client_count == 0


def test_filters_and_ids() -> None:
    everything = SubscriptionFilter(None, None)
    ks_a = SubscriptionFilter(frozenset({"kustomizations"}), "team-a")
    assert everything.matches("kustomizations", "x")
    assert everything.matches(None, None)
    assert ks_a.matches("kustomizations", "team-a")
    assert not ks_a.matches("kustomizations", "team-b")
    assert not ks_a.matches("helmreleases", "team-a")
    assert not ks_a.matches(None, "team-a")
    assert kind_of_id("Kustomization/flux-system/apps") == (
        "Kustomization",
        "flux-system",
    )
    assert kind_of_id("Kustomization") == ("Kustomization", None)


async def test_a_cache_that_appears_later_is_attached_and_clients_resynced(
    cache: FakeCache,
) -> None:
    current: dict[str, FakeCache | None] = {"cache": None}
    hub = LiveHub(
        cache.probe,
        source_provider=lambda: current["cache"],
        settings=LiveSettings(coalesce_seconds=0.01, status_poll_seconds=0.01),
    )
    await hub.start()
    try:
        client, transport = await connect(hub)
        send(client, type="subscribe", id="all")
        frame = await transport.next_of("snapshot")
        assert frame["items"] == []  # no cluster yet: an empty, valid snapshot
        current["cache"] = cache
        frame = await transport.next_of("snapshot")
        assert frame["resync"] is True
        assert ids(frame["items"]) == {r.id for r in initial_rows()}
        cache.upsert(row("Kustomization", "flux-system", "apps", message="attached"))
        frame = await transport.next_of("changes")
        assert frame["upserts"][0]["message"] == "attached"
        current["cache"] = None  # the cluster went away: its changes no longer flow
        await transport.next_of("snapshot")
        cache.upsert(row("Kustomization", "flux-system", "apps", message="detached"))
        assert await transport.quiet(0.1) == []
    finally:
        await hub.stop()


async def test_state_changes_are_pushed_without_waiting_for_the_poll(
    cache: FakeCache,
) -> None:
    hub = LiveHub(
        cache.probe,
        source=cache,
        settings=LiveSettings(coalesce_seconds=MANUAL, status_poll_seconds=MANUAL),
    )
    await hub.start()
    try:
        _, transport = await connect(hub)
        cache.set_status(ClusterStatus(True, False, "syncing kustomizations"))
        frame = await transport.next(wait=0.5)
        assert (frame["type"], frame["synced"]) == ("status", False)
    finally:
        await hub.stop()
