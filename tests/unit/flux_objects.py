"""Raw Flux objects shaped like the real ones (FLUX.md messages, reasons and revisions).

Each factory returns a fresh dict, as the Kubernetes API would (list items carry no
kind/apiVersion, so neither do these unless a test adds them).
"""

from __future__ import annotations

import copy
from typing import Any

SHA1 = "696f056df216eea4f9401adbee0ff744d4df390f"
SHA256 = "a2e4b9c4f4e1d5d2c7b9d8a2b0f6f4d6e3c1b2a3d4e5f60718293a4b5c6d7e8f"
T0 = "2026-08-01T10:00:00Z"
T1 = "2026-08-01T10:05:00Z"

Raw = dict[str, Any]


def meta(
    name: str, namespace: str = "flux-system", generation: int = 1, **extra: Any
) -> Raw:
    m: Raw = {
        "name": name,
        "namespace": namespace,
        "uid": f"uid-{namespace}-{name}",
        "generation": generation,
        "resourceVersion": "1234",
        "creationTimestamp": T0,
        "finalizers": ["finalizers.fluxcd.io"],
    }
    m.update(extra)
    return m


def cond(
    ctype: str,
    status: str,
    reason: str,
    message: str = "",
    when: str = T1,
    gen: int = 1,
) -> Raw:
    return {
        "type": ctype,
        "status": status,
        "reason": reason,
        "message": message,
        "lastTransitionTime": when,
        "observedGeneration": gen,
    }


def artifact(revision: str, kind_path: str, size: int = 1024) -> Raw:
    return {
        "digest": f"sha256:{SHA256}",
        "lastUpdateTime": T1,
        "path": f"{kind_path}/{SHA1}.tar.gz",
        "revision": revision,
        "size": size,
        "url": f"http://source-controller.flux-system.svc.cluster.local./{kind_path}/{SHA1}.tar.gz",
    }


def git_repository(
    name: str = "podinfo", namespace: str = "flux-system", **spec: Any
) -> Raw:
    revision = f"main@sha1:{SHA1}"
    return {
        "metadata": meta(name, namespace),
        "spec": {
            "url": "https://github.com/stefanprodan/podinfo",
            "interval": "1m",
            "ref": {"branch": "main"},
            "timeout": "60s",
            **spec,
        },
        "status": {
            "observedGeneration": 1,
            "conditions": [
                cond(
                    "Ready",
                    "True",
                    "Succeeded",
                    f"stored artifact for revision '{revision}'",
                ),
                cond(
                    "ArtifactInStorage",
                    "True",
                    "Succeeded",
                    f"stored artifact for revision '{revision}'",
                ),
            ],
            "artifact": artifact(revision, f"gitrepository/{namespace}/{name}"),
        },
    }


def git_repository_failed(
    name: str = "gr-failed", namespace: str = "flux-system"
) -> Raw:
    obj = git_repository(
        name, namespace, url="https://user:s3cr3t-token@github.com/org/private"
    )
    obj["status"] = {
        "observedGeneration": 1,
        "conditions": [
            cond(
                "Ready",
                "False",
                "GitOperationFailed",
                "failed to checkout and determine revision: unable to clone "
                "'https://user:s3cr3t-token@github.com/org/private': authentication required",
            ),
            cond(
                "FetchFailed", "True", "GitOperationFailed", "authentication required"
            ),
        ],
    }
    return obj


def oci_repository(name: str = "podinfo", namespace: str = "flux-system") -> Raw:
    revision = f"6.5.4@sha256:{SHA256}"
    return {
        "metadata": meta(name, namespace),
        "spec": {
            "url": "oci://ghcr.io/stefanprodan/manifests/podinfo",
            "interval": "5m",
            "ref": {"semver": ">=6.0.0"},
            "provider": "generic",
        },
        "status": {
            "observedGeneration": 1,
            "url": f"http://source-controller.flux-system.svc.cluster.local./ocirepository/{namespace}/{name}/latest.tar.gz",
            "conditions": [
                cond(
                    "Ready",
                    "True",
                    "Succeeded",
                    f"stored artifact for digest '{revision}'",
                )
            ],
            "artifact": {
                **artifact(revision, f"ocirepository/{namespace}/{name}"),
                "metadata": {
                    "org.opencontainers.image.revision": f"6.5.4@sha1:{SHA1}",
                    "org.opencontainers.image.source": "https://github.com/stefanprodan/podinfo",
                },
            },
        },
    }


