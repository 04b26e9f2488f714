"""Hand-made raw Flux objects (as the API server returns them) for cache tests."""

from __future__ import annotations

from typing import Any

_RV = [1000]


def _rv() -> str:
    _RV[0] += 1
    return str(_RV[0])


def meta(name: str, namespace: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "namespace": namespace,
        "uid": f"uid-{namespace}-{name}",
        "generation": 1,
        "resourceVersion": _rv(),
        "creationTimestamp": "2026-01-01T00:00:00Z",
        **extra,
    }


def ready(
    status: str = "True", reason: str = "Succeeded", message: str = "ok"
) -> dict[str, Any]:
    return {
        "type": "Ready",
        "status": status,
        "reason": reason,
        "message": message,
        "lastTransitionTime": "2026-01-01T00:10:00Z",
    }


def git_repository(
    name: str,
    namespace: str = "flux-system",
    *,
    ok: bool = True,
    url: str | None = None,
) -> dict[str, Any]:
    return {
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "GitRepository",
        "metadata": meta(name, namespace),
        "spec": {
            "interval": "1m",
            "url": url or f"https://github.com/example/{name}",
            "ref": {"branch": "main"},
        },
        "status": {
            "observedGeneration": 1,
            "conditions": [
                ready()
                if ok
                else ready(
                    "False",
                    "GitOperationFailed",
                    "failed to checkout: authentication required",
                )
            ],
            "artifact": {
                "revision": "main@sha1:0123456789abcdef0123456789abcdef01234567",
                "digest": "sha256:abc",
                "path": f"gitrepository/{namespace}/{name}/x.tar.gz",
                "url": f"http://source-controller.flux-system.svc.cluster.local./gitrepository/{namespace}/{name}/x.tar.gz",
                "lastUpdateTime": "2026-01-01T00:09:00Z",
                "size": 2048,
            }
            if ok
            else None,
        },
    }


def kustomization(
    name: str,
    namespace: str = "flux-system",
    *,
    source: str = "flux-system",
    source_namespace: str | None = None,
    depends_on: list[str] | None = None,
    inventory: list[tuple[str, str]] | None = None,
    ok: bool = True,
    suspend: bool = False,
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "interval": "10m",
        "path": f"./{name}",
        "prune": True,
        "sourceRef": {"kind": "GitRepository", "name": source},
        "suspend": suspend,
    }
    if source_namespace:
        spec["sourceRef"]["namespace"] = source_namespace
    if depends_on:
        spec["dependsOn"] = [{"name": d} for d in depends_on]
    return {
        "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "metadata": meta(name, namespace),
        "spec": spec,
        "status": {
            "observedGeneration": 1,
            "lastAppliedRevision": "main@sha1:0123456789abcdef0123456789abcdef01234567",
            "conditions": [
                ready(
                    reason="ReconciliationSucceeded",
                    message="Applied revision: main@sha1:0123456789abcdef0123456789abcdef01234567",
                )
                if ok
                else ready(
                    "False",
                    "BuildFailed",
                    "kustomize build failed: accumulating resources",
                )
            ],
            "inventory": {"entries": [{"id": i, "v": v} for i, v in (inventory or [])]},
        },
    }


def helm_repository(name: str, namespace: str = "flux-system") -> dict[str, Any]:
    return {
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "HelmRepository",
        "metadata": meta(name, namespace),
        "spec": {"interval": "1h", "url": "https://charts.example.com"},
        "status": {"observedGeneration": 1, "conditions": [ready()]},
    }


def helm_chart(name: str, namespace: str, *, repo: str) -> dict[str, Any]:
    return {
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "HelmChart",
        "metadata": meta(name, namespace),
        "spec": {
            "chart": "podinfo",
            "version": "6.x",
            "interval": "5m",
            "sourceRef": {"kind": "HelmRepository", "name": repo},
        },
        "status": {"observedGeneration": 1, "conditions": [ready()]},
    }


