"""Per-object behaviour of the simulated controllers: delay, failure, stall, flakiness.

A script comes from (first match wins):

1. the object's annotation ``kubesim.fluxdash.io/script``, a JSON object or a bare word::

       kubesim.fluxdash.io/script: '{"delay": 0.2, "fail": {"reason": "BuildFailed", "message": "…"}}'
       kubesim.fluxdash.io/script: '"stall"'        # or just: stall
       kubesim.fluxdash.io/script: fail

2. the Python API (``ScenarioRuntime.script(kind, namespace, name, ...)``), which scenarios use too.

Fields: ``delay`` (seconds before the outcome; it wins over the global delay override),
``fail`` (Ready=False with this reason/message on every reconcile), ``stall`` (a terminal
failure: Ready=False with this reason/message and Stalled=True, for a HelmRelease
``RetriesExceeded`` "Failed to <action> after N attempt(s)"; a honoured reset or a new
generation clears it, after which the rest of the script applies), ``flaky`` (a Ready object
fails its next reconcile, a failing one recovers). ``true`` instead of an object for
``fail``/``stall``/``flaky`` means "the kind's usual failure".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

SCRIPT_ANNOTATION = "kubesim.fluxdash.io/script"


class ScriptError(ValueError):
    """A script that cannot be understood."""


@dataclass(frozen=True)
class Failure:
    """A scripted failure; ``None`` fields fall back to the kind's usual reason/message."""

    reason: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Script:
    delay: float | None = None
    fail: Failure | None = None
    stall: Failure | None = None
    flaky: Failure | None = None

    @property
    def is_default(self) -> bool:
        return self == Script()


def _failure(value: Any, field_name: str) -> Failure | None:
    if value is None or value is False:
        return None
    if value is True:
        return Failure()
    if isinstance(value, str):
        return Failure(message=value)
    if isinstance(value, dict):
        unknown = set(value) - {"reason", "message"}
        if unknown:
            raise ScriptError(f"unknown keys in {field_name}: {sorted(unknown)}")
        reason, message = value.get("reason"), value.get("message")
        if reason is not None and not isinstance(reason, str):
            raise ScriptError(f"{field_name}.reason must be a string")
        if message is not None and not isinstance(message, str):
            raise ScriptError(f"{field_name}.message must be a string")
        return Failure(reason=reason, message=message)
    raise ScriptError(f"{field_name} must be true, a string or an object")


def parse_script(data: Any) -> Script:
    """A :class:`Script` from decoded JSON (object or one of the words fail/stall/flaky/ok)."""
    if isinstance(data, str):
        word = data.strip().lower()
        if word == "fail":
            return Script(fail=Failure())
        if word == "stall":
            return Script(stall=Failure())
        if word == "flaky":
            return Script(flaky=Failure())
        if word in ("ok", "ready", ""):
            return Script()
        raise ScriptError(f"unknown script word {data!r}")
    if not isinstance(data, dict):
        raise ScriptError("a script is a JSON object or one of: fail, stall, flaky, ok")
    unknown = set(data) - {"delay", "fail", "stall", "flaky"}
    if unknown:
        raise ScriptError(f"unknown script keys: {sorted(unknown)}")
    delay = data.get("delay")
    if delay is not None and (
        isinstance(delay, bool) or not isinstance(delay, int | float) or delay < 0
    ):
        raise ScriptError("delay must be a number of seconds >= 0")
    return Script(
        delay=None if delay is None else float(delay),
        fail=_failure(data.get("fail"), "fail"),
        stall=_failure(data.get("stall"), "stall"),
        flaky=_failure(data.get("flaky"), "flaky"),
    )


def parse_annotation(text: str) -> Script:
    """Parse the annotation value: JSON, or a bare word such as ``stall``."""
    stripped = text.strip()
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError:
        data = stripped
    return parse_script(data)


def script_to_annotation(script: Script) -> str:
    """The annotation value equivalent to ``script`` (for tests and scenario data)."""
    out: dict[str, Any] = {}
    if script.delay is not None:
        out["delay"] = script.delay
    for name in ("fail", "stall", "flaky"):
        f: Failure | None = getattr(script, name)
        if f is not None:
            out[name] = {
                k: v for k, v in (("reason", f.reason), ("message", f.message)) if v
            } or True
    return json.dumps(out, sort_keys=True)
