"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from fluxdash.api.deps import RuntimeDep

router = APIRouter(tags=["health"])


class Liveness(BaseModel):
    status: str = Field(description="`ok` while the process serves requests.")


class Readiness(BaseModel):
    ready: bool = Field(
        description="True when every available Flux kind has synced into the cache."
    )
    detail: str


@router.get("/healthz", summary="Liveness: the process is up")
async def get_healthz() -> Liveness:
    return Liveness(status="ok")


@router.get(
    "/readyz",
    summary="Readiness: the cache is synced",
    responses={503: {"model": Readiness, "description": "Not ready yet"}},
)
async def get_readyz(runtime: RuntimeDep) -> Readiness:
    ready, detail = runtime.readiness()
    body = Readiness(ready=ready, detail=detail)
    if not ready:
        return JSONResponse(body.model_dump(), status_code=503)  # type: ignore[return-value]  # typed 503 body documented above
    return body
