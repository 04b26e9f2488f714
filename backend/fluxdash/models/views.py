"""View models the API serves: the summary row of any Flux object and per-kind counts.

Derived values (health, message, revision, columns) are computed once, on the server, by
`fluxdash.services.rows.build_row`; the browser never recomputes them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from fluxdash.models.base import FluxModel
from fluxdash.models.kinds import Category

Health = Literal["Ready", "Failed", "Progressing", "Suspended", "Unknown"]
HEALTH_VALUES: tuple[Health, ...] = (
    "Ready",
    "Failed",
    "Progressing",
    "Suspended",
    "Unknown",
)


class ResourceRow(FluxModel):
    """One Flux object as every list, graph node and WebSocket change carries it.

    Kind columns are None (or empty lists) when they do not apply to the kind. Every URL is
    masked; Provider addresses never appear.
    """

    id: str = Field(
        description="`Kind/namespace/name`, e.g. `Kustomization/flux-system/apps`."
    )
    kind: str
    plural: str
    category: Category
    namespace: str
    name: str
    uid: str | None = None
    health: Health
    health_reason: str | None = Field(
        default=None,
        description="Reason of the deciding condition, e.g. `DependencyNotReady`.",
    )
    message: str = Field(
        default="", description="One line; long hex runs shortened to 8."
    )
    suspended: bool = False
    revision: str | None = Field(
        default=None,
        description="Display form, hex shortened to 8 chars like the flux CLI.",
    )
    revision_full: str | None = None
    last_reconciled: datetime | None = Field(
        default=None,
        description="Ready condition lastTransitionTime, else the artifact's lastUpdateTime.",
    )
    last_handled_reconcile_at: str | None = None
    interval: str | None = None
    generation: int | None = None
    observed_generation: int | None = None
    created_at: datetime | None = None
    labels: dict[str, str] = Field(default_factory=dict)
    problem: str | None = Field(
        default=None, description="Parts of the object fluxdash could not read, if any."
    )

    # --- kind columns (US-FLUX-001…031) ----------------------------------------------------
    url: str | None = Field(default=None, description="Masked: no credentials.")
    ref: str | None = Field(
        default=None, description='e.g. "branch main", "tag v1.2.3", "semver >=1.0".'
    )
    repo_type: Literal["default", "oci"] | None = None
    provider: str | None = None
    endpoint: str | None = None
    bucket_name: str | None = None
    artifact_size: int | None = None
    chart: str | None = None
    chart_version: str | None = None
    source: str | None = Field(
        default=None, description="Id of the source or chartRef."
    )
    helm_chart: str | None = Field(
        default=None, description="Id of the HelmChart a HelmRelease uses, if any."
    )
    path: str | None = None
    prune: bool | None = None
    target_namespace: str | None = None
    depends_on: list[str] = Field(default_factory=list, description="Ids.")
    last_applied_revision: str | None = None
    failures: int | None = None
    release_name: str | None = None
    provider_ref: str | None = Field(
        default=None, description="Id of the Alert's Provider."
    )
    event_sources: list[str] = Field(default_factory=list)
    event_severity: str | None = None
    provider_type: str | None = None
    channel: str | None = None
    receiver_type: str | None = None
    webhook_path: str | None = None
    resources: list[str] = Field(default_factory=list)
    image: str | None = None
    last_scan: datetime | None = None
    tag_count: int | None = None
    latest_tag: str | None = Field(default=None, description='Full "name:tag".')
    image_repository: str | None = Field(
        default=None, description="Id of the ImageRepository."
    )
    policy: str | None = Field(
        default=None, description='e.g. "semver ^1.0", "numerical desc".'
    )
    last_run: datetime | None = None
    last_push_commit: str | None = None


class KindStats(FluxModel):
    """Counts for one kind, as `flux stats` reports them plus a health breakdown.

    `ready`/`failed`/`progressing`/`unknown` count health; `suspended` counts `spec.suspend`
    (so a suspended object that is being deleted counts as progressing *and* suspended);
    `running` = total - suspended; `storage_bytes` sums the artifacts' sizes.
    """

    kind: str
    plural: str
    total: int = 0
    ready: int = 0
    failed: int = 0
    progressing: int = 0
    suspended: int = 0
    unknown: int = 0
    running: int = 0
    storage_bytes: int = 0
