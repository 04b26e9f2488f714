"""Model of kustomize.toolkit.fluxcd.io/v1 Kustomization."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import Field

from fluxdash.models.base import (
    DependencyReference,
    FluxModel,
    HistorySnapshot,
    Inventory,
    KubeConfigReference,
    LocalObjectReference,
    ObjectMeta,
    ObjectRef,
    ReconcileStatus,
)
from fluxdash.models.duration import try_parse_duration


class SubstituteReference(FluxModel):
    """`postBuild.substituteFrom[]`: a ConfigMap or Secret whose data become variables."""

    kind: str
    name: str
    optional: bool | None = None


class PostBuild(FluxModel):
    substitute: dict[str, str] = Field(default_factory=dict)
    substitute_from: list[SubstituteReference] = Field(default_factory=list)
    substitute_strategy: str | None = None


class Decryption(FluxModel):
    provider: str
    secret_ref: LocalObjectReference | None = None
    service_account_name: str | None = None


class KustomizationSpec(FluxModel):
    source_ref: ObjectRef
    path: str | None = None
    interval: str
    retry_interval: str | None = None
    timeout: str | None = None
    """Effective default: interval - 30s, at least 30s (see `effective_timeout`)."""
    prune: bool
    deletion_policy: str | None = None
    depends_on: list[DependencyReference] = Field(default_factory=list)
    health_checks: list[ObjectRef] = Field(default_factory=list)
    wait: bool | None = None
    force: bool | None = None
    target_namespace: str | None = None
    name_prefix: str | None = None
    name_suffix: str | None = None
    components: list[str] = Field(default_factory=list)
    post_build: PostBuild | None = None
    decryption: Decryption | None = None
    kube_config: KubeConfigReference | None = None
    service_account_name: str | None = None
    suspend: bool = False


class KustomizationStatus(ReconcileStatus):
    last_applied_revision: str | None = None
    last_applied_origin_revision: str | None = None
    last_attempted_revision: str | None = None
    inventory: Inventory | None = None
    history: list[HistorySnapshot] = Field(default_factory=list)


class Kustomization(FluxModel):
    kind: Literal["Kustomization"] = "Kustomization"
    metadata: ObjectMeta
    spec: KustomizationSpec
    status: KustomizationStatus | None = None

    @property
    def effective_timeout(self) -> timedelta | None:
        """`spec.timeout`, else interval - 30s but at least 30s (kustomize-controller
        `GetTimeout`); None when the durations cannot be read."""
        if self.spec.timeout is not None:
            return try_parse_duration(self.spec.timeout)
        interval = try_parse_duration(self.spec.interval)
        if interval is None:
            return None
        return max(interval - timedelta(seconds=30), timedelta(seconds=30))
