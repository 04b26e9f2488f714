"""Discovery over HTTP: no Flux, Flux installed while running, Flux removed, older versions,
no cluster at all, and an unreachable cluster."""

from __future__ import annotations

from pathlib import Path

import yaml

from fluxdash.kube.client import KubeClient
from fluxdash.models.kinds import KINDS
from fluxdash.services.discovery import discover_via_api, kinds_from_crds, parse_crd
from fluxdash.settings import Settings
from kubesim.server import KubeSim
from tests.api.fleet import create, ensure_namespace, install_crds, remove_crds
from tests.api.harness import FAST_WATCHES, serve, settings_for, wait_ready
from tests.cache import objects as o
from tests.polling import until


async def test_flux_not_installed_then_installed_then_removed(
    empty_sim: KubeSim, tmp_path: Path
) -> None:
    async with serve(settings_for(empty_sim, tmp_path)) as app:
        await wait_ready(app)
        info = (await app.http.get("/api/v1/cluster")).json()
        assert info["fluxInstalled"] is False
        assert "flux install" in info["installHint"]
        assert all(not k["available"] for k in info["kinds"])
        assert (
            (await app.http.get("/api/v1/readyz"))
            .json()["detail"]
            .startswith("Flux is not installed")
        )
        summary = (await app.http.get("/api/v1/summary")).json()
        assert summary["fluxInstalled"] is False
        assert summary["kinds"] == []
        listed = (await app.http.get("/api/v1/resources")).json()
        assert listed["total"] == 0
        not_served = await app.http.get(
            "/api/v1/resources/kustomizations/flux-system/x"
        )
        assert not_served.status_code == 404
        assert "not served" in not_served.json()["detail"]

        # `flux install` while fluxdash runs: the kinds light up
        install_crds(empty_sim)
        create(empty_sim, "kustomizations", o.kustomization("apps"))

        async def lit() -> bool:
            body = (await app.http.get("/api/v1/resources")).json()
            return bool(body["total"] == 1)

        await until(lit, within=10)
        await wait_ready(app)
        info = (await app.http.get("/api/v1/cluster")).json()
        assert info["fluxInstalled"] is True
        assert info["installHint"] is None

        # removing Flux says so, and its objects go
        remove_crds(empty_sim)

        async def gone() -> bool:
            body = (await app.http.get("/api/v1/cluster")).json()
            return body["fluxInstalled"] is False and body["objects"] == 0

        await until(gone, within=10)
        assert (await app.http.get("/api/v1/resources")).json()["total"] == 0


async def test_older_flux_falls_back_to_served_versions(
    empty_sim: KubeSim, tmp_path: Path
) -> None:
    install_crds(empty_sim, image_v1beta2_only=True)
    policy = {
        "apiVersion": "image.toolkit.fluxcd.io/v1beta2",
        "kind": "ImagePolicy",
        "metadata": {"name": "podinfo", "namespace": "flux-system"},
        "spec": {
            "imageRepositoryRef": {"name": "podinfo"},
            "policy": {"semver": {"range": ">=1.0.0"}},
        },
        "status": {
            "observedGeneration": 1,
            "conditions": [o.ready()],
            "latestRef": {"name": "ghcr.io/example/podinfo", "tag": "1.2.3"},
        },
    }
    ensure_namespace(empty_sim, "flux-system")
    empty_sim.store.create("image.toolkit.fluxcd.io", "imagepolicies", policy)
    async with serve(settings_for(empty_sim, tmp_path)) as app:
        await wait_ready(app)
        kinds = {
            k["plural"]: k
            for k in (await app.http.get("/api/v1/cluster")).json()["kinds"]
        }
        assert kinds["imagepolicies"]["servedVersion"] == "v1beta2"
        assert kinds["kustomizations"]["servedVersion"] == "v1"
        rows = (
            await app.http.get("/api/v1/resources", params={"kind": "imagepolicies"})
        ).json()
        assert [r["latestTag"] for r in rows["items"]] == [
            "ghcr.io/example/podinfo:1.2.3"
        ]
        detail = await app.http.get(
            "/api/v1/resources/imagepolicies/flux-system/podinfo"
        )
        assert detail.status_code == 200
    assert (
        empty_sim.stats.count("list", "image.toolkit.fluxcd.io", "imagepolicies") >= 1
    )


