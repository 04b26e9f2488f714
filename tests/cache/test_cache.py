"""FluxCache: rows parsed once, indexes, references, subscriptions, kinds and events."""

from __future__ import annotations

from typing import Any

import pytest

from fluxdash.services.cache import CacheChange, FluxCache, KindState, ObjectKey
from tests.cache import objects as o

ALL_V1 = {
    "gitrepositories": "v1",
    "kustomizations": "v1",
    "helmrepositories": "v1",
    "helmcharts": "v1",
    "helmreleases": "v2",
    "alerts": "v1beta3",
    "providers": "v1beta3",
}


def _cache() -> tuple[FluxCache, list[CacheChange]]:
    cache = FluxCache(event_capacity=5)
    cache.configure_kinds({p: KindState(v) for p, v in ALL_V1.items()})
    changes: list[CacheChange] = []
    cache.subscribe(changes.append)
    return cache, changes


def _fleet(cache: FluxCache) -> dict[str, dict[str, Any]]:
    objs = {
        "repo": o.git_repository("flux-system"),
        "infra": o.kustomization(
            "infra",
            inventory=[
                ("apps_podinfo_apps_Deployment", "v1"),
                ("apps_web_helm.toolkit.fluxcd.io_HelmRelease", "v2"),
                ("_apps__Namespace", "v1"),
            ],
        ),
        "apps": o.kustomization("apps", depends_on=["infra"]),
        "charts": o.helm_repository("charts"),
        "chart": o.helm_chart("apps-web", "flux-system", repo="charts"),
        "web": o.helm_release("web", "apps", repo="charts"),
    }
    cache.replace_kind("gitrepositories", [objs["repo"]])
    cache.replace_kind("kustomizations", [objs["infra"], objs["apps"]])
    cache.replace_kind("helmrepositories", [objs["charts"]])
    cache.replace_kind("helmcharts", [objs["chart"]])
    cache.replace_kind("helmreleases", [objs["web"]])
    return objs


def test_rows_by_kind_and_namespace_and_lookup() -> None:
    cache, _ = _cache()
    _fleet(cache)
    assert len(cache) == 6
    assert {r.id for r in cache.rows(["kustomizations"])} == {
        "Kustomization/flux-system/infra",
        "Kustomization/flux-system/apps",
    }
    assert [r.id for r in cache.rows(None, "apps")] == ["HelmRelease/apps/web"]
    assert cache.rows(["kustomizations"], "apps") == []
    found = cache.get("helmreleases", "apps", "web")
    assert found is not None
    assert found.row.health == "Ready"
    assert found.key == ObjectKey("helmreleases", "apps", "web")
    assert found.key.id == "HelmRelease/apps/web"
    assert cache.get_by_id("HelmRelease/apps/web") is found
    assert ObjectKey.from_id("HelmRelease/apps/web") == found.key
    assert ObjectKey.from_id("Deployment/apps/web") is None
    assert found.model is not None
    assert found.model.kind == "HelmRelease"
    assert cache.namespaces() == ["apps", "flux-system"]


def test_watch_events_upsert_delete_and_ignore_repeats() -> None:
    cache, changes = _cache()
    objs = _fleet(cache)
    version = cache.version
    changes.clear()
    # a repeated delivery of the same resourceVersion changes nothing
    assert cache.apply("kustomizations", "MODIFIED", objs["apps"]) is None
    assert cache.version == version
    failing = o.bump(objs["apps"])
    failing["status"]["conditions"] = [o.ready("False", "BuildFailed", "boom")]
    change = cache.apply("kustomizations", "MODIFIED", failing)
    assert change is not None
    assert [r.health for r in change.upserts] == ["Failed"]
    assert cache.version == version + 1
    deleted = cache.apply("kustomizations", "DELETED", failing)
    assert deleted is not None
    assert deleted.deletes == ["Kustomization/flux-system/apps"]
    assert cache.get("kustomizations", "flux-system", "apps") is None
    assert cache.apply("kustomizations", "DELETED", failing) is None
    assert changes == [change, deleted]
    assert not any(c.resync for c in changes)


def test_relist_keeps_unchanged_rebuilds_changed_and_drops_vanished() -> None:
    cache, changes = _cache()
    objs = _fleet(cache)
    before = cache.get("kustomizations", "flux-system", "infra")
    changes.clear()
    apps = o.bump(objs["apps"])
    apps["spec"]["suspend"] = True
    new = o.kustomization("extra")
    change = cache.replace_kind("kustomizations", [objs["infra"], apps, new])
    assert change.resync
    assert sorted(r.name for r in change.upserts) == ["apps", "extra"]
    assert change.deletes == []
    assert cache.get("kustomizations", "flux-system", "infra") is before  # not rebuilt
    assert cache.get("kustomizations", "flux-system", "apps").row.suspended  # type: ignore[union-attr]  # present: just listed
    change = cache.replace_kind("kustomizations", [new])
    assert sorted(change.deletes) == [
        "Kustomization/flux-system/apps",
        "Kustomization/flux-system/infra",
    ]
    assert [r.name for r in cache.rows(["kustomizations"])] == ["extra"]


