"""The graph builder on hand-made fixtures: every edge type, placeholders, cycles, root causes
and the filters."""

from __future__ import annotations

import pytest

from fluxdash.errors import NotFound
from fluxdash.models.graph import EDGE_TYPES, GraphResponse
from fluxdash.services.graph import (
    analyse_graph,
    build_graph,
    explain_blocked,
    select_graph,
)
from tests.unit.graph_fixtures import Obj, flux, git, ks

FS = "flux-system"


def _edges(graph: GraphResponse) -> set[tuple[str, str, str]]:
    return {(e.source, e.type, e.target) for e in graph.edges}


def _node(graph: GraphResponse, node_id: str) -> dict[str, object]:
    for node in graph.nodes:
        if node.id == node_id:
            return node.model_dump(by_alias=False)
    raise AssertionError(f"{node_id} not in graph")


def _ids(graph: GraphResponse) -> set[str]:
    return {n.id for n in graph.nodes}


# --- edge types -------------------------------------------------------------------------


def test_kustomization_source_and_depends_on_edges() -> None:
    graph = build_graph(
        [
            git(FS, "flux-system"),
            ks(FS, "infra"),
            ks(
                "apps",
                "apps",
                source_ns=FS,
                depends_on=[{"name": "infra", "namespace": FS}],
            ),
            ks("apps", "web", source_ns=FS, depends_on=[{"name": "apps"}]),
        ]
    )
    assert _edges(graph) == {
        (
            "Kustomization/flux-system/infra",
            "source",
            "GitRepository/flux-system/flux-system",
        ),
        ("Kustomization/apps/apps", "source", "GitRepository/flux-system/flux-system"),
        ("Kustomization/apps/web", "source", "GitRepository/flux-system/flux-system"),
        ("Kustomization/apps/apps", "dependsOn", "Kustomization/flux-system/infra"),
        # dependsOn without a namespace means the object's own namespace
        ("Kustomization/apps/web", "dependsOn", "Kustomization/apps/apps"),
    }
    assert not any(n.missing for n in graph.nodes)


def test_helm_release_chart_edges_for_template_chart_ref_and_fallback() -> None:
    repo = flux(
        "HelmRepository", FS, "podinfo", spec={"url": "https://x", "interval": "1h"}
    )
    chart = flux(
        "HelmChart",
        FS,
        "apps-podinfo",
        spec={
            "chart": "podinfo",
            "sourceRef": {"kind": "HelmRepository", "name": "podinfo"},
        },
    )
    template = {
        "chart": {
            "spec": {
                "chart": "podinfo",
                "sourceRef": {
                    "kind": "HelmRepository",
                    "name": "podinfo",
                    "namespace": FS,
                },
            }
        },
        "interval": "5m",
    }
    # HelmChart named <hr-ns>-<hr-name> in the source's namespace
    hr = flux("HelmRelease", "apps", "podinfo", spec=template)
    # status.helmChart wins over the computed name
    recorded = flux(
        "HelmRelease",
        "apps",
        "recorded",
        spec=template,
        status={"helmChart": f"{FS}/apps-podinfo"},
    )
    # HelmChart not created yet: point at the chart's source instead
    fresh = flux("HelmRelease", "apps", "fresh", spec=template)
    oci = flux(
        "OCIRepository", "apps", "charts", spec={"url": "oci://x", "interval": "1m"}
    )
    by_ref = flux(
        "HelmRelease",
        "apps",
        "by-ref",
        spec={
            "chartRef": {"kind": "OCIRepository", "name": "charts"},
            "interval": "5m",
        },
    )
    graph = build_graph([repo, chart, hr, recorded, fresh, oci, by_ref])
    assert _edges(graph) == {
        (
            "HelmChart/flux-system/apps-podinfo",
            "source",
            "HelmRepository/flux-system/podinfo",
        ),
        ("HelmRelease/apps/podinfo", "chart", "HelmChart/flux-system/apps-podinfo"),
        ("HelmRelease/apps/recorded", "chart", "HelmChart/flux-system/apps-podinfo"),
        ("HelmRelease/apps/fresh", "source", "HelmRepository/flux-system/podinfo"),
        ("HelmRelease/apps/by-ref", "chart", "OCIRepository/apps/charts"),
    }


