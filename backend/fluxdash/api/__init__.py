"""The HTTP and WebSocket edge, mounted under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from fluxdash.api import cluster, graph, health

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(health.router)
api_router.include_router(cluster.router)
api_router.include_router(graph.router)
