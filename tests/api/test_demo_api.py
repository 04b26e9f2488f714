"""The read API over real HTTP against kubesim's `demo` scenario (and `flux-2.6`)."""

from __future__ import annotations

from typing import Any

from fluxdash.models.kinds import KINDS
from kubesim.server import KubeSim
from tests.api.fleet import cache_state, cluster_state
from tests.api.harness import RunningApp

Demo = tuple[KubeSim, RunningApp]

# the columns every row of a kind must fill in the demo (beyond the common ones)
KIND_COLUMNS: dict[str, tuple[str, ...]] = {
    "gitrepositories": ("url", "ref", "interval", "revision"),
    "ocirepositories": ("url", "ref", "interval"),
    "helmrepositories": ("url", "repoType"),
    "helmcharts": ("chart", "chartVersion", "source"),
    "buckets": ("endpoint", "bucketName", "interval"),
    "externalartifacts": ("revision",),
    "kustomizations": ("source", "path", "prune", "interval"),
    "helmreleases": (
        "source",
        "interval",
        "releaseName",
    ),  # chart: unknown for a never-run chartRef
    "alerts": ("providerRef", "eventSources", "eventSeverity"),
    "providers": ("providerType",),
    "receivers": ("receiverType", "resources"),
    "imagerepositories": ("image", "interval"),
    "imagepolicies": ("imageRepository", "policy", "latestTag"),
    "imageupdateautomations": ("source", "interval"),
}
COMMON = ("id", "kind", "plural", "namespace", "name", "health", "message", "suspended")


async def _rows(app: RunningApp, **params: str) -> list[dict[str, Any]]:
    body = (
        await app.http.get("/api/v1/resources", params={"limit": "10000", **params})
    ).json()
    items: list[dict[str, Any]] = body["items"]
    assert body["total"] == len(items)
    return items


async def test_every_kind_is_listed_with_its_columns(demo: Demo) -> None:
    sim, app = demo
    assert cache_state(app.cache) == cluster_state(sim)
    assert len(cluster_state(sim)) == 65
    for info in KINDS:
        rows = await _rows(app, kind=info.plural)
        stored = sim.store.list(info.group, info.plural)
        assert len(rows) == len(stored) > 0, info.plural
        for row in rows:
            assert row["kind"] == info.kind
            for column in COMMON:
                assert column in row, (info.plural, column)
            for column in KIND_COLUMNS[info.plural]:
                if info.plural == "helmrepositories" and column == "url":
                    continue
                assert row.get(column) not in (None, "", []), (row["id"], column)


async def test_documented_health_states(demo: Demo) -> None:
    _, app = demo
    rows = {r["id"]: r for r in await _rows(app)}
    expect = {
        "Kustomization/flux-system/infra-configs": ("Failed", "HealthCheckFailed"),
        "Kustomization/flux-system/apps": ("Failed", "DependencyNotReady"),
        "HelmRelease/infrastructure/kube-prometheus-stack": (
            "Failed",
            "RetriesExceeded",
        ),
        "HelmRelease/infrastructure/loki": ("Progressing", None),
        "HelmRelease/infrastructure/velero": ("Suspended", None),
        "Kustomization/flux-system/legacy-manifests": ("Suspended", None),
        "HelmRelease/apps/podinfo-canary": ("Unknown", None),
        "Kustomization/team-a/team-a-apps": ("Failed", "BuildFailed"),
        "HelmRepository/infrastructure/bitnami": ("Ready", None),
        "Alert/flux-system/on-call": ("Ready", None),
    }
    for oid, (health, reason) in expect.items():
        assert rows[oid]["health"] == health, oid
        if reason is not None:
            assert rows[oid]["healthReason"] == reason, oid
    failing = [r["id"] for r in await _rows(app)][
        : sum(r["health"] == "Failed" for r in rows.values())
    ]
    assert all(rows[oid]["health"] == "Failed" for oid in failing)


async def test_filters_on_the_demo(demo: Demo) -> None:
    _, app = demo
    team_a = await _rows(app, namespace="team-a")
    assert team_a
    assert {r["namespace"] for r in team_a} == {"team-a"}
    suspended = await _rows(app, health="Suspended")
    assert {r["id"] for r in suspended} >= {
        "HelmRelease/infrastructure/velero",
        "Kustomization/flux-system/legacy-manifests",
    }
    by_url = await _rows(app, q="gitlab.com/acme")
    assert [r["id"] for r in by_url] == ["GitRepository/team-a/legacy-config"]
    assert "glpat" not in by_url[0]["url"]
    paged: list[str] = []
    token: str | None = None
    while True:
        params = {
            "kind": "helmreleases",
            "limit": "4",
            **({"continue": token} if token else {}),
        }
        page = (await app.http.get("/api/v1/resources", params=params)).json()
        paged += [r["id"] for r in page["items"]]
        token = page.get("continue")
        if not token:
            break
    assert paged == [r["id"] for r in await _rows(app, kind="helmreleases")]


