"""The ``empty``, ``scale:N`` and ``cycle`` scenarios through the Kubernetes API."""

from __future__ import annotations

from collections import Counter

import pytest
from kubernetes_asyncio import client, config
from kubernetes_asyncio.client.exceptions import ApiException

from kubesim.scenarios import DEMO_TOKENS, LARGE_INVENTORY

from .scenario_support import conditions, health, running

pytestmark = pytest.mark.timeout(120)


async def test_empty_is_a_cluster_without_flux() -> None:
    async with running("empty") as cluster:
        namespaces = await cluster.core.list_namespace()
        assert sorted(n.metadata.name for n in namespaces.items) == [
            "default",
            "kube-node-lease",
            "kube-public",
            "kube-system",
        ]
        crds = await client.ApiextensionsV1Api(
            cluster.api
        ).list_custom_resource_definition()
        assert crds.items == []
        groups = await client.ApisApi(cluster.api).get_api_versions()
        assert not [
            g.name for g in groups.groups if g.name.endswith("toolkit.fluxcd.io")
        ]
        assert cluster.runtime.controllers is None, "no Flux, no Flux controllers"


async def test_scale_counts_mix_health_and_inventories() -> None:
    async with running("scale:1000") as cluster:
        objects = await cluster.all_flux()
        kinds = Counter(o["kind"] for o in objects)
        assert kinds == {
            "Kustomization": 400,
            "HelmRelease": 400,
            "GitRepository": 80,
            "OCIRepository": 60,
            "HelmRepository": 20,
            "HelmChart": 40,
        }
        namespaces = {o["metadata"]["namespace"] for o in objects}
        assert len(namespaces) == 50
        healths = Counter(health(o)[0] for o in objects)
        assert set(healths) == {
            "Ready",
            "Failed",
            "Progressing",
            "Suspended",
            "Unknown",
        }
        assert healths["Ready"] / len(objects) > 0.75
        reasons = Counter(health(o)[1] for o in objects)
        assert reasons["RetriesExceeded"] >= 1
        assert reasons["DependencyNotReady"] >= 1
        sizes = sorted(
            len(o["status"]["inventory"]["entries"])
            for o in objects
            if o["kind"] == "Kustomization" and "inventory" in o["status"]
        )
        assert sizes[-1] == 500
        assert sum(s >= 150 for s in sizes) >= 5
        big = await cluster.get("Kustomization", *LARGE_INVENTORY)
        assert len(big["status"]["inventory"]["entries"]) == 500
        assert len({e["id"] for e in big["status"]["inventory"]["entries"]}) == 500
        histories = [
            len(o["status"].get("history") or [])
            for o in objects
            if o["kind"] == "HelmRelease"
        ]
        assert max(histories) >= 4


async def test_cycle_scenario_loops_dependencies() -> None:
    async with running("cycle") as cluster:
        objects = {
            o["metadata"]["name"]: o for o in await cluster.list_kind("Kustomization")
        }
        loop = [objects[n] for n in ("cycle-a", "cycle-b", "cycle-c")]
        for obj, after in zip(loop, ["cycle-b", "cycle-c", "cycle-a"], strict=True):
            assert obj["spec"]["dependsOn"] == [{"name": after}]
            assert health(obj) == ("Failed", "DependencyNotReady")
        assert all(
            health(objects[n])[0] == "Ready"
            for n in ("chain-base", "chain-middle", "chain-top")
        )

        # Reconciling a member of the loop cannot make it ready.
        await cluster.annotate(
            "Kustomization",
            "flux-system",
            "cycle-a",
            **{"reconcile.fluxcd.io/requestedAt": "x"},
        )
        done = await cluster.wait_for(
            "Kustomization",
            "flux-system",
            "cycle-a",
            lambda o: o["status"].get("lastHandledReconcileAt") == "x",
        )
        assert (
            conditions(done)["Ready"]["message"]
            == "dependency 'flux-system/cycle-b' is not ready"
        )


async def test_demo_tokens_and_rbac() -> None:
    async with running("demo", rbac=True) as cluster:
        assert set(cluster.runtime.tokens) == set(DEMO_TOKENS)

        async def attempt(
            token: str, namespace: str, impersonate: str | None = None
        ) -> tuple[int, int]:
            api = await config.new_client_from_config_dict(
                cluster.sim.kubeconfig(token=token)
            )
            if impersonate:
                api.set_default_header("Impersonate-User", impersonate)
            custom = client.CustomObjectsApi(api)
            codes = []
            try:
                for call in (
                    custom.list_namespaced_custom_object(
                        "kustomize.toolkit.fluxcd.io", "v1", namespace, "kustomizations"
                    ),
                    custom.patch_namespaced_custom_object(
                        "kustomize.toolkit.fluxcd.io",
                        "v1",
                        namespace,
                        "kustomizations",
                        {"team-a": "team-a-apps", "team-b": "team-b-apps"}[namespace],
                        {
                            "metadata": {
                                "annotations": {
                                    "reconcile.fluxcd.io/requestedAt": "rbac"
                                }
                            }
                        },
                        _content_type="application/merge-patch+json",  # type: ignore[call-arg]  # accepted via **kwargs
                    ),
                ):
                    try:
                        await call
                        codes.append(200)
                    except ApiException as exc:
                        codes.append(exc.status)
            finally:
                await api.close()
            return codes[0], codes[1]

        assert await attempt("kubesim-admin-token", "team-b") == (200, 200)
        assert await attempt("kubesim-viewer-token", "team-b") == (200, 403)
        assert await attempt("kubesim-team-a-token", "team-a") == (200, 200)
        assert await attempt("kubesim-team-a-token", "team-b") == (403, 403)
        assert await attempt("kubesim-fluxdash-token", "team-b") == (200, 200)
        assert await attempt(
            "kubesim-fluxdash-token", "team-b", impersonate="viewer@acme.example.com"
        ) == (
            403,
            403,
        ), "impersonating a user without groups: only what that user may do"
