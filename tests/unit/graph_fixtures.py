"""Hand-made Flux objects for the graph builder tests: a raw manifest whose status conditions
give the wanted health, and its row built by the real `services.rows.build_row`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fluxdash.models.kinds import kind_by_name
from fluxdash.models.views import Health, ResourceRow
from fluxdash.services.rows import build_row

T0 = "2026-01-01T00:00:00Z"


@dataclass(frozen=True)
class Obj:
    row: ResourceRow
    raw: Mapping[str, Any]


def _conditions(health: Health, message: str) -> list[dict[str, str]]:
    if health in ("Ready", "Suspended"):
        return [_cond("Ready", "True", "Succeeded", message or "Applied")]
    if health == "Failed":
        return [_cond("Ready", "False", "ReconciliationFailed", message or "failed")]
    if health == "Progressing":
        return [
            _cond("Reconciling", "True", "Progressing", message or "in progress"),
            _cond("Ready", "Unknown", "Progressing", message or "in progress"),
        ]
    return []


def _cond(kind: str, status: str, reason: str, message: str) -> dict[str, str]:
    return {
        "type": kind,
        "status": status,
        "reason": reason,
        "message": message,
        "lastTransitionTime": T0,
    }


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
    provider_exists: bool | None = None,
) -> Obj:
    """A Flux object of `kind`; its row's health is `health` (checked) unless the kind has
    no status (Alert, Provider), whose health follows `provider_exists`."""
    info = kind_by_name(kind)
    full_spec = dict(spec or {})
    if health == "Suspended":
        full_spec["suspend"] = True
    raw: dict[str, Any] = {
        "apiVersion": info.api_version(),
        "kind": kind,
        "metadata": {
            "name": name,
            "namespace": namespace,
            "generation": 1,
            "labels": labels or {},
        },
        "spec": full_spec,
    }
    if info.has_status:
        raw["status"] = {
            "observedGeneration": 1,
            "conditions": _conditions(health, message),
            **(status or {}),
        }
    row = build_row(info, raw, provider_exists=provider_exists)
    if info.has_status:
        assert row.health == health, (row.id, row.health, row.message)
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


def helm_repo(namespace: str, name: str, **kw: Any) -> Obj:
    spec = {"url": "https://charts.example.invalid", "interval": "1h"}
    return flux("HelmRepository", namespace, name, spec=spec, **kw)


def oci(namespace: str, name: str, **kw: Any) -> Obj:
    spec = {"url": "oci://registry.example.invalid/charts", "interval": "1m"}
    return flux("OCIRepository", namespace, name, spec=spec, **kw)


def bucket(namespace: str, name: str, **kw: Any) -> Obj:
    spec = {"bucketName": "b", "endpoint": "minio.example.invalid", "interval": "1m"}
    return flux("Bucket", namespace, name, spec=spec, **kw)


def helm_chart(
    namespace: str,
    name: str,
    *,
    source: str,
    source_kind: str = "HelmRepository",
    **kw: Any,
) -> Obj:
    spec = {
        "chart": "podinfo",
        "interval": "1m",
        "sourceRef": {"kind": source_kind, "name": source},
    }
    return flux("HelmChart", namespace, name, spec=spec, **kw)


def helm_release(
    namespace: str,
    name: str,
    *,
    source: str | None = None,
    source_ns: str | None = None,
    chart_ref: dict[str, str] | None = None,
    depends_on: list[dict[str, str]] | None = None,
    inventory: list[str] | None = None,
    **kw: Any,
) -> Obj:
    spec: dict[str, Any] = {"interval": "5m", "dependsOn": depends_on or []}
    if chart_ref is not None:
        spec["chartRef"] = chart_ref
    else:
        ref = {"kind": "HelmRepository", "name": source or "podinfo"}
        if source_ns is not None:
            ref["namespace"] = source_ns
        spec["chart"] = {"spec": {"chart": "podinfo", "sourceRef": ref}}
    status = (
        {"inventory": {"entries": [{"id": i, "v": "v1"} for i in inventory]}}
        if inventory is not None
        else None
    )
    return flux("HelmRelease", namespace, name, spec=spec, status=status, **kw)


def provider(namespace: str, name: str) -> Obj:
    return flux("Provider", namespace, name, spec={"type": "slack"})


def alert(
    namespace: str,
    name: str,
    *,
    provider_name: str,
    sources: list[dict[str, Any]],
    provider_exists: bool = True,
) -> Obj:
    spec = {"providerRef": {"name": provider_name}, "eventSources": sources}
    return flux("Alert", namespace, name, spec=spec, provider_exists=provider_exists)


def receiver(namespace: str, name: str, *, resources: list[dict[str, Any]]) -> Obj:
    spec = {"type": "github", "resources": resources, "secretRef": {"name": "token"}}
    return flux("Receiver", namespace, name, spec=spec)


def image_repo(namespace: str, name: str, **kw: Any) -> Obj:
    spec = {"image": "ghcr.io/example/podinfo", "interval": "1m"}
    return flux("ImageRepository", namespace, name, spec=spec, **kw)


def image_policy(namespace: str, name: str, *, repository: str, **kw: Any) -> Obj:
    spec = {
        "imageRepositoryRef": {"name": repository},
        "policy": {"semver": {"range": ">=1.0.0"}},
    }
    return flux("ImagePolicy", namespace, name, spec=spec, **kw)


def image_update(namespace: str, name: str, *, source: str, **kw: Any) -> Obj:
    spec = {
        "sourceRef": {"kind": "GitRepository", "name": source},
        "interval": "5m",
        "git": {
            "commit": {"author": {"name": "flux", "email": "flux@example.invalid"}}
        },
    }
    return flux("ImageUpdateAutomation", namespace, name, spec=spec, **kw)
