"""Dependencies as Annotated aliases, so routes read like typed parameters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from fluxdash.errors import KubeUnavailable
from fluxdash.services.action_cache import ActionCacheView, build_action_service
from fluxdash.services.actions import ActionService
from fluxdash.services.cache import FluxCache
from fluxdash.services.impact import ImpactSource
from fluxdash.services.runtime import Runtime
from fluxdash.settings import Settings


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


RuntimeDep = Annotated[Runtime, Depends(_runtime)]
SettingsDep = Annotated[Settings, Depends(_settings)]


async def action_service(request: Request) -> ActionService:
    """The runtime's action service, created on first use once a cluster is connected."""
    runtime: Runtime = request.app.state.runtime
    if runtime.actions is None:
        if runtime.cache is None or runtime.kube is None:
            raise KubeUnavailable(
                f"actions are unavailable: not connected to a cluster ({runtime.message})"
            )
        settings: Settings = request.app.state.settings
        runtime.actions = build_action_service(
            runtime.kube, runtime.cache, timeout_seconds=settings.action_timeout_seconds
        )
    return runtime.actions


async def _impact_source(request: Request) -> ImpactSource:
    runtime: Runtime = request.app.state.runtime
    if runtime.cache is None:
        raise KubeUnavailable(f"not connected to a cluster ({runtime.message})")
    return ActionCacheView(runtime.cache)


ActionServiceDep = Annotated[ActionService, Depends(action_service)]
ImpactSourceDep = Annotated[ImpactSource, Depends(_impact_source)]


def _cache(request: Request) -> FluxCache:
    runtime: Runtime = request.app.state.runtime
    if runtime.cache is None:
        if runtime.mode == "none":
            raise KubeUnavailable(
                f"fluxdash is not connected to a cluster: {runtime.message}"
            )
        raise KubeUnavailable(f"not connected to the cluster yet: {runtime.message}")
    return runtime.cache


CacheDep = Annotated[FluxCache, Depends(_cache)]
