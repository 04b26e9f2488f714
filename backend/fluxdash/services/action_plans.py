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
from fluxdash.services.action_errors import ActionNotSupported
from fluxdash.services.action_rules import KindRules

T = TypeVar("T")

_KUSTOMIZATION_SOURCES = frozenset(
    {"GitRepository", "OCIRepository", "Bucket", "ExternalArtifact"}
)
_CHART_SOURCES = frozenset({"HelmRepository", "GitRepository", "Bucket"})
_CHART_REFS = frozenset({"OCIRepository", "HelmChart", "ExternalArtifact"})


@dataclass(frozen=True, slots=True)
class SourcePointer:
    kind: str
    namespace: str
    name: str
    role: StepRole

    @property
    def id(self) -> str:
        return f"{self.kind}/{self.namespace}/{self.name}"


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def object_id(kind: str, namespace: str, name: str) -> str:
    return f"{kind}/{namespace}/{name}"


def _refuse_external(kind: str, owner: str) -> None:
    if kind == "ExternalArtifact":
        raise ActionNotSupported(
            f"cannot reconcile source of kind ExternalArtifact ({owner}): it is produced by "
            "another controller; reconcile without withSource"
        )


def source_pointer(
    rules: KindRules, namespace: str, name: str, raw: Mapping[str, Any]
) -> SourcePointer | None:
    """The object ``--with-source`` reconciles before this one, or None when there is none."""
    spec = _mapping(raw.get("spec"))
    owner = object_id(rules.kind, namespace, name)
    if rules.kind == "Kustomization":
        ref = _mapping(spec.get("sourceRef"))
        kind, ref_name = _text(ref.get("kind")), _text(ref.get("name"))
        if not kind or not ref_name:
            raise ActionNotSupported(f"{owner} has no spec.sourceRef to reconcile")
        _refuse_external(kind, owner)
        if kind not in _KUSTOMIZATION_SOURCES:
            raise ActionNotSupported(f"{owner}: unsupported source kind {kind!r}")
        return SourcePointer(
            kind, _text(ref.get("namespace")) or namespace, ref_name, "source"
        )
    if rules.kind == "HelmRelease":
        chart_ref = _mapping(spec.get("chartRef"))
        if chart_ref:
            kind, ref_name = _text(chart_ref.get("kind")), _text(chart_ref.get("name"))
            _refuse_external(kind, owner)
            if kind not in _CHART_REFS or not ref_name:
                raise ActionNotSupported(f"{owner}: unsupported chartRef kind {kind!r}")
            role: StepRole = "chart" if kind == "HelmChart" else "source"
            return SourcePointer(
                kind, _text(chart_ref.get("namespace")) or namespace, ref_name, role
            )
        source_ref = _mapping(
            _mapping(_mapping(spec.get("chart")).get("spec")).get("sourceRef")
        )
        if not source_ref:
            raise ActionNotSupported(
                f"{owner} has neither spec.chart nor spec.chartRef"
            )
        source_ns = _text(source_ref.get("namespace")) or namespace
        return SourcePointer("HelmChart", source_ns, f"{namespace}-{name}", "chart")
    if rules.kind == "HelmChart":
        ref = _mapping(spec.get("sourceRef"))
        kind, ref_name = _text(ref.get("kind")), _text(ref.get("name"))
        if kind not in _CHART_SOURCES or not ref_name:
            raise ActionNotSupported(f"{owner}: unsupported chart source kind {kind!r}")
        # A HelmChart's source lives in its own namespace.
        return SourcePointer(kind, namespace, ref_name, "source")
    return None


def upstream_ids(
    kind: str, namespace: str, name: str, raw: Mapping[str, Any]
) -> list[str]:
    """Ids of the Flux objects this one consumes or waits for (sources, charts, dependsOn)."""
    spec = _mapping(raw.get("spec"))
    found: list[str] = []

    def add(ref_kind: str, ref_ns: str, ref_name: str) -> None:
        if ref_kind and ref_name:
            found.append(object_id(ref_kind, ref_ns or namespace, ref_name))

    if kind == "Kustomization":
        ref = _mapping(spec.get("sourceRef"))
        add(_text(ref.get("kind")), _text(ref.get("namespace")), _text(ref.get("name")))
    elif kind == "HelmRelease":
        chart_ref = _mapping(spec.get("chartRef"))
        if chart_ref:
            add(
                _text(chart_ref.get("kind")),
                _text(chart_ref.get("namespace")),
                _text(chart_ref.get("name")),
            )
        else:
            ref = _mapping(
                _mapping(_mapping(spec.get("chart")).get("spec")).get("sourceRef")
            )
            if ref:
                source_ns = _text(ref.get("namespace")) or namespace
                add("HelmChart", source_ns, f"{namespace}-{name}")
                add(_text(ref.get("kind")), source_ns, _text(ref.get("name")))
    elif kind == "HelmChart":
        ref = _mapping(spec.get("sourceRef"))
        add(_text(ref.get("kind")), namespace, _text(ref.get("name")))
    elif kind == "ImagePolicy":
        ref = _mapping(spec.get("imageRepositoryRef"))
        add("ImageRepository", _text(ref.get("namespace")), _text(ref.get("name")))
    elif kind == "ImageUpdateAutomation":
        ref = _mapping(spec.get("sourceRef"))
        add(
            _text(ref.get("kind")) or "GitRepository",
            _text(ref.get("namespace")),
            _text(ref.get("name")),
        )
    elif kind == "Alert":
        ref = _mapping(spec.get("providerRef"))
        add("Provider", namespace, _text(ref.get("name")))
    if kind in ("Kustomization", "HelmRelease"):
        depends_on = spec.get("dependsOn")
        for dep in depends_on if isinstance(depends_on, list) else []:
            dep_map = _mapping(dep)
            add(kind, _text(dep_map.get("namespace")), _text(dep_map.get("name")))
    return found


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
