"""Builders of Flux objects (metadata + spec) for scenarios: readable, keyword-only, no status.

Status comes from :class:`kubesim.scenarios.fleet.Fleet`, which runs the simulated controllers'
own logic for the state a scenario asks for. ``apiVersion`` is filled in by the fleet for its
Flux line.
"""

from __future__ import annotations

from typing import Any

from kubesim.controllers import FLUX_FINALIZER
from kubesim.store import Obj


def metadata(
    namespace: str,
    name: str,
    *,
    labels: dict[str, str] | None = None,
    annotations: dict[str, str] | None = None,
    finalizer: bool = True,
) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "namespace": namespace}
    if labels:
        meta["labels"] = dict(labels)
    if annotations:
        meta["annotations"] = dict(annotations)
    if finalizer:
        meta["finalizers"] = [FLUX_FINALIZER]
    return meta


def _obj(kind: str, meta: dict[str, Any], spec: dict[str, Any]) -> Obj:
    return {
        "kind": kind,
        "metadata": meta,
        "spec": {k: v for k, v in spec.items() if v is not None},
    }


def ref(
    target: Obj, owner_namespace: str | None = None, *, with_api_version: bool = False
) -> dict[str, Any]:
    """``{kind, name[, namespace]}`` pointing at ``target``; the namespace only when it differs."""
    meta = target["metadata"]
    out: dict[str, Any] = {"kind": target["kind"], "name": meta["name"]}
    if with_api_version and target.get("apiVersion"):
        out = {"apiVersion": target["apiVersion"], **out}
    if owner_namespace is None or meta.get("namespace") != owner_namespace:
        out["namespace"] = meta.get("namespace")
    return out


def depends_on(targets: list[Obj], owner_namespace: str) -> list[dict[str, Any]] | None:
    if not targets:
        return None
    out = []
    for t in targets:
        entry: dict[str, Any] = {"name": t["metadata"]["name"]}
        if t["metadata"].get("namespace") != owner_namespace:
            entry["namespace"] = t["metadata"]["namespace"]
        out.append(entry)
    return out


# -- sources ---------------------------------------------------------------------------------


def git_repository(
    namespace: str,
    name: str,
    *,
    url: str,
    branch: str | None = "main",
    tag: str | None = None,
    semver: str | None = None,
    interval: str = "1m0s",
    timeout: str | None = None,
    secret: str | None = None,
    ignore: str | None = None,
    labels: dict[str, str] | None = None,
    **extra: Any,
) -> Obj:
    ref_spec = {k: v for k, v in (("tag", tag), ("semver", semver)) if v}
    if not ref_spec and branch:
        ref_spec = {"branch": branch}
    spec: dict[str, Any] = {
        "interval": interval,
        "ref": ref_spec,
        "url": url,
        "timeout": timeout or "60s",
        "secretRef": {"name": secret} if secret else None,
        "ignore": ignore,
        **extra,
    }
    return _obj("GitRepository", metadata(namespace, name, labels=labels), spec)


def oci_repository(
    namespace: str,
    name: str,
    *,
    url: str,
    tag: str | None = None,
    semver: str | None = None,
    digest: str | None = None,
    interval: str = "5m0s",
    secret: str | None = None,
    layer_selector: dict[str, str] | None = None,
    labels: dict[str, str] | None = None,
    **extra: Any,
) -> Obj:
    ref_spec = {
        k: v for k, v in (("tag", tag), ("semver", semver), ("digest", digest)) if v
    }
    spec: dict[str, Any] = {
        "interval": interval,
        "url": url,
        "ref": ref_spec or {"tag": "latest"},
        "provider": "generic",
        "timeout": "60s",
        "secretRef": {"name": secret} if secret else None,
        "layerSelector": layer_selector,
        **extra,
    }
    return _obj("OCIRepository", metadata(namespace, name, labels=labels), spec)


def helm_repository(
    namespace: str,
    name: str,
    *,
    url: str,
    oci: bool = False,
    interval: str = "1h0m0s",
    secret: str | None = None,
    labels: dict[str, str] | None = None,
    **extra: Any,
) -> Obj:
    spec: dict[str, Any] = {
        "url": url,
        "interval": interval,
        "timeout": "60s",
        "type": "oci" if oci else None,
        "provider": "generic" if oci else None,
        "secretRef": {"name": secret} if secret else None,
        **extra,
    }
    return _obj("HelmRepository", metadata(namespace, name, labels=labels), spec)