def helm_repository(
    name: str = "podinfo", namespace: str = "flux-system", oci: bool = False
) -> Raw:
    if oci:
        return {
            "metadata": meta(name, namespace),
            "spec": {
                "url": "oci://ghcr.io/stefanprodan/charts",
                "type": "oci",
                "interval": "5m",
            },
        }
    return {
        "metadata": meta(name, namespace),
        "spec": {"url": "https://stefanprodan.github.io/podinfo", "interval": "10m"},
        "status": {
            "observedGeneration": 1,
            "url": f"http://source-controller.flux-system.svc.cluster.local./helmrepository/{namespace}/{name}/index.yaml",
            "conditions": [
                cond(
                    "Ready",
                    "True",
                    "Succeeded",
                    f"stored artifact: revision 'sha256:{SHA256}'",
                )
            ],
            "artifact": artifact(
                f"sha256:{SHA256}", f"helmrepository/{namespace}/{name}", size=2_500_000
            ),
        },
    }


def helm_chart(name: str = "default-podinfo", namespace: str = "flux-system") -> Raw:
    return {
        "metadata": meta(name, namespace),
        "spec": {
            "chart": "podinfo",
            "version": "6.x",
            "sourceRef": {"kind": "HelmRepository", "name": "podinfo"},
            "interval": "10m",
            "reconcileStrategy": "ChartVersion",
        },
        "status": {
            "observedGeneration": 1,
            "observedChartName": "podinfo",
            "observedSourceArtifactRevision": f"sha256:{SHA256}",
            "conditions": [
                cond(
                    "Ready",
                    "True",
                    "ChartPullSucceeded",
                    "pulled 'podinfo' chart with version '6.5.4'",
                )
            ],
            "artifact": artifact("6.5.4", f"helmchart/{namespace}/{name}"),
        },
    }


def bucket(name: str = "minio", namespace: str = "flux-system") -> Raw:
    return {
        "metadata": meta(name, namespace),
        "spec": {
            "bucketName": "manifests",
            "endpoint": "minio.minio.svc.cluster.local:9000",
            "provider": "generic",
            "insecure": True,
            "interval": "5m",
            "secretRef": {"name": "minio-credentials"},
        },
        "status": {
            "observedGeneration": 1,
            "conditions": [
                cond(
                    "Ready",
                    "True",
                    "Succeeded",
                    f"stored artifact for revision 'sha256:{SHA256}'",
                )
            ],
            "artifact": artifact(f"sha256:{SHA256}", f"bucket/{namespace}/{name}"),
        },
    }


def external_artifact(
    name: str = "podinfo-manifests", namespace: str = "flux-system"
) -> Raw:
    return {
        "metadata": {
            **meta(name, namespace),
            "labels": {"source.extensions.fluxcd.io/generator": "podinfo"},
        },
        "spec": {
            "sourceRef": {
                "apiVersion": "source.extensions.fluxcd.io/v1beta1",
                "kind": "ArtifactGenerator",
                "name": "podinfo",
            }
        },
        "status": {
            "conditions": [
                cond(
                    "Ready",
                    "True",
                    "Succeeded",
                    f"stored artifact for revision 'latest@sha256:{SHA256}'",
                )
            ],
            "artifact": artifact(
                f"latest@sha256:{SHA256}", f"externalartifact/{namespace}/{name}"
            ),
        },
    }


def kustomization(
    name: str = "apps",
    namespace: str = "flux-system",
    depends_on: list[Raw] | None = None,
    **spec: Any,
) -> Raw:
    revision = f"main@sha1:{SHA1}"
    return {
        "metadata": meta(name, namespace),
        "spec": {
            "interval": "10m",
            "path": "./apps",
            "prune": True,
            "sourceRef": {"kind": "GitRepository", "name": "flux-system"},
            "dependsOn": depends_on or [],
            **spec,
        },
        "status": {
            "observedGeneration": 1,
            "lastAppliedRevision": revision,
            "lastAttemptedRevision": revision,
            "lastHandledReconcileAt": "2026-08-01T10:04:59.123456789Z",
            "conditions": [
                cond(
                    "Ready",
                    "True",
                    "ReconciliationSucceeded",
                    f"Applied revision: {revision}",
                )
            ],
            "inventory": {
                "entries": [
                    {"id": "_apps__Namespace", "v": "v1"},
                    {"id": "apps_podinfo_apps_Deployment", "v": "v1"},
                    {
                        "id": "apps_podinfo_helm.toolkit.fluxcd.io_HelmRelease",
                        "v": "v2",
                    },
                ]
            },
            "history": [
                {
                    "digest": f"sha256:{SHA256}",
                    "firstReconciled": T0,
                    "lastReconciled": T1,
                    "lastReconciledDuration": "2.818583s",
                    "lastReconciledStatus": "ReconciliationSucceeded",
                    "totalReconciliations": 3,
                    "metadata": {"revision": revision},
                }
            ],
        },
    }


