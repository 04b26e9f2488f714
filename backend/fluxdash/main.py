"""The application factory: ``uvicorn --factory fluxdash.main:create_app``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.middleware.gzip import GZipMiddleware

from fluxdash import __version__
from fluxdash.api import api_router
from fluxdash.api.spa import mount_spa
from fluxdash.api.spec import install_openapi
from fluxdash.connection import connect
from fluxdash.errors import install_error_handlers
from fluxdash.kube.watch import WatchPolicy
from fluxdash.services.action_cache import build_action_service
from fluxdash.services.cache import FluxCache
from fluxdash.services.live import LiveHub, LiveSettings, runtime_status
from fluxdash.services.runtime import Runtime
from fluxdash.services.sync import ClusterSync
from fluxdash.settings import Settings, get_settings

log = logging.getLogger("fluxdash")
GZIP_MINIMUM_BYTES = 1024
GZIP_LEVEL = 5  # level 9 costs ~4x the CPU for ~7% smaller lists

_REPO_DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"


async def _close_actions(runtime: Runtime) -> None:
    if runtime.actions is not None:
        await runtime.actions.close()


def _operation_id(route: APIRoute) -> str:
    return route.name


def create_app(
    settings: Settings | None = None, runtime: Runtime | None = None
) -> FastAPI:
    settings = settings or get_settings()
    runtime = runtime or Runtime()

    @asynccontextmanager
    async def cluster_lifespan() -> AsyncIterator[None]:
        if runtime.cache is not None or runtime.mode != "none":
            try:
                yield  # a runtime prepared by the caller (tests): use it as given
            finally:
                await _close_actions(runtime)
            return
        connection = await connect(settings)
        runtime.mode = connection.mode
        runtime.message = connection.message
        runtime.scenario = connection.scenario
        sync_task: asyncio.Task[None] | None = None
        if connection.client is not None:
            client = connection.client
            runtime.kube = client
            runtime.server = client.server
            runtime.context = client.context
            runtime.cache = FluxCache(event_capacity=settings.events_buffer_size)
            runtime.sync = ClusterSync(
                client, runtime.cache, WatchPolicy.from_settings(settings)
            )
            sync_task = asyncio.create_task(runtime.sync.run(), name="fluxdash-sync")
            runtime.actions = build_action_service(
                client, runtime.cache, timeout_seconds=settings.action_timeout_seconds
            )
        log.info(
            "cluster",
            extra={
                "mode": runtime.mode,
                "server": runtime.server,
                "detail": runtime.message,
            },
        )
        try:
            yield
        finally:
            await _close_actions(runtime)
            if sync_task is not None:
                sync_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sync_task
            await connection.close()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The live stream follows whatever cache and action service the runtime holds now
        # or later (the cluster may connect after start-up); it stops before the cluster.
        live_hub = LiveHub(
            lambda: runtime_status(runtime),
            source_provider=lambda: runtime.cache,
            actions_provider=lambda: runtime.actions,
            settings=LiveSettings.from_settings(settings),
        )
        async with cluster_lifespan():
            await live_hub.start()
            app.state.live_hub = live_hub
            try:
                yield
            finally:
                await live_hub.stop()

    app = FastAPI(
        title="fluxdash",
        version=__version__,
        description="A live dashboard for Flux CD. All routes are under `/api/v1`.",
        generate_unique_id_function=_operation_id,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.runtime = runtime
    install_error_handlers(app)
    install_openapi(app)
    app.add_middleware(
        GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=GZIP_LEVEL
    )
    app.include_router(api_router)
    mount_spa(app, settings.static_dir or _REPO_DIST)
    return app
