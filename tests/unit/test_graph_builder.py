"""The graph builder on hand-made fixtures: every edge type, placeholders, cycles, root causes
and the filters."""

from __future__ import annotations

import pytest

from fluxdash.errors import NotFound
from fluxdash.models.graph import EDGE_TYPES, GraphNode, GraphResponse
from fluxdash.models.views import Health
from fluxdash.services.graph import (
    analyse_graph,
    build_graph,
    explain_blocked,
    select_graph,
    select_payload,
)
from tests.unit.graph_fixtures import (
    Obj,
    alert,
    bucket,
    flux,
    git,
    helm_chart,
    helm_release,
    helm_repo,
    image_policy,
    image_repo,
    image_update,
    ks,
    oci,
    provider,
    receiver,
)

FS = "flux-system"
GIT = "GitRepository/flux-system/flux-system"


def _edges(graph: GraphResponse) -> set[tuple[str, str, str]]:
    return {(e.source, e.type, e.target) for e in graph.edges}


def _node(graph: GraphResponse, node_id: str) -> GraphNode:
    for node in graph.nodes:
        if node.id == node_id:
            return node
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
        ("Kustomization/flux-system/infra", "source", GIT),
        ("Kustomization/apps/apps", "source", GIT),
        ("Kustomization/apps/web", "source", GIT),
        ("Kustomization/apps/apps", "dependsOn", "Kustomization/flux-system/infra"),
        # dependsOn without a namespace means the object's own namespace
        ("Kustomization/apps/web", "dependsOn", "Kustomization/apps/apps"),
    }
    assert not any(n.missing for n in graph.nodes)


def test_helm_release_chart_edges_for_template_chart_ref_and_fallback() -> None:
    graph = build_graph(
        [
            helm_repo(FS, "podinfo"),
            # the HelmChart of a template is <hr-ns>-<hr-name> in the source's namespace
            helm_chart(FS, "apps-podinfo", source="podinfo"),
            helm_release("apps", "podinfo", source="podinfo", source_ns=FS),
            # HelmChart not created yet: the release points at the chart's source
            helm_release("apps", "fresh", source="podinfo", source_ns=FS),
            oci("apps", "charts"),
            helm_release(
                "apps", "by-ref", chart_ref={"kind": "OCIRepository", "name": "charts"}
            ),
            helm_chart("apps", "shared", source="podinfo-local"),
            helm_release(
                "apps", "by-chart", chart_ref={"kind": "HelmChart", "name": "shared"}
            ),
            helm_release(
                "apps", "gone-chart", chart_ref={"kind": "HelmChart", "name": "gone"}
            ),
        ]
    )
    assert _edges(graph) == {
        (
            "HelmChart/flux-system/apps-podinfo",
            "source",
            "HelmRepository/flux-system/podinfo",
        ),
        ("HelmRelease/apps/podinfo", "chart", "HelmChart/flux-system/apps-podinfo"),
        ("HelmRelease/apps/fresh", "source", "HelmRepository/flux-system/podinfo"),
        ("HelmRelease/apps/by-ref", "chart", "OCIRepository/apps/charts"),
        ("HelmChart/apps/shared", "source", "HelmRepository/apps/podinfo-local"),
        ("HelmRelease/apps/by-chart", "chart", "HelmChart/apps/shared"),
        ("HelmRelease/apps/gone-chart", "chart", "HelmChart/apps/gone"),
    }
    assert _node(graph, "HelmChart/apps/gone").missing
    assert _node(graph, "HelmRepository/apps/podinfo-local").missing


def test_inventory_edges_to_flux_objects_only() -> None:
    parent = ks(
        FS,
        "flux-system",
        inventory=[
            "_flux-system__Namespace",
            "flux-system_source-controller_apps_Deployment",
            "flux-system_infra_kustomize.toolkit.fluxcd.io_Kustomization",
            "flux-system_flux-system_source.toolkit.fluxcd.io_GitRepository",
            "flux-system_gone_source.toolkit.fluxcd.io_HelmRepository",
            # the same Kind name in another API group is not a Flux object
            "flux-system_lookalike_example.com_Kustomization",
            "not-an-id",
        ],
    )
    release = helm_release(
        "apps",
        "operator",
        inventory=["apps_podinfo_source.toolkit.fluxcd.io_OCIRepository"],
    )
    graph = build_graph(
        [
            git(FS, "flux-system"),
            parent,
            ks(FS, "infra"),
            release,
            oci("apps", "podinfo"),
        ]
    )
    inventory = {(s, t) for s, typ, t in _edges(graph) if typ == "inventory"}
    assert inventory == {
        ("Kustomization/flux-system/flux-system", "Kustomization/flux-system/infra"),
        ("Kustomization/flux-system/flux-system", GIT),
        ("Kustomization/flux-system/flux-system", "HelmRepository/flux-system/gone"),
        ("HelmRelease/apps/operator", "OCIRepository/apps/podinfo"),
    }
    assert _node(graph, "HelmRepository/flux-system/gone").missing


