"""The read API over real HTTP, against a kubesim holding a small, fully known fleet."""

from __future__ import annotations

import gzip

from kubesim.server import KubeSim
from tests.api.fleet import cache_state, cluster_state
from tests.api.harness import RunningApp


async def test_cache_mirrors_the_cluster(
    fleet_app: RunningApp, fleet_sim: KubeSim
) -> None:
    assert cache_state(fleet_app.cache) == cluster_state(fleet_sim)
    ready = await fleet_app.http.get("/api/v1/readyz")
    assert ready.json()["ready"] is True


async def test_list_is_failing_first_and_paged(fleet_app: RunningApp) -> None:
    http = fleet_app.http
    everything = (await http.get("/api/v1/resources")).json()
    ids = [row["id"] for row in everything["items"]]
    assert everything["total"] == len(ids) == 15
    assert ids[:2] == ["GitRepository/team-a/broken", "Kustomization/team-a/bad"]
    pages: list[str] = []
    token = None
    while True:
        params = {"limit": "3", **({"continue": token} if token else {})}
        page = (await http.get("/api/v1/resources", params=params)).json()
        assert page["total"] == 15
        pages.extend(row["id"] for row in page["items"])
        token = page.get("continue")
        if not token:
            break
    assert pages == ids


async def test_filters(fleet_app: RunningApp) -> None:
    http = fleet_app.http
    ks = (await http.get("/api/v1/resources", params={"kind": "kustomizations"})).json()
    assert {row["kind"] for row in ks["items"]} == {"Kustomization"}
    assert ks["total"] == 8
    both = await http.get(
        "/api/v1/resources", params=[("kind", "alerts"), ("kind", "providers")]
    )
    assert sorted(row["kind"] for row in both.json()["items"]) == ["Alert", "Provider"]
    team = (await http.get("/api/v1/resources", params={"namespace": "team-b"})).json()
    assert {row["namespace"] for row in team["items"]} == {"team-b"}
    failed = (await http.get("/api/v1/resources", params={"health": "Failed"})).json()
    assert [row["name"] for row in failed["items"]] == ["broken", "bad"]
    found = (await http.get("/api/v1/resources", params={"q": "authentication"})).json()
    assert [row["name"] for row in found["items"]] == ["broken"]


async def test_bad_parameters_are_typed_422(fleet_app: RunningApp) -> None:
    http = fleet_app.http
    for params in (
        {"kind": "widgets"},
        {"health": "Great"},
        {"limit": "0"},
        {"namespace": "Not_A_Namespace"},
        {"continue": "garbage!"},
    ):
        response = await http.get("/api/v1/resources", params=params)
        assert response.status_code == 422, params
        assert response.json()["type"] in ("ValidationFailed", "Unprocessable")


async def test_unknown_kind_is_404_naming_the_valid_kinds(
    fleet_app: RunningApp,
) -> None:
    response = await fleet_app.http.get("/api/v1/resources/widgets/default/x")
    assert response.status_code == 404
    body = response.json()
    assert body["type"] == "NotFound"
    assert "kustomizations" in body["detail"]
    missing = await fleet_app.http.get(
        "/api/v1/resources/kustomizations/flux-system/nope"
    )
    assert missing.status_code == 404


