"""What kubesim knows about each Flux kind, per Flux line: names, versions, printer columns.

Written from the facts in FLUX.md §1-2 (never copied from Flux's own CRD files). One
:class:`KindDef` per kind and line; :mod:`kubesim.crds.render` turns them into
CustomResourceDefinition objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FluxLine = Literal["2.9", "2.6"]
FLUX_LINES: tuple[FluxLine, ...] = ("2.9", "2.6")

SOURCE_GROUP = "source.toolkit.fluxcd.io"
KUSTOMIZE_GROUP = "kustomize.toolkit.fluxcd.io"
HELM_GROUP = "helm.toolkit.fluxcd.io"
NOTIFICATION_GROUP = "notification.toolkit.fluxcd.io"
IMAGE_GROUP = "image.toolkit.fluxcd.io"

# The controller that owns each API group (also the Event source component).
CONTROLLER_OF_GROUP: dict[str, str] = {
    SOURCE_GROUP: "source-controller",
    KUSTOMIZE_GROUP: "kustomize-controller",
    HELM_GROUP: "helm-controller",
    NOTIFICATION_GROUP: "notification-controller",
}


@dataclass(frozen=True)
class Column:
    """One ``additionalPrinterColumns`` entry."""

    name: str
    json_path: str
    type: str = "string"
    priority: int = 0


AGE = Column("Age", ".metadata.creationTimestamp", "date")
READY = Column("Ready", '.status.conditions[?(@.type=="Ready")].status')
STATUS = Column("Status", '.status.conditions[?(@.type=="Ready")].message')
URL = Column("URL", ".spec.url")
ENDPOINT = Column("Endpoint", ".spec.endpoint")
CHART_COLUMNS = (
    Column("Chart", ".spec.chart"),
    Column("Version", ".spec.version"),
    Column("Source Kind", ".spec.sourceRef.kind"),
    Column("Source Name", ".spec.sourceRef.name"),
)


@dataclass(frozen=True)
class VersionDef:
    """One served version of a kind."""

    name: str
    storage: bool = False
    columns: tuple[Column, ...] = (AGE, READY, STATUS)
    status: bool = True
    deprecated: bool = False

    def deprecation_warning(self, kind: str, upgrade_to: str) -> str | None:
        if not self.deprecated:
            return None
        return f"{self.name} {kind} is deprecated, upgrade to {upgrade_to}"


@dataclass(frozen=True)
class KindDef:
    """A Flux kind as one Flux line serves it."""

    kind: str
    group: str
    plural: str
    versions: tuple[VersionDef, ...]
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    # The controller that reconciles it (Event ``source.component``).
    controller: str = ""
    annotations: dict[str, str] = field(default_factory=dict)

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def storage_version(self) -> str:
        return next(v.name for v in self.versions if v.storage)

    @property
    def api_version(self) -> str:
        """``group/version`` of the storage version (what kubesim's objects are written at)."""
        return f"{self.group}/{self.storage_version}"

    @property
    def has_status(self) -> bool:
        """Whether the storage version has a status (Alert and Provider v1beta3 do not)."""
        return next(v.status for v in self.versions if v.storage)

    @property
    def crd_name(self) -> str:
        return f"{self.plural}.{self.group}"


_GROUP_CATEGORY = {
    SOURCE_GROUP: "fluxcd-sources",
    KUSTOMIZE_GROUP: "fluxcd-appliers",
    HELM_GROUP: "fluxcd-appliers",
    NOTIFICATION_GROUP: "fluxcd-notifications",
    IMAGE_GROUP: "fluxcd-images",
}
_CONTROLLER = {
    "ExternalArtifact": "source-watcher",
    "ImageRepository": "image-reflector-controller",
    "ImagePolicy": "image-reflector-controller",
    "ImageUpdateAutomation": "image-automation-controller",
}
# Flux 2.9 CRDs carry this annotation, except the image-reflector ones.
_SUBSTITUTE_DISABLED = {"kustomize.toolkit.fluxcd.io/substitute": "disabled"}


def _kind(
    kind: str,
    plural: str,
    group: str,
    versions: tuple[VersionDef, ...],
    *,
    short: tuple[str, ...] = (),
    line: FluxLine,
) -> KindDef:
    latest = line == "2.9"
    return KindDef(
        kind=kind,
        group=group,
        plural=plural,
        versions=versions,
        short_names=short,
        # Categories arrived with the 2.9 CRDs.
        categories=("all", "fluxcd", _GROUP_CATEGORY[group]) if latest else (),
        controller=_CONTROLLER.get(kind) or CONTROLLER_OF_GROUP[group],
        annotations=(
            dict(_SUBSTITUTE_DISABLED)
            if latest and kind not in ("ImageRepository", "ImagePolicy")
            else {}
        ),
    )


def _v(
    name: str,
    *columns: Column,
    storage: bool = False,
    status: bool = True,
    deprecated: bool = False,
) -> VersionDef:
    return VersionDef(
        name,
        storage=storage,
        columns=columns or (AGE, READY, STATUS),
        status=status,
        deprecated=deprecated,
    )


def _latest() -> tuple[KindDef, ...]:
    """Flux 2.9 (v2.9.4): GA versions only, plus Alert/Provider v1beta3 (which have no status)."""
    line: FluxLine = "2.9"
    return (
        _kind("GitRepository", "gitrepositories", SOURCE_GROUP,
              (_v("v1", URL, AGE, READY, STATUS, storage=True),), short=("gitrepo",), line=line),
        _kind("OCIRepository", "ocirepositories", SOURCE_GROUP,
              (_v("v1", URL, READY, STATUS, AGE, storage=True),), short=("ocirepo",), line=line),
        _kind("HelmRepository", "helmrepositories", SOURCE_GROUP,
              (_v("v1", URL, AGE, READY, STATUS, storage=True),), short=("helmrepo",), line=line),
        _kind("HelmChart", "helmcharts", SOURCE_GROUP,
              (_v("v1", *CHART_COLUMNS, AGE, READY, STATUS, storage=True),), short=("hc",), line=line),
        _kind("Bucket", "buckets", SOURCE_GROUP,
              (_v("v1", ENDPOINT, AGE, READY, STATUS, storage=True),), line=line),
        _kind("ExternalArtifact", "externalartifacts", SOURCE_GROUP,
              (_v("v1", AGE, READY, STATUS, Column("Source", ".spec.sourceRef.name"), storage=True),),
              short=("ea",), line=line),
        _kind("Kustomization", "kustomizations", KUSTOMIZE_GROUP,
              (_v("v1", storage=True),), short=("ks",), line=line),
        _kind("HelmRelease", "helmreleases", HELM_GROUP,
              (_v("v2", storage=True),), short=("hr",), line=line),
        _kind("Alert", "alerts", NOTIFICATION_GROUP,
              (_v("v1beta3", AGE, storage=True, status=False),), line=line),
        _kind("Provider", "providers", NOTIFICATION_GROUP,
              (_v("v1beta3", AGE, storage=True, status=False),), line=line),
        _kind("Receiver", "receivers", NOTIFICATION_GROUP,
              (_v("v1", storage=True),), line=line),
        _kind("ImageRepository", "imagerepositories", IMAGE_GROUP,
              (_v("v1", Column("Image", ".spec.image"), Column("Tags", ".status.lastScanResult.tagCount"),
                  READY, STATUS, Column("Last scan", ".status.lastScanResult.scanTime", priority=1), AGE,
                  storage=True),),
              short=("imgrepo", "imagerepo"), line=line),
        _kind("ImagePolicy", "imagepolicies", IMAGE_GROUP,
              (_v("v1", Column("Image", ".status.latestRef.name"), Column("Tag", ".status.latestRef.tag"),
                  READY, STATUS, AGE, storage=True),),
              short=("imgpol", "imagepol"), line=line),
        _kind("ImageUpdateAutomation", "imageupdateautomations", IMAGE_GROUP,
              (_v("v1", READY, STATUS, Column("Last run", ".status.lastAutomationRunTime", priority=1), AGE,
                  storage=True),),
              short=("iua", "imgupd", "imgauto"), line=line),
    )  # fmt: skip


def _flux26() -> tuple[KindDef, ...]:
    """Flux 2.6 (v2.6.4): GA versions plus the betas it still served; no categories yet."""
    line: FluxLine = "2.6"
    url_age = (URL, AGE, READY, STATUS)
    url_ready = (URL, READY, STATUS, AGE)
    chart = (*CHART_COLUMNS, AGE, READY, STATUS)
    chart_v1beta1 = (*CHART_COLUMNS, READY, STATUS, AGE)
    endpoint = (ENDPOINT, AGE, READY, STATUS)
    scan = (
        Column("Last scan", ".status.lastScanResult.scanTime"),
        Column("Tags", ".status.lastScanResult.tagCount"),
    )
    latest_image = Column("LatestImage", ".status.latestImage")
    last_run = Column("Last run", ".status.lastAutomationRunTime")
    return (
        _kind("GitRepository", "gitrepositories", SOURCE_GROUP,
              (_v("v1", *url_age, storage=True), _v("v1beta1", *url_ready, deprecated=True),
               _v("v1beta2", *url_age, deprecated=True)),
              short=("gitrepo",), line=line),
        _kind("OCIRepository", "ocirepositories", SOURCE_GROUP,
              (_v("v1", *url_ready, storage=True), _v("v1beta2", *url_ready, deprecated=True)),
              short=("ocirepo",), line=line),
        _kind("HelmRepository", "helmrepositories", SOURCE_GROUP,
              (_v("v1", *url_age, storage=True), _v("v1beta1", *url_ready, deprecated=True),
               _v("v1beta2", *url_age, deprecated=True)),
              short=("helmrepo",), line=line),
        _kind("HelmChart", "helmcharts", SOURCE_GROUP,
              (_v("v1", *chart, storage=True), _v("v1beta1", *chart_v1beta1, deprecated=True),
               _v("v1beta2", *chart, deprecated=True)),
              short=("hc",), line=line),
        _kind("Bucket", "buckets", SOURCE_GROUP,
              (_v("v1", *endpoint, storage=True), _v("v1beta1", ENDPOINT, READY, STATUS, AGE, deprecated=True),
               _v("v1beta2", *endpoint, deprecated=True)),
              line=line),
        _kind("Kustomization", "kustomizations", KUSTOMIZE_GROUP,
              (_v("v1", storage=True), _v("v1beta1", READY, STATUS, AGE, deprecated=True),
               _v("v1beta2", deprecated=True)),
              short=("ks",), line=line),
        _kind("HelmRelease", "helmreleases", HELM_GROUP,
              (_v("v2", storage=True), _v("v2beta1", deprecated=True), _v("v2beta2", deprecated=True)),
              short=("hr",), line=line),
        _kind("Alert", "alerts", NOTIFICATION_GROUP,
              (_v("v1beta1", deprecated=True), _v("v1beta2", deprecated=True),
               _v("v1beta3", AGE, storage=True, status=False)),
              line=line),
        _kind("Provider", "providers", NOTIFICATION_GROUP,
              (_v("v1beta1", deprecated=True), _v("v1beta2", deprecated=True),
               _v("v1beta3", AGE, storage=True, status=False)),
              line=line),
        _kind("Receiver", "receivers", NOTIFICATION_GROUP,
              (_v("v1", storage=True), _v("v1beta1", deprecated=True), _v("v1beta2", deprecated=True)),
              line=line),
        _kind("ImageRepository", "imagerepositories", IMAGE_GROUP,
              (_v("v1beta1", *scan), _v("v1beta2", *scan, storage=True)), line=line),
        _kind("ImagePolicy", "imagepolicies", IMAGE_GROUP,
              (_v("v1beta1", latest_image), _v("v1beta2", latest_image, storage=True)), line=line),
        _kind("ImageUpdateAutomation", "imageupdateautomations", IMAGE_GROUP,
              (_v("v1beta1", last_run, deprecated=True), _v("v1beta2", last_run, storage=True)),
              line=line),
    )  # fmt: skip


_CATALOG: dict[FluxLine, tuple[KindDef, ...]] = {"2.9": _latest(), "2.6": _flux26()}


def flux_kinds(line: FluxLine = "2.9") -> tuple[KindDef, ...]:
    """Every Flux kind served by ``line``, in a stable order (sources first)."""
    return _CATALOG[line]


def kind_def(kind: str, line: FluxLine = "2.9") -> KindDef:
    """The definition of ``kind`` (e.g. ``"HelmRelease"``) in ``line``; KeyError if not served."""
    for k in _CATALOG[line]:
        if k.kind == kind:
            return k
    raise KeyError(f"{kind} is not served by Flux {line}")


def kind_by_plural(group: str, plural: str, line: FluxLine = "2.9") -> KindDef | None:
    for k in _CATALOG[line]:
        if k.group == group and k.plural == plural:
            return k
    return None