def test_inventory_edges_to_flux_objects_only() -> None:
    parent = ks(
        FS,
        "flux-system",
        source="flux-system",
        inventory=[
            "_flux-system__Namespace",
            "flux-system_source-controller_apps_Deployment",
            "flux-system_infra_kustomize.toolkit.fluxcd.io_Kustomization",
            "flux-system_flux-system_source.toolkit.fluxcd.io_GitRepository",
            "flux-system_gone_source.toolkit.fluxcd.io_HelmRepository",
            # same Kind name in another API group is not a Flux object
            "flux-system_lookalike_example.com_Kustomization",
            "not-an-id",
        ],
    )
    graph = build_graph([git(FS, "flux-system"), parent, ks(FS, "infra")])
    inventory = {(s, t) for s, typ, t in _edges(graph) if typ == "inventory"}
    assert inventory == {
        ("Kustomization/flux-system/flux-system", "Kustomization/flux-system/infra"),
        (
            "Kustomization/flux-system/flux-system",
            "GitRepository/flux-system/flux-system",
        ),
        ("Kustomization/flux-system/flux-system", "HelmRepository/flux-system/gone"),
    }
    assert _node(graph, "HelmRepository/flux-system/gone")["missing"] is True


def test_alert_provider_and_event_sources_exact_wildcard_and_labels() -> None:
    alert = flux(
        "Alert",
        FS,
        "slack",
        spec={
            "providerRef": {"name": "slack"},
            "eventSources": [
                {"kind": "GitRepository", "name": "flux-system"},
                {"kind": "Kustomization", "name": "*"},
                {
                    "kind": "HelmRelease",
                    "name": "*",
                    "namespace": "apps",
                    "matchLabels": {"team": "web"},
                },
            ],
        },
    )
    graph = build_graph(
        [
            alert,
            flux("Provider", FS, "slack", spec={"type": "slack"}),
            git(FS, "flux-system"),
            ks(FS, "infra"),
            ks(FS, "apps"),
            ks("apps", "elsewhere", source_ns=FS),
            flux(
                "HelmRelease",
                "apps",
                "web",
                labels={"team": "web"},
                spec={"chartRef": {"kind": "OCIRepository", "name": "c"}},
            ),
            flux(
                "HelmRelease",
                "apps",
                "db",
                labels={"team": "db"},
                spec={"chartRef": {"kind": "OCIRepository", "name": "c"}},
            ),
        ]
    )
    from_alert = {
        (t, typ) for s, typ, t in _edges(graph) if s == "Alert/flux-system/slack"
    }
    assert from_alert == {
        ("Provider/flux-system/slack", "provider"),
        ("GitRepository/flux-system/flux-system", "alertSource"),
        ("Kustomization/flux-system/infra", "alertSource"),
        ("Kustomization/flux-system/apps", "alertSource"),
        ("HelmRelease/apps/web", "alertSource"),
    }


def test_receiver_targets_and_image_edges() -> None:
    receiver = flux(
        "Receiver",
        FS,
        "github",
        spec={
            "type": "github",
            "resources": [
                {"kind": "GitRepository", "name": "flux-system"},
                {"kind": "GitRepository", "name": "*", "matchLabels": {"hook": "yes"}},
            ],
        },
    )
    graph = build_graph(
        [
            receiver,
            git(FS, "flux-system"),
            git(FS, "hooked", labels={"hook": "yes"}),
            git(FS, "quiet"),
            flux(
                "ImageRepository", FS, "podinfo", spec={"image": "x", "interval": "1m"}
            ),
            flux(
                "ImagePolicy",
                FS,
                "podinfo",
                spec={"imageRepositoryRef": {"name": "podinfo"}, "policy": {}},
            ),
            flux(
                "ImageUpdateAutomation",
                FS,
                "auto",
                spec={"sourceRef": {"name": "flux-system"}, "interval": "1m"},
            ),
        ]
    )
    assert _edges(graph) == {
        (
            "Receiver/flux-system/github",
            "receiverTarget",
            "GitRepository/flux-system/flux-system",
        ),
        (
            "Receiver/flux-system/github",
            "receiverTarget",
            "GitRepository/flux-system/hooked",
        ),
        (
            "ImagePolicy/flux-system/podinfo",
            "imageRepository",
            "ImageRepository/flux-system/podinfo",
        ),
        (
            "ImageUpdateAutomation/flux-system/auto",
            "imageUpdateSource",
            "GitRepository/flux-system/flux-system",
        ),
    }


