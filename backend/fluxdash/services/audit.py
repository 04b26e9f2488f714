"""The audit trail of actions: one JSON log line each, and a core/v1 Event on the object.

The log line goes to logger ``fluxdash.audit`` (the JSON formatter writes the ``extra`` fields
as top-level keys): who, what, which object, the outcome and the request id. It never carries
tokens, headers or object contents. The Event lives in the cluster, so every replica and
``kubectl describe`` see it; it is written with fluxdash's own identity, like a controller's.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping
from typing import Any, Literal

from fluxdash.models.actions import ActionName, ActionOptions, ActionTarget
from fluxdash.models.identity import Identity

AuditOutcome = Literal["accepted", "refused"]

AUDIT_LOGGER = "fluxdash.audit"
COMPONENT = "fluxdash"

EVENT_REASONS: dict[ActionName, str] = {
    "suspend": "SuspendRequested",
    "resume": "ResumeRequested",
    "reconcile": "ReconcileRequested",
}

_log = logging.getLogger(AUDIT_LOGGER)
_INSTANCE = os.environ.get("POD_NAME") or socket.gethostname()


def _options_text(action: ActionName, options: ActionOptions) -> str:
    flags = [
        flag
        for flag, on in (
            ("with source", options.with_source),
            ("force", options.force),
            ("reset", options.reset),
        )
        if on
    ]
    text = f" ({', '.join(flags)})" if flags else ""
    if action == "suspend" and options.reason:
        text += f"; reason: {options.reason}"
    return text


def write_log_line(
    *,
    outcome: AuditOutcome,
    identity: Identity,
    action: str,
    target: ActionTarget | Mapping[str, str],
    request_id: str,
    detail: str,
    action_id: str | None = None,
    options: ActionOptions | None = None,
    status: int | None = None,
) -> None:
    """Exactly one line per action, accepted or refused."""
    target_fields = (
        target.model_dump() if isinstance(target, ActionTarget) else dict(target)
    )
    extra: dict[str, Any] = {
        "audit": True,
        "user": identity.user,
        "groups": list(identity.groups),
        "action": action,
        "target": target_fields,
        "outcome": outcome,
        "requestId": request_id,
        "actionId": action_id,
        "detail": detail,
    }
    if options is not None:
        extra["options"] = options.model_dump(exclude_defaults=True)
    if status is not None:
        extra["status"] = status
    level = logging.INFO if outcome == "accepted" else logging.WARNING
    _log.log(
        level, "%s %s %s", action, target_fields.get("id", "?"), outcome, extra=extra
    )


def event_message(
    *,
    outcome: AuditOutcome,
    identity: Identity,
    action: ActionName,
    options: ActionOptions,
    detail: str,
) -> str:
    said = _options_text(action, options)
    if outcome == "accepted":
        return f"{action} requested by {identity.user} via fluxdash{said}"
    return f"{action} requested by {identity.user} via fluxdash{said} was refused: {detail}"


def build_event(
    *,
    obj: Mapping[str, Any],
    outcome: AuditOutcome,
    identity: Identity,
    action: ActionName,
    options: ActionOptions,
    detail: str,
    timestamp: str,
    epoch_ns: int,
) -> dict[str, Any]:
    """A core/v1 Event about ``obj``, named like client-go's (``<object>.<hex nanos>``)."""
    raw_meta = obj.get("metadata")
    meta: Mapping[str, Any] = raw_meta if isinstance(raw_meta, Mapping) else {}
    name = str(meta.get("name", ""))
    namespace = str(meta.get("namespace", ""))
    involved: dict[str, Any] = {
        "apiVersion": obj.get("apiVersion"),
        "kind": obj.get("kind"),
        "name": name,
        "namespace": namespace,
    }
    for key in ("uid", "resourceVersion"):
        if meta.get(key):
            involved[key] = meta[key]
    # Events carry whole-second timestamps (metav1.Time); eventTime is MicroTime.
    seconds = timestamp.split(".")[0].rstrip("Z") + "Z"
    return {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": f"{name}.{epoch_ns:x}", "namespace": namespace},
        "involvedObject": involved,
        "reason": EVENT_REASONS[action],
        "message": event_message(
            outcome=outcome,
            identity=identity,
            action=action,
            options=options,
            detail=detail,
        ),
        "type": "Normal" if outcome == "accepted" else "Warning",
        "source": {"component": COMPONENT, "host": _INSTANCE},
        "reportingComponent": COMPONENT,
        "reportingInstance": _INSTANCE,
        "firstTimestamp": seconds,
        "lastTimestamp": seconds,
        "count": 1,
    }