def helm_release(
    name: str = "podinfo", namespace: str = "apps", chart_ref: Raw | None = None
) -> Raw:
    spec: Raw = {
        "interval": "10m",
        "releaseName": "podinfo",
        "values": {
            "replicaCount": 2,
            "redis": {"password": "hunter2", "enabled": True},
        },
        "valuesFrom": [
            {"kind": "Secret", "name": "podinfo-values", "valuesKey": "values.yaml"}
        ],
        "install": {"remediation": {"retries": 3}},
        "upgrade": {"remediation": {"retries": -1, "strategy": "rollback"}},
    }
    if chart_ref is not None:
        spec["chartRef"] = chart_ref
    else:
        spec["chart"] = {
            "spec": {
                "chart": "podinfo",
                "version": "6.x",
                "sourceRef": {
                    "kind": "HelmRepository",
                    "name": "podinfo",
                    "namespace": "flux-system",
                },
                "interval": "10m",
            }
        }
    return {
        "metadata": meta(name, namespace),
        "spec": spec,
        "status": {
            "observedGeneration": 1,
            "lastAttemptedGeneration": 1,
            "helmChart": f"flux-system/{namespace}-{name}",
            "storageNamespace": namespace,
            "lastAttemptedRevision": "6.5.4",
            "lastAttemptedConfigDigest": f"sha256:{SHA256}",
            "lastAttemptedReleaseAction": "upgrade",
            "failures": 0,
            "conditions": [
                cond(
                    "Ready",
                    "True",
                    "UpgradeSucceeded",
                    f"Helm upgrade succeeded for release {namespace}/{name}.v2 with chart podinfo@6.5.4",
                ),
                cond(
                    "Released",
                    "True",
                    "UpgradeSucceeded",
                    f"Helm upgrade succeeded for release {namespace}/{name}.v2 with chart podinfo@6.5.4",
                ),
            ],
            "history": [
                {
                    "name": name,
                    "namespace": namespace,
                    "version": 2,
                    "status": "deployed",
                    "chartName": "podinfo",
                    "chartVersion": "6.5.4",
                    "appVersion": "6.5.4",
                    "configDigest": f"sha256:{SHA256}",
                    "digest": f"sha256:{SHA256}",
                    "firstDeployed": T0,
                    "lastDeployed": T1,
                    "action": "upgrade",
                },
                {
                    "name": name,
                    "namespace": namespace,
                    "version": 1,
                    "status": "superseded",
                    "chartName": "podinfo",
                    "chartVersion": "6.5.3",
                    "appVersion": "6.5.3",
                    "configDigest": f"sha256:{SHA256}",
                    "digest": f"sha256:{SHA256}",
                    "firstDeployed": T0,
                    "lastDeployed": T0,
                    "action": "install",
                },
            ],
        },
    }


def alert(name: str = "slack", namespace: str = "flux-system") -> Raw:
    return {
        "metadata": meta(name, namespace),
        "spec": {
            "providerRef": {"name": "slack"},
            "eventSeverity": "error",
            "eventSources": [
                {"kind": "Kustomization", "name": "*"},
                {
                    "kind": "HelmRelease",
                    "name": "*",
                    "namespace": "apps",
                    "matchLabels": {"team": "web"},
                },
                {"kind": "GitRepository", "name": "podinfo"},
            ],
        },
    }


def provider(name: str = "slack", namespace: str = "flux-system") -> Raw:
    return {
        "metadata": meta(name, namespace),
        "spec": {
            "type": "slack",
            "channel": "general",
            "address": "https://hooks.slack.com/services/T0000/B0000/XXXXSECRETXXXX",
            "secretRef": {"name": "slack-url"},
        },
    }


