"""Benchmark the graph: build + serialise at N objects, cold (after a change) and memoised,
in-process and over HTTP; optionally the browser's time to a laid-out graph.

Run: ``.venv/bin/python -m tests.bench.bench_graph [--sizes 1000,5000,10000] [--samples 7]
[--browser 100,1000]``. The fleet is kubesim's ``scale:N`` scenario fed through the real cache
(rows, refs, health); "after a change" re-applies one object with a new resourceVersion first,
so the whole graph is rebuilt (references of unchanged objects come from the memo, as in the
server). Browser figures start kubesim and fluxdash, then time navigation → the page's
`fluxdash:graph-laid-out` mark in Chromium (fresh context each sample). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson
import uvicorn

from fluxdash.main import create_app
from fluxdash.models.kinds import KINDS
from fluxdash.services.cache import FluxCache, KindState
from fluxdash.services.graph import FluxGraph, analyse_graph, select_payload
from fluxdash.services.graph_view import GraphQuery, graph_json
from fluxdash.services.runtime import Runtime
from fluxdash.settings import Settings
from kubesim.scenarios import apply_scenario
from kubesim.store import Store
from tests.polling import until


def load(n: int) -> FluxCache:
    store = Store()
    apply_scenario(f"scale:{n}", store)
    cache = FluxCache()
    cache.configure_kinds({i.plural: KindState(i.preferred_version) for i in KINDS})
    for info in KINDS:
        cache.replace_kind(info.plural, store.items(info.group, info.plural))
    return cache


class Toucher:
    """Re-applies one object with a new resourceVersion: the cache version moves."""

    def __init__(self, cache: FluxCache) -> None:
        self.cache = cache
        self.count = 0

    def __call__(self) -> None:
        obj = next(iter(self.cache.objects(["kustomizations"])))
        self.count += 1
        metadata = {**obj.raw["metadata"], "resourceVersion": f"bench-{self.count}"}
        self.cache.apply(
            "kustomizations", "MODIFIED", {**obj.raw, "metadata": metadata}
        )


def timed(fn: Callable[[], Any], samples: int) -> list[float]:
    out = []
    for _ in range(samples):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def describe(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    median = statistics.median(values)
    return f"  {name:<44} p50 {median:8.1f} ms  p95 {p95:8.1f} ms  n={len(values)}"


async def over_http(
    cache: FluxCache, samples: int
) -> tuple[list[float], list[float], int]:
    runtime = Runtime(mode="embedded", cache=cache)
    app = create_app(Settings(cluster_mode="none", log_level="warning"), runtime)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    await until(lambda: server.started, within=30)
    port = server.servers[0].sockets[0].getsockname()[1]
    touch = Toucher(cache)
    cold: list[float] = []
    warm: list[float] = []
    size = 0
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", timeout=60
    ) as http:
        for _ in range(samples):
            touch()
            started = time.perf_counter()
            response = await http.get("/api/v1/graph")
            cold.append((time.perf_counter() - started) * 1000)
            size = len(response.content)
            started = time.perf_counter()
            await http.get("/api/v1/graph")
            warm.append((time.perf_counter() - started) * 1000)
    server.should_exit = True
    await task
    return cold, warm, size


def bench_size(n: int, samples: int) -> None:
    cache = load(n)
    objects = list(cache.objects())
    graph = analyse_graph(objects)
    print(
        f"N={n:,} objects: {len(graph.nodes):,} nodes, {len(graph.edges):,} edges, "
        f"{len(graph.root_causes)} root causes"
    )
    print(
        describe(
            "analyse, no reference memo", timed(lambda: analyse_graph(objects), samples)
        )
    )
    print(describe("select + orjson (all)", timed(lambda: _serialise(graph), samples)))
    touch = Toucher(cache)

    def after_change() -> None:
        touch()
        graph_json(cache, GraphQuery())

    print(describe("graph_json after a change", timed(after_change, samples)))
    print(
        describe(
            "graph_json memoised",
            timed(lambda: graph_json(cache, GraphQuery()), samples),
        )
    )
    focus = GraphQuery(
        focus=next(iter(cache.objects(["kustomizations"]))).row.id, depth=2
    )
    print(
        describe(
            "graph_json focus depth 2", timed(lambda: graph_json(cache, focus), samples)
        )
    )
    cold, warm, size = asyncio.run(over_http(cache, samples))
    print(describe(f"HTTP GET /graph after a change ({size / 1e6:.2f} MB JSON)", cold))
    print(describe("HTTP GET /graph memoised", warm))


def _serialise(graph: FluxGraph) -> bytes:
    return orjson.dumps(select_payload(graph))


def bench_browser(n: int, samples: int) -> None:
    from playwright.sync_api import sync_playwright

    from fluxdash.settings import Settings as AppSettings
    from kubesim.server import ThreadedKubeSim
    from tests.e2e.harness import (
        CHROMIUM_ARGS,
        CHROMIUM_PATH,
        ensure_spa_built,
        start_server,
    )

    sim = ThreadedKubeSim(scenario=f"scale:{n}").start()
    kubeconfig = Path(tempfile.mkdtemp()) / "kubeconfig"
    sim.write_kubeconfig(kubeconfig)
    server = start_server(
        AppSettings(
            cluster_mode="kubeconfig",
            kubeconfig=kubeconfig,
            static_dir=ensure_spa_built(),
            log_level="warning",
        )
    )
    try:
        for _ in range(600):
            if httpx.get(server.url("/api/v1/readyz"), timeout=10).status_code == 200:
                break
            time.sleep(0.1)
        graph = httpx.get(server.url("/api/v1/graph"), timeout=60).json()
        times: list[float] = []
        with sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=str(CHROMIUM_PATH), args=list(CHROMIUM_ARGS)
            )
            for index in range(samples + 1):
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                page = context.new_page()
                page.goto(server.url("/graph"))
                page.wait_for_selector(
                    '[data-testid="graph-canvas"][data-layout="done"]', timeout=120_000
                )
                # The page marks the moment positions are set and the view is fitted.
                elapsed = float(
                    page.evaluate(
                        "performance.getEntriesByName('fluxdash:graph-laid-out')[0].startTime"
                    )
                )
                if index > 0:  # the first warms Chromium's caches
                    times.append(elapsed)
                context.close()
            browser.close()
        label = f"browser: /graph laid out, {len(graph['nodes']):,} nodes"
        print(describe(f"{label}, {len(graph['edges']):,} edges", times))
    finally:
        server.stop()
        sim.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--browser", default="", help="e.g. 100,1000")
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",") if s):
        bench_size(n, args.samples)
    for n in (int(s) for s in args.browser.split(",") if s):
        bench_browser(n, max(3, args.samples // 2))


if __name__ == "__main__":
    main()