def test_workloads_of_inventories_are_optional_non_flux_nodes() -> None:
    fleet = [
        git(FS, "flux-system"),
        ks(
            "apps",
            "apps",
            source_ns=FS,
            inventory=[
                "apps_web_apps_Deployment",
                "apps_web_core_Service",
                "apps_db_apps_StatefulSet",
            ],
        ),
    ]
    plain = build_graph(fleet)
    assert "Deployment/apps/web" not in _ids(plain)
    states: dict[str, tuple[Health, str]] = {
        "Deployment/apps/web": ("Progressing", "1/3 ready")
    }
    with_workloads = build_graph(
        fleet, kinds=["kustomizations"], workloads=lambda i: states[i]
    )
    web = _node(with_workloads, "Deployment/apps/web")
    assert (web.flux, web.health, web.message, web.missing) == (
        False,
        "Progressing",
        "1/3 ready",
        False,
    )
    assert ("Kustomization/apps/apps", "inventory", "Deployment/apps/web") in _edges(
        with_workloads
    )
    assert _ids(with_workloads) == {"Kustomization/apps/apps", "Deployment/apps/web"}


def test_alert_provider_and_event_sources_exact_wildcard_and_labels() -> None:
    slack = alert(
        FS,
        "slack",
        provider_name="slack",
        sources=[
            {"kind": "GitRepository", "name": "flux-system"},
            {"kind": "Kustomization", "name": "*"},
            {
                "kind": "HelmRelease",
                "name": "*",
                "namespace": "apps",
                "matchLabels": {"team": "web"},
            },
        ],
    )
    graph = build_graph(
        [
            slack,
            provider(FS, "slack"),
            git(FS, "flux-system"),
            ks(FS, "infra"),
            ks(FS, "apps"),
            ks("apps", "elsewhere", source_ns=FS),
            helm_release("apps", "web", labels={"team": "web"}),
            helm_release("apps", "db", labels={"team": "db"}),
        ]
    )
    from_alert = {
        (t, typ) for s, typ, t in _edges(graph) if s == "Alert/flux-system/slack"
    }
    assert from_alert == {
        ("Provider/flux-system/slack", "provider"),
        (GIT, "alertSource"),
        ("Kustomization/flux-system/infra", "alertSource"),
        ("Kustomization/flux-system/apps", "alertSource"),
        ("HelmRelease/apps/web", "alertSource"),
    }


def test_receiver_targets_and_image_edges() -> None:
    graph = build_graph(
        [
            receiver(
                FS,
                "github",
                resources=[
                    {"kind": "GitRepository", "name": "flux-system"},
                    {
                        "kind": "GitRepository",
                        "name": "*",
                        "matchLabels": {"hook": "yes"},
                    },
                ],
            ),
            git(FS, "flux-system"),
            git(FS, "hooked", labels={"hook": "yes"}),
            git(FS, "quiet"),
            image_repo(FS, "podinfo"),
            image_policy(FS, "podinfo", repository="podinfo"),
            image_update(FS, "auto", source="flux-system"),
        ]
    )
    assert _edges(graph) == {
        ("Receiver/flux-system/github", "receiverTarget", GIT),
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
        ("ImageUpdateAutomation/flux-system/auto", "imageUpdateSource", GIT),
    }


def test_git_include_and_helm_chart_source_edges() -> None:
    app = flux(
        "GitRepository",
        FS,
        "app",
        spec={
            "url": "https://example.invalid/app",
            "interval": "1m",
            "include": [{"repository": {"name": "lib"}}],
        },
    )
    graph = build_graph(
        [
            app,
            git(FS, "lib"),
            bucket("apps", "b"),
            helm_chart("apps", "c", source="b", source_kind="Bucket"),
        ]
    )
    assert _edges(graph) == {
        ("GitRepository/flux-system/app", "source", "GitRepository/flux-system/lib"),
        ("HelmChart/apps/c", "source", "Bucket/apps/b"),
    }


def test_every_edge_type_is_produced_by_a_small_fleet() -> None:
    graph = build_graph(_fleet())
    assert {e.type for e in graph.edges} == set(EDGE_TYPES)
    assert not any(n.missing for n in graph.nodes)


# --- missing references -------------------------------------------------------------------


