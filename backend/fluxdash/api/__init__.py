"""The HTTP and WebSocket edge, mounted under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from fluxdash.api import actions, cluster, events, graph, health, resources, summary, ws

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(health.router)
api_router.include_router(cluster.router)
api_router.include_router(summary.router)
api_router.include_router(resources.router)
api_router.include_router(events.router)
api_router.include_router(actions.router)
api_router.include_router(ws.router)
api_router.include_router(graph.router)
