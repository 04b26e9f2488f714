"""Blast radius over a small fleet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fluxdash.models.actions import ActionTarget
from fluxdash.models.kinds import kind_by_name
from fluxdash.services.action_plans import upstream_ids
from fluxdash.services.health import compute_health
from fluxdash.services.impact import HealthView, blast_radius, inventory_flux_children
from tests.unit.actions_fake_cluster import flux_object


class Fleet:
    def __init__(self, *objects: dict[str, Any]) -> None:
        self.objects = {
            f"{o['kind']}/{o['metadata']['namespace']}/{o['metadata']['name']}": o
            for o in objects
        }

    def raw(self, object_id: str) -> Mapping[str, Any] | None:
        return self.objects.get(object_id)

    def health(self, object_id: str) -> HealthView | None:
        raw = self.objects.get(object_id)
        if raw is None:
            return None
        result = compute_health(kind_by_name(raw["kind"]), raw)
        return HealthView(
            result.health,
            result.reason or "",
            result.message,
            raw["spec"].get("suspend") is True,
        )

    def dependents_of(self, object_id: str) -> Iterable[str]:
        # Coarse on purpose (like an index might be): every object that names the id.
        for oid, raw in self.objects.items():
            kind, ns, name = oid.split("/")
            if object_id in upstream_ids(kind, ns, name, raw):
                yield oid


def inventory(*ids: str) -> dict[str, Any]:
    return {"entries": [{"id": i, "v": "v1"} for i in ids]}


def fleet() -> Fleet:
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
    return Fleet(
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
    assert got == [
        (
            "Kustomization/flux-system/infra",
            "source",
            "GitRepository/flux-system/repo",
            1,
        ),
        (
            "Kustomization/flux-system/apps",
            "source",
            "GitRepository/flux-system/repo",
            1,
        ),
        ("HelmRelease/team/web", "inventory", "Kustomization/flux-system/infra", 2),
    ]
    assert report.total == 3
    assert report.failing == 1
    assert report.suspended == 1
    apps = report.items[1]
    assert (apps.health, apps.message) == ("Failed", "broken")


def test_depends_on_and_chart_and_provider_relations() -> None:
    fl = fleet()
    infra = blast_radius(ActionTarget.of("Kustomization", "flux-system", "infra"), fl)
    assert [(i.id, i.relation) for i in infra.items] == [
        ("Kustomization/flux-system/apps", "dependsOn"),
        ("HelmRelease/team/web", "inventory"),
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


def test_inventory_children_are_flux_objects_only() -> None:
    raw = {
        "status": {
            "inventory": inventory(
                "a_b_kustomize.toolkit.fluxcd.io_Kustomization",
                "a_b_apps_Deployment",
                "garbage",
                "a_b_example.com_Kustomization",
            )
        }
    }
    assert inventory_flux_children(raw) == ["Kustomization/a/b"]
