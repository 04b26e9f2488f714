"""Errors render as typed bodies; never a stack trace."""

from __future__ import annotations

import httpx
import pytest
from fastapi import APIRouter, Query

from fluxdash.errors import Conflict, NotFound
from fluxdash.main import create_app
from fluxdash.settings import Settings


def _app_with_failing_routes() -> httpx.AsyncClient:
    app = create_app(Settings(cluster_mode="none"))
    router = APIRouter()

    @router.get("/api/v1/_test/notfound")
    async def notfound() -> None:
        raise NotFound('kustomizations "x" not found in namespace "y"')

    @router.get("/api/v1/_test/conflict")
    async def conflict() -> None:
        raise Conflict("resource is suspended")

    @router.get("/api/v1/_test/boom")
    async def boom() -> None:
        raise RuntimeError("secret-token-123 leaked?")

    @router.get("/api/v1/_test/validate")
    async def validate(limit: int = Query(ge=1)) -> dict[str, int]:
        return {"limit": limit}

    # Ahead of the SPA's catch-all route.
    app.router.routes[:0] = router.routes
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://test")


@pytest.mark.parametrize(
    ("path", "status", "type_name"),
    [
        ("/api/v1/_test/notfound", 404, "NotFound"),
        ("/api/v1/_test/conflict", 409, "Conflict"),
        ("/api/v1/_test/validate?limit=0", 422, "ValidationFailed"),
        ("/api/v1/_test/validate?limit=abc", 422, "ValidationFailed"),
        ("/api/v1/no-such-route", 404, "NotFound"),
    ],
)
async def test_errors_have_typed_bodies(path: str, status: int, type_name: str) -> None:
    async with _app_with_failing_routes() as client:
        response = await client.get(path)
    assert response.status_code == status
    body = response.json()
    assert body["type"] == type_name
    assert body["detail"]


async def test_unexpected_errors_hide_details() -> None:
    async with _app_with_failing_routes() as client:
        response = await client.get("/api/v1/_test/boom")
    assert response.status_code == 500
    assert response.json() == {
        "type": "InternalError",
        "detail": "internal error; see server log",
    }
    assert "secret-token" not in response.text


async def test_healthz_and_readyz_without_cluster() -> None:
    async with _app_with_failing_routes() as client:
        assert (await client.get("/api/v1/healthz")).json() == {"status": "ok"}
        ready = await client.get("/api/v1/readyz")
    assert ready.status_code == 503
    assert ready.json()["ready"] is False
