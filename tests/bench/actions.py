"""Benchmark: action accepted latency and reconcile round trip, against the embedded cluster.

- *accepted*: ``POST /resources/kustomizations/{ns}/{name}/reconcile`` → ``202`` with a pending
  record (the GET, the merge patch and the record; the audit Event is written in the background).
- *round trip*: the same request → the record ``succeeded`` (the simulated controller's delay is
  0, so this is fluxdash's own overhead: patch, watch event into the cache, evaluation).

fluxdash is served by uvicorn on a loopback port and called over real HTTP; kubesim runs in the
same process and event loop (as in ``fluxdash serve --demo``), which makes the figures a little
pessimistic. Run alone: ``python -m tests.bench.actions [samples]``.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import uvicorn

from fluxdash.models.actions import ActionRecord
from tests.api.actions_stack import WRITE_HEADERS, Stack, running_stack
from tests.bench.figures import Figure, figure

GOAL_ACCEPTED_P95_MS = 100.0


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Any:  # the benchmark process owns the signals
        yield


@contextlib.asynccontextmanager
async def _served(stack: Stack) -> AsyncIterator[str]:
    """The stack's app (same runtime) behind uvicorn on a free loopback port."""
    app = stack.app
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # see kubesim.server
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = _Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:  # noqa: ASYNC110  # uvicorn offers no started event
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


WaitFinal = Callable[[str, float], Awaitable[ActionRecord]]
FINAL_STATES = frozenset({"succeeded", "failed", "timedOut"})


async def measure(
    http: httpx.AsyncClient,
    targets: list[tuple[str, str]],
    wait_final: WaitFinal,
    samples: int,
) -> list[Figure]:
    """``samples`` reconciles of the Kustomizations ``targets`` (round robin), one at a time:
    accepted latency (POST → 202) and round trip (POST → the record ``succeeded``)."""
    accepted: list[float] = []
    round_trip: list[float] = []
    for index in range(samples):
        namespace, name = targets[index % len(targets)]
        start = time.perf_counter()
        response = await http.post(
            f"/api/v1/resources/kustomizations/{namespace}/{name}/reconcile"
        )
        accepted_at = time.perf_counter()
        response.raise_for_status()
        record = await wait_final(response.json()["id"], 30)
        done_at = time.perf_counter()
        if record.state != "succeeded":
            raise RuntimeError(
                f"benchmark reconcile ended {record.state}: {record.message}"
            )
        accepted.append((accepted_at - start) * 1000)
        round_trip.append((done_at - start) * 1000)
    return [
        figure(ACCEPTED, accepted),
        figure(ROUND_TRIP, round_trip),
    ]


ACCEPTED = "action accepted (POST reconcile → 202)"
ROUND_TRIP = "reconcile round trip (→ succeeded, controller delay 0)"


def polling_waiter(http: httpx.AsyncClient, interval: float = 0.005) -> WaitFinal:
    """Wait for a record's final state over HTTP (``GET /actions/{id}`` every ``interval``)."""

    async def wait_final(action_id: str, within: float) -> ActionRecord:
        deadline = time.perf_counter() + within
        while True:
            response = await http.get(f"/api/v1/actions/{action_id}")
            response.raise_for_status()
            record = ActionRecord.model_validate(response.json())
            if record.state in FINAL_STATES:
                return record
            if time.perf_counter() > deadline:
                raise TimeoutError(f"action {action_id} still {record.state}")
            await asyncio.sleep(interval)

    return wait_final


async def run_against(
    base_url: str, targets: list[tuple[str, str]], samples: int
) -> list[Figure]:
    """The same figures against a fluxdash in another process (records polled over HTTP)."""
    async with httpx.AsyncClient(
        base_url=base_url, headers=WRITE_HEADERS, timeout=60
    ) as http:
        wait_final = polling_waiter(http)
        await measure(http, targets, wait_final, min(3, samples))  # warm up
        return await measure(http, targets, wait_final, samples)


async def run(samples: int = 200) -> dict[str, Any]:
    """Measure; returns ``{"name", "figures": [...], "goals": {...}}`` for the bench report."""
    async with running_stack() as stack, _served(stack) as base_url:
        targets = [
            ("flux-system", "apps"),
            ("flux-system", "infra"),
            ("flux-system", "broken"),
        ]
        async with httpx.AsyncClient(base_url=base_url, headers=WRITE_HEADERS) as http:
            # Warm up connections, the action service and the code paths.
            for namespace, name in targets:
                response = await http.post(
                    f"/api/v1/resources/kustomizations/{namespace}/{name}/reconcile"
                )
                response.raise_for_status()
            await stack.settled()
            assert stack.runtime.actions is not None
            service = stack.runtime.actions
            figures = await measure(http, targets, service.wait_final, samples)
            await service.drain()
    accepted_figure = figures[0]
    return {
        "name": "actions",
        "figures": figures,
        "goals": {
            "action accepted p95 < 100 ms": accepted_figure["p95"]
            < GOAL_ACCEPTED_P95_MS,
        },
    }


def main(argv: list[str]) -> int:
    samples = int(argv[1]) if len(argv) > 1 else 200
    result = asyncio.run(run(samples))
    for item in result["figures"]:
        print(
            f"{item['name']:<58} p50 {item['p50']:>8.2f} ms  p95 {item['p95']:>8.2f} ms  n={item['samples']}"
        )
    for goal, met in result["goals"].items():
        print(f"goal {goal}: {'met' if met else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
