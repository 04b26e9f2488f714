"""The graph of kubesim's scenario fleets, fed through the real cache (rows, refs, health)."""

from __future__ import annotations

from functools import cache

from fluxdash.models.graph import EDGE_TYPES
from fluxdash.models.kinds import KINDS
from fluxdash.services.cache import FluxCache, KindState
from fluxdash.services.graph import (
    FluxGraph,
    analyse_graph,
    explain_blocked,
    select_graph,
)
from kubesim.scenarios import apply_scenario
from kubesim.store import Store


@cache
def _graph(scenario: str) -> FluxGraph:
    store = Store()
    apply_scenario(scenario, store)
    flux = FluxCache()
    flux.configure_kinds({i.plural: KindState(i.preferred_version) for i in KINDS})
    for info in KINDS:
        flux.replace_kind(info.plural, store.items(info.group, info.plural))
    return analyse_graph(flux.objects(), version=flux.version)


def test_demo_fleet_has_every_edge_type_and_no_dangling_reference() -> None:
    graph = _graph("demo")
    assert len(graph.nodes) == 65  # the demo's Flux objects, HelmCharts included
    # Workloads of inventories are kept aside for views that ask for them.
    assert "Deployment/apps/frontend" in graph.workloads["Kustomization/apps/frontend"]
    assert "Deployment/apps/frontend" not in graph.nodes
    assert {e["type"] for e in graph.edges} == set(EDGE_TYPES)
    assert not [i for i, n in graph.nodes.items() if n["missing"]]
    assert graph.cycles == []
    edges = {(e["source"], e["type"], e["target"]) for e in graph.edges}
    assert (
        "HelmRelease/apps/podinfo",
        "chart",
        "OCIRepository/apps/podinfo",
    ) in edges
    assert (
        "HelmRelease/apps/podinfo",
        "dependsOn",
        "HelmRelease/infrastructure/ingress-nginx",
    ) in edges
    assert (
        "Kustomization/flux-system/flux-system",
        "inventory",
        "Kustomization/flux-system/apps",
    ) in edges
    assert (
        "Kustomization/flux-system/platform-policies",
        "source",
        "ExternalArtifact/flux-system/platform-policies",
    ) in edges


def test_demo_fleet_root_causes_and_chains() -> None:
    graph = _graph("demo")
    roots = {r["id"]: r["blockedCount"] for r in graph.root_causes}
    assert roots == {
        "Kustomization/flux-system/infra-configs": 1,
        "GitRepository/team-b/team-b-repo": 1,
        "HelmRelease/infrastructure/kube-prometheus-stack": 0,
        "HelmRepository/team-b/team-b-charts": 0,
        "ImageUpdateAutomation/team-a/team-a-automation": 0,
        "Kustomization/team-a/team-a-apps": 0,
    }
    apps = explain_blocked(graph, "Kustomization/flux-system/apps")
    assert apps.blocked_by == ["Kustomization/flux-system/infra-configs"]
    assert apps.explanation is not None
    assert apps.explanation.startswith(
        "Kustomization flux-system/apps waits on Kustomization flux-system/infra-configs; "
        "Kustomization flux-system/infra-configs fails: health check failed after 4m30.024s"
    )
    # The failing repository keeps its last artifact: its Ready consumer is not blocked.
    assert graph.nodes["Kustomization/team-b/team-b-apps"]["blockedBy"] == []
    # Objects still progressing or suspended with healthy upstreams are not blocked either.
    assert graph.nodes["HelmRelease/infrastructure/loki"]["blockedBy"] == []
    assert graph.nodes["Kustomization/flux-system/legacy-manifests"]["blockedBy"] == []


def test_demo_namespace_view_keeps_cross_namespace_neighbours() -> None:
    view = select_graph(_graph("demo"), namespace="apps")
    primary = {n.id for n in view.nodes if not n.neighbour}
    neighbours = {n.id for n in view.nodes if n.neighbour}
    assert all(i.split("/")[1] == "apps" for i in primary)
    assert "HelmRelease/infrastructure/ingress-nginx" in neighbours
    assert all(e.source in primary | neighbours for e in view.edges)


def test_cycle_scenario_reports_the_loop_as_the_cause() -> None:
    graph = _graph("cycle")
    ring = [f"Kustomization/flux-system/cycle-{x}" for x in "abc"]
    assert graph.cycles == [ring]
    assert {r["id"] for r in graph.root_causes} == set(ring)
    assert graph.nodes["Kustomization/flux-system/chain-top"]["blockedBy"] == []
    explanation = explain_blocked(graph, ring[0]).explanation
    assert explanation is not None
    assert "(dependsOn cycle: Kustomization flux-system/cycle-a → " in explanation
