"""Deployments that matter to a Flux dashboard, kept slim.

Two kinds are kept: Deployments applied by Flux (owner labels of a Kustomization or a
HelmRelease), whose readiness the detail view shows next to inventory entries, and the Flux
controllers themselves (`app.kubernetes.io/part-of: flux`), which discovery reports. Nothing else
of a Deployment is held (no pod templates, no env).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

KUSTOMIZE_OWNER = "kustomize.toolkit.fluxcd.io/name"
HELM_OWNER = "helm.toolkit.fluxcd.io/name"
PART_OF = "app.kubernetes.io/part-of"
VERSION_LABEL = "app.kubernetes.io/version"
COMPONENT_LABEL = "app.kubernetes.io/component"


@dataclass(frozen=True, slots=True)
class Workload:
    namespace: str
    name: str
    replicas: int
    ready_replicas: int
    available: bool
    images: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]
    """Only the labels fluxdash reads (owner, part-of, version, component)."""
    resource_version: str

    @property
    def id(self) -> str:
        return f"Deployment/{self.namespace}/{self.name}"

    def label(self, key: str) -> str | None:
        return next((v for k, v in self.labels if k == key), None)

    @property
    def is_flux_component(self) -> bool:
        return self.label(PART_OF) == "flux"

    @property
    def ready(self) -> bool:
        return self.available and self.ready_replicas >= self.replicas

    @property
    def summary(self) -> str:
        return f"{self.ready_replicas}/{self.replicas} ready"


_KEPT_LABELS = (KUSTOMIZE_OWNER, HELM_OWNER, PART_OF, VERSION_LABEL, COMPONENT_LABEL)


def _int(value: object, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def parse_workload(raw: Mapping[str, Any]) -> Workload | None:
    """The slim view of a Deployment, or None when fluxdash has no use for it."""
    meta = raw.get("metadata")
    if not isinstance(meta, Mapping):
        return None
    labels = meta.get("labels") if isinstance(meta.get("labels"), Mapping) else {}
    assert isinstance(labels, Mapping)
    kept = tuple(
        (key, str(labels[key]))
        for key in _KEPT_LABELS
        if isinstance(labels.get(key), str)
    )
    keys = {k for k, _ in kept}
    if not ({KUSTOMIZE_OWNER, HELM_OWNER} & keys) and labels.get(PART_OF) != "flux":
        return None
    spec = raw.get("spec") if isinstance(raw.get("spec"), Mapping) else {}
    status = raw.get("status") if isinstance(raw.get("status"), Mapping) else {}
    assert isinstance(spec, Mapping)
    assert isinstance(status, Mapping)
    images: list[str] = []
    template = spec.get("template")
    pod_spec = template.get("spec") if isinstance(template, Mapping) else None
    containers = pod_spec.get("containers") if isinstance(pod_spec, Mapping) else None
    if isinstance(containers, list):
        images = [
            c["image"]
            for c in containers
            if isinstance(c, Mapping) and isinstance(c.get("image"), str)
        ]
    available = False
    conditions = status.get("conditions")
    if isinstance(conditions, list):
        available = any(
            isinstance(c, Mapping)
            and c.get("type") == "Available"
            and c.get("status") == "True"
            for c in conditions
        )
    replicas = _int(spec.get("replicas"), 1)
    ready = _int(status.get("readyReplicas"))
    if not isinstance(conditions, list) and ready >= replicas:
        available = True  # no conditions reported (minimal servers): trust the counts
    return Workload(
        namespace=str(meta.get("namespace") or ""),
        name=str(meta.get("name") or ""),
        replicas=replicas,
        ready_replicas=ready,
        available=available,
        images=tuple(images),
        labels=kept,
        resource_version=str(meta.get("resourceVersion") or ""),
    )
