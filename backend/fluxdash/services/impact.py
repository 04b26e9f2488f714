"""Blast radius: what depends, transitively, on a Flux object, so the UI can warn before suspend.

Downstream relations (as the cache indexes them): consumers of a source (``source``; a
HelmRelease of its HelmChart: ``chart``; an Alert of its Provider: ``provider``; an ImagePolicy
of its ImageRepository: ``imageRepository``; an automation of its GitRepository:
``imageUpdateSource``), dependents through ``spec.dependsOn`` (``dependsOn``), and the Flux
objects a Kustomization (or HelmRelease, Flux 2.8+) applied (``inventory``). Breadth-first, each
object once, nearest first. Only Flux objects are listed: they are what has a health.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from fluxdash.models.actions import (
    ActionTarget,
    ImpactItem,
    ImpactRelation,
    ImpactReport,
)
from fluxdash.models.keys import ObjectKey

_MAX_ITEMS = 10_000
_RELATIONS: dict[str, ImpactRelation] = {
    "source": "source",
    "chart": "chart",
    "dependsOn": "dependsOn",
    "inventory": "inventory",
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

    def health(self, object_id: str) -> HealthView | None:
        """Health of a cached object; None when it is not cached."""
        ...

    def dependents_by_relation(self, object_id: str) -> Iterable[tuple[str, str]]:
        """``(relation, id)`` of everything that uses ``object_id`` directly, including the Flux
        objects in its inventory (relation ``inventory``)."""
        ...


def blast_radius(target: ActionTarget, cache: ImpactSource) -> ImpactReport:
    items: list[ImpactItem] = []
    seen = {target.id}
    queue: deque[tuple[str, int]] = deque([(target.id, 0)])
    while queue and len(items) < _MAX_ITEMS:
        current, depth = queue.popleft()
        for relation_name, child in cache.dependents_by_relation(current):
            relation = _RELATIONS.get(relation_name)
            if relation is None or child in seen:
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
