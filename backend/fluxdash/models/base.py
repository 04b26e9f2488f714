"""Shared Flux API types: the model base class, object metadata, conditions, artifacts,
references, inventories and reconcile history.

Field names are snake_case in Python and camelCase on the wire (Kubernetes style); unknown
fields are ignored so new Flux fields never break parsing. Models are frozen: the cache
shares one parsed object between every request.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

ConditionStatus = Literal["True", "False", "Unknown"]


class FluxModel(BaseModel):
    """Base of every Flux model: camelCase aliases, validate by name or alias, ignore extras."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="ignore",
        frozen=True,
    )


class ObjectMeta(FluxModel):
    """The parts of Kubernetes `metadata` fluxdash reads."""

    name: str
    namespace: str = ""
    uid: str | None = None
    generation: int | None = None
    resource_version: str | None = None
    creation_timestamp: datetime | None = None
    deletion_timestamp: datetime | None = None
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    finalizers: list[str] = Field(default_factory=list)


class Condition(FluxModel):
    """A `metav1.Condition` (Ready, Reconciling, Stalled, Healthy, Released, ...)."""

    type: str
    status: ConditionStatus
    reason: str = ""
    message: str = ""
    last_transition_time: datetime | None = None
    observed_generation: int | None = None


class Artifact(FluxModel):
    """`meta.Artifact`: what a source produced (`status.artifact`)."""

    revision: str = ""
    digest: str | None = None
    path: str = ""
    url: str = ""
    last_update_time: datetime | None = None
    size: int | None = None
    metadata: dict[str, str] = Field(default_factory=dict)


class LocalObjectReference(FluxModel):
    """`{name}`: a Secret/ConfigMap/object in the referrer's namespace."""

    name: str


class SecretKeyReference(FluxModel):
    """`{name, key}`: a key of a Secret in the referrer's namespace."""

    name: str
    key: str | None = None


class ObjectRef(FluxModel):
    """A typed reference `{apiVersion?, kind, name, namespace?}`.

    Used as CrossNamespaceSourceReference (Kustomization/HelmRelease chart sources),
    CrossNamespaceObjectReference (HelmRelease chartRef) and NamespacedObjectKindReference
    (health checks, ExternalArtifact source). An empty namespace means the referrer's.
    """

    api_version: str | None = None
    kind: str
    name: str
    namespace: str | None = None


CrossNamespaceSourceReference = ObjectRef


class LocalSourceReference(FluxModel):
    """`{apiVersion?, kind, name}` with no namespace (HelmChart.spec.sourceRef)."""

    api_version: str | None = None
    kind: str
    name: str


class SelectorRef(FluxModel):
    """An event source (Alert) or receiver target: `name` may be `*` with `matchLabels`."""

    api_version: str | None = None
    kind: str
    name: str
    namespace: str | None = None
    match_labels: dict[str, str] = Field(default_factory=dict)


class DependencyReference(FluxModel):
    """`spec.dependsOn[]`: `{name, namespace?, readyExpr?}` (namespace defaults to the object's)."""

    name: str
    namespace: str | None = None
    ready_expr: str | None = None


class KubeConfigReference(FluxModel):
    """`spec.kubeConfig`: remote cluster access through a Secret or a ConfigMap."""

    secret_ref: SecretKeyReference | None = None
    config_map_ref: LocalObjectReference | None = None


class InventoryEntry(FluxModel):
    """One applied object: `id` = `<namespace>_<name>_<group>_<kind>`, `v` = its version."""

    id: str
    v: str = ""


class Inventory(FluxModel):
    """`status.inventory` of a Kustomization (and of a HelmRelease since Flux 2.8)."""

    entries: list[InventoryEntry] = Field(default_factory=list)


class HistorySnapshot(FluxModel):
    """One `meta.History` entry (Kustomization `status.history[]`, Flux 2.7+), newest first."""

    digest: str
    first_reconciled: datetime | None = None
    last_reconciled: datetime | None = None
    last_reconciled_duration: str | None = None
    last_reconciled_status: str | None = None
    total_reconciliations: int | None = None
    metadata: dict[str, str] = Field(default_factory=dict)


class ReconcileStatus(FluxModel):
    """Status fields every reconciled Flux kind has."""

    observed_generation: int | None = None
    conditions: list[Condition] = Field(default_factory=list)
    last_handled_reconcile_at: str | None = None


class SourceStatus(ReconcileStatus):
    """Status of a source that stores an artifact."""

    artifact: Artifact | None = None
