"""A Flux installation as ``flux install``/bootstrap leaves it: CRDs, the flux-system namespace,
and the controller Deployments with Flux's labels and images (FLUX.md component table)."""

from __future__ import annotations

from typing import Any

from kubesim.crds import CRD_GROUP, CRD_PLURAL, FLUX_VERSIONS, FluxLine, flux_crds
from kubesim.store import Obj, Store

FLUX_NAMESPACE = "flux-system"

# Controller image tags per Flux line (FLUX.md, "Component versions pinned by each Flux line").
COMPONENT_VERSIONS: dict[FluxLine, dict[str, str]] = {
    "2.9": {
        "source-controller": "v1.9.4",
        "kustomize-controller": "v1.9.4",
        "helm-controller": "v1.6.3",
        "notification-controller": "v1.9.3",
        "image-reflector-controller": "v1.2.4",
        "image-automation-controller": "v1.2.4",
    },
    "2.6": {
        "source-controller": "v1.6.2",
        "kustomize-controller": "v1.6.1",
        "helm-controller": "v1.3.0",
        "notification-controller": "v1.6.0",
        "image-reflector-controller": "v0.35.2",
        "image-automation-controller": "v0.41.2",
    },
}

_PORTS = {
    "source-controller": [{"containerPort": 9090, "name": "http"}],
    "notification-controller": [
        {"containerPort": 9090, "name": "http"},
        {"containerPort": 9292, "name": "http-webhook"},
    ],
}


def flux_labels(line: FluxLine, component: str | None = None) -> dict[str, str]:
    labels = {
        "app.kubernetes.io/instance": FLUX_NAMESPACE,
        "app.kubernetes.io/part-of": "flux",
        "app.kubernetes.io/version": FLUX_VERSIONS[line],
    }
    if component:
        labels["app.kubernetes.io/component"] = component
    return labels


def controller_deployment(line: FluxLine, controller: str, tag: str) -> Obj:
    labels = {
        **flux_labels(line, controller),
        "control-plane": "controller",
        "kustomize.toolkit.fluxcd.io/name": FLUX_NAMESPACE,
        "kustomize.toolkit.fluxcd.io/namespace": FLUX_NAMESPACE,
    }
    container: dict[str, Any] = {
        "name": "manager",
        "image": f"ghcr.io/fluxcd/{controller}:{tag}",
        "imagePullPolicy": "IfNotPresent",
        "args": [
            "--events-addr=http://notification-controller.flux-system.svc.cluster.local./",
            "--watch-all-namespaces=true",
            "--log-level=info",
            "--log-encoding=json",
            "--enable-leader-election",
        ],
        "ports": [
            *_PORTS.get(controller, []),
            {"containerPort": 8080, "name": "http-prom"},
        ],
        "resources": {
            "limits": {"cpu": "1000m", "memory": "1Gi"},
            "requests": {"cpu": "100m", "memory": "64Mi"},
        },
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": controller, "namespace": FLUX_NAMESPACE, "labels": labels},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": controller}},
            "template": {
                "metadata": {
                    "labels": {"app": controller},
                    "annotations": {
                        "prometheus.io/port": "8080",
                        "prometheus.io/scrape": "true",
                    },
                },
                "spec": {"serviceAccountName": controller, "containers": [container]},
            },
        },
    }


def deployment_status(replicas: int, *, ready: bool = True, at: str) -> dict[str, Any]:
    """A Deployment status: all replicas available, or rolling out and not yet available."""
    if ready:
        return {
            "observedGeneration": 1,
            "replicas": replicas,
            "updatedReplicas": replicas,
            "readyReplicas": replicas,
            "availableReplicas": replicas,
            "conditions": [
                {
                    "type": "Available",
                    "status": "True",
                    "reason": "MinimumReplicasAvailable",
                    "message": "Deployment has minimum availability.",
                    "lastTransitionTime": at,
                    "lastUpdateTime": at,
                },
                {
                    "type": "Progressing",
                    "status": "True",
                    "reason": "NewReplicaSetAvailable",
                    "message": "ReplicaSet has successfully progressed.",
                    "lastTransitionTime": at,
                    "lastUpdateTime": at,
                },
            ],
        }
    return {
        "observedGeneration": 1,
        "replicas": replicas,
        "updatedReplicas": replicas,
        "unavailableReplicas": replicas,
        "conditions": [
            {
                "type": "Available",
                "status": "False",
                "reason": "MinimumReplicasUnavailable",
                "message": "Deployment does not have minimum availability.",
                "lastTransitionTime": at,
                "lastUpdateTime": at,
            },
            {
                "type": "Progressing",
                "status": "True",
                "reason": "ReplicaSetUpdated",
                "message": "ReplicaSet is progressing.",
                "lastTransitionTime": at,
                "lastUpdateTime": at,
            },
        ],
    }


def install_crds(store: Store, line: FluxLine, *, at: str | None = None) -> None:
    for crd in flux_crds(line):
        store.create_shared(CRD_GROUP, CRD_PLURAL, crd, created=at)


def install_flux(store: Store, line: FluxLine, *, at: str) -> list[Obj]:
    """CRDs, namespace and controllers of Flux ``line``, installed at ``at`` (RFC3339);
    returns the controller Deployments."""
    install_crds(store, line, at=at)
    if store.lookup("", "namespaces", None, FLUX_NAMESPACE) is None:
        store.create_shared(
            "",
            "namespaces",
            {
                "apiVersion": "v1",
                "kind": "Namespace",
                "metadata": {
                    "name": FLUX_NAMESPACE,
                    "labels": {
                        **flux_labels(line),
                        "kubernetes.io/metadata.name": FLUX_NAMESPACE,
                        "pod-security.kubernetes.io/warn": "restricted",
                        "pod-security.kubernetes.io/warn-version": "latest",
                    },
                },
            },
            created=at,
        )
    deployments = []
    for controller, tag in COMPONENT_VERSIONS[line].items():
        created = store.create_shared(
            "apps",
            "deployments",
            controller_deployment(line, controller, tag),
            created=at,
        )
        deployments.append(
            store.update_shared(
                "apps",
                "deployments",
                {**created, "status": deployment_status(1, at=at)},
                subresource="status",
            )
        )
    return deployments
