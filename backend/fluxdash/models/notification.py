"""Models of notification.toolkit.fluxcd.io: Alert and Provider (v1beta3, no status) and
Receiver (v1)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from fluxdash.models.base import (
    FluxModel,
    LocalObjectReference,
    ObjectMeta,
    ReconcileStatus,
    SelectorRef,
)


class AlertSpec(FluxModel):
    provider_ref: LocalObjectReference
    event_sources: list[SelectorRef] = Field(default_factory=list)
    event_severity: str | None = None
    """`info` (default) or `error`."""
    event_metadata: dict[str, str] = Field(default_factory=dict)
    inclusion_list: list[str] = Field(default_factory=list)
    exclusion_list: list[str] = Field(default_factory=list)
    summary: str | None = None
    suspend: bool = False


class Alert(FluxModel):
    """Alert v1beta3 has no status subresource: its health is static (see services.health)."""

    kind: Literal["Alert"] = "Alert"
    metadata: ObjectMeta
    spec: AlertSpec


class ProviderSpec(FluxModel):
    type: str
    address: str | None = None
    """Secret-bearing: always masked before it leaves the server (scheme and host only)."""
    channel: str | None = None
    username: str | None = None
    secret_ref: LocalObjectReference | None = None
    cert_secret_ref: LocalObjectReference | None = None
    proxy: str | None = None
    """Deprecated in favour of proxySecretRef; masked like `address`."""
    proxy_secret_ref: LocalObjectReference | None = None
    service_account_name: str | None = None
    commit_status_expr: str | None = None
    timeout: str | None = None
    suspend: bool = False


class Provider(FluxModel):
    """Provider v1beta3 has no status subresource."""

    kind: Literal["Provider"] = "Provider"
    metadata: ObjectMeta
    spec: ProviderSpec


class ReceiverResource(SelectorRef):
    filter: str | None = None
    """A CEL expression evaluated against each matched object."""


class OIDCProvider(FluxModel):
    issuer_url: str = Field(alias="issuerURL")
    audience: str | None = None


class ReceiverSpec(FluxModel):
    type: str
    events: list[str] = Field(default_factory=list)
    resources: list[ReceiverResource] = Field(default_factory=list)
    resource_filter: str | None = None
    secret_ref: LocalObjectReference | None = None
    oidc_providers: list[OIDCProvider] = Field(default_factory=list)
    interval: str | None = None
    suspend: bool = False


class ReceiverStatus(ReconcileStatus):
    webhook_path: str | None = None


class Receiver(FluxModel):
    kind: Literal["Receiver"] = "Receiver"
    metadata: ObjectMeta
    spec: ReceiverSpec
    status: ReceiverStatus | None = None
