"""Dependencies as Annotated aliases, so routes read like typed parameters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

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
