"""Models of image.toolkit.fluxcd.io (v1; v1beta2 before Flux 2.7 parses into the same
models): ImageRepository, ImagePolicy and ImageUpdateAutomation."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, model_validator

from fluxdash.models.base import (
    FluxModel,
    LocalObjectReference,
    ObjectMeta,
    ReconcileStatus,
)
from fluxdash.models.source import AccessFrom

# --- ImageRepository -----------------------------------------------------------------------


class ImageRepositorySpec(FluxModel):
    image: str
    interval: str
    timeout: str | None = None
    secret_ref: LocalObjectReference | None = None
    service_account_name: str | None = None
    cert_secret_ref: LocalObjectReference | None = None
    proxy_secret_ref: LocalObjectReference | None = None
    access_from: AccessFrom | None = None
    exclusion_list: list[str] = Field(default_factory=list)
    provider: str | None = None
    insecure: bool | None = None
    suspend: bool = False


class ScanResult(FluxModel):
    tag_count: int = 0
    scan_time: datetime | None = None
    latest_tags: list[str] = Field(default_factory=list)
    revision: str | None = None


class ImageRepositoryStatus(ReconcileStatus):
    canonical_image_name: str | None = None
    last_scan_result: ScanResult | None = None
    observed_exclusion_list: list[str] = Field(default_factory=list)


class ImageRepository(FluxModel):
    kind: Literal["ImageRepository"] = "ImageRepository"
    metadata: ObjectMeta
    spec: ImageRepositorySpec
    status: ImageRepositoryStatus | None = None


# --- ImagePolicy ---------------------------------------------------------------------------


class NamespacedObjectReference(FluxModel):
    name: str
    namespace: str | None = None


class SemVerPolicy(FluxModel):
    range: str


class OrderPolicy(FluxModel):
    order: str | None = None
    """`asc` (default) or `desc`."""


class ImagePolicyChoice(FluxModel):
    semver: SemVerPolicy | None = None
    alphabetical: OrderPolicy | None = None
    numerical: OrderPolicy | None = None


class TagFilter(FluxModel):
    pattern: str | None = None
    extract: str | None = None


class ImagePolicySpec(FluxModel):
    image_repository_ref: NamespacedObjectReference
    policy: ImagePolicyChoice
    filter_tags: TagFilter | None = None
    digest_reflection_policy: str | None = None
    interval: str | None = None
    suspend: bool = False


class ImageRef(FluxModel):
    """`status.latestRef`: image name, tag and (with digest reflection) digest."""

    name: str
    tag: str
    digest: str | None = None

    @property
    def full(self) -> str:
        """`name:tag` (plus `@digest` when reflected)."""
        ref = f"{self.name}:{self.tag}"
        return f"{ref}@{self.digest}" if self.digest else ref


def _image_ref_from_string(image: object) -> dict[str, str] | None:
    """`ghcr.io/org/app:1.2.3` (v1beta2 `latestImage`) → `{name, tag}`; None if it has no tag."""
    if not isinstance(image, str):
        return None
    name, sep, tag = image.rpartition(":")
    if not sep or not name or not tag or "/" in tag:
        return None
    return {"name": name, "tag": tag}


class ImagePolicyStatus(ReconcileStatus):
    latest_ref: ImageRef | None = None
    observed_previous_ref: ImageRef | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_v1beta2(cls, data: Any) -> Any:
        """v1beta2 has `latestImage`/`observedPreviousImage` strings instead of refs."""
        if not isinstance(data, dict):
            return data
        mapped = dict(data)
        for old, new in (
            ("latestImage", "latestRef"),
            ("observedPreviousImage", "observedPreviousRef"),
        ):
            if mapped.get(new) is None and (
                ref := _image_ref_from_string(mapped.get(old))
            ):
                mapped[new] = ref
        return mapped


class ImagePolicy(FluxModel):
    kind: Literal["ImagePolicy"] = "ImagePolicy"
    metadata: ObjectMeta
    spec: ImagePolicySpec
    status: ImagePolicyStatus | None = None


# --- ImageUpdateAutomation -----------------------------------------------------------------


class GitCheckoutRef(FluxModel):
    branch: str | None = None
    tag: str | None = None
    semver: str | None = None
    name: str | None = None
    commit: str | None = None


class GitCheckout(FluxModel):
    ref: GitCheckoutRef


class CommitAuthor(FluxModel):
    name: str | None = None
    email: str


class SigningKey(FluxModel):
    secret_ref: LocalObjectReference
    type: str | None = None


class CommitSpec(FluxModel):
    author: CommitAuthor
    signing_key: SigningKey | None = None
    message_template: str | None = None


class PushSpec(FluxModel):
    branch: str | None = None
    refspec: str | None = None
    options: dict[str, str] = Field(default_factory=dict)


class GitSpec(FluxModel):
    checkout: GitCheckout | None = None
    commit: CommitSpec
    push: PushSpec | None = None


class UpdateStrategy(FluxModel):
    strategy: str | None = None
    path: str | None = None


class LabelSelectorRequirement(FluxModel):
    key: str
    operator: str
    values: list[str] = Field(default_factory=list)


class LabelSelector(FluxModel):
    match_labels: dict[str, str] = Field(default_factory=dict)
    match_expressions: list[LabelSelectorRequirement] = Field(default_factory=list)


class UpdateSourceRef(FluxModel):
    """`spec.sourceRef`: a GitRepository (the only kind accepted), namespace defaults to the
    automation's."""

    api_version: str | None = None
    kind: str = "GitRepository"
    name: str
    namespace: str | None = None


class ImageUpdateAutomationSpec(FluxModel):
    source_ref: UpdateSourceRef
    git: GitSpec | None = None
    interval: str
    policy_selector: LabelSelector | None = None
    update: UpdateStrategy | None = None
    suspend: bool = False


class ObservedPolicy(FluxModel):
    name: str
    tag: str
    digest: str | None = None


class ImageUpdateAutomationStatus(ReconcileStatus):
    last_automation_run_time: datetime | None = None
    last_push_commit: str | None = None
    last_push_time: datetime | None = None
    observed_policies: dict[str, ObservedPolicy] = Field(default_factory=dict)
    observed_source_revision: str | None = None


class ImageUpdateAutomation(FluxModel):
    kind: Literal["ImageUpdateAutomation"] = "ImageUpdateAutomation"
    metadata: ObjectMeta
    spec: ImageUpdateAutomationSpec
    status: ImageUpdateAutomationStatus | None = None
