"""The naive design, as a server to measure fluxdash against: no cache, no watch.

Every request LISTs every Flux kind from the Kubernetes API (one unpaged LIST per kind, all
kinds concurrently), parses each object with fluxdash's own row builder
(``services.rows.build_row``), then filters, sorts (fluxdash's order), pages and summarises
(``services.stats.compute_stats``) and answers with fluxdash's response models. That is what
the seed plugin and most dashboards do per page view. It is generous to the naive design in
two ways: the served versions are discovered once at start-up, and the summary does not list
Events (its ``events`` is empty).

Run: ``python -m tests.bench.naive --kubeconfig PATH --port PORT``.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Annotated, Any

import uvicorn
from fastapi import FastAPI, Query, Response

from fluxdash.errors import KubeError
from fluxdash.kube.client import KubeClient
from fluxdash.kube.resource import ApiResource
from fluxdash.models.api_views import ResourceList, SummaryResponse
from fluxdash.models.kinds import KINDS, KindInfo, kind_by_plural
from fluxdash.models.views import ResourceRow
from fluxdash.services.listing import sort_key
from fluxdash.services.rows import build_row
from fluxdash.services.stats import compute_stats
from fluxdash.services.summary import MAX_FAILING

Served = list[tuple[KindInfo, ApiResource]]


async def discover(client: KubeClient) -> Served:
    """Each Flux kind at the first of its versions the cluster serves (kinds not served: left out)."""
    served: Served = []
    for info in KINDS:
        for version in info.versions:
            try:
                listing = await client.get_path(f"/apis/{info.group}/{version}")
            except KubeError:
                continue
            names = {r.get("name") for r in listing.get("resources", [])}
            if info.plural in names:
                served.append(
                    (info, ApiResource(info.group, version, info.plural, info.kind))
                )
                break
    return served


async def list_rows(client: KubeClient, served: Served) -> list[ResourceRow]:
    """LIST every served kind (concurrently) and build every row: the per-request cost."""

    async def one(info: KindInfo, resource: ApiResource) -> list[ResourceRow]:
        page = await client.list_page(resource)
        return [build_row(info, item) for item in page.get("items") or []]

    parts = await asyncio.gather(*(one(info, res) for info, res in served))
    return [row for part in parts for row in part]


def create_naive_app(kubeconfig: str) -> FastAPI:
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        client = await KubeClient.from_kubeconfig(kubeconfig)
        state["client"] = client
        state["served"] = await discover(client)
        try:
            yield
        finally:
            await client.close()

    app = FastAPI(lifespan=lifespan)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/v1/resources")
    async def resources(
        kind: Annotated[list[str] | None, Query()] = None,
        namespace: str | None = None,
        limit: int = 500,
    ) -> Response:
        served: Served = state["served"]
        if kind:
            wanted = {kind_by_plural(k).plural for k in kind}
            served = [(i, r) for i, r in served if i.plural in wanted]
        rows = await list_rows(state["client"], served)
        if namespace:
            rows = [row for row in rows if row.namespace == namespace]
        rows.sort(key=sort_key)
        body = ResourceList(items=rows[:limit], total=len(rows))
        return _json(body)

    @app.get("/api/v1/summary")
    async def summary() -> Response:
        served: Served = state["served"]
        rows = await list_rows(state["client"], served)
        kinds = compute_stats(rows, [info for info, _ in served])
        failing = sorted(
            (row for row in rows if row.health == "Failed"),
            key=lambda row: (
                row.last_reconciled.timestamp() if row.last_reconciled else 0.0
            ),
            reverse=True,
        )
        body = SummaryResponse(
            kinds=kinds,
            failing=failing[:MAX_FAILING],
            failing_total=len(failing),
            events=[],
            total=sum(k.total for k in kinds),
            synced=True,
            flux_installed=bool(served),
        )
        return _json(body)

    return app


def _json(model: ResourceList | SummaryResponse) -> Response:
    return Response(
        model.__pydantic_serializer__.to_json(model, by_alias=True),
        media_type="application/json",
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kubeconfig", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    uvicorn.run(
        create_naive_app(args.kubeconfig),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
    )


if __name__ == "__main__":
    main()
