"""Blast radius: what depends, transitively, on a Flux object, so the UI can warn before suspend.

Downstream relations: consumers of a source (``source``; a HelmRelease of its HelmChart:
``chart``; an Alert of its Provider, an ImagePolicy of its ImageRepository, an automation of
its GitRepository), dependents through ``spec.dependsOn`` (``dependsOn``), and the Flux objects a
Kustomization (or HelmRelease, Flux 2.8+) applied (``inventory``). Breadth-first, each object
once, nearest first. Only Flux objects are listed: they are what has a health.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from fluxdash.models.actions import (
    ActionTarget,
    ImpactItem,
    ImpactRelation,
    ImpactReport,
)
from fluxdash.models.keys import ObjectKey
from fluxdash.models.kinds import find_kind
from fluxdash.services.action_plans import upstream_edges
from fluxdash.services.inventory import InventoryIdError, parse_inventory_id

_MAX_ITEMS = 10_000
_RELATIONS: dict[str, ImpactRelation] = {
    "source": "source",
    "chart": "chart",
    "dependsOn": "dependsOn",
    "provider": "provider",
    "imageRepository": "imageRepository",
    "imageUpdateSource": "imageUpdateSource",
}


@dataclass(frozen=True, slots=True)
class HealthView:
    health: str
    health_reason: str
    message: str
    suspended: bool


class ImpactSource(Protocol):
    """Read access to the watch-fed cache."""

    def raw(self, object_id: str) -> Mapping[str, Any] | None: ...

    def health(self, object_id: str) -> HealthView | None: ...

    def dependents_of(self, object_id: str) -> Iterable[str]:
        """Ids of objects that reference ``object_id`` (source, chart, dependsOn, …)."""
        ...


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def inventory_flux_children(raw: Mapping[str, Any]) -> list[str]:
    """Ids of the Flux objects in ``status.inventory``, in stored order."""
    entries = _mapping(_mapping(raw.get("status")).get("inventory")).get("entries")
    children: list[str] = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            ref = parse_inventory_id(str(_mapping(entry).get("id", "")))
        except InventoryIdError:
            continue
        if ref.flux_kind is not None and not ref.cluster_scoped:
            children.append(ref.id)
    return children


def _relation(
    dependent_id: str, raw: Mapping[str, Any], upstream_id: str
) -> ImpactRelation | None:
    """How ``dependent_id`` references ``upstream_id``, or None when it does not."""
    kind_info = find_kind(ObjectKey.parse(dependent_id).kind)
    if kind_info is None:
        return None
    for ref in upstream_edges(kind_info, raw):
        if ref.target.id == upstream_id and ref.edge in _RELATIONS:
            return _RELATIONS[ref.edge]
    return None


def blast_radius(target: ActionTarget, cache: ImpactSource) -> ImpactReport:
    items: list[ImpactItem] = []
    seen = {target.id}
    queue: deque[tuple[str, int]] = deque([(target.id, 0)])
    while queue and len(items) < _MAX_ITEMS:
        current, depth = queue.popleft()
        downstream: list[tuple[str, ImpactRelation]] = []
        for dependent in cache.dependents_of(current):
            dependent_raw = cache.raw(dependent)
            relation = (
                _relation(dependent, dependent_raw, current) if dependent_raw else None
            )
            if relation is not None:
                downstream.append((dependent, relation))
        current_raw = cache.raw(current)
        if current_raw is not None:
            downstream.extend(
                (child, "inventory") for child in inventory_flux_children(current_raw)
            )
        for child, relation in downstream:
            if child in seen:
                continue
            view = cache.health(child)
            if view is None:
                continue  # not (or no longer) in the cache
            seen.add(child)
            key = ObjectKey.parse(child)
            items.append(
                ImpactItem(
                    id=child,
                    kind=key.kind,
                    namespace=key.namespace,
                    name=key.name,
                    relation=relation,
                    via=current,
                    depth=depth + 1,
                    health=view.health,
                    health_reason=view.health_reason,
                    message=view.message,
                    suspended=view.suspended,
                )
            )
            queue.append((child, depth + 1))
    return ImpactReport(
        target=target,
        items=items,
        total=len(items),
        failing=sum(1 for item in items if item.health == "Failed"),
        suspended=sum(1 for item in items if item.suspended),
    )
