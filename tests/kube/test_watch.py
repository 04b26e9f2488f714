"""The list-then-watch loop against a controllable fake API server.

Each test drives ``watch_forever`` into a mirror (a dict applied from snapshots and events)
and checks both the mirror (equals the server) and what the loop asked for (recorded requests).
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Any

import pytest

from fluxdash.errors import KubeUnavailable, TooManyRequests
from fluxdash.kube.client import KubeClient, WatchEvent
from fluxdash.kube.resource import ApiResource
from fluxdash.kube.watch import (
    Connected,
    Snapshot,
    WatchItem,
    WatchPolicy,
    WatchTrouble,
    watch_forever,
)
from tests.kube.fake_apiserver import GROUP, KIND, PLURAL, VERSION, FakeApiServer
from tests.polling import until

WIDGETS = ApiResource(GROUP, VERSION, PLURAL, KIND)
FAST = WatchPolicy(
    server_timeout_seconds=5,
    read_timeout_seconds=10,
    relist_interval_seconds=3600,
    backoff_initial_seconds=0.01,
    backoff_max_seconds=0.05,
    page_size=500,
)


@pytest.fixture
async def server() -> AsyncIterator[FakeApiServer]:
    fake = FakeApiServer()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def client(server: FakeApiServer) -> AsyncIterator[KubeClient]:
    kube = await KubeClient.from_kubeconfig_dict(server.kubeconfig())
    yield kube
    await kube.close()


class Mirror:
    """Applies watch items the way the cache does; records everything it saw."""

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], dict[str, Any]] = {}
        self.items: list[WatchItem] = []
        self.changed = asyncio.Event()

    def apply(self, item: WatchItem) -> None:
        self.items.append(item)
        if isinstance(item, Snapshot):
            self.objects = {_key(o): o for o in item.items}
        elif isinstance(item, WatchEvent):
            if item.type == "DELETED":
                self.objects.pop(_key(item.object), None)
            else:
                self.objects[_key(item.object)] = item.object
        self.changed.set()

    def of(self, cls: type[Any]) -> list[Any]:
        return [i for i in self.items if isinstance(i, cls)]

    def specs(self) -> dict[tuple[str, str], Any]:
        return {k: v.get("spec") for k, v in self.objects.items()}


def _key(obj: dict[str, Any]) -> tuple[str, str]:
    return obj["metadata"]["namespace"], obj["metadata"]["name"]


def _server_specs(server: FakeApiServer) -> dict[tuple[str, str], Any]:
    return {k: v.get("spec") for k, v in server.objects.items()}


class Runner:
    def __init__(self, client: KubeClient, policy: WatchPolicy = FAST) -> None:
        self.mirror = Mirror()
        self.sleeps: list[float] = []
        self._client = client
        self._policy = policy
        self._task: asyncio.Task[None] | None = None

    async def _sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        await asyncio.sleep(min(delay, 0.01))

    async def _run(self) -> None:
        stream = watch_forever(
            self._client, WIDGETS, self._policy, rng=random.Random(7), sleep=self._sleep
        )
        async with aclosing(stream) as items:
            async for item in items:
                self.mirror.apply(item)

    async def __aenter__(self) -> Runner:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await self._task


async def test_lists_then_watches_from_the_lists_resource_version(
    server: FakeApiServer, client: KubeClient
) -> None:
    for i in range(5):
        server.upsert("ns", f"w{i}", {"n": i})
    item_rvs = {o["metadata"]["resourceVersion"] for o in server.objects.values()}
    server.upsert("ns", "w0", {"n": 100})  # the list's RV is now newer than most items
    async with Runner(client) as run:
        await until(
            lambda: server.count("watch") >= 1 and bool(run.mirror.of(Connected))
        )
        snapshot = run.mirror.of(Snapshot)[0]
        first_watch = next(r for r in server.requests if r.verb == "watch")
        assert (
            first_watch.query["resourceVersion"]
            == snapshot.resource_version
            == str(server.rv)
        )
        assert first_watch.query["resourceVersion"] not in item_rvs - {str(server.rv)}
        assert first_watch.query["allowWatchBookmarks"] == "true"
        assert 1 <= int(first_watch.query["timeoutSeconds"]) <= 5
        assert run.mirror.specs() == _server_specs(server)

        server.upsert("ns", "w9", {"n": 9})
        server.upsert("ns", "w1", {"n": 11})
        server.delete("ns", "w2")
        await until(lambda: run.mirror.specs() == _server_specs(server))
    assert server.count("list") == 1


async def test_paged_list_follows_continue_tokens(
    server: FakeApiServer, client: KubeClient
) -> None:
    for i in range(7):
        server.upsert("ns", f"w{i}", {})
    policy = dataclasses.replace(FAST, page_size=3)
    server.faults.expire_continue = (
        1  # the first continue token expires: list again from scratch
    )
    async with Runner(client, policy) as run:
        await until(lambda: bool(run.mirror.of(Snapshot)))
        assert len(run.mirror.of(Snapshot)[0].items) == 7
    lists = [r for r in server.requests if r.verb == "list"]
    assert [r.query.get("limit") for r in lists] == [
        "3"
    ] * 5  # 2 before the expiry, 3 after
    assert sum(1 for r in lists if "continue" in r.query) == 3


async def test_410_at_connect_relists_and_resyncs(
    server: FakeApiServer, client: KubeClient
) -> None:
    server.upsert("ns", "a", {})
    server.faults.connect_410 = 1
    async with Runner(client) as run:
        await until(
            lambda: len(run.mirror.of(Snapshot)) == 2 and bool(run.mirror.of(Connected))
        )
        server.upsert("ns", "b", {})
        await until(lambda: run.mirror.specs() == _server_specs(server))
    assert server.count("list") == 2
    assert not run.mirror.of(WatchTrouble)  # a 410 is routine, not trouble


async def test_in_stream_410_relists(server: FakeApiServer, client: KubeClient) -> None:
    server.upsert("ns", "a", {})
    server.faults.stream_410 = 1
    async with Runner(client) as run:
        await until(lambda: len(run.mirror.of(Snapshot)) == 2)
        await until(lambda: server.count("watch") >= 2)
        server.delete("ns", "a")
        server.upsert("ns", "c", {"x": 1})
        await until(lambda: run.mirror.specs() == _server_specs(server))
    assert server.count("list") == 2


async def test_dropped_watch_resumes_from_last_seen_version_without_relisting(
    server: FakeApiServer, client: KubeClient
) -> None:
    server.upsert("ns", "a", {})
    async with Runner(client) as run:
        await until(
            lambda: server.count("watch") == 1 and bool(run.mirror.of(Connected))
        )
        server.upsert("ns", "b", {})
        await until(lambda: ("ns", "b") in run.mirror.objects)
        seen_rv = str(server.rv)
        server.drop_watches()
        server.upsert("ns", "c", {})  # happens while no watch is open
        server.delete("ns", "a")
        await until(lambda: run.mirror.specs() == _server_specs(server))
        resumed = [r for r in server.requests if r.verb == "watch"][1]
        assert resumed.query["resourceVersion"] in (
            seen_rv,
            str(int(seen_rv) + 1),
            str(server.rv),
        )
    assert server.count("list") == 1
    assert not run.mirror.of(WatchTrouble)


async def test_resume_after_history_is_gone_relists(
    server: FakeApiServer, client: KubeClient
) -> None:
    server.upsert("ns", "a", {})
    async with Runner(client) as run:
        await until(lambda: bool(run.mirror.of(Connected)))
        server.drop_watches()
        server.faults.status, server.faults.status_count = 503, 3  # a short outage
        server.upsert("ns", "b", {})
        server.delete("ns", "a")
        server.compact()  # the events above are no longer retained
        await until(lambda: run.mirror.specs() == _server_specs(server))
    assert server.count("list") == 2
    troubles = run.mirror.of(WatchTrouble)
    assert troubles
    assert all(isinstance(t.error, KubeUnavailable) for t in troubles)


async def test_outage_backs_off_exponentially_then_recovers(
    server: FakeApiServer, client: KubeClient
) -> None:
    server.faults.status, server.faults.status_count = 503, 6
    async with Runner(client) as run:
        await until(lambda: bool(run.mirror.of(Snapshot)))
    troubles = run.mirror.of(WatchTrouble)
    assert [t.attempt for t in troubles] == [1, 2, 3, 4, 5, 6]
    assert run.sleeps == [t.retry_in for t in troubles]
    for t in troubles:
        base = min(
            FAST.backoff_max_seconds,
            FAST.backoff_initial_seconds * 2 ** (t.attempt - 1),
        )
        assert base / 2 <= t.retry_in <= base
    assert run.sleeps[-1] > run.sleeps[0]


async def test_429_honours_retry_after(
    server: FakeApiServer, client: KubeClient
) -> None:
    server.faults.status, server.faults.status_count, server.faults.retry_after = (
        429,
        2,
        3,
    )
    async with Runner(client) as run:
        await until(lambda: bool(run.mirror.of(Snapshot)))
    troubles = run.mirror.of(WatchTrouble)
    assert len(troubles) == 2
    assert all(isinstance(t.error, TooManyRequests) for t in troubles)
    assert all(t.retry_in >= 3 for t in troubles)
    assert run.sleeps[:2] == [t.retry_in for t in troubles]


async def test_watch_closing_at_once_is_not_a_hot_loop(
    server: FakeApiServer, client: KubeClient
) -> None:
    server.faults.watch_close_at_once = 3
    async with Runner(client) as run:
        await until(lambda: server.count("watch") >= 4)
        await until(lambda: len(run.mirror.of(Connected)) >= 4)
    assert run.sleeps  # the repeated instant closes were backed off, not spun on
    assert server.count("list") == 1


async def test_periodic_relist(server: FakeApiServer, client: KubeClient) -> None:
    server.upsert("ns", "a", {})
    policy = dataclasses.replace(FAST, relist_interval_seconds=0.3)
    async with Runner(client, policy) as run:
        await until(lambda: server.count("list") >= 3, within=10)
        assert run.mirror.specs() == _server_specs(server)
    # each relist started a fresh watch from that list's own version
    watches = [r for r in server.requests if r.verb == "watch"]
    assert len(watches) >= 2


async def test_bookmarks_move_the_resume_point(
    server: FakeApiServer, client: KubeClient
) -> None:
    server.upsert("ns", "a", {})
    server.bookmark_interval = 0.05
    async with Runner(client) as run:
        await until(lambda: bool(run.mirror.of(Connected)))
        list_rv = run.mirror.of(Snapshot)[0].resource_version
        # an unrelated write moves the server's version; only a bookmark can tell the watcher
        server.rv += 5
        await asyncio.sleep(0.2)
        server.drop_watches()
        await until(lambda: server.count("watch") >= 2)
    resumed = [r for r in server.requests if r.verb == "watch"][1]
    assert resumed.query["resourceVersion"] == str(server.rv) != list_rv


def test_backoff_is_capped_and_jittered() -> None:
    policy = WatchPolicy(backoff_initial_seconds=0.5, backoff_max_seconds=30)
    rng = random.Random(1)
    for attempt in range(1, 20):
        base = min(30.0, 0.5 * 2 ** (attempt - 1))
        delay = policy.backoff(attempt, rng)
        assert base / 2 <= delay <= base
    delays = {round(policy.backoff(10, rng), 6) for _ in range(20)}
    assert len(delays) > 10  # jitter spreads retries


def test_timeouts_are_jittered_within_bounds() -> None:
    policy = WatchPolicy(server_timeout_seconds=300, relist_interval_seconds=1000)
    rng = random.Random(3)
    timeouts = [policy.server_timeout(rng) for _ in range(50)]
    assert all(240 <= t <= 300 for t in timeouts)
    assert len(set(timeouts)) > 5
    relists = [policy.relist_after(rng) for _ in range(50)]
    assert all(850 <= r <= 1150 for r in relists)
