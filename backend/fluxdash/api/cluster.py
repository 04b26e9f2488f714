"""What fluxdash is connected to."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from fluxdash.api.deps import RuntimeDep

router = APIRouter(tags=["cluster"])


class ClusterInfo(BaseModel):
    mode: str = Field(description="kubeconfig, incluster, embedded or none.")
    connected: bool
    server: str | None = None
    message: str


@router.get("/cluster", summary="The cluster fluxdash watches")
async def get_cluster(runtime: RuntimeDep) -> ClusterInfo:
    return ClusterInfo(
        mode=runtime.mode,
        connected=runtime.mode != "none",
        server=runtime.server,
        message=runtime.message,
    )
