"""Blast radius: what depends, transitively, on a Flux object, so the UI can warn before suspend.

Three relations lead downstream: consumers of a source (``source``; a HelmRelease of its
HelmChart: ``chart``), dependents through ``spec.dependsOn`` (``dependsOn``), and the Flux
objects a Kustomization (or HelmRelease, Flux 2.8+) applied (``inventory``). Breadth-first,
each object once, nearest first. Only Flux objects are listed: they are what has a health.
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
from fluxdash.services.action_plans import upstream_ids
from fluxdash.services.action_rules import rules_for_kind

_MAX_ITEMS = 10_000


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
        """Ids of objects whose source, chart or dependsOn names ``object_id``."""
        ...


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def parse_inventory_id(entry_id: str) -> tuple[str, str, str, str] | None:
    """``<namespace>_<name>_<group>_<kind>`` → (namespace, name, group, kind) (FLUX.md §5.3)."""
    first = entry_id.find("_")
    last = entry_id.rfind("_")
    if first < 0 or last <= first:
        return None
    second_last = entry_id.rfind("_", first + 1, last)
    if second_last < 0:
        return None
    namespace = entry_id[:first]
    name = entry_id[first + 1 : second_last].replace("__", ":")
    group = entry_id[second_last + 1 : last]
    kind = entry_id[last + 1 :]
    if not name or not kind:
        return None
    return namespace, name, group, kind


def inventory_flux_children(raw: Mapping[str, Any]) -> list[str]:
    """Ids of the Flux objects in ``status.inventory``, in stored order."""
    entries = _mapping(_mapping(raw.get("status")).get("inventory")).get("entries")
    children: list[str] = []
    for entry in entries if isinstance(entries, list) else []:
        parsed = parse_inventory_id(str(_mapping(entry).get("id", "")))
        if parsed is None:
            continue
        namespace, name, group, kind = parsed
        if (
            group.endswith(".toolkit.fluxcd.io")
            and rules_for_kind(kind) is not None
            and namespace
        ):
            children.append(f"{kind}/{namespace}/{name}")
    return children


def _relation(
    dependent_id: str, raw: Mapping[str, Any] | None, upstream_id: str
) -> ImpactRelation:
    kind, namespace, _ = dependent_id.split("/", 2)
    up_kind = upstream_id.split("/", 1)[0]
    if raw is not None and up_kind == kind and kind in ("Kustomization", "HelmRelease"):
        depends_on = _mapping(raw.get("spec")).get("dependsOn")
        for dep in depends_on if isinstance(depends_on, list) else []:
            dep_map = _mapping(dep)
            dep_id = (
                f"{kind}/{dep_map.get('namespace') or namespace}/{dep_map.get('name')}"
            )
            if dep_id == upstream_id:
                return "dependsOn"
    if kind == "HelmRelease" and up_kind == "HelmChart":
        return "chart"
    return "source"


def blast_radius(target: ActionTarget, cache: ImpactSource) -> ImpactReport:
    items: list[ImpactItem] = []
    seen = {target.id}
    queue: deque[tuple[str, int]] = deque([(target.id, 0)])
    while queue and len(items) < _MAX_ITEMS:
        current, depth = queue.popleft()
        current_raw = cache.raw(current)
        downstream: list[tuple[str, ImpactRelation]] = []
        for dependent in cache.dependents_of(current):
            dependent_raw = cache.raw(dependent)
            # The index may be coarse; keep only true references to ``current``.
            if dependent_raw is not None:
                kind, namespace, name = dependent.split("/", 2)
                if current not in upstream_ids(kind, namespace, name, dependent_raw):
                    continue
            downstream.append((dependent, _relation(dependent, dependent_raw, current)))
        if current_raw is not None:
            downstream.extend(
                (child, "inventory") for child in inventory_flux_children(current_raw)
            )
        for child, relation in downstream:
            if child in seen:
                continue
            seen.add(child)
            view = cache.health(child)
            if view is None:
                continue  # not (or no longer) in the cache
            kind, namespace, name = child.split("/", 2)
            items.append(
                ImpactItem(
                    id=child,
                    kind=kind,
                    namespace=namespace,
                    name=name,
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
