"""A small, fully known Flux fleet installed straight into a kubesim store.

Minimal self-written CRDs (no status subresource, so objects keep the status they are created
with) plus objects from `tests.cache.objects`.
"""

from __future__ import annotations

from typing import Any

from fluxdash.models.kinds import KINDS, KindInfo
from kubesim.server import KubeSim
from tests.cache import objects as o

CRD_GROUP = "apiextensions.k8s.io"
CRD_PLURAL = "customresourcedefinitions"


def crd(info: KindInfo, versions: tuple[str, ...] | None = None) -> dict[str, Any]:
    served = versions or info.versions
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{info.plural}.{info.group}"},
        "spec": {
            "group": info.group,
            "scope": "Namespaced",
            "names": {
                "kind": info.kind,
                "plural": info.plural,
                "singular": info.singular,
                "listKind": f"{info.kind}List",
            },
            "versions": [
                {
                    "name": version,
                    "served": True,
                    "storage": index == 0,
                    "schema": {
                        "openAPIV3Schema": {
                            "type": "object",
                            "x-kubernetes-preserve-unknown-fields": True,
                        }
                    },
                }
                for index, version in enumerate(served)
            ],
        },
    }


def install_crds(sim: KubeSim, *, image_v1beta2_only: bool = False) -> None:
    for info in KINDS:
        versions = None
        if image_v1beta2_only and info.group == "image.toolkit.fluxcd.io":
            versions = ("v1beta2",)
        sim.store.create(CRD_GROUP, CRD_PLURAL, crd(info, versions))


def remove_crds(sim: KubeSim) -> None:
    for info in KINDS:
        sim.store.delete(CRD_GROUP, CRD_PLURAL, None, f"{info.plural}.{info.group}")


def ensure_namespace(sim: KubeSim, name: str) -> None:
    if sim.store.get("", "namespaces", None, name) is None:
        sim.store.create("", "namespaces", {"metadata": {"name": name}})


def fresh(obj: dict[str, Any]) -> dict[str, Any]:
    """The object without the metadata a server assigns (for creating it)."""
    body = {k: v for k, v in obj.items() if k != "metadata"}
    body["metadata"] = {
        k: v
        for k, v in obj["metadata"].items()
        if k not in ("resourceVersion", "uid", "creationTimestamp", "generation")
    }
    return body


def create(sim: KubeSim, plural: str, obj: dict[str, Any]) -> dict[str, Any]:
    info = next(i for i in KINDS if i.plural == plural)
    ensure_namespace(sim, obj["metadata"]["namespace"])
    return sim.store.create(info.group, plural, fresh(obj))


def install_fleet(sim: KubeSim, *, kustomizations: int = 8) -> None:
    """GitRepository + Kustomizations (one failing, one suspended) + Helm chain + notification."""
    create(sim, "gitrepositories", o.git_repository("flux-system"))
    create(sim, "gitrepositories", o.git_repository("broken", "team-a", ok=False))
    inventory = [
        ("apps_podinfo_apps_Deployment", "v1"),
        ("apps_web_helm.toolkit.fluxcd.io_HelmRelease", "v2"),
    ]
    create(sim, "kustomizations", o.kustomization("infra", inventory=inventory))
    create(sim, "kustomizations", o.kustomization("apps", depends_on=["infra"]))
    create(sim, "kustomizations", o.kustomization("bad", "team-a", ok=False))
    create(sim, "kustomizations", o.kustomization("off", suspend=True))
    for i in range(kustomizations - 4):
        create(sim, "kustomizations", o.kustomization(f"tenant-{i}", "team-b"))
    create(sim, "helmrepositories", o.helm_repository("charts"))
    create(sim, "helmcharts", o.helm_chart("apps-web", "flux-system", repo="charts"))
    create(sim, "helmreleases", o.helm_release("web", "apps", repo="charts"))
    create(sim, "providers", o.provider("slack"))
    create(sim, "alerts", o.alert("on-call", provider_name="slack"))
    ensure_namespace(sim, "apps")
    podinfo = o.deployment(
        "podinfo", "apps", labels={"kustomize.toolkit.fluxcd.io/name": "infra"}
    )
    sim.store.create("apps", "deployments", fresh(podinfo))
    sim.store.patch(
        "apps",
        "deployments",
        "apps",
        "podinfo",
        {"status": podinfo["status"]},
        subresource="status",
    )
    warning = o.event(
        "apps.1",
        kind="Kustomization",
        object_name="apps",
        type="Warning",
        message="failed",
    )
    sim.store.create("", "events", fresh(warning))


def cluster_state(sim: KubeSim) -> dict[str, str]:
    """What a fresh LIST would show: object id -> resourceVersion, for every Flux kind."""
    state: dict[str, str] = {}
    for info in KINDS:
        if sim.store.resource_type(info.group, info.plural) is None:
            continue
        for obj in sim.store.list(info.group, info.plural):
            meta = obj["metadata"]
            state[f"{info.kind}/{meta['namespace']}/{meta['name']}"] = meta[
                "resourceVersion"
            ]
    return state


def cache_state(cache: Any) -> dict[str, str]:
    return {obj.row.id: obj.resource_version for obj in cache.objects()}
