"""References between Flux objects, resolved to `ObjectKey`s (pure; no lookups).

Namespace defaults follow the controllers: an empty namespace means the referrer's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from fluxdash.models.base import DependencyReference, SelectorRef
from fluxdash.models.graph import EdgeType
from fluxdash.models.helm import HelmRelease
from fluxdash.models.image import ImagePolicy, ImageUpdateAutomation
from fluxdash.models.keys import ObjectKey
from fluxdash.models.kustomize import Kustomization
from fluxdash.models.notification import Alert, Receiver
from fluxdash.models.objects import FluxObject
from fluxdash.models.source import ExternalArtifact, HelmChart
from fluxdash.models.views import ResourceRow

WILDCARD = "*"


@dataclass(frozen=True, slots=True)
class DirectRef:
    """An edge to one named object (`source`, `chart`, `dependsOn`, `provider`,
    `imageRepository`, `imageUpdateSource`)."""

    edge: EdgeType
    target: ObjectKey


@dataclass(frozen=True, slots=True)
class ObjectSelector:
    """An Alert event source or a Receiver target: kind + namespace + name or `*`
    (+ matchLabels, which notification-controller applies only with `*`)."""

    kind: str
    namespace: str
    name: str
    match_labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_wildcard(self) -> bool:
        return self.name == WILDCARD

    def matches(
        self, kind: str, namespace: str, name: str, labels: Mapping[str, str]
    ) -> bool:
        if kind != self.kind or namespace != self.namespace:
            return False
        if not self.is_wildcard:
            return name == self.name
        return all(labels.get(k) == v for k, v in self.match_labels.items())

    def display(self) -> str:
        """`Kind/namespace/name`, plus ` {k=v,…}` when labels are matched."""
        text = f"{self.kind}/{self.namespace}/{self.name}"
        if self.match_labels:
            labels = ",".join(f"{k}={v}" for k, v in sorted(self.match_labels.items()))
            text += f" {{{labels}}}"
        return text


def _ns(namespace: str | None, default: str) -> str:
    return namespace or default


def helm_chart_name(release_namespace: str, release_name: str) -> str:
    """The HelmChart a `spec.chart` HelmRelease gets: `<hr-namespace>-<hr-name>`."""
    return f"{release_namespace}-{release_name}"


def helm_chart_of(release: HelmRelease) -> ObjectKey | None:
    """The HelmChart a HelmRelease uses: the templated `<hr-ns>-<hr-name>` in the *source's*
    namespace, or a `chartRef` of kind HelmChart. None for OCIRepository/ExternalArtifact
    chartRefs."""
    ns = release.metadata.namespace
    if release.spec.chart is not None:
        source_ns = _ns(release.spec.chart.spec.source_ref.namespace, ns)
        return ObjectKey(
            "HelmChart", source_ns, helm_chart_name(ns, release.metadata.name)
        )
    ref = release.spec.chart_ref
    if ref is not None and ref.kind == "HelmChart":
        return ObjectKey("HelmChart", _ns(ref.namespace, ns), ref.name)
    return None


def chart_source_of(release: HelmRelease) -> ObjectKey | None:
    """Where the release's chart comes from: the template's sourceRef (HelmRepository,
    GitRepository, Bucket) or the chartRef (OCIRepository, HelmChart, ExternalArtifact)."""
    ns = release.metadata.namespace
    if release.spec.chart is not None:
        ref = release.spec.chart.spec.source_ref
        return ObjectKey(ref.kind, _ns(ref.namespace, ns), ref.name)
    if release.spec.chart_ref is not None:
        ref = release.spec.chart_ref
        return ObjectKey(ref.kind, _ns(ref.namespace, ns), ref.name)
    return None


def source_of(obj: FluxObject) -> ObjectKey | None:
    """The direct upstream source of an object, or None.

    Kustomization → `spec.sourceRef`; HelmChart → `spec.sourceRef` (same namespace);
    HelmRelease → its HelmChart (templated, or chartRef) or its chartRef; ExternalArtifact →
    its generator; ImageUpdateAutomation → its GitRepository; ImagePolicy → its
    ImageRepository.
    """
    ns = obj.metadata.namespace
    if isinstance(obj, Kustomization):
        ref = obj.spec.source_ref
        return ObjectKey(ref.kind, _ns(ref.namespace, ns), ref.name)
    if isinstance(obj, HelmChart):
        return ObjectKey(obj.spec.source_ref.kind, ns, obj.spec.source_ref.name)
    if isinstance(obj, HelmRelease):
        return helm_chart_of(obj) or chart_source_of(obj)
    if isinstance(obj, ExternalArtifact):
        gen = obj.spec.source_ref
        return ObjectKey(gen.kind, _ns(gen.namespace, ns), gen.name) if gen else None
    if isinstance(obj, ImageUpdateAutomation):
        return update_source_ref(obj)
    if isinstance(obj, ImagePolicy):
        return image_repository_ref(obj)
    return None


def depends_on(obj: FluxObject) -> list[ObjectKey]:
    """`spec.dependsOn` of a Kustomization/HelmRelease, as keys of the same kind."""
    if not isinstance(obj, Kustomization | HelmRelease):
        return []
    deps: list[DependencyReference] = obj.spec.depends_on
    ns = obj.metadata.namespace
    return [ObjectKey(obj.kind, _ns(d.namespace, ns), d.name) for d in deps]


def provider_ref(alert: Alert) -> ObjectKey:
    """The Provider of an Alert (always in the Alert's namespace)."""
    return ObjectKey("Provider", alert.metadata.namespace, alert.spec.provider_ref.name)


def _selector(ref: SelectorRef, default_ns: str) -> ObjectSelector:
    return ObjectSelector(
        ref.kind, _ns(ref.namespace, default_ns), ref.name, ref.match_labels
    )


def event_sources(alert: Alert) -> list[ObjectSelector]:
    return [
        _selector(src, alert.metadata.namespace) for src in alert.spec.event_sources
    ]


def receiver_targets(receiver: Receiver) -> list[ObjectSelector]:
    return [
        _selector(res, receiver.metadata.namespace) for res in receiver.spec.resources
    ]


def _identity(
    target: ResourceRow | FluxObject,
) -> tuple[str, str, str, Mapping[str, str]]:
    if isinstance(target, ResourceRow):
        return target.kind, target.namespace, target.name, target.labels
    meta = target.metadata
    return target.kind, meta.namespace, meta.name, meta.labels


def event_source_matches(alert: Alert, target: ResourceRow | FluxObject) -> bool:
    """Whether the Alert forwards events of `target` (wildcards and matchLabels included)."""
    kind, namespace, name, labels = _identity(target)
    return any(
        sel.matches(kind, namespace, name, labels) for sel in event_sources(alert)
    )


def receiver_matches(receiver: Receiver, target: ResourceRow | FluxObject) -> bool:
    """Whether a Receiver's webhook triggers a reconcile of `target`."""
    kind, namespace, name, labels = _identity(target)
    return any(
        sel.matches(kind, namespace, name, labels) for sel in receiver_targets(receiver)
    )


def image_repository_ref(policy: ImagePolicy) -> ObjectKey:
    ref = policy.spec.image_repository_ref
    return ObjectKey(
        "ImageRepository", _ns(ref.namespace, policy.metadata.namespace), ref.name
    )


def update_source_ref(automation: ImageUpdateAutomation) -> ObjectKey:
    ref = automation.spec.source_ref
    return ObjectKey(
        ref.kind or "GitRepository",
        _ns(ref.namespace, automation.metadata.namespace),
        ref.name,
    )


def direct_refs(obj: FluxObject) -> list[DirectRef]:
    """Every edge from `obj` to a named object, typed as the graph names them.

    HelmRelease: `chart` → its HelmChart (or chartRef), plus `source` → the chart template's
    source (HelmRepository/GitRepository/Bucket) so dependents of a source are found without
    a lookup. Selectors (Alert event sources, Receiver resources) and inventories are not
    direct refs: see `event_sources`, `receiver_targets`, `services.inventory`.
    """
    ns = obj.metadata.namespace
    out: list[DirectRef] = []
    if isinstance(obj, Kustomization | HelmChart | ExternalArtifact):
        src = source_of(obj)
        if src is not None:
            out.append(DirectRef("source", src))
    elif isinstance(obj, HelmRelease):
        chart = helm_chart_of(obj) or chart_source_of(obj)
        if chart is not None:
            out.append(DirectRef("chart", chart))
        if obj.spec.chart is not None:
            ref = obj.spec.chart.spec.source_ref
            out.append(
                DirectRef(
                    "source", ObjectKey(ref.kind, _ns(ref.namespace, ns), ref.name)
                )
            )
    elif isinstance(obj, Alert):
        out.append(DirectRef("provider", provider_ref(obj)))
    elif isinstance(obj, ImagePolicy):
        out.append(DirectRef("imageRepository", image_repository_ref(obj)))
    elif isinstance(obj, ImageUpdateAutomation):
        out.append(DirectRef("imageUpdateSource", update_source_ref(obj)))
    out.extend(DirectRef("dependsOn", key) for key in depends_on(obj))
    return out


def reconcile_sources(obj: FluxObject) -> list[ObjectKey]:
    """What `flux reconcile --with-source` reconciles first, upstream first, as far as it
    can be known without a lookup: Kustomization → its source; HelmRelease with a chart
    template → [template source, HelmChart]; with a chartRef → [the chartRef] (a HelmChart
    chartRef's own source needs the HelmChart object: use `source_of` on it); HelmChart → its
    source. ExternalArtifact sources are not reconcilable (the CLI refuses them)."""
    if isinstance(obj, HelmRelease):
        chart = helm_chart_of(obj)
        if obj.spec.chart is not None and chart is not None:
            src = chart_source_of(obj)
            return [src, chart] if src else [chart]
        ref = chart_source_of(obj)
        return [ref] if ref else []
    if isinstance(obj, Kustomization | HelmChart):
        src = source_of(obj)
        return [src] if src else []
    return []