def receiver(name: str = "github", namespace: str = "flux-system") -> Raw:
    return {
        "metadata": meta(name, namespace),
        "spec": {
            "type": "github",
            "events": ["ping", "push"],
            "secretRef": {"name": "webhook-token"},
            "resources": [
                {"kind": "GitRepository", "name": "flux-system"},
                {
                    "apiVersion": "image.toolkit.fluxcd.io/v1",
                    "kind": "ImageRepository",
                    "name": "*",
                    "matchLabels": {"app": "podinfo"},
                },
            ],
        },
        "status": {
            "observedGeneration": 1,
            "webhookPath": "/hook/bed6d00b5555b1603e1f59b94d7fdbca58089cb5663633fb83f2815dc626d92b",
            "conditions": [
                cond(
                    "Ready",
                    "True",
                    "Succeeded",
                    "Receiver initialized for path: /hook/bed6d00b5555b1603e1f59b94d7fdbca58089cb5663633fb83f2815dc626d92b",
                )
            ],
        },
    }


def image_repository(name: str = "podinfo", namespace: str = "flux-system") -> Raw:
    return {
        "metadata": meta(name, namespace),
        "spec": {
            "image": "ghcr.io/stefanprodan/podinfo",
            "interval": "5m",
            "provider": "generic",
        },
        "status": {
            "observedGeneration": 1,
            "canonicalImageName": "ghcr.io/stefanprodan/podinfo",
            "lastScanResult": {
                "tagCount": 42,
                "scanTime": T1,
                "latestTags": ["6.5.4", "6.5.3", "6.5.2"],
                "revision": f"sha256:{SHA256}",
            },
            "conditions": [
                cond("Ready", "True", "Succeeded", "successful scan: found 42 tags")
            ],
        },
    }


def image_policy(name: str = "podinfo", namespace: str = "flux-system") -> Raw:
    return {
        "metadata": meta(name, namespace),
        "spec": {
            "imageRepositoryRef": {"name": "podinfo"},
            "policy": {"semver": {"range": "^6.0.0"}},
        },
        "status": {
            "observedGeneration": 1,
            "latestRef": {"name": "ghcr.io/stefanprodan/podinfo", "tag": "6.5.4"},
            "conditions": [
                cond(
                    "Ready",
                    "True",
                    "Succeeded",
                    "Latest image tag for ghcr.io/stefanprodan/podinfo resolved to 6.5.4",
                )
            ],
        },
    }


def image_update_automation(
    name: str = "podinfo", namespace: str = "flux-system"
) -> Raw:
    return {
        "metadata": meta(name, namespace),
        "spec": {
            "interval": "30m",
            "sourceRef": {"kind": "GitRepository", "name": "flux-system"},
            "git": {
                "checkout": {"ref": {"branch": "main"}},
                "commit": {
                    "author": {
                        "name": "fluxcdbot",
                        "email": "fluxcdbot@users.noreply.github.com",
                    },
                    "messageTemplate": "Automated image update",
                    "signingKey": {"secretRef": {"name": "signing-key"}},
                },
                "push": {"branch": "main"},
            },
            "update": {"path": "./clusters/my-cluster", "strategy": "Setters"},
        },
        "status": {
            "observedGeneration": 1,
            "lastAutomationRunTime": T1,
            "lastPushCommit": SHA1,
            "lastPushTime": T1,
            "observedSourceRevision": f"main@sha1:{SHA1}",
            "observedPolicies": {
                "podinfo": {"name": "ghcr.io/stefanprodan/podinfo", "tag": "6.5.4"}
            },
            "conditions": [
                cond(
                    "Ready",
                    "True",
                    "Succeeded",
                    f"repository up-to-date at main@sha1:{SHA1}",
                )
            ],
        },
    }


FACTORIES = {
    "GitRepository": git_repository,
    "OCIRepository": oci_repository,
    "HelmRepository": helm_repository,
    "HelmChart": helm_chart,
    "Bucket": bucket,
    "ExternalArtifact": external_artifact,
    "Kustomization": kustomization,
    "HelmRelease": helm_release,
    "Alert": alert,
    "Provider": provider,
    "Receiver": receiver,
    "ImageRepository": image_repository,
    "ImagePolicy": image_policy,
    "ImageUpdateAutomation": image_update_automation,
}


def sample(kind: str) -> Raw:
    """A fresh healthy object of `kind`."""
    return copy.deepcopy(FACTORIES[kind]())
