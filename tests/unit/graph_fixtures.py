"""Hand-made Flux objects for the graph builder tests: a raw manifest plus its summary row."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fluxdash.models.kinds import kind_by_name
from fluxdash.models.views import Health, ResourceRow


@dataclass(frozen=True)
class Obj:
    row: ResourceRow
    raw: Mapping[str, Any]


def flux(
    kind: str,
    namespace: str,
    name: str,
    *,
    spec: dict[str, Any] | None = None,
    status: dict[str, Any] | None = None,
    health: Health = "Ready",
    message: str = "",
    labels: dict[str, str] | None = None,
) -> Obj:
    info = kind_by_name(kind)
    raw: dict[str, Any] = {
        "apiVersion": info.api_version(),
        "kind": kind,
        "metadata": {"name": name, "namespace": namespace, "labels": labels or {}},
        "spec": spec or {},
    }
    if status is not None:
        raw["status"] = status
    row = ResourceRow(
        id=f"{kind}/{namespace}/{name}",
        kind=kind,
        plural=info.plural,
        category=info.category,
        namespace=namespace,
        name=name,
        health=health,
        message=message,
        suspended=health == "Suspended",
        labels=labels or {},
    )
    return Obj(row=row, raw=raw)


def git(namespace: str, name: str, **kw: Any) -> Obj:
    return flux(
        "GitRepository",
        namespace,
        name,
        spec={"url": "https://example.invalid/x", "interval": "1m"},
        **kw,
    )


def ks(
    namespace: str,
    name: str,
    *,
    source: str = "flux-system",
    source_kind: str = "GitRepository",
    source_ns: str | None = None,
    depends_on: list[dict[str, str]] | None = None,
    inventory: list[str] | None = None,
    **kw: Any,
) -> Obj:
    ref: dict[str, str] = {"kind": source_kind, "name": source}
    if source_ns is not None:
        ref["namespace"] = source_ns
    status = (
        {"inventory": {"entries": [{"id": i, "v": "v1"} for i in inventory]}}
        if inventory is not None
        else None
    )
    return flux(
        "Kustomization",
        namespace,
        name,
        spec={
            "sourceRef": ref,
            "interval": "10m",
            "prune": True,
            "dependsOn": depends_on or [],
        },
        status=status,
        **kw,
    )