def test_git_include_and_helm_chart_source_edges() -> None:
    graph = build_graph(
        [
            flux(
                "GitRepository",
                FS,
                "app",
                spec={"include": [{"repository": {"name": "lib"}}]},
            ),
            git(FS, "lib"),
            flux("Bucket", "apps", "b", spec={}),
            # HelmChart sources are always in the chart's namespace
            flux(
                "HelmChart",
                "apps",
                "c",
                spec={
                    "sourceRef": {"kind": "Bucket", "name": "b", "namespace": "other"}
                },
            ),
        ]
    )
    assert _edges(graph) == {
        ("GitRepository/flux-system/app", "source", "GitRepository/flux-system/lib"),
        ("HelmChart/apps/c", "source", "Bucket/apps/b"),
    }


def test_every_edge_type_is_produced_by_the_demo_like_fixture() -> None:
    graph = build_graph(_fleet())
    assert {e.type for e in graph.edges} == set(EDGE_TYPES)


# --- missing references -------------------------------------------------------------------


def test_missing_references_become_one_placeholder_each() -> None:
    graph = build_graph(
        [
            ks(FS, "a", source="gone", health="Failed", message="source not found"),
            ks(FS, "b", source="gone", depends_on=[{"name": "nope"}], health="Failed"),
            flux(
                "Alert",
                FS,
                "al",
                spec={"providerRef": {"name": "missing"}, "eventSources": []},
                health="Failed",
            ),
        ]
    )
    placeholders = [n for n in graph.nodes if n.missing]
    assert sorted(n.id for n in placeholders) == [
        "GitRepository/flux-system/gone",
        "Kustomization/flux-system/nope",
        "Provider/flux-system/missing",
    ]
    gone = _node(graph, "GitRepository/flux-system/gone")
    assert gone["health"] == "Unknown"
    assert gone["message"] == "not found"
    assert gone["root_cause"] is True
    assert _node(graph, "Kustomization/flux-system/a")["blocked_by"] == [
        "GitRepository/flux-system/gone"
    ]
    # the Alert is blocked by its missing Provider, which is the root cause
    assert _node(graph, "Alert/flux-system/al")["blocked_by"] == [
        "Provider/flux-system/missing"
    ]
    assert graph.stats.missing == 3


def test_malformed_specs_never_raise_and_make_no_edges() -> None:
    bad = [
        flux("Kustomization", FS, "a", spec={"sourceRef": "oops", "dependsOn": "x"}),
        flux(
            "HelmRelease", FS, "b", spec={"chart": {"spec": []}, "dependsOn": [1, None]}
        ),
        flux(
            "Alert", FS, "c", spec={"eventSources": [{"kind": 3}], "providerRef": None}
        ),
        flux("Receiver", FS, "d", spec={"resources": {"kind": "x"}}),
        flux(
            "Kustomization",
            FS,
            "e",
            spec={},
            status={"inventory": {"entries": [{"id": 7}]}},
        ),
    ]
    graph = build_graph(bad)
    assert graph.edges == []
    assert len(graph.nodes) == 5


# --- cycles and root causes ----------------------------------------------------------------


def test_depends_on_cycle_is_reported_and_its_members_are_the_cause() -> None:
    fleet = [
        git(FS, "flux-system"),
        ks(
            FS,
            "a",
            depends_on=[{"name": "b"}],
            health="Failed",
            message="dependency 'b' is not ready",
        ),
        ks(
            FS,
            "b",
            depends_on=[{"name": "c"}],
            health="Failed",
            message="dependency 'c' is not ready",
        ),
        ks(
            FS,
            "c",
            depends_on=[{"name": "a"}],
            health="Failed",
            message="dependency 'a' is not ready",
        ),
        ks(
            FS,
            "d",
            depends_on=[{"name": "a"}],
            health="Failed",
            message="dependency 'a' is not ready",
        ),
    ]
    graph = build_graph(fleet)
    ring = [
        "Kustomization/flux-system/a",
        "Kustomization/flux-system/b",
        "Kustomization/flux-system/c",
    ]
    assert graph.cycles == [ring]
    assert all(_node(graph, member)["in_cycle"] for member in ring)
    assert not _node(graph, "Kustomization/flux-system/d")["in_cycle"]
    assert {r.id for r in graph.root_causes} == set(ring)
    assert all(r.cycle == ring for r in graph.root_causes)
    explanation = _node(graph, "Kustomization/flux-system/d")["explanation"]
    assert isinstance(explanation, str)
    assert explanation.startswith(
        "Kustomization flux-system/d waits on Kustomization flux-system/a; "
        "Kustomization flux-system/a fails: dependency 'b' is not ready (dependsOn cycle: "
    )