def test_dependents_and_references() -> None:
    cache, _ = _cache()
    objs = _fleet(cache)
    assert cache.dependents_by_relation("GitRepository/flux-system/flux-system") == [
        ("source", "Kustomization/flux-system/apps"),
        ("source", "Kustomization/flux-system/infra"),
    ]
    assert cache.dependents_by_relation("Kustomization/flux-system/infra") == [
        ("inventory", "HelmRelease/apps/web"),
        ("dependsOn", "Kustomization/flux-system/apps"),
    ]
    assert cache.managers_of("HelmRelease/apps/web") == [
        "Kustomization/flux-system/infra"
    ]
    assert cache.dependents_of("HelmRepository/flux-system/charts") == [
        "HelmChart/flux-system/apps-web",
        "HelmRelease/apps/web",
    ]
    assert cache.dependents_by_relation("HelmChart/flux-system/apps-web") == [
        ("chart", "HelmRelease/apps/web")
    ]
    assert ("chart", "HelmChart/flux-system/apps-web") in cache.references_of(
        "HelmRelease/apps/web"
    )
    # moving a consumer to another source moves it in the index; deleting forgets it
    moved = o.bump(objs["apps"])
    moved["spec"]["sourceRef"]["name"] = "other"
    cache.apply("kustomizations", "MODIFIED", moved)
    assert cache.dependents_of("GitRepository/flux-system/flux-system") == [
        "Kustomization/flux-system/infra"
    ]
    assert cache.dependents_of("GitRepository/flux-system/other") == [
        "Kustomization/flux-system/apps"
    ]
    cache.apply("kustomizations", "DELETED", objs["infra"])
    assert cache.dependents_of("GitRepository/flux-system/flux-system") == []
    assert cache.managers_of("HelmRelease/apps/web") == []


def test_alert_health_follows_its_provider() -> None:
    cache, changes = _cache()
    cache.replace_kind("providers", [])
    cache.replace_kind("alerts", [o.alert("on-call", provider_name="slack")])
    alert_row = cache.get("alerts", "flux-system", "on-call").row  # type: ignore[union-attr]  # just listed
    assert alert_row.health == "Failed"
    assert "slack" in alert_row.message
    changes.clear()
    slack = o.provider("slack")
    change = cache.apply("providers", "ADDED", slack)
    assert change is not None
    assert {r.id: r.health for r in change.upserts} == {
        "Provider/flux-system/slack": "Ready",
        "Alert/flux-system/on-call": "Ready",
    }
    change = cache.apply("providers", "DELETED", slack)
    assert change is not None
    assert [r.health for r in change.upserts] == ["Failed"]


def test_kinds_appear_and_disappear_with_discovery() -> None:
    cache, changes = _cache()
    _fleet(cache)
    assert cache.synced is False  # alerts and providers were never listed
    cache.replace_kind("alerts", [])
    cache.replace_kind("providers", [])
    assert cache.synced
    changes.clear()
    states = {p: KindState(v) for p, v in ALL_V1.items() if p != "helmreleases"}
    cache.configure_kinds(states)
    assert changes[-1].deletes == ["HelmRelease/apps/web"]
    assert changes[-1].resync
    assert not cache.kinds_state["helmreleases"].available
    assert cache.rows(["helmreleases"]) == []
    assert cache.synced  # what remains is still synced
    # a new version of a kind must be listed again before the cache is synced
    states["kustomizations"] = KindState("v2")
    cache.configure_kinds(states)
    assert not cache.synced


def test_trouble_and_recovery() -> None:
    cache, _ = _cache()
    _fleet(cache)
    cache.replace_kind("alerts", [])
    cache.replace_kind("providers", [])
    seen: list[int] = []
    cache.subscribe_state(lambda: seen.append(1))
    cache.mark_trouble("kustomizations", "the Kubernetes API is unavailable")
    state = cache.kinds_state["kustomizations"]
    assert (state.synced, state.error) == (False, "the Kubernetes API is unavailable")
    assert not cache.synced
    assert len(cache.rows(["kustomizations"])) == 2  # stale, but still served
    cache.mark_live("kustomizations")
    assert cache.synced
    assert seen


