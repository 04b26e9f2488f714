"""Typed refusals of actions; the one error handler renders them as ``{type, detail}``."""

from __future__ import annotations

from fluxdash.errors import Conflict, Forbidden, NotFound, Unprocessable


class ResourceSuspended(Conflict):
    """``flux reconcile`` refuses suspended objects: resume first."""

    type_name = "ResourceSuspended"


class ActionNotSupported(Unprocessable):
    """The kind (or this object) cannot do what was asked, e.g. reconcile an Alert."""

    type_name = "ActionNotSupported"


class UnknownKind(NotFound):
    """The path names no Flux kind; the detail lists the valid ones."""

    type_name = "UnknownKind"


class ActionNotFound(NotFound):
    type_name = "ActionNotFound"


class ReadOnlyMode(Forbidden):
    """fluxdash runs read-only (``FLUXDASH_READ_ONLY=true``): no action is sent."""

    type_name = "ReadOnly"


class ConflictAfterRetry(Conflict):
    """The object kept changing under the patch; retried once, then reported."""

    type_name = "Conflict"
