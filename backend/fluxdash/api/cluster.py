"""What fluxdash is connected to: the cluster, Flux, its kinds and controllers."""

from __future__ import annotations

from fastapi import APIRouter

from fluxdash.api.deps import RuntimeDep
from fluxdash.models.api_views import ClusterInfo
from fluxdash.services.cluster_info import describe_cluster

router = APIRouter(tags=["cluster"])


@router.get("/cluster", summary="The cluster, Flux and the state of every watch")
async def get_cluster(runtime: RuntimeDep) -> ClusterInfo:
    """Connection (mode, server, Kubernetes version), whether Flux is installed (with install
    guidance when not), its version and controllers, and per kind the served version in use
    or why it is unavailable, with its sync state. Answers even without a cluster."""
    return describe_cluster(runtime)
