"""The WebSocket protocol of ``/api/v1/ws`` (DESIGN.md §6): every frame is one of these models.

Client → server frames form :data:`ClientMessage`, server → client frames :data:`ServerMessage`;
both are unions discriminated by ``type`` and are exported into the OpenAPI components (see
``fluxdash.openapi``) so the TypeScript types come from the same generator as REST.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from fluxdash.models.actions import ActionRecord
from fluxdash.models.events import FluxEvent
from fluxdash.models.kinds import FluxKindPlural
from fluxdash.models.views import ResourceRow

SUBSCRIPTION_ID_PATTERN = r"^[A-Za-z0-9._:-]{1,64}$"
NAMESPACE_PATTERN = r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"

SubscriptionId = Annotated[
    str,
    Field(
        pattern=SUBSCRIPTION_ID_PATTERN,
        description="Chosen by the client; 1 to 64 of `A-Z a-z 0-9 . _ : -`.",
        examples=["kustomizations.flux-system"],
    ),
]


class WsCloseCode(IntEnum):
    """Close codes the server uses; clients reconnect on every code except `POLICY_VIOLATION`."""

    NORMAL = 1000
    GOING_AWAY = 1001  # the server is shutting down
    POLICY_VIOLATION = 1008  # foreign Origin or not authenticated: do not retry
    TRY_AGAIN_LATER = 1013  # too many connections
    TOO_SLOW = 4000  # the client did not read for too long


def _optional_means_omittable(schema: dict[str, Any]) -> None:
    # Generators (openapi-typescript) make a property with a `default` required; a client may
    # omit these fields, and the descriptions say what omitting means.
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class _ClientFrame(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_extra=_optional_means_omittable
    )


class SubscribeMessage(_ClientFrame):
    """Start (or replace) a subscription; the server answers with a `snapshot`."""

    type: Literal["subscribe"]
    id: SubscriptionId
    kinds: list[FluxKindPlural] | None = Field(
        default=None,
        min_length=1,
        description="Lowercase plurals to include; omitted or null means every Flux kind.",
    )
    namespace: str | None = Field(
        default=None,
        pattern=NAMESPACE_PATTERN,
        description="Only objects of this namespace; omitted or null means all namespaces.",
    )


class UnsubscribeMessage(_ClientFrame):
    """End a subscription; no further `snapshot` or `changes` carry its id."""

    type: Literal["unsubscribe"]
    id: SubscriptionId


class PingMessage(_ClientFrame):
    """Application-level heartbeat; the server answers `pong` with the same nonce."""

    type: Literal["ping"]
    nonce: str | None = Field(default=None, max_length=64)


ClientMessage = Annotated[
    SubscribeMessage | UnsubscribeMessage | PingMessage, Field(discriminator="type")
]


class SnapshotMessage(BaseModel):
    """Every object a subscription matches, replacing what the client held for it."""

    type: Literal["snapshot"]
    subscription: str
    items: list[ResourceRow]
    resync: bool = Field(
        description="False for the answer to `subscribe`; true when the server replaces the "
        "client's state because it fell behind or the cache re-listed (refetch other views too)."
    )


class ChangesMessage(BaseModel):
    """What changed in a subscription since the previous frame, coalesced over ~100 ms."""

    type: Literal["changes"]
    subscription: str
    upserts: list[ResourceRow] = Field(
        description="Latest state of created or changed objects."
    )
    deletes: list[str] = Field(
        description="Ids (`Kind/namespace/name`) of deleted objects."
    )


class EventMessage(BaseModel):
    """A Flux-related Kubernetes event of an object matching one of the client's subscriptions."""

    type: Literal["event"]
    event: FluxEvent


class ActionMessage(BaseModel):
    """An action record was created or changed state."""

    type: Literal["action"]
    action: ActionRecord


class StatusMessage(BaseModel):
    """The cluster connection and cache sync state; sent on connect and on every change."""

    type: Literal["status"]
    connected: bool = Field(description="The cluster API answers.")
    synced: bool = Field(description="Every available Flux kind is listed and watched.")
    message: str = Field(description="Why the data may be stale, or `live`.")


ErrorCode = Literal[
    "BadMessage",
    "MessageTooLarge",
    "UnknownSubscription",
    "TooManySubscriptions",
]


class ErrorMessage(BaseModel):
    """A frame the server could not act on; the connection stays open."""

    type: Literal["error"]
    code: ErrorCode
    detail: str
    subscription: str | None = Field(
        default=None, description="The subscription the failed frame named, if any."
    )


class PongMessage(BaseModel):
    """Answer to `ping`."""

    type: Literal["pong"]
    nonce: str | None = None


ServerMessage = Annotated[
    SnapshotMessage
    | ChangesMessage
    | EventMessage
    | ActionMessage
    | StatusMessage
    | ErrorMessage
    | PongMessage,
    Field(discriminator="type"),
]

CLIENT_MESSAGE: TypeAdapter[SubscribeMessage | UnsubscribeMessage | PingMessage] = (
    TypeAdapter(ClientMessage)
)
SERVER_MESSAGE: TypeAdapter[
    SnapshotMessage
    | ChangesMessage
    | EventMessage
    | ActionMessage
    | StatusMessage
    | ErrorMessage
    | PongMessage
] = TypeAdapter(ServerMessage)

__all__ = [
    "CLIENT_MESSAGE",
    "SERVER_MESSAGE",
    "ActionMessage",
    "ActionRecord",
    "ChangesMessage",
    "ClientMessage",
    "ErrorCode",
    "ErrorMessage",
    "EventMessage",
    "FluxEvent",
    "PingMessage",
    "PongMessage",
    "ResourceRow",
    "ServerMessage",
    "SnapshotMessage",
    "StatusMessage",
    "SubscribeMessage",
    "UnsubscribeMessage",
    "WsCloseCode",
]
