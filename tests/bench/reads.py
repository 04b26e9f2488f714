"""Read API latency: fluxdash's cache against the naive design, over real HTTP.

fluxdash memoizes a list, summary or graph body per cache version, so a figure measured with
nothing changing is a memo hit. The honest figure is the first request *after a change*: the
benchmark changes one object in kubesim, then asks with ``If-None-Match`` (cheap 304s, nothing
built) until the change has reached the cache; the first 200 is the sample and it built its
body from scratch. Both kinds of figure are reported. Requests send ``Accept-Encoding: gzip``
like a browser; the time is until the last byte is read.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx

from tests.bench.churn import StatusChurn
from tests.bench.figures import Figure, figure

CHANGE_TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class Endpoint:
    label: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    memoized: bool = True
    heavy: bool = False  # costs O(fleet) after a change: fewer samples


def fluxdash_endpoints(large_inventory: tuple[str, str]) -> list[Endpoint]:
    ns, name = large_inventory
    return [
        Endpoint("GET /summary", "/api/v1/summary"),
        Endpoint("GET /resources?limit=100", "/api/v1/resources", (("limit", "100"),)),
        Endpoint(
            "GET /resources?kind=kustomizations (all)",
            "/api/v1/resources",
            (("kind", "kustomizations"), ("limit", "10000")),
            heavy=True,
        ),
        Endpoint(
            "GET detail (500-entry inventory)",
            f"/api/v1/resources/kustomizations/{ns}/{name}",
            memoized=False,
        ),
        Endpoint("GET /graph (all)", "/api/v1/graph", heavy=True),
        Endpoint(
            "GET /graph?focus=…&depth=2",
            "/api/v1/graph",
            (("focus", f"Kustomization/{ns}/{name}"), ("depth", "2")),
            heavy=True,  # root causes are analysed on the whole graph
        ),
    ]


def _size_note(response: httpx.Response, extra: str = "") -> str:
    body = len(response.content)
    wire = response.num_bytes_downloaded
    parts = [extra] if extra else []
    parts.append(
        f"{body / 1e3:,.0f} kB"
        + (f" (gzip {wire / 1e3:,.0f} kB)" if wire < body else "")
    )
    return ", ".join(parts)


def _count_note(payload: Any) -> str:
    if isinstance(payload, dict):
        if "items" in payload and "total" in payload:
            return f"{len(payload['items']):,} of {payload['total']:,} rows"
        if "nodes" in payload:
            return f"{len(payload['nodes']):,} nodes, {len(payload.get('edges', [])):,} edges"
        if "inventory" in payload:
            inventory = payload.get("inventory") or {}
            entries = inventory.get("entries") if isinstance(inventory, dict) else None
            if isinstance(entries, list):
                return f"{len(entries)} inventory entries"
    return ""


async def _timed_get(
    http: httpx.AsyncClient, endpoint: Endpoint, headers: dict[str, str] | None = None
) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = await http.get(endpoint.path, params=endpoint.params, headers=headers)
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, response


async def measure_unchanged(
    http: httpx.AsyncClient, endpoint: Endpoint, samples: int
) -> Figure:
    """Repeated GETs while nothing changes (memo hits where the endpoint memoizes)."""
    times: list[float] = []
    last: httpx.Response | None = None
    for _ in range(samples):
        elapsed, last = await _timed_get(http, endpoint)
        last.raise_for_status()
        times.append(elapsed)
    assert last is not None
    suffix = " (unchanged cache)" if endpoint.memoized else ""
    return figure(
        endpoint.label + suffix,
        times,
        note=_size_note(last, _count_note(last.json())),
    )


async def measure_after_change(
    http: httpx.AsyncClient, endpoint: Endpoint, churn: StatusChurn, samples: int
) -> Figure:
    """The first 200 after each change (body built from scratch), see the module doc."""
    _, response = await _timed_get(http, endpoint)
    response.raise_for_status()
    etag = response.headers["etag"]
    times: list[float] = []
    for _ in range(samples):
        await churn.bump()
        deadline = time.perf_counter() + CHANGE_TIMEOUT_S
        while True:
            elapsed, response = await _timed_get(
                http, endpoint, {"If-None-Match": etag}
            )
            if response.status_code == 200:
                times.append(elapsed)
                etag = response.headers["etag"]
                break
            if response.status_code != 304:
                response.raise_for_status()
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{endpoint.label}: a change never reached fluxdash")
            await asyncio.sleep(0.002)
    return figure(
        endpoint.label,
        times,
        note=_size_note(response, _count_note(response.json())) + "; after a change",
    )


async def measure_fluxdash(
    base_url: str,
    churn: StatusChurn,
    large_inventory: tuple[str, str],
    samples: int,
    heavy_samples: int,
) -> list[Figure]:
    """Every read figure; ``heavy_samples`` for the whole-fleet bodies (all rows, graph)."""
    figures: list[Figure] = []
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
        for endpoint in fluxdash_endpoints(large_inventory):
            heavy = endpoint.heavy
            count = heavy_samples if heavy else samples
            for _ in range(3):  # warm: connection, code paths, first build
                (await _timed_get(http, endpoint))[1].raise_for_status()
            if endpoint.memoized:
                figures.append(await measure_after_change(http, endpoint, churn, count))
                if endpoint.label in {"GET /summary", "GET /resources?limit=100"}:
                    figures.append(await measure_unchanged(http, endpoint, count))
            else:
                figures.append(await measure_unchanged(http, endpoint, count))
    return figures


NAIVE_ENDPOINTS = [
    Endpoint("naive GET /summary", "/api/v1/summary", memoized=False),
    Endpoint(
        "naive GET /resources?limit=100",
        "/api/v1/resources",
        (("limit", "100"),),
        memoized=False,
    ),
]


async def measure_naive(base_url: str, samples: int) -> list[Figure]:
    figures: list[Figure] = []
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as http:
        for endpoint in NAIVE_ENDPOINTS:
            (await _timed_get(http, endpoint))[1].raise_for_status()  # warm
            item = await measure_unchanged(http, endpoint, samples)
            item["note"] += "; LIST every kind per request"
            figures.append(item)
    return figures


def ratio(name: str, naive: Figure, ours: Figure) -> Figure:
    """naive / fluxdash, at p50 and at p95."""

    def div(stat: str) -> float | None:
        a, b = naive.get(stat), ours.get(stat)
        return round(a / b, 1) if a and b else None

    return {
        "name": name,
        "unit": "ratio",
        "samples": min(naive["samples"], ours["samples"]),
        "p50": div("p50"),
        "p95": div("p95"),
        "mean": div("mean"),
        "max": None,
        "note": f"{naive['name']} ÷ {ours['name']}",
    }
