"""Model of helm.toolkit.fluxcd.io/v2 HelmRelease and its release history snapshots."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, JsonValue

from fluxdash.models.base import (
    DependencyReference,
    FluxModel,
    Inventory,
    KubeConfigReference,
    ObjectMeta,
    ObjectRef,
    ReconcileStatus,
)


class HelmChartTemplateSpec(FluxModel):
    """`spec.chart.spec`: the HelmChart the controller creates as `<hr-ns>-<hr-name>`."""

    chart: str
    version: str | None = None
    source_ref: ObjectRef
    interval: str | None = None
    reconcile_strategy: str | None = None
    values_files: list[str] = Field(default_factory=list)
    ignore_missing_values_files: bool | None = None


class HelmChartTemplateMetadata(FluxModel):
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)


class HelmChartTemplate(FluxModel):
    spec: HelmChartTemplateSpec
    metadata: HelmChartTemplateMetadata | None = None


class ValuesReference(FluxModel):
    """`spec.valuesFrom[]`: a reference only; fluxdash never reads the Secret/ConfigMap."""

    kind: str
    name: str
    values_key: str | None = None
    target_path: str | None = None
    optional: bool | None = None


class Remediation(FluxModel):
    retries: int | None = None
    """Negative means retry forever."""
    ignore_test_failures: bool | None = None
    remediate_last_failure: bool | None = None


class UpgradeRemediation(Remediation):
    strategy: str | None = None


class ActionStrategy(FluxModel):
    name: str
    retry_interval: str | None = None


class Install(FluxModel):
    timeout: str | None = None
    remediation: Remediation | None = None
    strategy: ActionStrategy | None = None
    crds: str | None = None
    create_namespace: bool | None = None
    disable_wait: bool | None = None
    disable_hooks: bool | None = None
    replace: bool | None = None


class Upgrade(FluxModel):
    timeout: str | None = None
    remediation: UpgradeRemediation | None = None
    strategy: ActionStrategy | None = None
    crds: str | None = None
    cleanup_on_fail: bool | None = None
    force: bool | None = None
    preserve_values: bool | None = None
    disable_wait: bool | None = None
    disable_hooks: bool | None = None


class ReleaseTest(FluxModel):
    enable: bool | None = None
    ignore_failures: bool | None = None
    timeout: str | None = None


class Rollback(FluxModel):
    timeout: str | None = None
    cleanup_on_fail: bool | None = None
    force: bool | None = None
    recreate: bool | None = None
    disable_wait: bool | None = None
    disable_hooks: bool | None = None


class Uninstall(FluxModel):
    timeout: str | None = None
    keep_history: bool | None = None
    disable_wait: bool | None = None
    disable_hooks: bool | None = None
    deletion_propagation: str | None = None


class DriftDetection(FluxModel):
    mode: str | None = None


class HelmReleaseSpec(FluxModel):
    chart: HelmChartTemplate | None = None
    chart_ref: ObjectRef | None = None
    interval: str
    timeout: str | None = None
    release_name: str | None = None
    target_namespace: str | None = None
    storage_namespace: str | None = None
    service_account_name: str | None = None
    kube_config: KubeConfigReference | None = None
    depends_on: list[DependencyReference] = Field(default_factory=list)
    suspend: bool = False
    max_history: int | None = None
    persistent_client: bool | None = None
    values: dict[str, JsonValue] | None = None
    values_from: list[ValuesReference] = Field(default_factory=list)
    install: Install | None = None
    upgrade: Upgrade | None = None
    test: ReleaseTest | None = None
    rollback: Rollback | None = None
    uninstall: Uninstall | None = None
    drift_detection: DriftDetection | None = None


class Snapshot(FluxModel):
    """One Helm release revision in `status.history` (newest first)."""

    api_version: str | None = None
    digest: str = ""
    name: str
    namespace: str
    version: int
    status: str
    action: str | None = None
    chart_name: str
    chart_version: str
    app_version: str | None = None
    config_digest: str = ""
    first_deployed: datetime | None = None
    last_deployed: datetime | None = None
    deleted: datetime | None = None
    oci_digest: str | None = None


class HelmReleaseStatus(ReconcileStatus):
    last_attempted_generation: int | None = None
    helm_chart: str | None = None
    """`<source-ns>/<hr-ns>-<hr-name>` when `spec.chart` is used."""
    storage_namespace: str | None = None
    history: list[Snapshot] = Field(default_factory=list)
    inventory: Inventory | None = None
    last_attempted_release_action: str | None = None
    last_attempted_release_action_duration: str | None = None
    failures: int | None = None
    install_failures: int | None = None
    upgrade_failures: int | None = None
    last_attempted_revision: str | None = None
    last_attempted_revision_digest: str | None = None
    last_attempted_config_digest: str | None = None
    last_handled_force_at: str | None = None
    last_handled_reset_at: str | None = None


class HelmRelease(FluxModel):
    kind: Literal["HelmRelease"] = "HelmRelease"
    metadata: ObjectMeta
    spec: HelmReleaseSpec
    status: HelmReleaseStatus | None = None