def test_missing_references_become_one_placeholder_each() -> None:
    graph = build_graph(
        [
            ks(FS, "a", source="gone", health="Failed", message="source not found"),
            ks(FS, "b", source="gone", depends_on=[{"name": "nope"}], health="Failed"),
            alert(FS, "al", provider_name="missing", sources=[], provider_exists=False),
        ]
    )
    placeholders = sorted(n.id for n in graph.nodes if n.missing)
    assert placeholders == [
        "GitRepository/flux-system/gone",
        "Kustomization/flux-system/nope",
        "Provider/flux-system/missing",
    ]
    gone = _node(graph, "GitRepository/flux-system/gone")
    assert (gone.health, gone.message, gone.root_cause) == (
        "Unknown",
        "not found",
        True,
    )
    assert gone.explanation == "GitRepository flux-system/gone does not exist"
    assert _node(graph, "Kustomization/flux-system/a").blocked_by == [
        "GitRepository/flux-system/gone"
    ]
    # The Alert fails because its Provider does not exist: the Provider is the cause.
    al = _node(graph, "Alert/flux-system/al")
    assert al.health == "Failed"
    assert al.blocked_by == ["Provider/flux-system/missing"]
    assert graph.stats.missing == 3


def test_malformed_specs_never_raise_and_make_no_edges() -> None:
    bad = [
        flux("Kustomization", FS, "a", spec={"sourceRef": "oops", "dependsOn": "x"}),
        flux(
            "HelmRelease", FS, "b", spec={"chart": {"spec": []}, "dependsOn": [1, None]}
        ),
        flux("Receiver", FS, "d", spec={"resources": {"kind": "x"}}),
        flux(
            "Kustomization",
            FS,
            "e",
            spec={},
            status={"inventory": {"entries": [{"id": 7}, "x", None]}},
        ),
        flux("GitRepository", FS, "f", spec={"include": [None, {"repository": 3}]}),
    ]
    bad.append(
        Obj(
            row=bad[0].row.model_copy(
                update={"id": "Alert/flux-system/c", "kind": "Alert"}
            ),
            raw={"spec": {"eventSources": [{"kind": 3}, "x"], "providerRef": None}},
        )
    )
    graph = build_graph(bad)
    assert graph.edges == []
    assert len(graph.nodes) == len(bad)


# --- cycles and root causes ----------------------------------------------------------------


def test_depends_on_cycle_is_reported_and_its_members_are_the_cause() -> None:
    def member(name: str, dep: str) -> Obj:
        return ks(
            FS,
            name,
            depends_on=[{"name": dep}],
            health="Failed",
            message=f"dependency '{FS}/{dep}' is not ready",
        )

    graph = build_graph(
        [
            git(FS, "flux-system"),
            member("a", "b"),
            member("b", "c"),
            member("c", "a"),
            member("d", "a"),
        ]
    )
    ring = [f"Kustomization/{FS}/{n}" for n in ("a", "b", "c")]
    assert graph.cycles == [ring]
    assert all(_node(graph, m).in_cycle for m in ring)
    assert not _node(graph, "Kustomization/flux-system/d").in_cycle
    assert {r.id for r in graph.root_causes} == set(ring)
    assert all(r.cycle == ring for r in graph.root_causes)
    assert _node(graph, "Kustomization/flux-system/d").explanation == (
        "Kustomization flux-system/d waits on Kustomization flux-system/a; "
        "Kustomization flux-system/a fails: dependency 'flux-system/b' is not ready "
        "(dependsOn cycle: Kustomization flux-system/a → Kustomization flux-system/b → "
        "Kustomization flux-system/c → Kustomization flux-system/a)"
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
        ks("apps", "ok", source="apps-repo"),
        git("apps", "apps-repo"),
    ]


def test_root_cause_chain_apps_waits_on_infra_which_fails_because_of_git() -> None:
    graph = build_graph(_chain_fleet())
    apps = _node(graph, "Kustomization/apps/apps")
    assert apps.blocked_by == ["Kustomization/flux-system/infra"]
    assert apps.root_cause is False
    assert apps.explanation == (
        "Kustomization apps/apps waits on Kustomization flux-system/infra; "
        "Kustomization flux-system/infra waits on GitRepository flux-system/flux-system; "
        "GitRepository flux-system/flux-system fails: authentication required"
    )
    assert _node(graph, "Kustomization/apps/web").blocked_by == [
        "Kustomization/apps/apps"
    ]
    assert _node(graph, "Kustomization/apps/ok").blocked_by == []
    root = _node(graph, GIT)
    assert root.root_cause is True
    assert root.explanation == (
        "GitRepository flux-system/flux-system fails: authentication required"
    )
    assert [(r.id, r.blocked_count) for r in graph.root_causes] == [(GIT, 3)]
    assert graph.root_causes[0].blocked == [
        "Kustomization/apps/apps",
        "Kustomization/apps/web",
        "Kustomization/flux-system/infra",
    ]


