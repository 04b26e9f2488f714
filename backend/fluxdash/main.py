"""The application factory: ``uvicorn --factory fluxdash.main:create_app``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import APIRoute

from fluxdash import __version__
from fluxdash.api import api_router
from fluxdash.api.spa import mount_spa
from fluxdash.errors import install_error_handlers
from fluxdash.services.runtime import Runtime
from fluxdash.settings import Settings, get_settings

_REPO_DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"


def _operation_id(route: APIRoute) -> str:
    return route.name


def create_app(
    settings: Settings | None = None, runtime: Runtime | None = None
) -> FastAPI:
    settings = settings or get_settings()
    runtime = runtime or Runtime()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if runtime.actions is not None:
                await runtime.actions.close()

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
    app.include_router(api_router)
    mount_spa(app, settings.static_dir or _REPO_DIST)
    return app