async def test_no_cluster_mode_answers_without_crashing() -> None:
    async with serve(Settings(cluster_mode="none")) as app:
        info = (await app.http.get("/api/v1/cluster")).json()
        assert info["mode"] == "none"
        assert info["connected"] is False
        ready = await app.http.get("/api/v1/readyz")
        assert ready.status_code == 503
        for path in ("/api/v1/resources", "/api/v1/summary", "/api/v1/events"):
            response = await app.http.get(path)
            assert response.status_code == 503
            assert response.json()["type"] == "KubeUnavailable"


async def test_unreachable_cluster_is_reported_and_retried(tmp_path: Path) -> None:
    config = tmp_path / "kubeconfig"
    config.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "clusters": [
                    {"name": "c", "cluster": {"server": "http://127.0.0.1:9"}}
                ],
                "users": [{"name": "u", "user": {}}],
                "contexts": [{"name": "x", "context": {"cluster": "c", "user": "u"}}],
                "current-context": "x",
            }
        )
    )
    settings = Settings(cluster_mode="kubeconfig", kubeconfig=config, **FAST_WATCHES)
    async with serve(settings) as app:

        async def reported() -> bool:
            body = (await app.http.get("/api/v1/readyz")).json()
            return "cannot" in body["detail"]

        await until(reported, within=10)
        info = (await app.http.get("/api/v1/cluster")).json()
        assert info["connected"] is False
        assert info["server"] == "http://127.0.0.1:9"
        assert (await app.http.get("/api/v1/resources")).json()["total"] == 0


async def test_broken_kubeconfig_is_reported_not_replaced_by_the_demo(
    tmp_path: Path,
) -> None:
    config = tmp_path / "kubeconfig"
    config.write_text("this: is: not: a kubeconfig")
    async with serve(Settings(cluster_mode="auto", kubeconfig=config)) as app:
        info = (await app.http.get("/api/v1/cluster")).json()
        assert info["mode"] == "kubeconfig"
        assert "cannot load kubeconfig" in info["message"]
        assert (await app.http.get("/api/v1/readyz")).status_code == 503


async def test_api_discovery_agrees_with_crds(tmp_path: Path) -> None:
    """The fallback used when CustomResourceDefinitions may not be listed."""
    for scenario in ("demo", "flux-2.6"):
        sim = KubeSim(scenario=scenario)
        await sim.start()
        client = await KubeClient.from_kubeconfig_dict(sim.kubeconfig())
        try:
            via_api = await discover_via_api(client)
            crds = sim.store.list("apiextensions.k8s.io", "customresourcedefinitions")
            via_crds = kinds_from_crds(c for c in (parse_crd(raw) for raw in crds) if c)
            assert {p: s.served_version for p, s in via_api.items()} == {
                p: s.served_version for p, s in via_crds.items()
            }
        finally:
            await client.close()
            await sim.stop()


async def test_forbidden_crds_fall_back_to_api_discovery(tmp_path: Path) -> None:
    """A user who may read Flux objects but not CRDs still gets every kind (via /apis)."""
    sim = KubeSim(scenario="demo", rbac=True, tokens={"viewer-token": ("viewer", [])})
    await sim.start()
    rbac = "rbac.authorization.k8s.io"
    sim.store.create(
        rbac,
        "clusterroles",
        {
            "metadata": {"name": "flux-viewer"},
            "rules": [
                {
                    "apiGroups": sorted({i.group for i in KINDS}),
                    "resources": ["*"],
                    "verbs": ["get", "list", "watch"],
                },
                {
                    "apiGroups": ["", "apps"],
                    "resources": ["events", "deployments"],
                    "verbs": ["list", "watch"],
                },
            ],
        },
    )
    sim.store.create(
        rbac,
        "clusterrolebindings",
        {
            "metadata": {"name": "flux-viewer"},
            "roleRef": {"apiGroup": rbac, "kind": "ClusterRole", "name": "flux-viewer"},
            "subjects": [{"apiGroup": rbac, "kind": "User", "name": "viewer"}],
        },
    )
    kubeconfig = tmp_path / "kubeconfig"
    sim.write_kubeconfig(kubeconfig, token="viewer-token")
    settings = Settings(
        cluster_mode="kubeconfig", kubeconfig=kubeconfig, **FAST_WATCHES
    )
    try:
        async with serve(settings) as app:
            await wait_ready(app)
            info = (await app.http.get("/api/v1/cluster")).json()
            assert info["discovery"] == "api"
            assert info["fluxInstalled"] is True
            assert info["objects"] == 65
            assert all(k["synced"] for k in info["kinds"])
    finally:
        await sim.stop()