def helm_release(
    name: str, namespace: str, *, repo: str, repo_namespace: str = "flux-system"
) -> dict[str, Any]:
    return {
        "apiVersion": "helm.toolkit.fluxcd.io/v2",
        "kind": "HelmRelease",
        "metadata": meta(name, namespace),
        "spec": {
            "interval": "5m",
            "chart": {
                "spec": {
                    "chart": "podinfo",
                    "version": "6.x",
                    "sourceRef": {
                        "kind": "HelmRepository",
                        "name": repo,
                        "namespace": repo_namespace,
                    },
                }
            },
            "values": {"password": "hunter2", "replicas": 2},
        },
        "status": {
            "observedGeneration": 1,
            "conditions": [
                ready(reason="UpgradeSucceeded", message="Helm upgrade succeeded")
            ],
            "history": [
                {
                    "digest": "sha256:1",
                    "name": name,
                    "namespace": namespace,
                    "version": 2,
                    "status": "deployed",
                    "chartName": "podinfo",
                    "chartVersion": "6.5.0",
                    "configDigest": "sha256:c",
                    "firstDeployed": "2026-01-01T00:00:00Z",
                    "lastDeployed": "2026-01-01T00:05:00Z",
                },
                {
                    "digest": "sha256:0",
                    "name": name,
                    "namespace": namespace,
                    "version": 1,
                    "status": "superseded",
                    "chartName": "podinfo",
                    "chartVersion": "6.4.0",
                    "configDigest": "sha256:b",
                    "firstDeployed": "2026-01-01T00:00:00Z",
                    "lastDeployed": "2026-01-01T00:00:00Z",
                },
            ],
        },
    }


def provider(name: str, namespace: str = "flux-system") -> dict[str, Any]:
    return {
        "apiVersion": "notification.toolkit.fluxcd.io/v1beta3",
        "kind": "Provider",
        "metadata": meta(name, namespace),
        "spec": {
            "type": "slack",
            "address": "https://hooks.slack.com/services/T0/B0/SECRET",
        },
    }


def alert(
    name: str, namespace: str = "flux-system", *, provider_name: str
) -> dict[str, Any]:
    return {
        "apiVersion": "notification.toolkit.fluxcd.io/v1beta3",
        "kind": "Alert",
        "metadata": meta(name, namespace),
        "spec": {
            "providerRef": {"name": provider_name},
            "eventSources": [{"kind": "Kustomization", "name": "*"}],
        },
    }


def event(
    name: str,
    *,
    kind: str,
    object_name: str,
    namespace: str = "flux-system",
    type: str = "Normal",
    reason: str = "ReconciliationSucceeded",
    message: str = "done",
    when: str = "2026-01-01T00:10:00Z",
    api_version: str | None = None,
) -> dict[str, Any]:
    groups = {
        "Kustomization": "kustomize.toolkit.fluxcd.io/v1",
        "GitRepository": "source.toolkit.fluxcd.io/v1",
        "HelmRelease": "helm.toolkit.fluxcd.io/v2",
        "HelmRepository": "source.toolkit.fluxcd.io/v1",
        "HelmChart": "source.toolkit.fluxcd.io/v1",
        "Pod": "v1",
    }
    return {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": meta(name, namespace),
        "involvedObject": {
            "apiVersion": api_version or groups[kind],
            "kind": kind,
            "name": object_name,
            "namespace": namespace,
        },
        "type": type,
        "reason": reason,
        "message": message,
        "source": {"component": "kustomize-controller"},
        "firstTimestamp": when,
        "lastTimestamp": when,
        "count": 1,
    }


def deployment(
    name: str,
    namespace: str,
    *,
    labels: dict[str, str],
    ready_replicas: int = 1,
    image: str = "ghcr.io/example/app:1.0",
) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": meta(name, namespace, labels=labels),
        "spec": {
            "replicas": 1,
            "template": {"spec": {"containers": [{"name": "c", "image": image}]}},
        },
        "status": {
            "readyReplicas": ready_replicas,
            "conditions": [
                {"type": "Available", "status": "True" if ready_replicas else "False"}
            ],
        },
    }


def bump(obj: dict[str, Any]) -> dict[str, Any]:
    """A copy with a new resourceVersion (as after any write)."""
    import copy

    new = copy.deepcopy(obj)
    new["metadata"]["resourceVersion"] = _rv()
    return new
