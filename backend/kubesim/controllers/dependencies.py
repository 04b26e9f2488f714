"""``spec.dependsOn`` and ``sourceRef`` resolution shared by the applier controllers."""

from __future__ import annotations

from typing import Any

from kubesim.controllers import conditions as cond
from kubesim.controllers.cluster import Cluster
from kubesim.store import Obj


def is_ready(obj: Obj) -> bool:
    """Ready=True for the object's current generation (what Flux's dependency check requires)."""
    status = obj.get("status") or {}
    if not cond.is_true(status.get("conditions"), cond.READY):
        return False
    observed = status.get("observedGeneration")
    generation = obj.get("metadata", {}).get("generation")
    return observed is None or generation is None or observed == generation


def first_unready_dependency(cluster: Cluster, kind: str, obj: Obj) -> str | None:
    """``ns/name`` of the first ``spec.dependsOn`` entry that is missing or not ready."""
    namespace = obj["metadata"].get("namespace", "")
    for dep in (obj.get("spec") or {}).get("dependsOn") or []:
        dep_ns = dep.get("namespace") or namespace
        target = cluster.get(kind, dep_ns, dep.get("name", ""))
        if target is None or not is_ready(target):
            return f"{dep_ns}/{dep.get('name', '')}"
    return None


def resolve_ref(ref: dict[str, Any], default_namespace: str) -> tuple[str, str, str]:
    """``(kind, namespace, name)`` of a cross-namespace object reference."""
    return (
        str(ref.get("kind", "")),
        str(ref.get("namespace") or default_namespace),
        str(ref.get("name", "")),
    )
