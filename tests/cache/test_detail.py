"""The detail view, assembled from the cache alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson
import pytest

from fluxdash.errors import NotFound
from fluxdash.services.cache import FluxCache, KindState
from fluxdash.services.detail import build_detail, next_reconcile_at
from tests.cache import objects as o


def _cache() -> FluxCache:
    cache = FluxCache()
    cache.configure_kinds(
        {
            "gitrepositories": KindState("v1"),
            "kustomizations": KindState("v1"),
            "helmrepositories": KindState("v1"),
            "helmcharts": KindState("v1"),
            "helmreleases": KindState("v2"),
            "providers": KindState("v1beta3"),
        }
    )
    cache.replace_kind("gitrepositories", [o.git_repository("flux-system")])
    cache.replace_kind(
        "kustomizations",
        [
            o.kustomization(
                "infra",
                inventory=[
                    ("apps_podinfo_apps_Deployment", "v1"),
                    ("apps_web_helm.toolkit.fluxcd.io_HelmRelease", "v2"),
                    ("apps_gone_helm.toolkit.fluxcd.io_HelmRelease", "v2"),
                    ("_apps__Namespace", "v1"),
                    ("broken-id", "v1"),
                ],
            ),
            o.kustomization("apps", depends_on=["infra", "missing"]),
        ],
    )
    cache.replace_kind("helmrepositories", [o.helm_repository("charts")])
    cache.replace_kind(
        "helmcharts", [o.helm_chart("apps-web", "flux-system", repo="charts")]
    )
    cache.replace_kind("helmreleases", [o.helm_release("web", "apps", repo="charts")])
    cache.replace_kind("providers", [o.provider("slack")])
    cache.replace_workloads(
        [
            o.deployment(
                "podinfo", "apps", labels={"kustomize.toolkit.fluxcd.io/name": "infra"}
            )
        ]
    )
    cache.replace_events(
        [
            o.event(
                "k1",
                kind="Kustomization",
                object_name="apps",
                when="2026-01-01T00:01:00Z",
            ),
            o.event(
                "g1",
                kind="GitRepository",
                object_name="flux-system",
                when="2026-01-01T00:02:00Z",
            ),
            o.event(
                "x1",
                kind="Kustomization",
                object_name="infra",
                when="2026-01-01T00:03:00Z",
            ),
            o.event(
                "h1",
                kind="HelmRepository",
                object_name="charts",
                when="2026-01-01T00:04:00Z",
            ),
            o.event(
                "c1",
                kind="HelmChart",
                object_name="apps-web",
                when="2026-01-01T00:05:00Z",
            ),
            o.event(
                "r1",
                kind="HelmRelease",
                object_name="web",
                namespace="apps",
                when="2026-01-01T00:06:00Z",
            ),
        ]
    )
    return cache


def test_kustomization_detail() -> None:
    cache = _cache()
    detail = build_detail(cache, "kustomizations", "flux-system", "apps")
    assert detail.row.id == "Kustomization/flux-system/apps"
    assert [c.type for c in detail.conditions] == ["Ready"]
    assert [e.id for e in detail.events] == [
        "flux-system/g1",
        "flux-system/k1",
    ]  # own + source
    assert detail.source is not None
    assert (detail.source.id, detail.source.health, detail.source.missing) == (
        "GitRepository/flux-system/flux-system",
        "Ready",
        False,
    )
    assert [(d.name, d.missing, d.health) for d in detail.depends_on] == [
        ("infra", False, "Ready"),
        ("missing", True, None),
    ]
    assert detail.resource is not None
    assert detail.resource.kind == "Kustomization"
    assert detail.next_reconcile_at is not None


def test_inventory_resolution_and_dependents() -> None:
    cache = _cache()
    detail = build_detail(cache, "kustomizations", "flux-system", "infra")
    assert detail.inventory is not None
    entries = {e.id: e for e in detail.inventory.entries}
    assert detail.inventory.total == 5
    assert detail.inventory.invalid == ["broken-id"]
    assert detail.inventory.flux_objects == 2
    assert entries["HelmRelease/apps/web"].flux
    assert entries["HelmRelease/apps/web"].health == "Ready"
    assert entries["HelmRelease/apps/gone"].missing is True
    assert entries["Deployment/apps/podinfo"].status == "1/1 ready"
    assert entries["Deployment/apps/podinfo"].ready is True
    assert entries["Namespace/apps"].flux is False
    assert [(d.relation, d.id) for d in detail.dependents] == [
        ("inventory", "HelmRelease/apps/gone"),
        ("inventory", "HelmRelease/apps/web"),
        ("dependsOn", "Kustomization/flux-system/apps"),
    ]
    assert [d.missing for d in detail.dependents] == [True, False, False]


def test_helm_release_detail_is_masked_and_has_history() -> None:
    cache = _cache()
    detail = build_detail(cache, "helmreleases", "apps", "web")
    body = orjson.dumps(detail.model_dump(mode="json", by_alias=True)).decode()
    assert "hunter2" not in body
    assert detail.manifest["spec"]["values"]["password"] == "****"  # type: ignore[index, call-overload]  # JSON
    assert [h.version for h in detail.history] == [2, 1]
    assert detail.history[0].chart_version == "6.5.0"
    assert detail.chart is not None
    assert detail.chart.id == "HelmChart/flux-system/apps-web"
    assert detail.source is not None
    assert detail.source.id == "HelmRepository/flux-system/charts"
    # events of the release, its chart and the chart's source
    assert [e.id for e in detail.events] == [
        "apps/r1",
        "flux-system/c1",
        "flux-system/h1",
    ]
    assert detail.managed_by[0].id == "Kustomization/flux-system/infra"


def test_provider_address_never_leaves() -> None:
    cache = _cache()
    detail = build_detail(cache, "providers", "flux-system", "slack")
    body = orjson.dumps(detail.model_dump(mode="json", by_alias=True)).decode()
    assert "SECRET" not in body
    assert detail.next_reconcile_at is None  # static: never reconciled on a timer


def test_missing_object_is_not_found() -> None:
    with pytest.raises(NotFound):
        build_detail(_cache(), "kustomizations", "flux-system", "nope")


def test_next_reconcile_rolls_forward_and_uses_retry_interval() -> None:
    cache = _cache()
    apps = cache.get("kustomizations", "flux-system", "apps")
    assert apps is not None
    now = datetime(2026, 1, 1, 0, 31, tzinfo=UTC)
    # last seen at 00:10 (Ready transition); interval 10m -> 00:20, 00:30, then 00:40
    assert next_reconcile_at(apps, now) == datetime(2026, 1, 1, 0, 40, tzinfo=UTC)
    failing = o.kustomization("bad", ok=False)
    failing["spec"]["retryInterval"] = "1m"
    cache.apply("kustomizations", "ADDED", failing)
    bad = cache.get("kustomizations", "flux-system", "bad")
    assert bad is not None
    moment = next_reconcile_at(bad, now)
    assert moment is not None
    assert timedelta(0) < moment - now <= timedelta(minutes=1)
    suspended = o.kustomization("off", suspend=True)
    cache.apply("kustomizations", "ADDED", suspended)
    off = cache.get("kustomizations", "flux-system", "off")
    assert off is not None
    assert next_reconcile_at(off, now) is None