def _chain_fleet() -> list[Obj]:
    return [
        git(FS, "flux-system", health="Failed", message="authentication required"),
        ks(FS, "infra", health="Failed", message="Source artifact not found"),
        ks(
            "apps",
            "apps",
            source="apps-repo",
            depends_on=[{"name": "infra", "namespace": FS}],
            health="Failed",
            message="dependency 'flux-system/infra' is not ready",
        ),
        ks(
            "apps",
            "web",
            source="apps-repo",
            depends_on=[{"name": "apps"}],
            health="Progressing",
        ),
        ks("apps", "ok", source="apps-repo", source_ns="apps"),
        git("apps", "apps-repo"),
    ]


def test_root_cause_chain_reads_apps_waits_on_infra_which_fails_because_of_git() -> (
    None
):
    graph = build_graph(_chain_fleet())
    apps = _node(graph, "Kustomization/apps/apps")
    assert apps["blocked_by"] == ["Kustomization/flux-system/infra"]
    assert apps["root_cause"] is False
    assert apps["explanation"] == (
        "Kustomization apps/apps waits on Kustomization flux-system/infra; "
        "Kustomization flux-system/infra waits on GitRepository flux-system/flux-system; "
        "GitRepository flux-system/flux-system fails: authentication required"
    )
    assert _node(graph, "Kustomization/apps/web")["blocked_by"] == [
        "Kustomization/apps/apps"
    ]
    assert _node(graph, "Kustomization/apps/ok")["blocked_by"] == []
    root = _node(graph, "GitRepository/flux-system/flux-system")
    assert root["root_cause"] is True
    assert root["explanation"] == (
        "GitRepository flux-system/flux-system fails: authentication required"
    )
    assert [(r.id, r.blocked_count) for r in graph.root_causes] == [
        ("GitRepository/flux-system/flux-system", 3)
    ]
    assert graph.root_causes[0].blocked == [
        "Kustomization/apps/apps",
        "Kustomization/apps/web",
        "Kustomization/flux-system/infra",
    ]


def test_explain_blocked_for_one_object() -> None:
    full = analyse_graph(_chain_fleet())
    answer = explain_blocked(full, "Kustomization/apps/web")
    assert answer.blocked_by == ["Kustomization/apps/apps"]
    assert answer.root_causes == ["GitRepository/flux-system/flux-system"]
    assert [link.id for link in answer.chain] == [
        "Kustomization/apps/web",
        "Kustomization/apps/apps",
        "Kustomization/flux-system/infra",
        "GitRepository/flux-system/flux-system",
    ]
    assert answer.chain[-1].message == "authentication required"
    assert answer.explanation is not None
    assert answer.explanation.startswith(
        "Kustomization apps/web waits on Kustomization apps/apps;"
    )
    root = explain_blocked(full, "GitRepository/flux-system/flux-system")
    assert root.root_cause is True
    assert root.root_causes == ["GitRepository/flux-system/flux-system"]
    ready = explain_blocked(full, "Kustomization/apps/ok")
    assert (ready.blocked_by, ready.root_causes, ready.explanation) == ([], [], None)
    with pytest.raises(NotFound):
        explain_blocked(full, "Kustomization/apps/nope")


# --- filters -------------------------------------------------------------------------------


def test_namespace_filter_keeps_referenced_and_blocking_neighbours_marked() -> None:
    graph = build_graph(_chain_fleet(), namespace="apps")
    assert _ids(graph) == {
        "Kustomization/apps/apps",
        "Kustomization/apps/web",
        "Kustomization/apps/ok",
        "GitRepository/apps/apps-repo",
        "Kustomization/flux-system/infra",
        "GitRepository/flux-system/flux-system",
    }
    assert _node(graph, "Kustomization/flux-system/infra")["neighbour"] is True
    assert _node(graph, "GitRepository/flux-system/flux-system")["neighbour"] is True
    assert _node(graph, "Kustomization/apps/apps")["neighbour"] is False
    # an edge between two flux-system neighbours is kept too
    assert (
        "Kustomization/flux-system/infra",
        "source",
        "GitRepository/flux-system/flux-system",
    ) in _edges(graph)
    assert [r.id for r in graph.root_causes] == [
        "GitRepository/flux-system/flux-system"
    ]
    assert graph.stats.total_nodes == 6


