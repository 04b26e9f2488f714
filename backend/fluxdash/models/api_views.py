"""Response bodies of the read API: cluster, summary, resource lists and details, events."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, JsonValue

from fluxdash.models.base import FluxModel
from fluxdash.models.events import FluxEvent
from fluxdash.models.objects import FluxObject
from fluxdash.models.views import Health, KindStats, ResourceRow

ClusterMode = Literal["kubeconfig", "incluster", "embedded", "none"]


# ---- /cluster ---------------------------------------------------------------------------------


class KindAvailability(FluxModel):
    """Whether a Flux kind is served, at which version fluxdash reads it, and its sync state."""

    kind: str
    plural: str
    group: str
    served_version: str | None = Field(
        default=None, description="The version being read; None when unavailable."
    )
    known_versions: list[str] = Field(
        description="Versions fluxdash can read, newest first."
    )
    available: bool
    reason: str | None = Field(
        default=None, description="Why it is unavailable or degraded."
    )
    synced: bool = False
    error: str | None = Field(
        default=None, description="The watch's current failure, if any."
    )
    count: int = 0


class ControllerInfo(FluxModel):
    """A Flux controller Deployment (`app.kubernetes.io/part-of: flux`)."""

    name: str
    namespace: str
    image: str | None = None
    version: str | None = None
    ready: bool
    replicas: int
    ready_replicas: int


class WatchInfo(FluxModel):
    """A supporting watch (CustomResourceDefinitions, Events, Deployments)."""

    name: str
    synced: bool
    error: str | None = None


class ClusterInfo(FluxModel):
    """What fluxdash is connected to, and how healthy that connection is."""

    mode: ClusterMode = Field(description="kubeconfig, incluster, embedded or none.")
    connected: bool = Field(description="The Kubernetes API answers.")
    server: str | None = Field(
        default=None, description="API server URL (no credentials)."
    )
    context: str | None = None
    message: str
    scenario: str | None = Field(
        default=None, description="Scenario of the embedded cluster (mode embedded)."
    )
    kubernetes_version: str | None = None
    flux_installed: bool | None = Field(
        default=None, description="None until discovery has run."
    )
    flux_version: str | None = Field(
        default=None,
        description="From the controllers' app.kubernetes.io/version label, else inferred "
        "from an image tag (e.g. `2.6`).",
    )
    install_hint: str | None = Field(
        default=None, description="How to install Flux, when it is not installed."
    )
    controllers: list[ControllerInfo] = Field(default_factory=list)
    kinds: list[KindAvailability] = Field(default_factory=list)
    watches: list[WatchInfo] = Field(default_factory=list)
    discovery: Literal["crds", "api"] = "crds"
    synced: bool = Field(description="Every available Flux kind is listed and live.")
    degraded: bool = Field(
        description="Connected before, but some watch currently fails (data may be stale)."
    )
    ready_detail: str = Field(description="What /readyz says.")
    objects: int = Field(default=0, description="Flux objects in the cache.")


# ---- /summary ---------------------------------------------------------------------------------


class SummaryResponse(FluxModel):
    """Counts per kind, failing objects and recent Warning events."""

    namespace: str | None = None
    kinds: list[KindStats]
    failing: list[ResourceRow] = Field(description="Failed objects, most recent first.")
    failing_total: int
    events: list[FluxEvent] = Field(description="Recent Warning events, newest first.")
    total: int
    synced: bool
    flux_installed: bool | None = None


# ---- /resources -------------------------------------------------------------------------------


class ResourceList(FluxModel):
    """One page of rows: failing first, then by kind, namespace and name."""

    items: list[ResourceRow]
    continue_token: str | None = Field(
        default=None,
        alias="continue",
        description="Pass as `continue` for the next page; absent on the last page.",
    )
    total: int = Field(description="Rows matching the filters, over all pages.")


class ConditionView(FluxModel):
    type: str
    status: str
    reason: str | None = None
    message: str = ""
    last_transition_time: datetime | None = None
    observed_generation: int | None = None


class ArtifactView(FluxModel):
    revision: str | None = None
    digest: str | None = None
    size: int | None = None
    last_update_time: datetime | None = None
    url: str | None = Field(
        default=None, description="In-cluster download URL (masked)."
    )
    metadata: dict[str, str] = Field(default_factory=dict)


class RelatedObject(FluxModel):
    """Another Flux object this one is related to, with its health (if it exists)."""

    id: str
    kind: str
    plural: str | None = None
    namespace: str
    name: str
    relation: str = Field(
        description="source, chart, dependsOn, provider, imageRepository, imageUpdateSource, "
        "inventory or managedBy."
    )
    missing: bool = Field(
        description="True when the object is not in the cluster (cache)."
    )
    health: Health | None = None
    health_reason: str | None = None
    message: str | None = None
    suspended: bool | None = None


class InventoryEntryView(FluxModel):
    """One entry of `status.inventory`, resolved against the cache where possible."""

    id: str = Field(
        description="`Kind/namespace/name` (`Kind/name` when cluster-scoped)."
    )
    kind: str
    group: str
    version: str
    namespace: str
    name: str
    flux: bool = Field(description="A Flux object (linkable to its detail).")
    plural: str | None = None
    missing: bool | None = Field(
        default=None, description="Flux objects only: not found in the cache."
    )
    health: Health | None = None
    message: str | None = None
    status: str | None = Field(
        default=None, description="e.g. `2/2 ready` for Deployments."
    )
    ready: bool | None = None


class InventoryView(FluxModel):
    entries: list[InventoryEntryView]
    total: int
    flux_objects: int
    invalid: list[str] = Field(
        default_factory=list, description="Unparseable entry ids."
    )
    truncated: bool = False


class HelmReleaseRevision(FluxModel):
    """One Helm release revision from `status.history` (newest first)."""

    version: int
    status: str
    action: str | None = None
    chart_name: str
    chart_version: str
    app_version: str | None = None
    config_digest: str | None = None
    first_deployed: datetime | None = None
    last_deployed: datetime | None = None
    deleted: datetime | None = None
    oci_digest: str | None = None


class ReconcileRecord(FluxModel):
    """One Kustomization `status.history` entry (Flux 2.7+)."""

    digest: str
    revision: str | None = None
    first_reconciled: datetime | None = None
    last_reconciled: datetime | None = None
    last_reconciled_duration: str | None = None
    last_reconciled_status: str | None = None
    total_reconciliations: int | None = None


class ResourceDetail(FluxModel):
    """Everything about one Flux object. Nothing secret: the object is masked."""

    row: ResourceRow
    resource: FluxObject | None = Field(
        default=None,
        description="The typed object (masked); None if it cannot be modelled.",
    )
    manifest: dict[str, JsonValue] = Field(
        description="The object as stored (masked; no managedFields).",
    )
    conditions: list[ConditionView]
    events: list[FluxEvent] = Field(
        description="Events of the object and of its source."
    )
    artifact: ArtifactView | None = None
    inventory: InventoryView | None = None
    source: RelatedObject | None = None
    chart: RelatedObject | None = Field(
        default=None, description="HelmRelease: its chart."
    )
    depends_on: list[RelatedObject] = Field(default_factory=list)
    dependents: list[RelatedObject] = Field(
        default_factory=list,
        description="Objects affected by this one: consumers, dependsOn, inventory children.",
    )
    managed_by: list[RelatedObject] = Field(
        default_factory=list,
        description="Kustomizations/HelmReleases whose inventory holds it.",
    )
    provider: RelatedObject | None = Field(
        default=None, description="Alert: its Provider."
    )
    history: list[HelmReleaseRevision] = Field(
        default_factory=list, description="HelmRelease release history, newest first."
    )
    reconcile_history: list[ReconcileRecord] = Field(default_factory=list)
    next_reconcile_at: datetime | None = Field(
        default=None,
        description="When the controller is expected to reconcile next (estimated from the "
        "last reconcile and the interval; None when suspended or not periodic).",
    )


# ---- /events ----------------------------------------------------------------------------------


class EventList(FluxModel):
    items: list[FluxEvent]
    total: int = Field(description="Events held that match, before `limit`.")