async def test_summary_counts_equal_counting_by_hand(demo: Demo) -> None:
    sim, app = demo
    summary = (await app.http.get("/api/v1/summary")).json()
    rows = await _rows(app)
    assert summary["total"] == len(rows) == 65
    assert {k["plural"] for k in summary["kinds"]} == {i.plural for i in KINDS}
    for stats in summary["kinds"]:
        info = next(i for i in KINDS if i.plural == stats["plural"])
        stored = sim.store.list(info.group, info.plural)
        assert stats["total"] == len(stored)
        assert stats["suspended"] == sum(
            bool((o.get("spec") or {}).get("suspend")) for o in stored
        )
        mine = [r for r in rows if r["plural"] == stats["plural"]]
        for health in ("Ready", "Failed", "Progressing", "Unknown"):
            assert stats[health.lower()] == sum(r["health"] == health for r in mine)
        assert stats["running"] == stats["total"] - stats["suspended"]
    assert summary["failingTotal"] == sum(r["health"] == "Failed" for r in rows)
    assert all(e["type"] == "Warning" for e in summary["events"])


async def test_detail_of_the_bootstrap_kustomization(demo: Demo) -> None:
    _, app = demo
    detail = (
        await app.http.get("/api/v1/resources/kustomizations/flux-system/flux-system")
    ).json()
    entries = detail["inventory"]["entries"]
    assert sum(e["kind"] == "CustomResourceDefinition" for e in entries) == 14
    controllers = [e for e in entries if e["kind"] == "Deployment"]
    assert len(controllers) == 6
    assert all(e["status"] and e["ready"] is not None for e in controllers)
    flux_entries = [e for e in entries if e["flux"]]
    assert flux_entries
    assert all(e["missing"] is False and e["health"] for e in flux_entries)
    assert detail["source"]["id"] == "GitRepository/flux-system/flux-system"
    assert detail["source"]["health"] == "Ready"
    assert {d["relation"] for d in detail["dependents"]} >= {"inventory"}
    assert detail["nextReconcileAt"]
    assert detail["conditions"][0]["type"] in {"Ready", "Reconciling", "Healthy"}


async def test_detail_of_a_chart_ref_release_and_masking(demo: Demo) -> None:
    _, app = demo
    podinfo = (await app.http.get("/api/v1/resources/helmreleases/apps/podinfo")).json()
    assert podinfo["chart"]["id"] == "OCIRepository/apps/podinfo"
    assert podinfo["chart"]["health"] == "Ready"
    assert len(podinfo["history"]) == 3
    assert podinfo["history"][0]["chartVersion"].startswith("6.8.0+")
    assert {d["id"] for d in podinfo["dependsOn"]} == {
        "HelmRelease/infrastructure/ingress-nginx",
        "HelmRelease/infrastructure/cert-manager",
    }
    assert all(d["health"] == "Ready" for d in podinfo["dependsOn"])
    stalled = await app.http.get(
        "/api/v1/resources/helmreleases/infrastructure/kube-prometheus-stack"
    )
    assert "kubesim-inline-grafana-password" not in stalled.text
    assert [
        c["type"] for c in stalled.json()["conditions"] if c["status"] == "True"
    ] == ["Stalled"]
    legacy = await app.http.get(
        "/api/v1/resources/gitrepositories/team-a/legacy-config"
    )
    assert "glpat" not in legacy.text
    slack = await app.http.get("/api/v1/resources/providers/flux-system/slack")
    assert "vA8sKq2Zr1LmXq7eTfWbY3cD" not in slack.text
    listing = await app.http.get("/api/v1/resources", params={"limit": "10000"})
    assert "glpat" not in listing.text
    assert "kubesim-inline-grafana-password" not in listing.text


async def test_dependents_of_the_bootstrap_source(demo: Demo) -> None:
    _, app = demo
    repo = (
        await app.http.get("/api/v1/resources/gitrepositories/flux-system/flux-system")
    ).json()
    consumers = {d["id"] for d in repo["dependents"] if d["relation"] == "source"}
    assert "Kustomization/flux-system/flux-system" in consumers
    assert "Kustomization/flux-system/apps" in consumers
    assert repo["events"] is not None


async def test_cluster_reports_flux_and_controllers(demo: Demo) -> None:
    _, app = demo
    info = (await app.http.get("/api/v1/cluster")).json()
    assert info["fluxInstalled"] is True
    assert info["fluxVersion"] == "v2.9.4"
    assert len(info["controllers"]) == 6
    assert all(c["namespace"] == "flux-system" for c in info["controllers"])
    assert {k["servedVersion"] for k in info["kinds"]} == {"v1", "v2", "v1beta3"}
    assert info["objects"] == 65
    events = (await app.http.get("/api/v1/events", params={"limit": "1000"})).json()
    assert events["total"] > 0
    kinds = {e["object"]["kind"] for e in events["items"]}
    assert kinds <= {i.kind for i in KINDS}


async def test_flux_26_uses_older_versions(flux26: Demo) -> None:
    sim, app = flux26
    info = (await app.http.get("/api/v1/cluster")).json()
    kinds = {k["plural"]: k for k in info["kinds"]}
    for plural in ("imagerepositories", "imagepolicies", "imageupdateautomations"):
        assert kinds[plural]["servedVersion"] == "v1beta2"
        assert kinds[plural]["synced"] is True
    assert kinds["externalartifacts"]["available"] is False
    assert "not installed" in kinds["externalartifacts"]["reason"]
    assert info["fluxVersion"] == "v2.6.4"
    assert len(await _rows(app)) == 63 == len(cluster_state(sim))
    policies = await _rows(app, kind="imagepolicies")
    assert policies
    assert all(p["latestTag"] for p in policies)
    missing = await app.http.get("/api/v1/resources/externalartifacts/flux-system/x")
    assert missing.status_code == 404