def test_kinds_filter_is_strict() -> None:
    graph = build_graph(_chain_fleet(), kinds=["gitrepositories"])
    assert _ids(graph) == {
        "GitRepository/flux-system/flux-system",
        "GitRepository/apps/apps-repo",
    }
    assert graph.edges == []


def test_edge_type_filter_drops_edges_and_the_placeholders_they_needed() -> None:
    fleet = [*_chain_fleet(), ks(FS, "x", depends_on=[{"name": "gone"}])]
    graph = build_graph(fleet, edge_types=["source"])
    assert {e.type for e in graph.edges} == {"source"}
    assert "Kustomization/flux-system/gone" not in _ids(graph)
    with_deps = build_graph(fleet, edge_types=["dependsOn"])
    assert "Kustomization/flux-system/gone" in _ids(with_deps)


def test_focus_and_depth_follow_edges_both_ways() -> None:
    full = analyse_graph(_chain_fleet())
    one = select_graph(full, focus="Kustomization/flux-system/infra", depth=1)
    assert {n.id for n in one.nodes if not n.neighbour} == {
        "Kustomization/flux-system/infra",
        "GitRepository/flux-system/flux-system",
        "Kustomization/apps/apps",
    }
    two = select_graph(full, focus="Kustomization/flux-system/infra", depth=2)
    assert {n.id for n in two.nodes if not n.neighbour} >= {
        "Kustomization/apps/web",  # apps -> infra, web -> apps
    }
    zero = select_graph(full, focus="Kustomization/apps/web", depth=0)
    # the focus alone, plus what it references and what blocks it, as neighbours
    assert {n.id for n in zero.nodes if not n.neighbour} == {"Kustomization/apps/web"}
    assert {n.id for n in zero.nodes if n.neighbour} == {
        "GitRepository/apps/apps-repo",
        "Kustomization/apps/apps",
        "GitRepository/flux-system/flux-system",
        "Kustomization/flux-system/infra",
    }
    with pytest.raises(NotFound):
        select_graph(full, focus="Kustomization/apps/unknown")


def test_output_is_sorted_and_deterministic() -> None:
    forward = build_graph(_fleet())
    backward = build_graph(list(reversed(_fleet())))
    assert forward == backward
    assert [n.id for n in forward.nodes] == sorted(n.id for n in forward.nodes)


def _fleet() -> list[Obj]:
    return [
        *_chain_fleet(),
        flux("HelmRepository", FS, "podinfo", spec={"url": "https://x"}),
        flux(
            "HelmChart",
            FS,
            "apps-podinfo",
            spec={"sourceRef": {"kind": "HelmRepository", "name": "podinfo"}},
        ),
        flux(
            "HelmRelease",
            "apps",
            "podinfo",
            spec={
                "chart": {
                    "spec": {
                        "chart": "podinfo",
                        "sourceRef": {
                            "kind": "HelmRepository",
                            "name": "podinfo",
                            "namespace": FS,
                        },
                    }
                }
            },
        ),
        ks(
            FS,
            "root",
            inventory=["flux-system_infra_kustomize.toolkit.fluxcd.io_Kustomization"],
        ),
        flux("Provider", FS, "slack", spec={"type": "slack"}),
        flux(
            "Alert",
            FS,
            "slack",
            spec={
                "providerRef": {"name": "slack"},
                "eventSources": [{"kind": "Kustomization", "name": "*"}],
            },
        ),
        flux(
            "Receiver",
            FS,
            "hook",
            spec={"resources": [{"kind": "GitRepository", "name": "flux-system"}]},
        ),
        flux("ImageRepository", FS, "img", spec={"image": "x"}),
        flux("ImagePolicy", FS, "img", spec={"imageRepositoryRef": {"name": "img"}}),
        flux(
            "ImageUpdateAutomation",
            FS,
            "auto",
            spec={"sourceRef": {"name": "flux-system"}},
        ),
    ]
