"""Which objects an action touches, and in what order. Pure functions over raw objects.

- ``source_pointer``: the next hop of ``flux reconcile --with-source`` (FLUX.md §7.2):
  Kustomization → its source; HelmRelease → HelmChart ``<hr-ns>-<hr-name>`` in the source
  namespace (chart template) or its ``chartRef``; HelmChart → its source.
- ``upstream_ids`` + ``dependency_order``: order a bulk action so that sources come before their
  consumers and ``dependsOn`` targets before their dependents.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from fluxdash.models.actions import StepRole
from fluxdash.models.keys import ObjectKey
from fluxdash.models.kinds import KindInfo, find_kind
from fluxdash.models.objects import FluxObject, parse_object
from fluxdash.services.action_errors import ActionNotSupported
from fluxdash.services.refs import direct_refs, source_of

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SourcePointer:
    kind: str
    namespace: str
    name: str
    role: StepRole

    @property
    def id(self) -> str:
        return object_id(self.kind, self.namespace, self.name)


def object_id(kind: str, namespace: str, name: str) -> str:
    return ObjectKey(kind, namespace, name).id


def _parse(rules: KindInfo, raw: Mapping[str, Any]) -> FluxObject | None:
    obj, _problem = parse_object(rules, raw)
    return obj


def source_pointer(
    rules: KindInfo, namespace: str, name: str, raw: Mapping[str, Any]
) -> SourcePointer | None:
    """The object ``--with-source`` reconciles before this one, or None when there is none."""
    if rules.kind not in ("Kustomization", "HelmRelease", "HelmChart"):
        return None
    owner = object_id(rules.kind, namespace, name)
    obj, problem = parse_object(rules, raw)
    source = source_of(obj) if obj is not None else None
    if source is None:
        said = f" ({problem})" if problem else ""
        raise ActionNotSupported(f"cannot find the source of {owner} in its spec{said}")
    if source.kind == "ExternalArtifact":
        raise ActionNotSupported(
            f"cannot reconcile source of kind ExternalArtifact ({owner}): it is produced by "
            "another controller; reconcile without withSource"
        )
    role: StepRole = "chart" if source.kind == "HelmChart" else "source"
    return SourcePointer(source.kind, source.namespace, source.name, role)


def upstream_ids(
    kind: str, namespace: str, name: str, raw: Mapping[str, Any]
) -> list[str]:
    """Ids of the Flux objects this one consumes or waits for (sources, charts, dependsOn,
    providers, image repositories), as ``services.refs.direct_refs`` names them."""
    rules = find_kind(kind)
    obj = _parse(rules, raw) if rules is not None else None
    if obj is None:
        return []
    return [ref.target.id for ref in direct_refs(obj)]


def dependency_order(
    items: Sequence[T],
    id_of: Callable[[T], str],
    upstream_of: Callable[[T], Sequence[str]],
) -> list[T]:
    """Stable topological order: an item comes after every item it depends on.

    Only dependencies among ``items`` count. Ties keep the input order; items caught in a
    dependency cycle follow in input order (Flux itself would never settle them either).
    """
    index_of: dict[str, int] = {}
    for position, item in enumerate(items):
        index_of.setdefault(id_of(item), position)
    waiting_on: list[set[int]] = []
    dependents: list[list[int]] = [[] for _ in items]
    for position, item in enumerate(items):
        deps = {index_of[up] for up in upstream_of(item) if up in index_of} - {position}
        waiting_on.append(deps)
        for dep in deps:
            dependents[dep].append(position)
    ordered: list[int] = []
    done = [False] * len(items)
    ready = [position for position, deps in enumerate(waiting_on) if not deps]
    heapq.heapify(ready)
    while ready:
        position = heapq.heappop(ready)
        done[position] = True
        ordered.append(position)
        for dependent in dependents[position]:
            waiting_on[dependent].discard(position)
            if not waiting_on[dependent]:
                heapq.heappush(ready, dependent)
    ordered.extend(position for position in range(len(items)) if not done[position])
    return [items[position] for position in ordered]
