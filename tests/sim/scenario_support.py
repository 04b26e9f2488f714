"""Helpers for the scenario and simulated-controller tests: a running scenario with a
kubernetes-asyncio client, a tiny health function (DESIGN.md §4), polling."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from kubernetes_asyncio import client, config
from kubernetes_asyncio.client.exceptions import ApiException

from kubesim.crds import FluxLine, KindDef, flux_kinds, kind_def
from kubesim.scenarios import ScenarioRuntime
from kubesim.server import KubeSim

T = TypeVar("T")
Obj = dict[str, Any]

REQUESTED_AT = "reconcile.fluxcd.io/requestedAt"
FORCE_AT = "reconcile.fluxcd.io/forceAt"
RESET_AT = "reconcile.fluxcd.io/resetAt"
SCRIPT = "kubesim.fluxdash.io/script"


def conditions(obj: Obj) -> dict[str, Obj]:
    return {c["type"]: c for c in (obj.get("status") or {}).get("conditions") or []}


def health(obj: Obj) -> tuple[str, str]:
    """``(health, reason)`` by DESIGN.md §4, first matching rule wins."""
    meta, spec, status = obj["metadata"], obj.get("spec") or {}, obj.get("status") or {}
    conds = conditions(obj)
    ready = conds.get("Ready")
    if meta.get("deletionTimestamp"):
        return "Progressing", "Terminating"
    if spec.get("suspend"):
        return "Suspended", "Suspended"
    if conds.get("Stalled", {}).get("status") == "True":
        return "Failed", conds["Stalled"]["reason"]
    if ready is not None and ready["status"] == "False":
        return "Failed", ready["reason"]
    observed = status.get("observedGeneration")
    if conds.get("Reconciling", {}).get("status") == "True" or (
        isinstance(observed, int)
        and observed >= 0
        and observed != meta.get("generation")
    ):
        return "Progressing", conds.get("Reconciling", {}).get("reason", "Progressing")
    if ready is not None and ready["status"] == "True":
        return "Ready", ready["reason"]
    if ready is not None:
        return (
            "Progressing" if ready["reason"] == "Progressing" else "Unknown"
        ), ready["reason"]
    if obj["kind"] in ("Alert", "Provider") or (
        obj["kind"] == "HelmRepository" and spec.get("type") == "oci"
    ):
        return "Ready", "Static"
    return "Unknown", "waiting to be reconciled"


@dataclass
class Cluster:
    """A running scenario, reached through the Kubernetes API."""

    sim: KubeSim
    api: client.ApiClient
    line: FluxLine = "2.9"

    @property
    def runtime(self) -> ScenarioRuntime:
        assert self.sim.scenario is not None
        return self.sim.scenario

    @property
    def custom(self) -> client.CustomObjectsApi:
        return client.CustomObjectsApi(self.api)

    @property
    def core(self) -> client.CoreV1Api:
        return client.CoreV1Api(self.api)

    def kind(self, kind: str) -> KindDef:
        return kind_def(kind, self.line)

    async def get(self, kind: str, namespace: str, name: str) -> Obj:
        k = self.kind(kind)
        obj: Obj = await self.custom.get_namespaced_custom_object(
            k.group, k.storage_version, namespace, k.plural, name
        )
        return obj

    async def exists(self, kind: str, namespace: str, name: str) -> bool:
        try:
            await self.get(kind, namespace, name)
        except ApiException as exc:
            if exc.status == 404:
                return False
            raise
        return True

    async def list_kind(self, kind: str) -> list[Obj]:
        k = self.kind(kind)
        body = await self.custom.list_cluster_custom_object(
            k.group, k.storage_version, k.plural
        )
        items: list[Obj] = body["items"]
        return items

    async def all_flux(self) -> list[Obj]:
        out: list[Obj] = []
        for k in flux_kinds(self.line):
            out.extend(await self.list_kind(k.kind))
        return out

    async def patch(self, kind: str, namespace: str, name: str, body: Obj) -> Obj:
        k = self.kind(kind)
        obj: Obj = await self.custom.patch_namespaced_custom_object(
            k.group,
            k.storage_version,
            namespace,
            k.plural,
            name,
            body,
            _content_type="application/merge-patch+json",  # type: ignore[call-arg]  # accepted via **kwargs; the client would pick json-patch for a dict
        )
        return obj

    async def annotate(
        self, kind: str, namespace: str, name: str, **annotations: str | None
    ) -> Obj:
        return await self.patch(
            kind, namespace, name, {"metadata": {"annotations": annotations}}
        )

    async def create(self, obj: Obj) -> Obj:
        k = self.kind(obj["kind"])
        obj = {"apiVersion": k.api_version, **obj}
        created: Obj = await self.custom.create_namespaced_custom_object(
            k.group, k.storage_version, obj["metadata"]["namespace"], k.plural, obj
        )
        return created

    async def events_for(self, namespace: str, name: str, kind: str) -> list[Obj]:
        body = await self.core.list_namespaced_event(
            namespace,
            field_selector=f"involvedObject.name={name},involvedObject.kind={kind}",
        )
        return [self.api.sanitize_for_serialization(e) for e in body.items]

    async def wait_for(
        self,
        kind: str,
        namespace: str,
        name: str,
        predicate: Callable[[Obj], bool],
        within: float = 10.0,
    ) -> Obj:
        async def fetch() -> Obj:
            return await self.get(kind, namespace, name)

        return await poll(fetch, predicate, within)


async def poll(
    fetch: Callable[[], Awaitable[T]],
    predicate: Callable[[T], bool],
    within: float = 10.0,
) -> T:
    """Fetch until ``predicate`` holds; AssertionError with the last value on timeout."""
    deadline = time.monotonic() + within
    while True:
        value = await fetch()
        if predicate(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(
                f"condition not met within {within}s; last value: {value!r}"[:4000]
            )
        await asyncio.sleep(0.02)


@asynccontextmanager
async def running(
    scenario: str, *, delay: float | None = 0.0, line: FluxLine = "2.9", **kwargs: Any
) -> AsyncIterator[Cluster]:
    """Start ``scenario`` with a global reconcile delay (default 0) and living off."""
    sim = KubeSim(scenario, **kwargs)
    await sim.start()
    if sim.scenario is not None and sim.scenario.controllers is not None:
        sim.scenario.set_delay(delay)
        sim.scenario.set_living(False)
    api = await config.new_client_from_config_dict(sim.kubeconfig())
    try:
        yield Cluster(sim, api, line)
    finally:
        await api.close()
        await sim.stop()
