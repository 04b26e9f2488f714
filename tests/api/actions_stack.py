"""fluxdash against the embedded cluster, in one event loop: kubesim (simulated controllers,
delay 0) → KubeClient → ClusterSync → FluxCache → the app over ASGI, plus a small fleet with one
object of every Flux kind, for the action tests and benchmarks."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI

from fluxdash.kube.client import KubeClient
from fluxdash.kube.watch import WatchPolicy
from fluxdash.main import create_app
from fluxdash.models.kinds import KINDS, kind_by_name
from fluxdash.services.cache import FluxCache
from fluxdash.services.runtime import Runtime
from fluxdash.services.sync import ClusterSync
from fluxdash.settings import Settings
from kubesim.controllers import FluxControllers
from kubesim.crds import CRD_GROUP, CRD_PLURAL, flux_crds
from kubesim.scenarios.runtime import ScenarioRuntime
from kubesim.server import KubeSim
from kubesim.store import WatchEvent
from tests.polling import until

WRITE_HEADERS = {"X-Requested-By": "fluxdash"}
ADMIN_TOKEN = "admin-token"
VIEWER_TOKEN = "viewer-token"


def _obj(kind: str, namespace: str, name: str, spec: dict[str, Any]) -> dict[str, Any]:
    info = kind_by_name(kind)
    return {
        "apiVersion": info.api_version(),
        "kind": kind,
        "metadata": {"name": name, "namespace": namespace},
        "spec": spec,
    }


def fleet() -> list[dict[str, Any]]:
    """One object of every Flux kind (sources first), in namespaces flux-system and team."""
    git = {"kind": "GitRepository", "name": "repo"}
    return [
        _obj(
            "GitRepository",
            "flux-system",
            "repo",
            {
                "url": "https://example.com/repo.git",
                "interval": "5m",
                "ref": {"branch": "main"},
            },
        ),
        _obj(
            "OCIRepository",
            "flux-system",
            "manifests",
            {
                "url": "oci://ghcr.io/example/manifests",
                "interval": "5m",
                "ref": {"tag": "latest"},
            },
        ),
        _obj(
            "HelmRepository",
            "flux-system",
            "charts",
            {"url": "https://charts.example.com", "interval": "10m"},
        ),
        _obj(
            "HelmRepository",
            "flux-system",
            "oci-charts",
            {"type": "oci", "url": "oci://ghcr.io/example/charts"},
        ),
        _obj(
            "Bucket",
            "flux-system",
            "bucket",
            {
                "bucketName": "manifests",
                "endpoint": "minio.example.com",
                "interval": "5m",
            },
        ),
        _obj(
            "Kustomization",
            "flux-system",
            "infra",
            {"sourceRef": git, "path": "./infra", "prune": True, "interval": "10m"},
        ),
        _obj(
            "Kustomization",
            "flux-system",
            "apps",
            {
                "sourceRef": git,
                "path": "./apps",
                "prune": True,
                "interval": "10m",
                "dependsOn": [{"name": "infra"}],
            },
        ),
        _obj(
            "HelmRelease",
            "team",
            "web",
            {
                "interval": "10m",
                "chart": {
                    "spec": {
                        "chart": "web",
                        "version": "1.x",
                        "sourceRef": {
                            "kind": "HelmRepository",
                            "name": "charts",
                            "namespace": "flux-system",
                        },
                    }
                },
            },
        ),
        _obj(
            "HelmRelease",
            "team",
            "api",
            {
                "interval": "10m",
                "chartRef": {
                    "kind": "OCIRepository",
                    "name": "manifests",
                    "namespace": "flux-system",
                },
            },
        ),
        _obj(
            "Kustomization",
            "flux-system",
            "broken",
            {"sourceRef": git, "path": "./broken", "prune": True, "interval": "10m"},
        ),
        _obj(
            "HelmRelease",
            "team",
            "stuck",
            {
                "interval": "10m",
                "chartRef": {
                    "kind": "OCIRepository",
                    "name": "manifests",
                    "namespace": "flux-system",
                },
            },
        ),
        _obj(
            "Provider", "flux-system", "slack", {"type": "slack", "channel": "general"}
        ),
        _obj(
            "Alert",
            "flux-system",
            "on-call",
            {
                "providerRef": {"name": "slack"},
                "eventSources": [{"kind": "Kustomization", "name": "*"}],
            },
        ),
        _obj(
            "Receiver",
            "flux-system",
            "github",
            {
                "type": "github",
                "events": ["push"],
                "resources": [git],
                "secretRef": {"name": "webhook-token"},
            },
        ),
        _obj(
            "ImageRepository",
            "flux-system",
            "podinfo",
            {"image": "ghcr.io/stefanprodan/podinfo", "interval": "5m"},
        ),
        _obj(
            "ImagePolicy",
            "flux-system",
            "podinfo",
            {
                "imageRepositoryRef": {"name": "podinfo"},
                "policy": {"semver": {"range": "6.x"}},
            },
        ),
        _obj(
            "ImageUpdateAutomation",
            "flux-system",
            "podinfo",
            {
                "interval": "30m",
                "sourceRef": git,
                "git": {
                    "commit": {"author": {"name": "flux", "email": "flux@example.com"}}
                },
                "update": {"path": "./apps"},
            },
        ),
    ]


def group_plural(kind: str) -> tuple[str, str]:
    info = kind_by_name(kind)
    return info.group, info.plural


@dataclass
class Stack:
    sim: KubeSim
    cache: FluxCache
    runtime: Runtime
    http: httpx.AsyncClient
    kube: KubeClient
    app: FastAPI
    modified: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """Every (event type, object) the store emitted for Flux objects, in order."""

    def raw(self, kind: str, namespace: str, name: str) -> dict[str, Any]:
        group, plural = group_plural(kind)
        obj = self.sim.store.get(group, plural, namespace, name)
        assert obj is not None, f"{kind}/{namespace}/{name} is missing"
        return copy.deepcopy(obj)

    def core(self, plural: str, namespace: str) -> list[dict[str, Any]]:
        return [copy.deepcopy(o) for o in self.sim.store.list("", plural, namespace)]

    async def settled(self, within: float = 10.0) -> None:
        """The controllers are idle and the cache shows what the store holds."""
        assert self.sim.scenario is not None
        await self.sim.scenario.wait_idle()

        def caught_up() -> bool:
            served = {(rt.group, rt.plural) for rt in self.sim.store.resource_types()}
            for info in KINDS:
                if (info.group, info.plural) not in served:
                    continue  # e.g. ExternalArtifact on Flux 2.6
                for obj in self.sim.store.list(info.group, info.plural, None):
                    meta = obj["metadata"]
                    cached = self.cache.get(
                        info.plural, meta["namespace"], meta["name"]
                    )
                    if (
                        cached is None
                        or cached.resource_version != meta["resourceVersion"]
                    ):
                        return False
            return True

        await until(caught_up, within=within)

    async def post(self, path: str, body: Any = None) -> httpx.Response:
        return await self.http.post(f"/api/v1/{path}", headers=WRITE_HEADERS, json=body)

    async def record(self, action_id: str, within: float = 10.0) -> dict[str, Any]:
        """The action record once final."""
        found: dict[str, Any] = {}

        async def final() -> bool:
            response = await self.http.get(f"/api/v1/actions/{action_id}")
            found.update(response.json())
            return found.get("state") not in (None, "pending")

        await until(final, within=within, every=0.02)
        return found


def _grant_viewers_read_only(sim: KubeSim) -> None:
    """Group ``viewers``: get/list/watch on what fluxdash reads; no patch, no event create."""
    rbac_group = "rbac.authorization.k8s.io"
    read = ["get", "list", "watch"]
    groups = sorted({info.group for info in KINDS})
    rules = [
        {"apiGroups": groups, "resources": ["*"], "verbs": read},
        {"apiGroups": [""], "resources": ["events", "namespaces"], "verbs": read},
        {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": read},
        {
            "apiGroups": ["apiextensions.k8s.io"],
            "resources": ["customresourcedefinitions"],
            "verbs": read,
        },
    ]
    sim.store.create(
        rbac_group,
        "clusterroles",
        {
            "apiVersion": f"{rbac_group}/v1",
            "kind": "ClusterRole",
            "metadata": {"name": "flux-viewer"},
            "rules": rules,
        },
    )
    sim.store.create(
        rbac_group,
        "clusterrolebindings",
        {
            "apiVersion": f"{rbac_group}/v1",
            "kind": "ClusterRoleBinding",
            "metadata": {"name": "flux-viewers"},
            "roleRef": {
                "apiGroup": rbac_group,
                "kind": "ClusterRole",
                "name": "flux-viewer",
            },
            "subjects": [{"kind": "Group", "apiGroup": rbac_group, "name": "viewers"}],
        },
    )


@asynccontextmanager
async def running_stack(
    *,
    rbac: bool = False,
    settings: Settings | None = None,
    token: str | None = None,
    objects: list[dict[str, Any]] | None = None,
    scenario: str = "empty",
) -> AsyncIterator[Stack]:
    """``scenario`` other than ``empty``: kubesim's own fleet instead of ours."""
    tokens = {
        ADMIN_TOKEN: ("admin", ["system:masters"]),
        VIEWER_TOKEN: ("viewer", ["viewers"]),
    }
    sim = KubeSim(scenario, rbac=rbac, tokens=tokens)
    await sim.start()
    if scenario == "empty":
        # kubesim's empty cluster has no Flux: install it, with the simulated controllers
        # (started before our objects exist, so they reconcile them as they are created).
        for crd in flux_crds("2.9"):
            sim.store.create(CRD_GROUP, CRD_PLURAL, crd)
        sim.scenario = ScenarioRuntime("actions", FluxControllers(sim.store))
        await sim.scenario.start()
    else:
        objects = []
    assert sim.scenario is not None
    sim.scenario.set_delay(0)
    sim.scenario.set_living(False)
    for namespace in ("flux-system", "team"):
        if sim.store.get("", "namespaces", None, namespace) is None:
            sim.store.create(
                "",
                "namespaces",
                {
                    "apiVersion": "v1",
                    "kind": "Namespace",
                    "metadata": {"name": namespace},
                },
            )
    for obj in objects if objects is not None else fleet():
        sim.store.create(*group_plural(obj["kind"]), obj)
    if rbac:
        _grant_viewers_read_only(sim)
    settings = settings or Settings(cluster_mode="none", action_timeout_seconds=10)
    client = await KubeClient.from_kubeconfig_dict(
        sim.kubeconfig(token=token or (ADMIN_TOKEN if rbac else None))
    )
    cache = FluxCache()
    sync = ClusterSync(client, cache, WatchPolicy.from_settings(settings))
    sync_task = asyncio.create_task(sync.run())
    runtime = Runtime(
        mode="embedded", message="kubesim", cache=cache, sync=sync, kube=client
    )
    app = create_app(settings, runtime)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    modified: list[tuple[str, dict[str, Any]]] = []

    def record(event: WatchEvent) -> None:
        obj = event.obj
        if str(obj.get("apiVersion", "")).split("/")[0].endswith("toolkit.fluxcd.io"):
            modified.append((event.type, copy.deepcopy(obj)))

    unsubscribe = sim.store.subscribe(record)
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url="http://127.0.0.1:8000"
        ) as http:
            stack = Stack(sim, cache, runtime, http, client, app, modified)
            await until(lambda: cache.synced, within=15)
            await stack.settled()
            yield stack
    finally:
        unsubscribe()
        if runtime.actions is not None:
            await runtime.actions.close()
        sync_task.cancel()
        await asyncio.gather(sync_task, return_exceptions=True)
        await client.close()
        await sim.stop()
