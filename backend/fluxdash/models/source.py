"""Models of the source.toolkit.fluxcd.io kinds (v1): GitRepository, OCIRepository,
HelmRepository, HelmChart, Bucket and ExternalArtifact.

OCIRepository v1beta2 (before Flux 2.6) parses into the same model: its fields map 1:1.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from fluxdash.models.base import (
    Artifact,
    Condition,
    FluxModel,
    LocalObjectReference,
    LocalSourceReference,
    ObjectMeta,
    ObjectRef,
    SourceStatus,
)

# --- GitRepository -------------------------------------------------------------------------


class GitRepositoryRef(FluxModel):
    """`spec.ref`; precedence commit > name > semver > tag > branch (default branch `master`)."""

    branch: str | None = None
    tag: str | None = None
    semver: str | None = None
    name: str | None = None
    commit: str | None = None


class GitRepositoryVerification(FluxModel):
    mode: str | None = None
    secret_ref: LocalObjectReference | None = None


class GitRepositoryInclude(FluxModel):
    repository: LocalObjectReference
    from_path: str | None = None
    to_path: str | None = None


class GitRepositorySpec(FluxModel):
    url: str
    interval: str
    timeout: str | None = None
    ref: GitRepositoryRef | None = None
    secret_ref: LocalObjectReference | None = None
    provider: str | None = None
    service_account_name: str | None = None
    proxy_secret_ref: LocalObjectReference | None = None
    verify: GitRepositoryVerification | None = None
    ignore: str | None = None
    suspend: bool = False
    recurse_submodules: bool | None = None
    include: list[GitRepositoryInclude] = Field(default_factory=list)
    sparse_checkout: list[str] = Field(default_factory=list)


class GitRepositoryStatus(SourceStatus):
    included_artifacts: list[Artifact] = Field(default_factory=list)
    observed_ignore: str | None = None
    observed_recurse_submodules: bool | None = None
    observed_include: list[GitRepositoryInclude] = Field(default_factory=list)
    observed_sparse_checkout: list[str] = Field(default_factory=list)
    source_verification_mode: str | None = None


class GitRepository(FluxModel):
    kind: Literal["GitRepository"] = "GitRepository"
    metadata: ObjectMeta
    spec: GitRepositorySpec
    status: GitRepositoryStatus | None = None


# --- OCIRepository -------------------------------------------------------------------------


class OCIRepositoryRef(FluxModel):
    """`spec.ref`; precedence digest > semver > tag (default tag `latest`)."""

    tag: str | None = None
    semver: str | None = None
    semver_filter: str | None = None
    digest: str | None = None


class OCILayerSelector(FluxModel):
    media_type: str | None = None
    operation: str | None = None


class OIDCIdentityMatch(FluxModel):
    issuer: str
    subject: str


class OCIRepositoryVerification(FluxModel):
    provider: str | None = None
    secret_ref: LocalObjectReference | None = None
    match_oidc_identity: list[OIDCIdentityMatch] = Field(
        default_factory=list, alias="matchOIDCIdentity"
    )
    trusted_root_secret_ref: LocalObjectReference | None = None


class OCIRepositorySpec(FluxModel):
    url: str
    interval: str
    timeout: str | None = None
    ref: OCIRepositoryRef | None = None
    layer_selector: OCILayerSelector | None = None
    provider: str | None = None
    secret_ref: LocalObjectReference | None = None
    service_account_name: str | None = None
    cert_secret_ref: LocalObjectReference | None = None
    proxy_secret_ref: LocalObjectReference | None = None
    insecure: bool | None = None
    ignore: str | None = None
    suspend: bool = False
    verify: OCIRepositoryVerification | None = None


class OCIRepositoryStatus(SourceStatus):
    url: str | None = None
    observed_ignore: str | None = None
    observed_layer_selector: OCILayerSelector | None = None


class OCIRepository(FluxModel):
    kind: Literal["OCIRepository"] = "OCIRepository"
    metadata: ObjectMeta
    spec: OCIRepositorySpec
    status: OCIRepositoryStatus | None = None


# --- HelmRepository ------------------------------------------------------------------------


class NamespaceSelector(FluxModel):
    match_labels: dict[str, str] = Field(default_factory=dict)


class AccessFrom(FluxModel):
    namespace_selectors: list[NamespaceSelector] = Field(default_factory=list)


class HelmRepositorySpec(FluxModel):
    url: str
    type: str | None = None
    """`default` (HTTP index) or `oci` (static: no artifact, no reconcile)."""
    interval: str | None = None
    timeout: str | None = None
    secret_ref: LocalObjectReference | None = None
    cert_secret_ref: LocalObjectReference | None = None
    pass_credentials: bool | None = None
    insecure: bool | None = None
    provider: str | None = None
    access_from: AccessFrom | None = None
    suspend: bool = False


class HelmRepositoryStatus(SourceStatus):
    url: str | None = None


class HelmRepository(FluxModel):
    kind: Literal["HelmRepository"] = "HelmRepository"
    metadata: ObjectMeta
    spec: HelmRepositorySpec
    status: HelmRepositoryStatus | None = None

    @property
    def is_oci(self) -> bool:
        return self.spec.type == "oci"


# --- HelmChart -----------------------------------------------------------------------------


class HelmChartVerification(FluxModel):
    provider: str | None = None
    secret_ref: LocalObjectReference | None = None
    match_oidc_identity: list[OIDCIdentityMatch] = Field(
        default_factory=list, alias="matchOIDCIdentity"
    )


class HelmChartSpec(FluxModel):
    chart: str
    version: str | None = None
    source_ref: LocalSourceReference
    interval: str
    reconcile_strategy: str | None = None
    values_files: list[str] = Field(default_factory=list)
    ignore_missing_values_files: bool | None = None
    verify: HelmChartVerification | None = None
    suspend: bool = False


class HelmChartStatus(SourceStatus):
    url: str | None = None
    observed_source_artifact_revision: str | None = None
    observed_chart_name: str | None = None
    observed_values_files: list[str] = Field(default_factory=list)


class HelmChart(FluxModel):
    kind: Literal["HelmChart"] = "HelmChart"
    metadata: ObjectMeta
    spec: HelmChartSpec
    status: HelmChartStatus | None = None


# --- Bucket --------------------------------------------------------------------------------


class BucketSTSSpec(FluxModel):
    provider: str
    endpoint: str
    secret_ref: LocalObjectReference | None = None
    cert_secret_ref: LocalObjectReference | None = None


class BucketSpec(FluxModel):
    bucket_name: str
    endpoint: str
    provider: str | None = None
    region: str | None = None
    prefix: str | None = None
    insecure: bool | None = None
    secret_ref: LocalObjectReference | None = None
    cert_secret_ref: LocalObjectReference | None = None
    proxy_secret_ref: LocalObjectReference | None = None
    service_account_name: str | None = None
    sts: BucketSTSSpec | None = None
    interval: str
    timeout: str | None = None
    ignore: str | None = None
    suspend: bool = False


class BucketStatus(SourceStatus):
    url: str | None = None
    observed_ignore: str | None = None


class Bucket(FluxModel):
    kind: Literal["Bucket"] = "Bucket"
    metadata: ObjectMeta
    spec: BucketSpec
    status: BucketStatus | None = None


# --- ExternalArtifact ----------------------------------------------------------------------


class ExternalArtifactSpec(FluxModel):
    source_ref: ObjectRef | None = None
    """The generator that produces this artifact (e.g. an ArtifactGenerator)."""


class ExternalArtifactStatus(FluxModel):
    """Only `artifact` and `conditions`: no observedGeneration, no lastHandledReconcileAt."""

    artifact: Artifact | None = None
    conditions: list[Condition] = Field(default_factory=list)


class ExternalArtifact(FluxModel):
    kind: Literal["ExternalArtifact"] = "ExternalArtifact"
    metadata: ObjectMeta
    spec: ExternalArtifactSpec = Field(default_factory=ExternalArtifactSpec)
    status: ExternalArtifactStatus | None = None
