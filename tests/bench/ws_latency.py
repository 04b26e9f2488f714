"""Benchmark: WebSocket change-to-client latency and memory per idle connection.

Set-up (like ``fluxdash serve`` against a cluster): kubesim and fluxdash (uvicorn) run in this
process's event loop; the WebSocket clients run in a *separate* process (one asyncio loop, the
``websockets`` library), so client-side work does not count against the server's CPU.
Each client subscribes to the Kustomizations of one namespace (a list view) and gets a snapshot.

- latency: a Kustomization's status is merge-patched through the Kubernetes HTTP API with its
  message set to ``bench:<seq>:<unix time>``; every client computes ``now - time`` when the row
  reaches it (same machine, same wall clock). That spans the PATCH, the watch event, the cache,
  the coalescing window (~100 ms, the protocol's), the fan-out and the client's own parsing.
  Changes are spaced wider than the window so each one is its own frame.
- memory: the server process's RSS growth per connected, subscribed, idle client (500 clients).

Run alone: ``python -m tests.bench.ws_latency [changes]``; ``run()`` is the bench runner's entry.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import httpx
import orjson
import psutil

from fluxdash.models.kinds import kind_by_plural
from kubesim.server import KubeSim
from tests.api.fleet import CRD_GROUP, CRD_PLURAL, crd, create, ensure_namespace
from tests.api.harness import serve, settings_for, wait_ready
from tests.bench.figures import figure as bench_figure
from tests.cache import objects as o

GOAL_P95_MS = 250.0
NAMESPACE = "bench"
TARGET = "target"
KS_PATH = f"/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/{NAMESPACE}/kustomizations"
_REPO = Path(__file__).resolve().parents[2]


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def figure(name: str, samples: Sequence[float], **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "unit": "ms",
        "samples": len(samples),
        "p50": round(_percentile(samples, 0.50), 2),
        "p95": round(_percentile(samples, 0.95), 2),
        "mean": round(statistics.fmean(samples), 2) if samples else None,
        **extra,
    }


# --------------------------------------------------------------------------- orchestration


class _Clients:
    """A client process with ``count`` connections."""

    def __init__(self, proc: asyncio.subprocess.Process, count: int) -> None:
        self.proc = proc
        self.count = count

    @classmethod
    async def start(cls, url: str, count: int, namespace: str = NAMESPACE) -> _Clients:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.bench.ws_clients",
            url,
            str(count),
            namespace,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            cwd=_REPO,
            limit=1 << 24,
        )
        assert proc.stdout is not None
        line = await asyncio.wait_for(proc.stdout.readline(), 180)
        if line.strip() != b"READY":
            proc.kill()
            raise RuntimeError(f"client process failed to connect: {line!r}")
        return cls(proc, count)

    async def stop(self) -> list[float]:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write(b"STOP\n")
        await self.proc.stdin.drain()
        line = await asyncio.wait_for(self.proc.stdout.readline(), 60)
        await asyncio.wait_for(self.proc.wait(), 30)
        latencies: list[float] = json.loads(line)["latencies"]
        return latencies


def _rss() -> int:
    gc.collect()
    return int(psutil.Process().memory_info().rss)


async def _until(predicate: Any, within: float) -> None:
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.05)


async def _changes(kube: httpx.AsyncClient, count: int, interval: float) -> None:
    for seq in range(count):
        message = f"bench:{seq}:{time.time():.6f}"
        patch = {
            "status": {
                "observedGeneration": 1,
                "conditions": [o.ready("True", "Succeeded", message)],
            }
        }
        response = await kube.patch(
            f"{KS_PATH}/{TARGET}/status",
            content=orjson.dumps(patch),
            headers={"Content-Type": "application/merge-patch+json"},
        )
        response.raise_for_status()
        await asyncio.sleep(interval)


@contextlib.asynccontextmanager
async def _stack(objects: int) -> AsyncIterator[tuple[Any, KubeSim]]:
    sim = KubeSim(scenario="empty")
    await sim.start()
    try:
        # Kustomizations with a status subresource, so status patches keep the generation.
        definition = crd(kind_by_plural("kustomizations"))
        for version in definition["spec"]["versions"]:
            version["subresources"] = {"status": {}}
        sim.store.create(CRD_GROUP, CRD_PLURAL, definition)
        ensure_namespace(sim, NAMESPACE)
        create(sim, "kustomizations", o.kustomization(TARGET, NAMESPACE))
        for index in range(objects - 1):
            create(sim, "kustomizations", o.kustomization(f"k{index}", NAMESPACE))
        with tempfile.TemporaryDirectory() as tmp:
            settings = settings_for(sim, Path(tmp), log_level="warning")
            async with serve(settings) as running:
                await wait_ready(running, within=60)
                yield running, sim
    finally:
        await sim.stop()


async def run(
    client_counts: Sequence[int] = (100, 500),
    changes: int = 30,
    interval: float = 0.25,
    objects: int = 200,
    settle: float = 1.0,
) -> dict[str, Any]:
    """Measure; returns ``{"name", "figures": [...], "goals": {...}}`` for the bench report."""
    figures: list[dict[str, Any]] = []
    memory: dict[str, Any] | None = None
    p95_by_count: dict[int, float] = {}
    async with _stack(objects) as (running, sim):
        url = running.url.replace("http://", "ws://") + "/api/v1/ws"
        hub = running.app.state.live_hub
        async with httpx.AsyncClient(base_url=sim.url, timeout=30) as kube:
            await _changes(kube, 3, interval)  # warm the paths up
            for count in client_counts:
                rss_before = _rss()
                clients = await _Clients.start(url, count)
                try:
                    await _until(lambda c=count: hub.client_count >= c, 30)
                    await asyncio.sleep(
                        settle / 2
                    )  # idle: snapshots sent, buffers settled
                    rss_idle = _rss()
                    cpu_before = time.process_time()
                    await _changes(kube, changes, interval)
                    await asyncio.sleep(max(settle, interval * 4))
                    cpu_per_change = (time.process_time() - cpu_before) / changes
                finally:
                    latencies = await clients.stop()
                await _until(lambda: hub.client_count == 0, 30)
                expected = count * changes
                item = figure(
                    f"change → client latency, {count} clients",
                    latencies,
                    clients=count,
                    changes=changes,
                    delivered=f"{len(latencies)}/{expected}",
                    # Server process (kubesim + fluxdash) CPU per change, and the machine's
                    # load: latency on a shared 2-core machine is mostly waiting for a CPU.
                    server_cpu_ms_per_change=round(cpu_per_change * 1000, 1),
                    loadavg_1m=round(os.getloadavg()[0], 2),
                )
                figures.append(item)
                p95_by_count[count] = item["p95"]
                if count == max(client_counts):
                    per_client = (rss_idle - rss_before) / count
                    memory = {
                        "name": f"memory per idle connection ({count} clients)",
                        "unit": "KiB",
                        "samples": count,
                        "value": round(per_client / 1024, 1),
                    }
    if memory is not None:
        figures.append(memory)
    biggest = max(client_counts)
    return {
        "name": "websocket",
        "figures": figures,
        "goals": {
            f"p95 < {GOAL_P95_MS:.0f} ms at {biggest} clients": p95_by_count[biggest]
            < GOAL_P95_MS
        },
    }


async def measure_against(
    base_url: str,
    change: Callable[[str], Awaitable[None]],
    namespace: str,
    client_counts: Sequence[int],
    changes: int,
    server: ServerProcess,
    interval: float = 0.25,
    settle: float = 1.0,
) -> list[dict[str, Any]]:
    """The same figures against a fluxdash in another process (``make bench``): ``change(m)``
    sets the Ready message of a Kustomization of ``namespace`` to ``m`` through the cluster's
    API; the clients (their own process) subscribe to that namespace's Kustomizations."""
    url = base_url.replace("http://", "ws://") + "/api/v1/ws"
    figures: list[dict[str, Any]] = []
    memory: dict[str, Any] | None = None
    for _ in range(3):  # warm the paths up
        await change(f"warm:{time.time():.6f}")
    for count in client_counts:
        rss_before = server.rss_mb()
        clients = await _Clients.start(url, count, namespace)
        try:
            await asyncio.sleep(settle)  # idle: snapshots sent, buffers settled
            rss_idle = server.rss_mb()
            cpu_before = server.cpu_s()
            for seq in range(changes):
                await change(f"bench:{seq}:{time.time():.6f}")
                await asyncio.sleep(interval)
            await asyncio.sleep(max(settle, interval * 4))
            cpu_per_change = (server.cpu_s() - cpu_before) / changes
        finally:
            latencies = await clients.stop()
        item = bench_figure(
            f"WS change → client, {count} clients",
            latencies,
            note=f"{len(latencies)}/{count * changes} delivered; server CPU "
            f"{cpu_per_change * 1000:.0f} ms per change; clients in their own process",
        )
        figures.append(item)
        memory = {
            "name": "memory per idle connection",
            "unit": "kB",
            "samples": count,
            "p50": round((rss_idle - rss_before) * 1024 / count, 1),
            "p95": round((rss_idle - rss_before) * 1024 / count, 1),
            "note": f"server RSS {rss_before:.0f} → {rss_idle:.0f} MB with {count} "
            "subscribed idle clients",
        }
        await asyncio.sleep(settle)  # the server notices the closed connections
    if memory is not None:
        figures.append(memory)
    return figures


class ServerProcess(Protocol):
    def rss_mb(self) -> float: ...
    def cpu_s(self) -> float: ...


def main(argv: list[str]) -> int:
    changes = int(argv[1]) if len(argv) > 1 else 30
    result = asyncio.run(run(changes=changes))
    for item in result["figures"]:
        if item["unit"] == "ms":
            print(
                f"{item['name']:<44} p50 {item['p50']:>8.2f} ms  p95 {item['p95']:>8.2f} ms"
                f"  n={item['samples']} delivered={item['delivered']}"
                f"  server CPU/change {item['server_cpu_ms_per_change']} ms"
                f"  load {item['loadavg_1m']}"
            )
        else:
            print(f"{item['name']:<44} {item['value']} {item['unit']}")
    for goal, met in result["goals"].items():
        print(f"goal {goal}: {'met' if met else 'MISSED'}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main(sys.argv))
