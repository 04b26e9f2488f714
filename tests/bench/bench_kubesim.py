"""Benchmark kubesim: list latency at 10,000 custom objects and watch fan-out.

Run: ``.venv/bin/python tests/bench/bench_kubesim.py [--objects 10000] [--watchers 50]
[--rate 1000] [--seconds 10]``.  kubesim runs in a child process (so the clients do not
share its interpreter); the parent lists over HTTP and holds the watches on raw
sockets.  Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import statistics
import time
from multiprocessing.connection import Connection
from typing import Any

import httpx
import psutil

GROUP, PLURAL = "kustomize.toolkit.fluxcd.io", "kustomizations"
CRD = {
    "apiVersion": "apiextensions.k8s.io/v1",
    "kind": "CustomResourceDefinition",
    "metadata": {"name": f"{PLURAL}.{GROUP}"},
    "spec": {
        "group": GROUP,
        "scope": "Namespaced",
        "names": {"plural": PLURAL, "kind": "Kustomization", "shortNames": ["ks"]},
        "versions": [
            {
                "name": "v1",
                "served": True,
                "storage": True,
                "subresources": {"status": {}},
                "schema": {
                    "openAPIV3Schema": {
                        "type": "object",
                        "x-kubernetes-preserve-unknown-fields": True,
                    }
                },
            }
        ],
    },
}


def kustomization(i: int) -> dict[str, Any]:
    return {
        "apiVersion": f"{GROUP}/v1",
        "kind": "Kustomization",
        "metadata": {
            "name": f"app-{i:05d}",
            "namespace": f"ns-{i % 50:02d}",
            "labels": {"app.kubernetes.io/part-of": "bench", "tier": str(i % 3)},
        },
        "spec": {
            "interval": "10m",
            "path": f"./apps/app-{i}",
            "prune": True,
            "sourceRef": {
                "kind": "GitRepository",
                "name": "fleet",
                "namespace": "flux-system",
            },
        },
    }


def status(i: int) -> dict[str, Any]:
    return {
        "observedGeneration": 1,
        "lastAppliedRevision": f"main@sha1:{i:040x}",
        "conditions": [
            {
                "type": "Ready",
                "status": "True",
                "reason": "ReconciliationSucceeded",
                "message": f"Applied revision: main@sha1:{i:040x}",
                "lastTransitionTime": "2026-01-01T00:00:00Z",
                "observedGeneration": 1,
            }
        ],
        "inventory": {
            "entries": [
                {"id": f"ns-{i % 50}_app{i}-{k}_apps_Deployment", "v": "v1"}
                for k in range(8)
            ]
        },
    }


# ------------------------------------------------------------------ child process


def serve(objects: int, conn: Connection) -> None:
    from kubesim.server import KubeSim

    async def main() -> None:
        sim = KubeSim("empty", watch_history=20000)
        await sim.start()
        store = sim.store
        store.create("apiextensions.k8s.io", "customresourcedefinitions", CRD)
        for n in range(50):
            store.create("", "namespaces", {"metadata": {"name": f"ns-{n:02d}"}})
        started = time.perf_counter()
        for i in range(objects):
            store.create_shared(GROUP, PLURAL, kustomization(i))
            store.update_shared(
                GROUP,
                PLURAL,
                {**kustomization(i), "status": status(i)},
                subresource="status",
            )
        load = time.perf_counter() - started
        conn.send({"url": sim.url, "load_seconds": load})
        loop = asyncio.get_running_loop()
        while True:
            command = await loop.run_in_executor(None, conn.recv)
            if command[0] == "stop":
                break
            _, rate, seconds = command
            sent = 0
            begin = loop.time()
            while (now := loop.time()) - begin < seconds:
                due = int((now - begin) * rate)
                while sent < due:
                    i = sent % objects
                    store.patch_shared(
                        GROUP,
                        PLURAL,
                        f"ns-{i % 50:02d}",
                        f"app-{i:05d}",
                        {"metadata": {"annotations": {"bench/t": repr(time.time())}}},
                    )
                    sent += 1
                await asyncio.sleep(0.002)
            conn.send({"changes": sent, "seconds": loop.time() - begin})
        await sim.stop()

    profile_to = os.environ.get("KUBESIM_BENCH_PROFILE")
    if profile_to:
        import cProfile

        cProfile.runctx("asyncio.run(main())", globals(), locals(), profile_to)
    else:
        asyncio.run(main())


# ------------------------------------------------------------------ measurements


async def measure_lists(url: str, runs: int) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        path = f"/apis/{GROUP}/v1/{PLURAL}"
        full: list[float] = []
        size = 0
        for _ in range(runs):
            started = time.perf_counter()
            response = await http.get(path)
            full.append(time.perf_counter() - started)
            size = len(response.content)
        paged: list[float] = []
        for _ in range(max(1, runs // 2)):
            started = time.perf_counter()
            token = ""
            while True:
                params = {"limit": "500", **({"continue": token} if token else {})}
                page = (await http.get(path, params=params)).json()
                token = page["metadata"].get("continue", "")
                if not token:
                    break
            paged.append(time.perf_counter() - started)
        selected: list[float] = []
        for _ in range(runs):
            started = time.perf_counter()
            await http.get(
                f"/apis/{GROUP}/v1/namespaces/ns-07/{PLURAL}",
                params={"labelSelector": "tier=1"},
            )
            selected.append(time.perf_counter() - started)
    return {
        "list_all_p50_ms": round(statistics.median(full) * 1000, 1),
        "list_all_max_ms": round(max(full) * 1000, 1),
        "list_body_mb": round(size / 1e6, 2),
        "paged_500_total_p50_ms": round(statistics.median(paged) * 1000, 1),
        "namespace_label_list_p50_ms": round(statistics.median(selected) * 1000, 2),
    }


class RawWatch:
    """A watch on a raw socket that counts lines and samples delivery latency."""

    def __init__(self) -> None:
        self.lines = 0
        self.latencies: list[float] = []
        self.task: asyncio.Task[None] | None = None

    async def run(self, host: str, port: int, rv: str) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        path = (
            f"/apis/{GROUP}/v1/{PLURAL}?watch=1&resourceVersion={rv}&timeoutSeconds=600"
        )
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode()
        )
        await writer.drain()
        buffer = b""
        try:
            while True:
                chunk = await reader.read(1 << 20)
                if not chunk:
                    return
                buffer += chunk
                *complete, buffer = buffer.split(b"\n")
                for line in complete:
                    if line.startswith(b"{"):
                        self.lines += 1
                        if self.lines % 97 == 0:
                            event = json.loads(line)
                            sent = float(
                                event["object"]["metadata"]["annotations"]["bench/t"]
                            )
                            self.latencies.append(time.time() - sent)
        finally:
            writer.close()


async def measure_watches(
    url: str,
    conn: Connection,
    child: psutil.Process,
    watchers: int,
    rate: int,
    seconds: float,
) -> dict[str, Any]:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    async with httpx.AsyncClient(base_url=url) as http:
        rv = (
            await http.get(f"/apis/{GROUP}/v1/{PLURAL}", params={"limit": "1"})
        ).json()["metadata"]["resourceVersion"]
    watches = [RawWatch() for _ in range(watchers)]
    for watch in watches:
        watch.task = asyncio.create_task(watch.run(host, int(port), rv))
    await asyncio.sleep(0.5)
    child.cpu_percent(None)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, conn.send, ("churn", rate, seconds))
    result = await loop.run_in_executor(None, conn.recv)
    cpu = child.cpu_percent(None)
    await asyncio.sleep(1.0)
    for watch in watches:
        assert watch.task is not None
        watch.task.cancel()
    latencies = sorted(lat for w in watches for lat in w.latencies)
    delivered = sum(w.lines for w in watches)
    return {
        "watchers": watchers,
        "changes": result["changes"],
        "changes_per_s": round(result["changes"] / result["seconds"]),
        "events_delivered": delivered,
        "events_expected": result["changes"] * watchers,
        "delivered_per_s": round(delivered / result["seconds"]),
        "latency_p50_ms": round(latencies[len(latencies) // 2] * 1000, 1)
        if latencies
        else None,
        "latency_p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 1)
        if latencies
        else None,
        "server_cpu_percent": round(cpu),
    }


async def bench(args: argparse.Namespace) -> None:
    parent, child_conn = mp.Pipe()
    process = mp.get_context("spawn").Process(
        target=serve, args=(args.objects, child_conn), daemon=True
    )
    process.start()
    try:
        ready = await asyncio.get_running_loop().run_in_executor(None, parent.recv)
        print(
            f"load {args.objects} objects (create + status update): {ready['load_seconds']:.2f} s"
        )
        child = psutil.Process(process.pid)
        print("lists:", json.dumps(await measure_lists(ready["url"], args.runs)))
        print(
            "watch:",
            json.dumps(
                await measure_watches(
                    ready["url"], parent, child, args.watchers, args.rate, args.seconds
                )
            ),
        )
        parent.send(("stop",))
    finally:
        process.join(15)
        if process.is_alive():
            process.terminate()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--objects", type=int, default=10000)
    parser.add_argument("--watchers", type=int, default=50)
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=10)
    asyncio.run(bench(parser.parse_args()))