def helm_chart(
    namespace: str,
    name: str,
    *,
    chart: str,
    version: str,
    source: Obj,
    interval: str = "10m0s",
    reconcile_strategy: str = "ChartVersion",
    values_files: list[str] | None = None,
) -> Obj:
    spec: dict[str, Any] = {
        "chart": chart,
        "version": version,
        "sourceRef": {"kind": source["kind"], "name": source["metadata"]["name"]},
        "interval": interval,
        "reconcileStrategy": reconcile_strategy,
        "valuesFiles": values_files,
    }
    return _obj("HelmChart", metadata(namespace, name), spec)


def bucket(
    namespace: str,
    name: str,
    *,
    bucket_name: str,
    endpoint: str,
    provider: str = "generic",
    region: str | None = None,
    prefix: str | None = None,
    interval: str = "5m0s",
    secret: str | None = None,
    insecure: bool | None = None,
) -> Obj:
    spec: dict[str, Any] = {
        "bucketName": bucket_name,
        "endpoint": endpoint,
        "provider": provider,
        "region": region,
        "prefix": prefix,
        "interval": interval,
        "timeout": "60s",
        "secretRef": {"name": secret} if secret else None,
        "insecure": insecure,
    }
    return _obj("Bucket", metadata(namespace, name), spec)


def external_artifact(namespace: str, name: str, *, generator: str) -> Obj:
    """An ExternalArtifact made by source-watcher's ArtifactGenerator ``generator``."""
    meta = metadata(
        namespace,
        name,
        labels={"source.extensions.fluxcd.io/generator": generator},
        finalizer=False,
    )
    spec = {
        "sourceRef": {
            "apiVersion": "source.extensions.fluxcd.io/v1beta1",
            "kind": "ArtifactGenerator",
            "name": generator,
        }
    }
    return _obj("ExternalArtifact", meta, spec)


# -- appliers --------------------------------------------------------------------------------


def kustomization(
    namespace: str,
    name: str,
    *,
    source: Obj,
    path: str,
    interval: str = "10m0s",
    retry_interval: str | None = None,
    timeout: str | None = None,
    prune: bool = True,
    wait: bool | None = None,
    depends: list[Obj] | None = None,
    health_checks: list[dict[str, Any]] | None = None,
    target_namespace: str | None = None,
    post_build: dict[str, Any] | None = None,
    decryption: dict[str, Any] | None = None,
    service_account: str | None = None,
    labels: dict[str, str] | None = None,
    **extra: Any,
) -> Obj:
    spec: dict[str, Any] = {
        "interval": interval,
        "retryInterval": retry_interval,
        "timeout": timeout,
        "path": path,
        "prune": prune,
        "wait": wait,
        "sourceRef": ref(source, namespace),
        "dependsOn": depends_on(depends or [], namespace),
        "healthChecks": health_checks,
        "targetNamespace": target_namespace,
        "postBuild": post_build,
        "decryption": decryption,
        "serviceAccountName": service_account,
        **extra,
    }
    return _obj("Kustomization", metadata(namespace, name, labels=labels), spec)


def helm_release(
    namespace: str,
    name: str,
    *,
    chart: str | None = None,
    version: str | None = None,
    source: Obj | None = None,
    chart_ref: Obj | None = None,
    interval: str = "30m0s",
    release_name: str | None = None,
    target_namespace: str | None = None,
    depends: list[Obj] | None = None,
    values: dict[str, Any] | None = None,
    values_from: list[dict[str, Any]] | None = None,
    install: dict[str, Any] | None = None,
    upgrade: dict[str, Any] | None = None,
    timeout: str | None = None,
    labels: dict[str, str] | None = None,
    **extra: Any,
) -> Obj:
    """A HelmRelease from a chart template (``chart``+``source``) or a ``chart_ref``."""
    if (chart_ref is None) == (chart is None or source is None):
        raise ValueError("give either chart and source, or chart_ref")
    spec: dict[str, Any] = {"interval": interval}
    if chart_ref is not None:
        spec["chartRef"] = ref(chart_ref, namespace)
    else:
        assert source is not None  # checked above
        spec["chart"] = {
            "spec": {
                "chart": chart,
                "version": version or "*",
                "sourceRef": ref(source, namespace),
                "interval": "10m0s",
                "reconcileStrategy": "ChartVersion",
            }
        }
    spec.update(
        {
            "releaseName": release_name,
            "targetNamespace": target_namespace,
            "timeout": timeout,
            "dependsOn": depends_on(depends or [], namespace),
            "install": install
            or {"remediation": {"retries": 3}, "crds": "CreateReplace"},
            "upgrade": upgrade
            or {
                "remediation": {"retries": 3, "remediateLastFailure": True},
                "crds": "CreateReplace",
            },
            "values": values,
            "valuesFrom": values_from,
            **extra,
        }
    )
    return _obj("HelmRelease", metadata(namespace, name, labels=labels), spec)


