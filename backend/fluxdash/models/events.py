"""Kubernetes Events about Flux objects, as the API and the WebSocket serve them."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from fluxdash.models.base import FluxModel


class EventObject(FluxModel):
    """The Flux object an Event is about (`involvedObject`)."""

    id: str = Field(description="`Kind/namespace/name`, the object's id in every API.")
    kind: str
    plural: str = Field(description="Lowercase plural of the kind, as used in paths.")
    namespace: str
    name: str


class FluxEvent(FluxModel):
    """One core/v1 Event whose `involvedObject` is a Flux object (messages masked)."""

    id: str = Field(description="`namespace/name` of the Event object itself.")
    type: str = Field(description="`Normal` or `Warning`.")
    reason: str = ""
    message: str = ""
    object: EventObject
    source: str | None = Field(
        default=None,
        description="The reporting controller, e.g. `kustomize-controller`.",
    )
    count: int = 1
    first_seen: datetime | None = None
    last_seen: datetime | None = Field(
        default=None,
        description="When it last happened; events sort newest first by it.",
    )
    revision: str | None = Field(
        default=None, description="The revision the controller annotated, if any."
    )
