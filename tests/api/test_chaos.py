"""Chaos: kubesim's faults while the cluster changes. Afterwards the cache equals a fresh list
(no object missing, none stale, no duplicate), and while it lasts `/readyz` and `/cluster` say
the state is degraded."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from fluxdash.models.kinds import KINDS
from kubesim.server import KubeSim
from tests.api.fleet import cache_state, cluster_state, create
from tests.api.harness import RunningApp
from tests.cache import objects as o
from tests.polling import until

OUTAGE_SECONDS = (
    3.0  # the 30 s, shortened: the logic does not depend on the length
)


def _flux_lists(sim: KubeSim) -> int:
    return sum(sim.stats.count("list", info.group, info.plural) for info in KINDS)


def _flux_watches(sim: KubeSim) -> int:
    return sum(sim.stats.count("watch", info.group, info.plural) for info in KINDS)


def change_everything(sim: KubeSim, tag: str) -> None:
    """Create, modify and delete objects of several kinds, straight in the store."""
    create(sim, "kustomizations", o.kustomization(f"new-{tag}", "team-c"))
    create(sim, "gitrepositories", o.git_repository(f"repo-{tag}", "team-c"))
    sim.store.patch(
        "kustomize.toolkit.fluxcd.io",
        "kustomizations",
        "flux-system",
        "apps",
        {
            "metadata": {"annotations": {"chaos": tag}},
            "status": {
                "conditions": [o.ready("False", "HealthCheckFailed", f"down {tag}")]
            },
        },
    )
    for item in sim.store.list(
        "kustomize.toolkit.fluxcd.io", "kustomizations", "team-b"
    )[:1]:
        sim.store.delete(
            "kustomize.toolkit.fluxcd.io",
            "kustomizations",
            "team-b",
            item["metadata"]["name"],
        )
    sim.store.delete(
        "notification.toolkit.fluxcd.io", "alerts", "flux-system", "on-call"
    )


async def converged(app: RunningApp, sim: KubeSim, within: float = 20) -> None:
    await until(lambda: cache_state(app.cache) == cluster_state(sim), within=within)
    await until(lambda: app.cache.synced, within=within)
    listed = (await app.http.get("/api/v1/resources", params={"limit": "10000"})).json()
    ids = [row["id"] for row in listed["items"]]
    assert len(ids) == len(set(ids)) == listed["total"] == len(cluster_state(sim))
    apps = app.cache.get("kustomizations", "flux-system", "apps")
    assert apps is not None
    assert apps.raw == sim.store.get(
        "kustomize.toolkit.fluxcd.io", "kustomizations", "flux-system", "apps"
    )
    assert (await app.http.get("/api/v1/readyz")).status_code == 200


async def test_410_at_connect_relists(
    fleet_app: RunningApp, fleet_sim: KubeSim
) -> None:
    lists_before = _flux_lists(fleet_sim)
    fleet_sim.faults.expire_next_watches(100, mode="connect")
    fleet_sim.faults.drop_watches()
    change_everything(fleet_sim, "a")
    await converged(fleet_app, fleet_sim)
    assert (
        _flux_lists(fleet_sim) > lists_before
    )  # expired watches were answered by relisting


async def test_410_in_stream_relists(fleet_app: RunningApp, fleet_sim: KubeSim) -> None:
    lists_before = _flux_lists(fleet_sim)
    change_everything(fleet_sim, "b")
    fleet_sim.faults.expire_open_watches()
    await converged(fleet_app, fleet_sim)
    assert _flux_lists(fleet_sim) > lists_before
    # relisting is per kind: each kind lists again about once, not in a storm
    assert _flux_lists(fleet_sim) - lists_before <= 2 * len(KINDS)


async def test_all_watches_dropped_resume_without_relisting(
    fleet_app: RunningApp, fleet_sim: KubeSim
) -> None:
    lists_before = _flux_lists(fleet_sim)
    watches_before = _flux_watches(fleet_sim)
    fleet_sim.faults.drop_watches()
    change_everything(fleet_sim, "c")
    await converged(fleet_app, fleet_sim)
    assert _flux_watches(fleet_sim) > watches_before
    assert _flux_lists(fleet_sim) == lists_before  # resumed from the last version seen


async def test_outage_with_changes_is_reported_then_recovered(
    fleet_app: RunningApp, fleet_sim: KubeSim
) -> None:
    http = fleet_app.http
    fleet_sim.faults.outage(OUTAGE_SECONDS)
    change_everything(fleet_sim, "d")
    seen: dict[str, Any] = {}

    async def degraded() -> bool:
        ready = await http.get("/api/v1/readyz")
        cluster = (await http.get("/api/v1/cluster")).json()
        if (
            ready.status_code == 503
            and cluster["degraded"]
            and not cluster["connected"]
        ):
            seen.update(ready=ready.json(), cluster=cluster)
            return True
        return False

    await until(degraded, within=OUTAGE_SECONDS - 0.5, every=0.05)
    assert "degraded" in seen["ready"]["detail"]
    assert "unavailable" in seen["ready"]["detail"]
    assert seen["cluster"]["synced"] is False
    assert any(k["error"] for k in seen["cluster"]["kinds"] if k["available"])
    # the stale data is still served during the outage
    stale = await http.get("/api/v1/resources")
    assert stale.status_code == 200
    assert stale.json()["total"] > 0
    await converged(fleet_app, fleet_sim, within=OUTAGE_SECONDS + 15)
    cluster = (await http.get("/api/v1/cluster")).json()
    assert cluster["connected"] is True
    assert cluster["degraded"] is False


async def test_429_bursts_honour_retry_after(
    fleet_app: RunningApp, fleet_sim: KubeSim
) -> None:
    watches_before = fleet_sim.stats.count("watch")
    fleet_sim.faults.throttle(2.5, retry_after=1)
    fleet_sim.faults.drop_watches()
    change_everything(fleet_sim, "e")
    await asyncio.sleep(2.5)
    during = fleet_sim.stats.count("watch") - watches_before
    watchers = len(KINDS) + 3  # Flux kinds + CRDs, Events, Deployments
    # each watcher: one quiet immediate retry, then at most one attempt per Retry-After second
    assert during <= watchers * 5
    await converged(fleet_app, fleet_sim)


@pytest.mark.parametrize("clients", [50])
async def test_concurrent_clients_cause_no_cluster_requests(
    fleet_app: RunningApp, fleet_sim: KubeSim, clients: int, tmp_path: Path
) -> None:
    await asyncio.sleep(0.2)  # let every watch settle
    fleet_sim.stats.reset()
    paths = [
        "/api/v1/resources",
        "/api/v1/resources?kind=kustomizations&limit=3",
        "/api/v1/resources/kustomizations/flux-system/infra",
        "/api/v1/resources/helmreleases/apps/web",
        "/api/v1/summary",
        "/api/v1/events",
        "/api/v1/cluster",
    ]

    async def client(index: int) -> None:
        for step in range(len(paths)):
            response = await fleet_app.http.get(paths[(index + step) % len(paths)])
            assert response.status_code == 200

    await asyncio.gather(*(client(i) for i in range(clients)))
    counts = fleet_sim.stats.snapshot()
    assert not {
        k: v for k, v in counts.items() if k.split()[0] in ("list", "watch", "get")
    }