# -- notification ----------------------------------------------------------------------------


def provider(
    namespace: str,
    name: str,
    *,
    type_: str,
    address: str | None = None,
    channel: str | None = None,
    username: str | None = None,
    secret: str | None = None,
) -> Obj:
    spec = {
        "type": type_,
        "address": address,
        "channel": channel,
        "username": username,
        "secretRef": {"name": secret} if secret else None,
    }
    return _obj("Provider", metadata(namespace, name, finalizer=False), spec)


def alert(
    namespace: str,
    name: str,
    *,
    provider_obj: Obj,
    event_sources: list[dict[str, Any]],
    severity: str = "info",
    summary: str | None = None,
    exclusions: list[str] | None = None,
    event_metadata: dict[str, str] | None = None,
) -> Obj:
    spec = {
        "providerRef": {"name": provider_obj["metadata"]["name"]},
        "eventSeverity": severity,
        "eventSources": event_sources,
        "summary": summary,
        "exclusionList": exclusions,
        "eventMetadata": event_metadata,
    }
    return _obj("Alert", metadata(namespace, name, finalizer=False), spec)


def receiver(
    namespace: str,
    name: str,
    *,
    type_: str,
    events: list[str],
    resources: list[dict[str, Any]],
    secret: str,
) -> Obj:
    spec = {
        "type": type_,
        "events": events,
        "resources": resources,
        "secretRef": {"name": secret},
        "interval": "10m0s",
    }
    return _obj("Receiver", metadata(namespace, name), spec)


# -- image automation ------------------------------------------------------------------------


def image_repository(
    namespace: str,
    name: str,
    *,
    image: str,
    interval: str = "5m0s",
    secret: str | None = None,
    provider_name: str | None = None,
) -> Obj:
    spec = {
        "image": image,
        "interval": interval,
        "secretRef": {"name": secret} if secret else None,
        "provider": provider_name,
        "exclusionList": ["^.*\\.sig$"],
    }
    return _obj("ImageRepository", metadata(namespace, name), spec)


def image_policy(
    namespace: str,
    name: str,
    *,
    repository: Obj,
    semver: str | None = None,
    alphabetical: str | None = None,
    filter_pattern: str | None = None,
    extract: str | None = None,
) -> Obj:
    policy: dict[str, Any]
    if semver is not None:
        policy = {"semver": {"range": semver}}
    elif alphabetical is not None:
        policy = {"alphabetical": {"order": alphabetical}}
    else:
        raise ValueError("an ImagePolicy needs semver or alphabetical")
    spec: dict[str, Any] = {
        "imageRepositoryRef": ref(repository, namespace),
        "policy": policy,
        "filterTags": (
            {"pattern": filter_pattern, "extract": extract} if filter_pattern else None
        ),
    }
    return _obj("ImagePolicy", metadata(namespace, name), spec)


def image_update_automation(
    namespace: str,
    name: str,
    *,
    source: Obj,
    branch: str = "main",
    path: str = "./clusters/production",
    author_name: str = "fluxcdbot",
    author_email: str = "fluxcdbot@users.noreply.github.com",
    interval: str = "30m0s",
    policy_labels: dict[str, str] | None = None,
) -> Obj:
    spec: dict[str, Any] = {
        "interval": interval,
        "sourceRef": ref(source, namespace),
        "git": {
            "checkout": {"ref": {"branch": branch}},
            "commit": {
                "author": {"name": author_name, "email": author_email},
                "messageTemplate": "Automated image update\n\n{{ range .Changed.Changes }}"
                "{{ print .OldValue }} -> {{ println .NewValue }}{{ end }}",
            },
            "push": {"branch": branch},
        },
        "update": {"path": path, "strategy": "Setters"},
        "policySelector": {"matchLabels": policy_labels} if policy_labels else None,
    }
    return _obj("ImageUpdateAutomation", metadata(namespace, name), spec)