def test_suspended_and_progressing_upstreams_pass_the_failure_through() -> None:
    graph = build_graph(
        [
            git(FS, "flux-system", health="Failed", message="auth"),
            ks(FS, "paused", health="Suspended"),
            ks(FS, "child", depends_on=[{"name": "paused"}], health="Progressing"),
        ]
    )
    assert _node(graph, "Kustomization/flux-system/paused").blocked_by == [GIT]
    assert _node(graph, "Kustomization/flux-system/child").blocked_by == [GIT]


def test_explain_blocked_for_one_object() -> None:
    full = analyse_graph(_chain_fleet())
    answer = explain_blocked(full, "Kustomization/apps/web")
    assert answer.blocked_by == ["Kustomization/apps/apps"]
    assert answer.root_causes == [GIT]
    assert [link.id for link in answer.chain] == [
        "Kustomization/apps/web",
        "Kustomization/apps/apps",
        "Kustomization/flux-system/infra",
        GIT,
    ]
    assert answer.chain[-1].message == "authentication required"
    assert answer.explanation is not None
    assert answer.explanation.startswith(
        "Kustomization apps/web waits on Kustomization apps/apps;"
    )
    root = explain_blocked(full, GIT)
    assert (root.root_cause, root.root_causes) == (True, [GIT])
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
        GIT,
    }
    assert _node(graph, "Kustomization/flux-system/infra").neighbour
    assert _node(graph, GIT).neighbour
    assert not _node(graph, "Kustomization/apps/apps").neighbour
    # an edge between two neighbours is kept too
    assert ("Kustomization/flux-system/infra", "source", GIT) in _edges(graph)
    assert [r.id for r in graph.root_causes] == [GIT]
    assert (graph.stats.nodes, graph.stats.total_nodes) == (6, 6)


def test_kinds_filter_is_strict() -> None:
    graph = build_graph(_chain_fleet(), kinds=["gitrepositories"])
    assert _ids(graph) == {GIT, "GitRepository/apps/apps-repo"}
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
        GIT,
        "Kustomization/apps/apps",
    }
    two = select_graph(full, focus="Kustomization/flux-system/infra", depth=2)
    assert "Kustomization/apps/web" in {n.id for n in two.nodes if not n.neighbour}
    zero = select_graph(full, focus="Kustomization/apps/web", depth=0)
    # the focus alone, plus what it references and what blocks it, as neighbours
    assert {n.id for n in zero.nodes if not n.neighbour} == {"Kustomization/apps/web"}
    assert {n.id for n in zero.nodes if n.neighbour} == {
        "GitRepository/apps/apps-repo",
        "Kustomization/apps/apps",
        "Kustomization/flux-system/infra",
        GIT,
    }
    with pytest.raises(NotFound):
        select_graph(full, focus="Kustomization/apps/unknown")


def test_focus_on_a_placeholder_is_allowed() -> None:
    full = analyse_graph([ks(FS, "a", source="gone", health="Failed")])
    view = select_graph(full, focus="GitRepository/flux-system/gone", depth=1)
    assert _ids(view) == {
        "GitRepository/flux-system/gone",
        "Kustomization/flux-system/a",
    }


def test_output_is_sorted_deterministic_and_valid() -> None:
    forward = build_graph(_fleet())
    backward = build_graph(list(reversed(_fleet())))
    assert forward == backward
    assert [n.id for n in forward.nodes] == sorted(n.id for n in forward.nodes)
    assert len({e.id for e in forward.edges}) == len(forward.edges)


def test_payload_keys_are_exactly_the_model_fields() -> None:
    payload = select_payload(analyse_graph(_fleet()))
    aliases = {f.alias or name for name, f in GraphNode.model_fields.items()}
    assert all(set(node) == aliases for node in payload["nodes"])
    assert set(payload) == {
        f.alias or name for name, f in GraphResponse.model_fields.items()
    }


def _fleet() -> list[Obj]:
    return [
        *_chain_fleet(),
        helm_repo(FS, "podinfo"),
        helm_chart(FS, "apps-podinfo", source="podinfo"),
        helm_release("apps", "podinfo", source="podinfo", source_ns=FS),
        ks(
            FS,
            "root",
            inventory=["flux-system_infra_kustomize.toolkit.fluxcd.io_Kustomization"],
        ),
        provider(FS, "slack"),
        alert(
            FS,
            "slack",
            provider_name="slack",
            sources=[{"kind": "Kustomization", "name": "*"}],
        ),
        receiver(
            FS, "hook", resources=[{"kind": "GitRepository", "name": "flux-system"}]
        ),
        image_repo(FS, "img"),
        image_policy(FS, "img", repository="img"),
        image_update(FS, "auto", source="flux-system"),
    ]