async def test_detail(fleet_app: RunningApp) -> None:
    response = await fleet_app.http.get("/api/v1/resources/helmreleases/apps/web")
    assert response.status_code == 200
    detail = response.json()
    assert detail["row"]["id"] == "HelmRelease/apps/web"
    assert detail["manifest"]["spec"]["values"]["password"] == "****"
    assert "hunter2" not in response.text
    assert [h["version"] for h in detail["history"]] == [2, 1]
    assert detail["chart"]["id"] == "HelmChart/flux-system/apps-web"
    assert detail["source"]["health"] == "Ready"
    assert detail["managedBy"][0]["id"] == "Kustomization/flux-system/infra"
    infra = (
        await fleet_app.http.get("/api/v1/resources/kustomizations/flux-system/infra")
    ).json()
    entries = {e["id"]: e for e in infra["inventory"]["entries"]}
    assert entries["HelmRelease/apps/web"]["health"] == "Ready"
    assert entries["Deployment/apps/podinfo"]["status"] == "1/1 ready"
    assert [d["id"] for d in infra["dependents"]] == [
        "HelmRelease/apps/web",
        "Kustomization/flux-system/apps",
    ]
    apps = (
        await fleet_app.http.get("/api/v1/resources/kustomizations/flux-system/apps")
    ).json()
    assert [e["reason"] for e in apps["events"]] == ["ReconciliationSucceeded"]


async def test_summary_counts_by_hand(fleet_app: RunningApp) -> None:
    summary = (await fleet_app.http.get("/api/v1/summary")).json()
    rows = (await fleet_app.http.get("/api/v1/resources")).json()["items"]
    for stats in summary["kinds"]:
        mine = [r for r in rows if r["kind"] == stats["kind"]]
        assert stats["total"] == len(mine)
        for health in ("Ready", "Failed", "Progressing", "Unknown"):
            assert stats[health.lower()] == sum(r["health"] == health for r in mine)
        assert stats["suspended"] == sum(r["suspended"] for r in mine)
    assert {r["id"] for r in summary["failing"]} == {
        "GitRepository/team-a/broken",
        "Kustomization/team-a/bad",
    }
    assert [e["type"] for e in summary["events"]] == ["Warning"]


async def test_etag_and_gzip(fleet_app: RunningApp) -> None:
    http = fleet_app.http
    first = await http.get("/api/v1/resources", headers={"Accept-Encoding": "gzip"})
    assert first.headers["content-encoding"] == "gzip"
    etag = first.headers["etag"]
    again = await http.get("/api/v1/resources", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other_query = await http.get(
        "/api/v1/resources", params={"limit": "2"}, headers={"If-None-Match": etag}
    )
    assert other_query.status_code == 200
    summary = await http.get("/api/v1/summary")
    assert (
        await http.get(
            "/api/v1/summary", headers={"If-None-Match": summary.headers["etag"]}
        )
    ).status_code == 304
    # a change in the cluster changes the ETag
    fleet_app.cache.mark_trouble("kustomizations", "x")
    assert (
        await http.get("/api/v1/resources", headers={"If-None-Match": etag})
    ).status_code == 200
    raw = await http.get("/api/v1/resources", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers
    assert gzip.compress(raw.content)  # sanity: the identity body is plain JSON
    assert raw.json()["total"] == 15


async def test_events_endpoint(fleet_app: RunningApp) -> None:
    events = (await fleet_app.http.get("/api/v1/events")).json()
    assert events["total"] == 1
    assert events["items"][0]["object"]["id"] == "Kustomization/flux-system/apps"
    none = (
        await fleet_app.http.get("/api/v1/events", params={"kind": "gitrepositories"})
    ).json()
    assert none == {"items": [], "total": 0}
    warn = (
        await fleet_app.http.get("/api/v1/events", params={"type": "Warning"})
    ).json()
    assert warn["total"] == 1


async def test_cluster_info(fleet_app: RunningApp) -> None:
    info = (await fleet_app.http.get("/api/v1/cluster")).json()
    assert info["mode"] == "kubeconfig"
    assert info["connected"] is True
    assert info["fluxInstalled"] is True
    assert info["installHint"] is None
    assert info["synced"] is True
    assert info["degraded"] is False
    assert info["kubernetesVersion"]
    kinds = {k["plural"]: k for k in info["kinds"]}
    assert kinds["kustomizations"]["servedVersion"] == "v1"
    assert kinds["kustomizations"]["count"] == 8
    assert kinds["imagepolicies"]["synced"] is True
