"""Blast radius over a small fleet."""

from __future__ import annotations

from typing import Any

from fluxdash.models.actions import ActionTarget
from fluxdash.services.action_cache import ActionCacheView
from fluxdash.services.cache import FluxCache
from fluxdash.services.impact import blast_radius
from tests.unit.actions_fake_cluster import FakeCluster, flux_object


def load(*objects: dict[str, Any]) -> ActionCacheView:
    cluster = FakeCluster()
    for obj in objects:
        cluster.add(obj)
    return ActionCacheView(cluster.attach_cache(FluxCache()))


def inventory(*ids: str) -> dict[str, Any]:
    return {"entries": [{"id": i, "v": "v1"} for i in ids]}


def fleet() -> ActionCacheView:
    infra = flux_object(
        "Kustomization",
        "flux-system",
        "infra",
        {"prune": True, "sourceRef": {"kind": "GitRepository", "name": "repo"}},
    )
    infra["status"]["inventory"] = inventory(
        "team_web_helm.toolkit.fluxcd.io_HelmRelease",
        "_team__Namespace",
        "team_web_apps_Deployment",
    )
    return load(
        flux_object("GitRepository", "flux-system", "repo", {"url": "https://git"}),
        infra,
        flux_object(
            "Kustomization",
            "flux-system",
            "apps",
            {
                "prune": True,
                "sourceRef": {"kind": "GitRepository", "name": "repo"},
                "dependsOn": [{"name": "infra"}],
            },
            ready=False,
        ),
        flux_object(
            "HelmRelease",
            "team",
            "web",
            {
                "chart": {
                    "spec": {
                        "chart": "web",
                        "sourceRef": {
                            "kind": "HelmRepository",
                            "name": "charts",
                            "namespace": "flux-system",
                        },
                    }
                }
            },
            suspend=True,
        ),
        flux_object(
            "HelmRepository", "flux-system", "charts", {"url": "https://charts"}
        ),
        flux_object("Provider", "flux-system", "slack", {"type": "slack"}),
        flux_object(
            "Alert",
            "flux-system",
            "all",
            {
                "providerRef": {"name": "slack"},
                "eventSources": [{"kind": "Kustomization", "name": "*"}],
            },
        ),
    )


def test_source_consumers_dependents_and_inventory_children_transitively() -> None:
    report = blast_radius(
        ActionTarget.of("GitRepository", "flux-system", "repo"), fleet()
    )
    got = [(i.id, i.relation, i.via, i.depth) for i in report.items]
    repo = "GitRepository/flux-system/repo"
    assert got == [
        ("Kustomization/flux-system/apps", "source", repo, 1),
        ("Kustomization/flux-system/infra", "source", repo, 1),
        ("HelmRelease/team/web", "inventory", "Kustomization/flux-system/infra", 2),
    ]
    assert report.total == 3
    assert report.failing == 1
    assert report.suspended == 1
    apps = report.items[0]
    assert (apps.health, apps.message) == ("Failed", "broken")


def test_depends_on_and_chart_and_provider_relations() -> None:
    fl = fleet()
    infra = blast_radius(ActionTarget.of("Kustomization", "flux-system", "infra"), fl)
    assert [(i.id, i.relation) for i in infra.items] == [
        ("HelmRelease/team/web", "inventory"),
        ("Kustomization/flux-system/apps", "dependsOn"),
    ]
    charts = blast_radius(
        ActionTarget.of("HelmRepository", "flux-system", "charts"), fl
    )
    assert [(i.id, i.relation) for i in charts.items] == [
        ("HelmRelease/team/web", "source")
    ]
    provider = blast_radius(ActionTarget.of("Provider", "flux-system", "slack"), fl)
    assert [(i.id, i.relation) for i in provider.items] == [
        ("Alert/flux-system/all", "provider")
    ]


def test_nothing_depends_on_a_leaf() -> None:
    report = blast_radius(ActionTarget.of("HelmRelease", "team", "web"), fleet())
    assert (report.items, report.total, report.failing) == ([], 0, 0)
