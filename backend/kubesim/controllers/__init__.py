"""Simulated Flux controllers for kubesim (see :mod:`kubesim.controllers.manager`)."""

from __future__ import annotations

from kubesim.controllers.base import FLUX_FINALIZER, FORCE_AT, REQUESTED_AT, RESET_AT
from kubesim.controllers.manager import (
    DELAY_ENV,
    LIVING_ENV,
    FluxControllers,
    ObjectKey,
)
from kubesim.controllers.scripts import (
    SCRIPT_ANNOTATION,
    Failure,
    Script,
    ScriptError,
    parse_annotation,
    parse_script,
    script_to_annotation,
)

__all__ = [
    "DELAY_ENV",
    "FLUX_FINALIZER",
    "FORCE_AT",
    "LIVING_ENV",
    "LIVING_INTERVAL_ENV",
    "REQUESTED_AT",
    "RESET_AT",
    "SCRIPT_ANNOTATION",
    "Failure",
    "FluxControllers",
    "ObjectKey",
    "Script",
    "ScriptError",
    "parse_annotation",
    "parse_script",
    "script_to_annotation",
]
