"""With-source chains and dependency order."""

from __future__ import annotations

import pytest

from fluxdash.services.action_errors import ActionNotSupported
from fluxdash.services.action_plans import (
    SourcePointer,
    dependency_order,
    source_pointer,
    upstream_ids,
)
from fluxdash.services.action_rules import RULES_BY_KIND


def test_kustomization_source_defaults_to_its_namespace() -> None:
    raw = {"spec": {"sourceRef": {"kind": "GitRepository", "name": "repo"}}}
    assert source_pointer(
        RULES_BY_KIND["Kustomization"], "apps", "ks", raw
    ) == SourcePointer("GitRepository", "apps", "repo", "source")


def test_kustomization_external_artifact_source_is_refused_like_the_cli() -> None:
    raw = {"spec": {"sourceRef": {"kind": "ExternalArtifact", "name": "gen"}}}
    with pytest.raises(
        ActionNotSupported, match="cannot reconcile source of kind ExternalArtifact"
    ):
        source_pointer(RULES_BY_KIND["Kustomization"], "apps", "ks", raw)


def test_helmrelease_chart_template_points_at_its_helmchart_in_the_source_namespace() -> (
    None
):
    raw = {
        "spec": {
            "chart": {
                "spec": {
                    "chart": "podinfo",
                    "sourceRef": {
                        "kind": "HelmRepository",
                        "name": "r",
                        "namespace": "flux-system",
                    },
                }
            }
        }
    }
    assert source_pointer(
        RULES_BY_KIND["HelmRelease"], "team", "web", raw
    ) == SourcePointer("HelmChart", "flux-system", "team-web", "chart")


def test_helmrelease_chart_ref() -> None:
    oci = {"spec": {"chartRef": {"kind": "OCIRepository", "name": "charts"}}}
    assert source_pointer(
        RULES_BY_KIND["HelmRelease"], "team", "web", oci
    ) == SourcePointer("OCIRepository", "team", "charts", "source")
    chart = {"spec": {"chartRef": {"kind": "HelmChart", "name": "c", "namespace": "x"}}}
    assert source_pointer(
        RULES_BY_KIND["HelmRelease"], "team", "web", chart
    ) == SourcePointer("HelmChart", "x", "c", "chart")
    external = {"spec": {"chartRef": {"kind": "ExternalArtifact", "name": "e"}}}
    with pytest.raises(ActionNotSupported, match="ExternalArtifact"):
        source_pointer(RULES_BY_KIND["HelmRelease"], "team", "web", external)


def test_helmchart_source_and_sources_have_none() -> None:
    raw = {"spec": {"sourceRef": {"kind": "HelmRepository", "name": "repo"}}}
    assert source_pointer(RULES_BY_KIND["HelmChart"], "ns", "c", raw) == SourcePointer(
        "HelmRepository", "ns", "repo", "source"
    )
    assert (
        source_pointer(RULES_BY_KIND["GitRepository"], "ns", "g", {"spec": {}}) is None
    )


def test_upstream_ids_cover_sources_charts_and_depends_on() -> None:
    ks = {
        "spec": {
            "sourceRef": {
                "kind": "GitRepository",
                "name": "repo",
                "namespace": "flux-system",
            },
            "dependsOn": [{"name": "infra"}, {"name": "crds", "namespace": "base"}],
        }
    }
    assert upstream_ids("Kustomization", "apps", "ks", ks) == [
        "GitRepository/flux-system/repo",
        "Kustomization/apps/infra",
        "Kustomization/base/crds",
    ]
    hr = {
        "spec": {
            "chart": {"spec": {"sourceRef": {"kind": "HelmRepository", "name": "r"}}},
            "dependsOn": [{"name": "db"}],
        }
    }
    assert upstream_ids("HelmRelease", "team", "web", hr) == [
        "HelmChart/team/team-web",
        "HelmRepository/team/r",
        "HelmRelease/team/db",
    ]


def test_dependency_order_is_stable_and_puts_dependencies_first() -> None:
    deps = {
        "app": ["infra", "repo"],
        "infra": ["repo"],
        "repo": [],
        "other": [],
        "late": ["app"],
    }
    items = ["late", "app", "other", "infra", "repo"]
    assert dependency_order(items, lambda i: i, lambda i: deps[i]) == [
        "other",
        "repo",
        "infra",
        "app",
        "late",
    ]


def test_dependency_order_ignores_outside_items_and_survives_cycles() -> None:
    deps = {"a": ["b", "missing"], "b": ["a"], "c": []}
    assert dependency_order(["a", "b", "c"], lambda i: i, lambda i: deps[i]) == [
        "c",
        "a",
        "b",
    ]