def test_subscriber_failure_does_not_break_others() -> None:
    cache, changes = _cache()

    def broken(_: CacheChange) -> None:
        raise RuntimeError("bug")

    unsubscribe = cache.subscribe(broken)
    cache.replace_kind("gitrepositories", [o.git_repository("a")])
    assert changes
    unsubscribe()
    unsubscribe()  # idempotent


def test_memo_is_shared_until_the_next_change() -> None:
    cache, _ = _cache()
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    assert cache.memo("k", build) == 1
    assert cache.memo("k", build) == 1
    cache.replace_kind("gitrepositories", [o.git_repository("a")])
    assert cache.memo("k", build) == 2


def test_events_keep_only_flux_objects_newest_first_and_bounded() -> None:
    cache, _ = _cache()
    pushed: list[str] = []
    cache.subscribe_events(lambda e: pushed.append(e.id))
    cache.replace_events(
        [
            o.event(
                "e1",
                kind="Kustomization",
                object_name="apps",
                when="2026-01-01T00:01:00Z",
            ),
            o.event("e2", kind="Pod", object_name="p", when="2026-01-01T00:02:00Z"),
            o.event(
                "e3",
                kind="GitRepository",
                object_name="flux-system",
                type="Warning",
                when="2026-01-01T00:03:00Z",
            ),
        ]
    )
    assert [e.id for e in cache.recent_events()] == ["flux-system/e3", "flux-system/e1"]
    assert pushed == []  # a LIST is not news
    # an impostor with a Flux kind name but another group is not a Flux event
    assert (
        cache.apply_event(
            "ADDED",
            o.event(
                "e4",
                kind="Kustomization",
                object_name="x",
                api_version="example.com/v1",
            ),
        )
        is None
    )
    for i in range(5, 12):
        cache.apply_event(
            "ADDED",
            o.event(
                f"e{i}",
                kind="Kustomization",
                object_name="apps",
                when=f"2026-01-01T01:{i:02d}:00Z",
            ),
        )
    events = cache.recent_events(limit=100)
    assert len(events) == 5  # bounded
    assert [e.id for e in events] == [f"flux-system/e{i}" for i in range(11, 6, -1)]
    assert pushed == [f"flux-system/e{i}" for i in range(5, 12)]
    assert cache.recent_events(kind="gitrepositories") == []
    assert len(cache.recent_events(kind="kustomizations", name="apps", limit=2)) == 2
    assert cache.recent_events(type="warning") == []
    same = o.event(
        "e11", kind="Kustomization", object_name="apps", when="2026-01-01T01:11:00Z"
    )
    same["metadata"]["resourceVersion"] = "x"
    assert cache.apply_event("MODIFIED", same) is None  # nothing new to push


def test_workloads_keep_flux_labelled_deployments_only() -> None:
    cache, _ = _cache()
    cache.replace_workloads(
        [
            o.deployment(
                "podinfo", "apps", labels={"kustomize.toolkit.fluxcd.io/name": "infra"}
            ),
            o.deployment("random", "apps", labels={"app": "x"}),
            o.deployment(
                "source-controller",
                "flux-system",
                labels={
                    "app.kubernetes.io/part-of": "flux",
                    "app.kubernetes.io/version": "v2.9.4",
                },
                image="ghcr.io/fluxcd/source-controller:v1.9.4",
            ),
        ]
    )
    assert sorted(w.name for w in cache.workloads()) == ["podinfo", "source-controller"]
    podinfo = cache.workload("apps", "podinfo")
    assert podinfo is not None
    assert podinfo.summary == "1/1 ready"
    cache.apply_workload("DELETED", o.deployment("podinfo", "apps", labels={}))
    assert cache.workload("apps", "podinfo") is None


@pytest.mark.parametrize("bad", [{}, {"metadata": {"name": "x"}}, {"metadata": "nope"}])
def test_objects_without_identity_are_ignored(bad: dict[str, Any]) -> None:
    cache, _ = _cache()
    assert cache.apply("gitrepositories", "ADDED", bad) is None
    cache.replace_kind("gitrepositories", [bad])
    assert len(cache) == 0


def test_managed_fields_are_not_kept_and_models_parse_lazily() -> None:
    cache, _ = _cache()
    repo = o.git_repository("a")
    repo["metadata"]["managedFields"] = [
        {"manager": "kubectl", "fieldsV1": {"f:spec": {}}}
    ]
    cache.apply("gitrepositories", "ADDED", repo)
    held = cache.get("gitrepositories", "flux-system", "a")
    assert held is not None
    assert "managedFields" not in held.raw["metadata"]
    assert "managedFields" in repo["metadata"]  # the caller's object is untouched
    assert held._model is None  # not kept after building the row
    model = held.model
    assert model is not None
    assert held.model is model  # parsed once, then kept
