"""The typed references one Flux object makes, read from its raw JSON (pure, never raises).

Each Flux kind names other objects in its spec or status; this module turns those names into
graph edge candidates: exact `Reference`s (by id) and `Selector`s (an Alert event source or a
Receiver resource with name `*`, optionally narrowed by `matchLabels`). Resolution against
the set of existing objects happens in `services.graph`.

Namespaces default to the referring object's, as the Flux controllers do (FLUX.md §4).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fluxdash.models.graph import EdgeType
from fluxdash.models.kinds import FLUX_KINDS
from fluxdash.services.inventory import InventoryIdError, parse_inventory_id


@dataclass(frozen=True, slots=True)
class Reference:
    """An edge to one object by id. When `target` does not exist and a `fallback` is given,
    the fallback is used instead (a HelmRelease whose HelmChart is not created yet points at
    the chart's source)."""

    type: EdgeType
    target: str
    fallback: Reference | None = None


@dataclass(frozen=True, slots=True)
class Selector:
    """Edges to every object of `kind` in `namespace` whose labels include `match_labels`."""

    type: EdgeType
    kind: str
    namespace: str
    match_labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ObjectReferences:
    references: list[Reference] = field(default_factory=list)
    selectors: list[Selector] = field(default_factory=list)
    workloads: list[str] = field(default_factory=list)
    """Ids of non-Flux inventory entries that are workloads (Deployment, StatefulSet,
    DaemonSet), for the optional workload nodes."""


WORKLOAD_KINDS: frozenset[tuple[str, str]] = frozenset(
    {("apps", "Deployment"), ("apps", "StatefulSet"), ("apps", "DaemonSet")}
)


def object_id(kind: str, namespace: str, name: str) -> str:
    return f"{kind}/{namespace}/{name}"


def references_of(
    kind: str, namespace: str, name: str, raw: Mapping[str, Any]
) -> ObjectReferences:
    """Everything `raw` (a Flux object of `kind`) references."""
    spec = _mapping(raw.get("spec"))
    status = _mapping(raw.get("status"))
    out = ObjectReferences()
    refs = out.references
    if kind == "Kustomization":
        _add_ref(refs, "source", spec.get("sourceRef"), namespace)
        _add_depends_on(refs, kind, spec, namespace)
        _add_inventory(out, status)
    elif kind == "HelmRelease":
        _add_helm_release_chart(refs, spec, status, namespace, name)
        _add_depends_on(refs, kind, spec, namespace)
        _add_inventory(out, status)
    elif kind == "HelmChart":
        # HelmChart sources live in the chart's own namespace.
        source = _mapping(spec.get("sourceRef"))
        _add_ref(refs, "source", {**source, "namespace": namespace}, namespace)
    elif kind == "ExternalArtifact":
        source = _mapping(spec.get("sourceRef"))
        if _str(source.get("kind")) in FLUX_KINDS:
            _add_ref(refs, "source", source, namespace)
    elif kind == "GitRepository":
        for include in _list(spec.get("include")):
            repo = _mapping(_mapping(include).get("repository"))
            _add_ref(refs, "source", {**repo, "kind": "GitRepository"}, namespace)
    elif kind == "Alert":
        provider = _mapping(spec.get("providerRef"))
        _add_ref(refs, "provider", {**provider, "kind": "Provider"}, namespace)
        for source in _list(spec.get("eventSources")):
            _add_selector(out, "alertSource", _mapping(source), namespace)
    elif kind == "Receiver":
        for resource in _list(spec.get("resources")):
            _add_selector(out, "receiverTarget", _mapping(resource), namespace)
    elif kind == "ImagePolicy":
        repo = _mapping(spec.get("imageRepositoryRef"))
        _add_ref(
            refs, "imageRepository", {**repo, "kind": "ImageRepository"}, namespace
        )
    elif kind == "ImageUpdateAutomation":
        source = _mapping(spec.get("sourceRef"))
        _add_ref(
            refs,
            "imageUpdateSource",
            {**source, "kind": _str(source.get("kind")) or "GitRepository"},
            namespace,
        )
    return out


def _add_ref(
    refs: list[Reference], edge: EdgeType, ref: object, namespace: str
) -> Reference | None:
    target = _ref_id(ref, namespace)
    if target is None:
        return None
    reference = Reference(edge, target)
    refs.append(reference)
    return reference


def _ref_id(ref: object, namespace: str) -> str | None:
    data = _mapping(ref)
    kind, name = _str(data.get("kind")), _str(data.get("name"))
    if not kind or not name:
        return None
    return object_id(kind, _str(data.get("namespace")) or namespace, name)


def _add_depends_on(
    refs: list[Reference], kind: str, spec: Mapping[str, Any], namespace: str
) -> None:
    for dep in _list(spec.get("dependsOn")):
        _add_ref(refs, "dependsOn", {**_mapping(dep), "kind": kind}, namespace)


def _add_helm_release_chart(
    refs: list[Reference],
    spec: Mapping[str, Any],
    status: Mapping[str, Any],
    namespace: str,
    name: str,
) -> None:
    if spec.get("chartRef") is not None:
        _add_ref(refs, "chart", spec.get("chartRef"), namespace)
        return
    template = _mapping(_mapping(spec.get("chart")).get("spec"))
    source_ref = _mapping(template.get("sourceRef"))
    source = _ref_id(source_ref, namespace)
    if source is None:
        return
    # The controller creates the HelmChart `<hr-ns>-<hr-name>` in the source's namespace and
    # records it as `status.helmChart` = `<ns>/<name>` (FLUX.md §4.4).
    recorded = _str(status.get("helmChart")).split("/")
    if len(recorded) == 2 and all(recorded):
        chart = object_id("HelmChart", recorded[0], recorded[1])
    else:
        source_ns = _str(source_ref.get("namespace")) or namespace
        chart = object_id("HelmChart", source_ns, f"{namespace}-{name}")
    refs.append(Reference("chart", chart, fallback=Reference("source", source)))


def _add_selector(
    out: ObjectReferences, edge: EdgeType, data: Mapping[str, Any], namespace: str
) -> None:
    kind, name = _str(data.get("kind")), _str(data.get("name"))
    if not kind or not name:
        return
    target_ns = _str(data.get("namespace")) or namespace
    if name == "*":
        labels = {str(k): str(v) for k, v in _mapping(data.get("matchLabels")).items()}
        out.selectors.append(Selector(edge, kind, target_ns, labels))
    else:
        out.references.append(Reference(edge, object_id(kind, target_ns, name)))


def _add_inventory(out: ObjectReferences, status: Mapping[str, Any]) -> None:
    inventory = _mapping(status.get("inventory"))
    for entry in _list(inventory.get("entries")):
        try:
            parsed = parse_inventory_id(_str(_mapping(entry).get("id")))
        except InventoryIdError:
            continue
        if parsed.cluster_scoped:
            continue
        if parsed.flux_kind is not None:
            out.references.append(
                Reference(
                    "inventory", object_id(parsed.kind, parsed.namespace, parsed.name)
                )
            )
        elif (parsed.group, parsed.kind) in WORKLOAD_KINDS:
            out.workloads.append(object_id(parsed.kind, parsed.namespace, parsed.name))


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> Sequence[Any]:
    return value if isinstance(value, list) else ()


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""
