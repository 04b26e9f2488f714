"""Flux discovery (FR-PLG-01/02): which Flux kinds the cluster serves and at which version, the
Flux controllers and the Flux version.

Pure functions over what the watches deliver (CustomResourceDefinitions, Deployments), plus an
API-discovery fallback (`/apis/<group>`) for when CRDs may not be listed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fluxdash.errors import NotFound
from fluxdash.kube.client import KubeClient
from fluxdash.models.kinds import KINDS, KindInfo
from fluxdash.services.cache import KindState
from fluxdash.services.workloads import VERSION_LABEL, Workload

FLUX_GROUPS = frozenset(info.group for info in KINDS)

INSTALL_HINT = (
    "Flux is not installed in this cluster (no Flux CustomResourceDefinitions found). "
    "Install it with the flux CLI (`flux install`, or `flux bootstrap` to manage it from Git) "
    "or with the Flux Operator (a FluxInstance resource); fluxdash picks the kinds up as soon "
    "as their CRDs appear."
)


@dataclass(frozen=True, slots=True)
class ServedCrd:
    """The parts of a Flux CustomResourceDefinition discovery needs."""

    group: str
    plural: str
    served: tuple[str, ...]
    established: bool
    deleting: bool


def parse_crd(raw: Mapping[str, Any]) -> ServedCrd | None:
    """A Flux-group CRD, slimmed; None for any other CRD or a malformed one."""
    spec = raw.get("spec")
    if not isinstance(spec, Mapping):
        return None
    group = spec.get("group")
    names = spec.get("names")
    plural = names.get("plural") if isinstance(names, Mapping) else None
    if group not in FLUX_GROUPS or not isinstance(plural, str):
        return None
    versions = spec.get("versions")
    served = (
        tuple(
            v["name"]
            for v in versions or []
            if isinstance(v, Mapping)
            and isinstance(v.get("name"), str)
            and v.get("served", True)
        )
        if isinstance(versions, list)
        else ()
    )
    status = raw.get("status")
    conditions = status.get("conditions") if isinstance(status, Mapping) else None
    established = True
    if isinstance(conditions, list):
        for cond in conditions:
            if isinstance(cond, Mapping) and cond.get("type") == "Established":
                established = cond.get("status") == "True"
    meta = raw.get("metadata")
    deleting = isinstance(meta, Mapping) and bool(meta.get("deletionTimestamp"))
    return ServedCrd(str(group), plural, served, established, deleting)


def choose_version(
    info: KindInfo, served: Iterable[str]
) -> tuple[str | None, str | None]:
    """(version to read, None) — the newest fluxdash knows that is served — or (None, why)."""
    offered = list(served)
    for version in info.versions:
        if version in offered:
            return version, None
    if not offered:
        return None, f"{info.plural}.{info.group} serves no version"
    return None, (
        f"{info.plural}.{info.group} serves {', '.join(offered)}; fluxdash reads "
        f"{', '.join(info.versions)} (run `flux migrate` / upgrade Flux)"
    )


def kinds_from_crds(crds: Iterable[ServedCrd]) -> dict[str, KindState]:
    """The verdict for every known kind from the Flux CRDs present."""
    by_name = {(c.group, c.plural): c for c in crds}
    states: dict[str, KindState] = {}
    for info in KINDS:
        crd = by_name.get((info.group, info.plural))
        if crd is None:
            states[info.plural] = KindState(
                None,
                reason=f"not installed (no CustomResourceDefinition {info.plural}.{info.group})",
            )
        elif crd.deleting:
            states[info.plural] = KindState(
                None, reason="its CustomResourceDefinition is being deleted"
            )
        elif not crd.established:
            states[info.plural] = KindState(
                None, reason="its CustomResourceDefinition is not established yet"
            )
        else:
            version, why = choose_version(info, crd.served)
            states[info.plural] = KindState(version, reason=why)
    return states


def kinds_from_api(served: Mapping[str, Iterable[str]]) -> dict[str, KindState]:
    """The verdict from API discovery: `served` maps `group/plural` to the versions serving it."""
    states: dict[str, KindState] = {}
    for info in KINDS:
        versions = list(served.get(f"{info.group}/{info.plural}", ()))
        if not versions:
            states[info.plural] = KindState(None, reason="not served by the cluster")
            continue
        version, why = choose_version(info, versions)
        states[info.plural] = KindState(version, reason=why)
    return states


async def discover_via_api(client: KubeClient) -> dict[str, KindState]:
    """Ask `/apis/<group>` and `/apis/<group>/<version>` (when CRDs may not be listed)."""
    served: dict[str, list[str]] = {}
    for group in sorted(FLUX_GROUPS):
        try:
            api_group = await client.get_path(f"/apis/{group}")
        except NotFound:
            continue
        versions = api_group.get("versions") if isinstance(api_group, Mapping) else None
        for entry in versions or []:
            version = entry.get("version") if isinstance(entry, Mapping) else None
            if not isinstance(version, str):
                continue
            try:
                resources = await client.get_path(f"/apis/{group}/{version}")
            except NotFound:
                continue
            for res in (resources or {}).get("resources") or []:
                name = res.get("name") if isinstance(res, Mapping) else None
                if isinstance(name, str) and "/" not in name:
                    served.setdefault(f"{group}/{name}", []).append(version)
    return kinds_from_api(served)


# ---- controllers and the Flux version -------------------------------------------------------

_TAG = re.compile(r":v?(\d+)\.(\d+)(?:\.(\d+))?")
# controller minor -> Flux minor (FLUX.md component table): source/kustomize/notification
# v1.N ship with Flux 2.N; helm-controller v1.N with Flux 2.(N+3).
_MINOR_OFFSET = {
    "source-controller": 0,
    "kustomize-controller": 0,
    "notification-controller": 0,
    "helm-controller": 3,
}


@dataclass(frozen=True, slots=True)
class Controller:
    name: str
    namespace: str
    image: str | None
    version: str | None
    ready: bool
    replicas: int
    ready_replicas: int


def flux_controllers(workloads: Iterable[Workload]) -> list[Controller]:
    """Deployments labelled `app.kubernetes.io/part-of: flux` (any namespace), sorted."""
    out: list[Controller] = []
    for w in workloads:
        if not w.is_flux_component:
            continue
        image = next(
            (i for i in w.images if "controller" in i or "fluxcd" in i), None
        ) or (w.images[0] if w.images else None)
        match = _TAG.search(image.rsplit("/", 1)[-1]) if image else None
        version = (
            f"v{match.group(1)}.{match.group(2)}.{match.group(3) or 0}"
            if match
            else None
        )
        out.append(
            Controller(
                w.name,
                w.namespace,
                image,
                version,
                w.ready,
                w.replicas,
                w.ready_replicas,
            )
        )
    return sorted(out, key=lambda c: (c.namespace, c.name))


def flux_version(
    workloads: Iterable[Workload], controllers: Iterable[Controller]
) -> str | None:
    """The Flux version: the install's `app.kubernetes.io/version` label (most common), else
    inferred from a controller's image tag (e.g. source-controller v1.6.2 → `2.6`)."""
    labels = Counter(
        v for w in workloads if w.is_flux_component and (v := w.label(VERSION_LABEL))
    )
    if labels:
        return labels.most_common(1)[0][0]
    for controller in controllers:
        offset = _MINOR_OFFSET.get(controller.name)
        if offset is None or controller.version is None:
            continue
        match = _TAG.search(":" + controller.version)
        if match and match.group(1) == "1":
            return f"2.{int(match.group(2)) + offset}"
    return None
