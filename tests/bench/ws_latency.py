"""WebSocket change-to-client latency and memory per idle connection.

Clients connect to ``/api/v1/ws`` and subscribe to one team's Kustomizations (``kinds:
[kustomizations], namespace: <ns>``: what a list page filtered to a namespace subscribes to).
A change is a Ready-message patch through kubesim's API (see ``churn``); its latency, per client,
runs from just before the PATCH is sent until that client has read a ``changes`` frame carrying
the change's marker: kubesim's watch, fluxdash's cache, the ~100 ms coalescing window and the
fan-out. Memory per idle connection is the server's RSS growth while clients connect and
subscribe, divided by their number. The clients live in the benchmark process, not the server's.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson
from websockets.asyncio.client import ClientConnection, connect

from tests.bench.churn import Change, StatusChurn
from tests.bench.figures import Figure, figure

DELIVERY_TIMEOUT_S = 10.0


@dataclass
class _Client:
    conn: ClientConnection
    snapshot: asyncio.Event = field(default_factory=asyncio.Event)
    waiting: dict[str, float] = field(default_factory=dict)  # marker → sent at
    latencies: list[float] = field(default_factory=list)
    delivered: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None

    async def read(self) -> None:
        async for frame in self.conn:
            text = frame if isinstance(frame, str) else frame.decode()
            if not self.snapshot.is_set():
                if '"type":"snapshot"' in text:
                    self.snapshot.set()
                continue
            if not self.waiting or '"type":"changes"' not in text:
                continue
            now = time.perf_counter()
            for marker, sent_at in list(self.waiting.items()):
                if marker in text:
                    self.latencies.append((now - sent_at) * 1000)
                    del self.waiting[marker]
            if not self.waiting:
                self.delivered.set()


class WsFleet:
    """N subscribed WebSocket clients; grow with `connect`, close with `aclose`."""

    def __init__(self, ws_url: str, namespace: str) -> None:
        self.ws_url = ws_url
        self.namespace = namespace
        self.clients: list[_Client] = []

    async def _open(self, index: int) -> _Client:
        conn = await connect(self.ws_url, max_size=64 * 2**20, open_timeout=30)
        client = _Client(conn)
        client.task = asyncio.create_task(client.read())
        await conn.send(
            orjson.dumps(
                {
                    "type": "subscribe",
                    "id": f"bench-{index}",
                    "kinds": ["kustomizations"],
                    "namespace": self.namespace,
                }
            ).decode()
        )
        await asyncio.wait_for(client.snapshot.wait(), 60)
        return client

    async def grow_to(self, count: int, batch: int = 50) -> None:
        while len(self.clients) < count:
            step = min(batch, count - len(self.clients))
            base = len(self.clients)
            opened = await asyncio.gather(*(self._open(base + i) for i in range(step)))
            self.clients.extend(opened)

    async def latency(
        self, churn: StatusChurn, changes: int, gap: float = 0.15
    ) -> list[float]:
        """``changes`` changes, one at a time; every client's latency for each."""
        latencies: list[float] = []
        for _ in range(changes):
            for client in self.clients:
                client.latencies.clear()
                client.delivered.clear()

            def expect(change: Change) -> None:
                sent_at = time.perf_counter()
                for client in self.clients:
                    client.waiting[change.marker] = sent_at

            await churn.bump("ws", before_send=expect)
            await asyncio.wait_for(
                asyncio.gather(*(c.delivered.wait() for c in self.clients)),
                DELIVERY_TIMEOUT_S,
            )
            for client in self.clients:
                latencies.extend(client.latencies)
            await asyncio.sleep(gap)
        return latencies

    async def aclose(self) -> None:
        for client in self.clients:
            if client.task is not None:
                client.task.cancel()
            with contextlib.suppress(Exception):
                await client.conn.close()
        self.clients.clear()


async def measure_ws(
    base_url: str,
    churn: StatusChurn,
    namespace: str,
    client_counts: tuple[int, ...],
    changes: int,
    server_rss_mb: Callable[[], float],
    server_cpu_s: Callable[[], float],
) -> list[Figure]:
    """Latency at each count in ``client_counts`` (ascending) and memory per idle connection
    measured over the last growth step."""
    ws_url = base_url.replace("http://", "ws://") + "/api/v1/ws"
    fleet = WsFleet(ws_url, namespace)
    figures: list[Figure] = []
    try:
        previous_count, previous_rss = 0, server_rss_mb()
        memory: Figure | None = None
        for count in client_counts:
            await fleet.grow_to(count)
            await asyncio.sleep(1.0)  # let the server settle its buffers
            rss = server_rss_mb()
            grown = count - previous_count
            if grown > 0:
                per_kb = (rss - previous_rss) * 1024 / grown
                memory = figure(
                    "memory per idle connection",
                    [per_kb],
                    unit="kB",
                    note=f"server RSS {previous_rss:.0f} → {rss:.0f} MB for "
                    f"{previous_count} → {count} subscribed clients",
                )
            previous_count, previous_rss = count, rss
            await fleet.latency(churn, min(3, changes))  # warm up
            cpu_before = server_cpu_s()
            samples = await fleet.latency(churn, changes)
            cpu_ms = (server_cpu_s() - cpu_before) * 1000 / changes
            figures.append(
                figure(
                    f"WS change → client, {count} clients",
                    samples,
                    note=f"{changes} changes x {count} clients; coalescing ~100 ms; "
                    f"server CPU {cpu_ms:.0f} ms per change",
                )
            )
        if memory is not None:
            figures.append(memory)
    finally:
        await fleet.aclose()
    return figures
