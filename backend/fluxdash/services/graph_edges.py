"""The typed references one Flux object makes: graph edge candidates (pure, never raises).

Named references come from the object's `ResourceRow`, whose reference columns
(`source`, `helmChart`, `dependsOn`, `providerRef`, `imageRepository`) `services.rows` fills
through `services.refs`, so the graph and the lists agree by construction. What rows do not
carry is read from the raw JSON here: Alert event sources and Receiver resources (name `*`
with `matchLabels` selects by label, like notification-controller), GitRepository
`spec.include`, and inventories (`services.inventory`). Resolution against the set of
existing objects happens in `services.graph`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fluxdash.models.graph import EdgeType
from fluxdash.models.keys import ObjectKey
from fluxdash.models.kinds import FLUX_KINDS
from fluxdash.models.views import ResourceRow
from fluxdash.services.inventory import InventoryIdError, parse_inventory_id
from fluxdash.services.refs import WILDCARD, ObjectSelector


@dataclass(frozen=True, slots=True)
class Reference:
    """An edge to one object by id. When `target` does not exist and a `fallback` is given,
    the fallback is used instead (a HelmRelease whose HelmChart is not created yet points at
    the chart's source)."""

    type: EdgeType
    target: str
    fallback: Reference | None = None
    workload: bool = False
    """The target is a workload (a Deployment an inventory lists), not a Flux object."""


@dataclass(frozen=True, slots=True)
class Selector:
    """Edges to every object the selector matches (name `*`, optionally `matchLabels`)."""

    type: EdgeType
    selector: ObjectSelector


@dataclass(frozen=True, slots=True)
class ObjectReferences:
    references: list[Reference] = field(default_factory=list)
    selectors: list[Selector] = field(default_factory=list)


_EMPTY: Mapping[str, Any] = {}

WORKLOAD_KINDS: frozenset[tuple[str, str]] = frozenset({("apps", "Deployment")})
"""Inventory entries shown as workload nodes (the cache watches Flux-applied Deployments)."""

_LINKED_KINDS: frozenset[str] = FLUX_KINDS | {kind for _, kind in WORKLOAD_KINDS}


def references_of(row: ResourceRow, raw: Mapping[str, Any]) -> ObjectReferences:
    """Everything the object of `row` (raw JSON `raw`) references."""
    out = ObjectReferences()
    refs = out.references
    kind = row.kind
    if kind in ("Kustomization", "HelmChart") and row.source:
        refs.append(Reference("source", row.source))
    elif kind == "ExternalArtifact" and row.source:
        # Its source is the generator (an ArtifactGenerator, not a kind the cache holds).
        if row.source.split("/", 1)[0] in FLUX_KINDS:
            refs.append(Reference("source", row.source))
    elif kind == "HelmRelease":
        _add_helm_release_chart(refs, row)
    elif kind == "GitRepository":
        for include in _list(_mapping(raw.get("spec")).get("include")):
            name = _str(_mapping(_mapping(include).get("repository")).get("name"))
            if name:
                target = ObjectKey("GitRepository", row.namespace, name).id
                refs.append(Reference("source", target))
    elif kind == "Alert":
        if row.provider_ref:
            refs.append(Reference("provider", row.provider_ref))
        spec = _mapping(raw.get("spec"))
        for source in _list(spec.get("eventSources")):
            _add_selector(out, "alertSource", _mapping(source), row.namespace)
    elif kind == "Receiver":
        spec = _mapping(raw.get("spec"))
        for resource in _list(spec.get("resources")):
            _add_selector(out, "receiverTarget", _mapping(resource), row.namespace)
    elif kind == "ImagePolicy" and row.image_repository:
        refs.append(Reference("imageRepository", row.image_repository))
    elif kind == "ImageUpdateAutomation" and row.source:
        refs.append(Reference("imageUpdateSource", row.source))
    refs.extend(Reference("dependsOn", dep) for dep in row.depends_on)
    if kind in ("Kustomization", "HelmRelease"):
        _add_inventory(refs, _mapping(raw.get("status")))
    return out


def _add_helm_release_chart(refs: list[Reference], row: ResourceRow) -> None:
    # `helmChart`: the templated `<hr-ns>-<hr-name>` HelmChart (or a HelmChart chartRef);
    # `source`: the template's sourceRef, or the chartRef itself.
    if row.helm_chart:
        fallback = (
            Reference("source", row.source)
            if row.source and row.source != row.helm_chart
            else None
        )
        refs.append(Reference("chart", row.helm_chart, fallback))
    elif row.source:
        refs.append(Reference("chart", row.source))


def _add_selector(
    out: ObjectReferences, edge: EdgeType, data: Mapping[str, Any], namespace: str
) -> None:
    kind, name = _str(data.get("kind")), _str(data.get("name"))
    if not kind or not name:
        return
    target_ns = _str(data.get("namespace")) or namespace
    if name != WILDCARD:
        out.references.append(Reference(edge, ObjectKey(kind, target_ns, name).id))
        return
    labels = {
        k: v
        for k, v in _mapping(data.get("matchLabels")).items()
        if isinstance(k, str) and isinstance(v, str)
    }
    out.selectors.append(
        Selector(edge, ObjectSelector(kind, target_ns, WILDCARD, labels))
    )


def _add_inventory(refs: list[Reference], status: Mapping[str, Any]) -> None:
    for entry in _list(_mapping(status.get("inventory")).get("entries")):
        # Hot loop (an inventory can list thousands of objects): plain type checks, and
        # Services, ConfigMaps, RBAC... are skipped on their kind suffix before parsing.
        entry_id = entry.get("id") if type(entry) is dict else None
        if type(entry_id) is not str:
            continue
        if entry_id[entry_id.rfind("_") + 1 :] not in _LINKED_KINDS:
            continue
        try:
            parsed = parse_inventory_id(entry_id)
        except InventoryIdError:
            continue
        if parsed.cluster_scoped:
            continue
        if parsed.flux_kind is not None:
            refs.append(Reference("inventory", parsed.id))
        elif (parsed.group, parsed.kind) in WORKLOAD_KINDS:
            refs.append(Reference("inventory", parsed.id, workload=True))


def _mapping(value: object) -> Mapping[str, Any]:
    # Raw Kubernetes JSON holds plain dicts; `dict` is much cheaper to test than `Mapping`.
    return value if isinstance(value, dict) else _EMPTY


def _list(value: object) -> Sequence[Any]:
    return value if isinstance(value, list) else ()


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""
