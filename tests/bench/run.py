"""``make bench``: fluxdash against kubesim ``scale:N``, and against the naive design, in one run.

Processes: kubesim (``fluxdash cluster --scenario scale:N``), ``fluxdash serve --kubeconfig``
pointing at it, the naive server (``tests.bench.naive``) and Chromium; this process is the load
generator and owns none of the servers' interpreters. Writes ``bench/results.json`` and
``bench/results.md`` (also printed).

Environment: ``BENCH_N`` (objects, default 10000), ``BENCH_QUICK=1`` (1,000 objects, a few
samples: the smoke run the test suite executes), ``BENCH_OUT`` (output directory, default
``bench/``), ``BENCH_BROWSER=0`` (skip Chromium), ``BENCH_PROFILE=1`` (run the measured fluxdash
under pyinstrument; the profile lands in ``<out>/profile-fluxdash.html``).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import httpx

from tests.bench import actions, browser, reads, ws_latency
from tests.bench.churn import Change, StatusChurn
from tests.bench.figures import Figure, Goal, Report, figure
from tests.bench.processes import (
    BENCH_DIR,
    Cluster,
    Server,
    compile_bytecode,
    start_cluster,
    start_fluxdash,
    start_naive,
    stopping,
    wait_ready,
)

LARGE_INVENTORY = ("tenant-00", "ks-00000")  # kubesim.scenarios.scale.LARGE_INVENTORY
WS_NAMESPACE = "tenant-00"
ACTION_NAMESPACE = "tenant-01"
GRAPH_SIZES = (100, 1000)  # the graph page's goals (issue 10)
GRAPH_API_SIZE = 5000  # the graph API is also timed here (issue 10)

LIST_RATIO = "list page: naive ÷ fluxdash"
SUMMARY_RATIO = "summary: naive ÷ fluxdash"


@dataclass(frozen=True)
class Config:
    n: int
    quick: bool
    out: Path
    browser: bool
    profile: bool
    samples: int
    heavy_samples: int
    naive_samples: int
    cold_runs: int
    action_samples: int
    ws_clients: tuple[int, ...]
    ws_changes: int
    browser_samples: int
    graph_sizes: tuple[int, ...]

    @classmethod
    def from_env(cls, env: dict[str, str]) -> Config:
        quick = env.get("BENCH_QUICK", "") not in ("", "0", "false")
        n = int(env.get("BENCH_N") or (1000 if quick else 10_000))
        out = Path(env.get("BENCH_OUT") or BENCH_DIR)
        full = cls(
            n=n,
            quick=quick,
            out=out,
            browser=env.get("BENCH_BROWSER", "1") not in ("0", "false"),
            profile=env.get("BENCH_PROFILE", "") not in ("", "0", "false"),
            samples=100,
            heavy_samples=15,
            naive_samples=5,
            cold_runs=3,
            action_samples=100,
            ws_clients=(100, 500),
            ws_changes=20,
            browser_samples=5,
            graph_sizes=(*GRAPH_SIZES, GRAPH_API_SIZE),
        )
        if not quick:
            return full
        return replace(
            full,
            samples=5,
            heavy_samples=3,
            naive_samples=2,
            cold_runs=1,
            action_samples=5,
            ws_clients=(10, 30),
            ws_changes=3,
            browser_samples=1,
            graph_sizes=(n,),
        )


def goals(config: Config) -> list[Goal]:
    top = max(config.ws_clients)
    return [
        Goal("list page p95 < 50 ms", "GET /resources?limit=100", "p95", 50),
        Goal("summary p95 < 20 ms", "GET /summary", "p95", 20),
        Goal("list naive/fluxdash ≥ 50x (p50)", LIST_RATIO, "p50", 50, ">="),
        Goal("cold sync < 10 s (p95)", "cold start → /readyz true", "p95", 10),
        Goal("RSS after sync < 400 MB", "RSS after sync", "p95", 400),
        Goal(
            f"WS p95 < 250 ms at {top} clients",
            f"WS change → client, {top} clients",
            "p95",
            250,
        ),
        Goal("graph API (all) p95 < 500 ms", "GET /graph (all)", "p95", 500),
        Goal("action accepted p95 < 100 ms", actions.ACCEPTED, "p95", 100),
        Goal(
            "graph 100 nodes laid out < 300 ms", "graph laid out, 100 nodes", "p95", 300
        ),
        Goal(
            "graph 1,000 nodes laid out < 1.5 s",
            "graph laid out, 1,000 nodes",
            "p95",
            1500,
        ),
    ]


class Bench:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.report = Report(config={k: _plain(v) for k, v in asdict(config).items()})

    async def section(
        self, name: str, work: Callable[[], Awaitable[list[Figure]]]
    ) -> None:
        """Run one group of measurements; a failure is reported, not fatal to the run."""
        started = time.perf_counter()
        print(f"[bench] {name} …", flush=True)
        try:
            self.report.add(name, await work())
        except Exception as exc:
            self.report.problems.append(f"{name}: {type(exc).__name__}: {exc}")
            traceback.print_exc()
        print(
            f"[bench] {name} done in {time.perf_counter() - started:.1f} s", flush=True
        )

    # ---- the run ---------------------------------------------------------------------------

    async def run(self) -> Report:
        config = self.config
        started = time.perf_counter()
        compiled_s = compile_bytecode()
        print(f"[bench] bytecode compiled in {compiled_s:.1f} s", flush=True)
        cluster = start_cluster(f"scale:{config.n}", "kubesim")
        with stopping(cluster.child):
            self.report.add(
                "setup",
                [
                    figure(
                        f"kubesim scale:{config.n} up",
                        [cluster.load_s],
                        unit="s",
                        note="fluxdash cluster start → /version answers",
                    )
                ],
            )
            server = await self._cold_starts(cluster)
            with stopping(server.child):
                await self._measure_server(cluster, server)
        others = [size for size in config.graph_sizes if size != config.n]
        if not (config.browser and browser.chromium_available()):
            others = [size for size in others if size not in GRAPH_SIZES]
        if others:
            await self.section("graph", lambda: self._graph_pages(others))
        self.report.duration_s = time.perf_counter() - started
        self.report.judge(goals(config))
        return self.report

    async def _cold_starts(self, cluster: Cluster) -> Server:
        """``cold_runs`` fresh fluxdash processes to /readyz; the last one stays up."""
        config = self.config
        ready_s: list[float] = []
        cpu_s: list[float] = []
        rss: list[float] = []
        server: Server | None = None
        for run in range(config.cold_runs):
            last = run == config.cold_runs - 1
            env = {}
            if last and config.profile:
                env["BENCH_PYINSTRUMENT"] = str(config.out / "profile-fluxdash.html")
            server = start_fluxdash(cluster.kubeconfig, f"fluxdash-{run}", env)
            try:
                ready_s.append(wait_ready(server))
                cpu_s.append(server.child.cpu_s())
                rss.append(server.child.rss_mb())
            except BaseException:
                server.child.stop()
                raise
            if not last:
                server.child.stop()
        assert server is not None
        self.report.add(
            "cold start",
            [
                figure(
                    "cold start → /readyz true",
                    ready_s,
                    unit="s",
                    note=f"process start → every kind listed and watched, {config.n:,} objects",
                ),
                figure(
                    "cold start CPU",
                    cpu_s,
                    unit="s",
                    note="CPU seconds of fluxdash serve until ready (load cannot inflate it)",
                ),
                figure(
                    "RSS after sync", rss, unit="MB", note="fluxdash serve, at ready"
                ),
            ],
        )
        return server

    async def _measure_server(self, cluster: Cluster, server: Server) -> None:
        config = self.config
        churn_targets = await _kustomizations(server.url, WS_NAMESPACE, 5)
        action_targets = await _kustomizations(server.url, ACTION_NAMESPACE, 3)
        churn = StatusChurn(cluster.url, churn_targets)
        try:
            await self.section(
                "read API",
                lambda: reads.measure_fluxdash(
                    server.url,
                    churn,
                    LARGE_INVENTORY,
                    config.samples,
                    config.heavy_samples,
                ),
            )
            await self.section("naive", lambda: self._naive(cluster))
            await self.section(
                "actions",
                lambda: actions.run_against(
                    server.url, action_targets, config.action_samples
                ),
            )
            await self.section(
                "websocket",
                lambda: ws_latency.measure_against(
                    server.url,
                    lambda message: _changed(churn.bump(message=message)),
                    WS_NAMESPACE,
                    config.ws_clients,
                    config.ws_changes,
                    server.child,
                ),
            )
        finally:
            await churn.aclose()
        if config.browser:
            if browser.chromium_available():
                await self.section(
                    "browser", lambda: self._browser_main(server, cluster)
                )
            else:
                self.report.problems.append(
                    f"browser: {browser.CHROMIUM} is missing (make chromium)"
                )
        self.report.add(
            "memory",
            [figure("RSS at the end", [server.child.rss_mb()], unit="MB")],
        )

    async def _naive(self, cluster: Cluster) -> list[Figure]:
        naive = start_naive(cluster.kubeconfig)
        with stopping(naive.child):
            figures = await reads.measure_naive(naive.url, self.config.naive_samples)
        by_name = {f["name"]: f for f in self.report.figures}
        ours_list = by_name.get("GET /resources?limit=100")
        ours_summary = by_name.get("GET /summary")
        if ours_list:
            figures.append(reads.ratio(LIST_RATIO, figures[1], ours_list))
        if ours_summary:
            figures.append(reads.ratio(SUMMARY_RATIO, figures[0], ours_summary))
        return figures

    async def _browser_main(self, server: Server, cluster: Cluster) -> list[Figure]:
        config = self.config
        figures = [
            await browser.dashboard_first_render(
                server.url, config.browser_samples, config.n
            )
        ]
        if config.n in config.graph_sizes:
            figures += await self._graph_figures(server, config.n, cluster)
        return figures

    async def _graph_pages(self, sizes: list[int]) -> list[Figure]:
        """The graph at other sizes, each on its own cluster: the API, and the page for the
        sizes the browser goals name."""
        figures: list[Figure] = []
        for size in sizes:
            cluster = start_cluster(f"scale:{size}", f"kubesim-graph-{size}")
            with stopping(cluster.child):
                server = start_fluxdash(cluster.kubeconfig, f"fluxdash-graph-{size}")
                with stopping(server.child):
                    wait_ready(server)
                    figures += await self._graph_figures(
                        server, size, cluster, browser_too=size in GRAPH_SIZES
                    )
        return figures

    async def _graph_figures(
        self, server: Server, size: int, cluster: Cluster, browser_too: bool = True
    ) -> list[Figure]:
        """Graph API (after a change, and memoized) and the graph page laid out, on a
        ``scale:size`` server."""
        config = self.config
        endpoint = reads.Endpoint(f"GET /graph at scale:{size}", "/api/v1/graph")
        targets = await _kustomizations(server.url, None, 3)
        churn = StatusChurn(cluster.url, targets)
        try:
            async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
                graph = (await http.get("/api/v1/graph")).json()
                figures = [
                    await reads.measure_after_change(
                        http, endpoint, churn, config.heavy_samples
                    ),
                    await reads.measure_unchanged(http, endpoint, config.samples),
                ]
        finally:
            await churn.aclose()
        if browser_too:
            figures += await browser.graph_laid_out(
                server.url,
                config.browser_samples,
                size,
                len(graph["nodes"]),
                len(graph["edges"]),
            )
        return figures


async def _changed(bump: Awaitable[Change]) -> None:
    await bump


async def _kustomizations(
    base_url: str, namespace: str | None, count: int
) -> list[tuple[str, str]]:
    """``count`` Ready Kustomizations of ``namespace`` (None: any), not the large-inventory one."""
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        response = await http.get(
            "/api/v1/resources",
            params={
                "kind": "kustomizations",
                "health": "Ready",
                "limit": str(count + 1),
                **({"namespace": namespace} if namespace else {}),
            },
        )
        response.raise_for_status()
        names = [
            (row["namespace"], row["name"])
            for row in response.json()["items"]
            if (row["namespace"], row["name"]) != LARGE_INVENTORY
        ]
    if not names:
        raise RuntimeError(f"no Ready Kustomization in {namespace or 'the fleet'}")
    return names[:count]


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Path) else value


def main() -> int:
    config = Config.from_env(dict(os.environ))
    report = asyncio.run(Bench(config).run())
    json_path, md_path = report.write(config.out)
    print()
    print(md_path.read_text())
    print(f"written: {json_path} {md_path}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
