"""The kind registry: every Flux kind fluxdash reads, in display order.

Kinds are named by their lowercase plural in every API path, query and WebSocket filter
(`FluxKindPlural`). `versions` lists the versions fluxdash can read, newest first; discovery
picks the first one the cluster serves (FLUX.md §1: Flux 2.6 still serves only v1beta2 for the
image kinds, and OCIRepository was v1beta2 before 2.6).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from fluxdash.models.base import FluxModel
from fluxdash.models.helm import HelmRelease
from fluxdash.models.image import ImagePolicy, ImageRepository, ImageUpdateAutomation
from fluxdash.models.kustomize import Kustomization
from fluxdash.models.notification import Alert, Provider, Receiver
from fluxdash.models.source import (
    Bucket,
    ExternalArtifact,
    GitRepository,
    HelmChart,
    HelmRepository,
    OCIRepository,
)

Category = Literal["source", "applier", "notification", "image"]

FluxKindPlural = Literal[
    "gitrepositories",
    "ocirepositories",
    "helmrepositories",
    "helmcharts",
    "buckets",
    "externalartifacts",
    "kustomizations",
    "helmreleases",
    "alerts",
    "providers",
    "receivers",
    "imagerepositories",
    "imagepolicies",
    "imageupdateautomations",
]

FluxKindName = Literal[
    "GitRepository",
    "OCIRepository",
    "HelmRepository",
    "HelmChart",
    "Bucket",
    "ExternalArtifact",
    "Kustomization",
    "HelmRelease",
    "Alert",
    "Provider",
    "Receiver",
    "ImageRepository",
    "ImagePolicy",
    "ImageUpdateAutomation",
]

SOURCE_GROUP = "source.toolkit.fluxcd.io"
KUSTOMIZE_GROUP = "kustomize.toolkit.fluxcd.io"
HELM_GROUP = "helm.toolkit.fluxcd.io"
NOTIFICATION_GROUP = "notification.toolkit.fluxcd.io"
IMAGE_GROUP = "image.toolkit.fluxcd.io"


@dataclass(frozen=True, slots=True)
class KindInfo:
    """Identity and capabilities of one Flux kind."""

    kind: FluxKindName
    plural: FluxKindPlural
    singular: str
    group: str
    versions: tuple[str, ...]
    """Readable versions, newest first (fallbacks after the preferred one)."""
    short_names: tuple[str, ...]
    category: Category
    model: type[FluxModel]
    has_status: bool = True
    """False for Alert and Provider v1beta3 (no status subresource, static health)."""
    suspendable: bool = True
    """Has `spec.suspend` (ExternalArtifact has not)."""
    reconcilable: bool = True
    """`flux reconcile` exists for it (not Alert, Provider; ExternalArtifact is produced by a
    generator). HelmRepository `type: oci` is static too: check the object, see
    `services.health.is_static`."""
    cli_noun: str = ""
    """The `flux` CLI noun, e.g. `source git`, `kustomization`, `image policy`."""

    @property
    def preferred_version(self) -> str:
        return self.versions[0]

    def api_version(self, version: str | None = None) -> str:
        """`group/version` for `version` (default: the preferred one)."""
        return f"{self.group}/{version or self.versions[0]}"

    @property
    def flux_stats(self) -> bool:
        """Whether `flux stats` counts this kind (it skips ExternalArtifact)."""
        return self.kind != "ExternalArtifact"


KINDS: tuple[KindInfo, ...] = (
    KindInfo(
        "GitRepository",
        "gitrepositories",
        "gitrepository",
        SOURCE_GROUP,
        ("v1",),
        ("gitrepo",),
        "source",
        GitRepository,
        cli_noun="source git",
    ),
    KindInfo(
        "OCIRepository",
        "ocirepositories",
        "ocirepository",
        SOURCE_GROUP,
        ("v1", "v1beta2"),
        ("ocirepo",),
        "source",
        OCIRepository,
        cli_noun="source oci",
    ),
    KindInfo(
        "HelmRepository",
        "helmrepositories",
        "helmrepository",
        SOURCE_GROUP,
        ("v1",),
        ("helmrepo",),
        "source",
        HelmRepository,
        cli_noun="source helm",
    ),
    KindInfo(
        "HelmChart",
        "helmcharts",
        "helmchart",
        SOURCE_GROUP,
        ("v1",),
        ("hc",),
        "source",
        HelmChart,
        cli_noun="source chart",
    ),
    KindInfo(
        "Bucket",
        "buckets",
        "bucket",
        SOURCE_GROUP,
        ("v1",),
        (),
        "source",
        Bucket,
        cli_noun="source bucket",
    ),
    KindInfo(
        "ExternalArtifact",
        "externalartifacts",
        "externalartifact",
        SOURCE_GROUP,
        ("v1",),
        ("ea",),
        "source",
        ExternalArtifact,
        suspendable=False,
        reconcilable=False,
        cli_noun="source external",
    ),
    KindInfo(
        "Kustomization",
        "kustomizations",
        "kustomization",
        KUSTOMIZE_GROUP,
        ("v1",),
        ("ks",),
        "applier",
        Kustomization,
        cli_noun="kustomization",
    ),
    KindInfo(
        "HelmRelease",
        "helmreleases",
        "helmrelease",
        HELM_GROUP,
        ("v2",),
        ("hr",),
        "applier",
        HelmRelease,
        cli_noun="helmrelease",
    ),
    KindInfo(
        "Alert",
        "alerts",
        "alert",
        NOTIFICATION_GROUP,
        ("v1beta3",),
        (),
        "notification",
        Alert,
        has_status=False,
        reconcilable=False,
        cli_noun="alert",
    ),
    KindInfo(
        "Provider",
        "providers",
        "provider",
        NOTIFICATION_GROUP,
        ("v1beta3",),
        (),
        "notification",
        Provider,
        has_status=False,
        reconcilable=False,
        cli_noun="alert-provider",
    ),
    KindInfo(
        "Receiver",
        "receivers",
        "receiver",
        NOTIFICATION_GROUP,
        ("v1",),
        (),
        "notification",
        Receiver,
        cli_noun="receiver",
    ),
    KindInfo(
        "ImageRepository",
        "imagerepositories",
        "imagerepository",
        IMAGE_GROUP,
        ("v1", "v1beta2"),
        ("imgrepo", "imagerepo"),
        "image",
        ImageRepository,
        cli_noun="image repository",
    ),
    KindInfo(
        "ImagePolicy",
        "imagepolicies",
        "imagepolicy",
        IMAGE_GROUP,
        ("v1", "v1beta2"),
        ("imgpol", "imagepol"),
        "image",
        ImagePolicy,
        cli_noun="image policy",
    ),
    KindInfo(
        "ImageUpdateAutomation",
        "imageupdateautomations",
        "imageupdateautomation",
        IMAGE_GROUP,
        ("v1", "v1beta2"),
        ("iua", "imgupd", "imgauto"),
        "image",
        ImageUpdateAutomation,
        cli_noun="image update",
    ),
)

FLUX_KINDS: frozenset[str] = frozenset(info.kind for info in KINDS)
"""Kind names of every Flux kind fluxdash knows."""

FLUX_PLURALS: tuple[FluxKindPlural, ...] = get_args(FluxKindPlural)

_BY_PLURAL: dict[str, KindInfo] = {info.plural: info for info in KINDS}
_BY_KIND: dict[str, KindInfo] = {info.kind: info for info in KINDS}


def kind_by_plural(plural: str) -> KindInfo:
    """The kind named by its lowercase plural (`kustomizations`); KeyError if unknown."""
    return _BY_PLURAL[plural]


def kind_by_name(kind: str) -> KindInfo:
    """The kind named by its Kind (`Kustomization`); KeyError if unknown."""
    return _BY_KIND[kind]


def find_kind(kind: str, group: str | None = None) -> KindInfo | None:
    """The Flux kind with this Kind (and API group, when given), or None.

    Used for inventory entries and event involvedObjects, where non-Flux kinds are normal.
    """
    info = _BY_KIND.get(kind)
    if info is None or (group is not None and group != info.group):
        return None
    return info
