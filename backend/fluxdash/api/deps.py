"""Dependencies as Annotated aliases, so routes read like typed parameters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from fluxdash.errors import KubeUnavailable
from fluxdash.services.cache import FluxCache
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
