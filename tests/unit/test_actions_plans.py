"""With-source chains and dependency order."""

from __future__ import annotations

from typing import Any

import pytest

from fluxdash.models.kinds import kind_by_name
from fluxdash.services.action_errors import ActionNotSupported
from fluxdash.services.action_plans import (
    SourcePointer,
    dependency_order,
    source_pointer,
    upstream_ids,
)

_REQUIRED: dict[str, dict[str, Any]] = {
    "Kustomization": {"interval": "10m", "prune": True},
    "HelmRelease": {"interval": "10m"},
    "HelmChart": {"interval": "10m", "chart": "web"},
}


def obj(
    kind: str, ns: str, name: str, **spec: Any
) -> tuple[str, str, str, dict[str, Any]]:
    raw = {
        "kind": kind,
        "metadata": {"name": name, "namespace": ns},
        "spec": {**_REQUIRED.get(kind, {}), **spec},
    }
    return kind, ns, name, raw


def pointer(kind: str, ns: str, name: str, raw: dict[str, Any]) -> SourcePointer | None:
    return source_pointer(kind_by_name(kind), ns, name, raw)


def test_kustomization_source_defaults_to_its_namespace() -> None:
    ks = obj(
        "Kustomization",
        "apps",
        "ks",
        sourceRef={"kind": "GitRepository", "name": "repo"},
    )
    assert pointer(*ks) == SourcePointer("GitRepository", "apps", "repo", "source")


def test_kustomization_external_artifact_source_is_refused_like_the_cli() -> None:
    ks = obj(
        "Kustomization",
        "apps",
        "ks",
        sourceRef={"kind": "ExternalArtifact", "name": "gen"},
    )
    with pytest.raises(
        ActionNotSupported, match="cannot reconcile source of kind ExternalArtifact"
    ):
        pointer(*ks)


def test_helmrelease_chart_template_points_at_its_helmchart_in_the_source_namespace() -> (
    None
):
    source_ref = {"kind": "HelmRepository", "name": "r", "namespace": "flux-system"}
    hr = obj(
        "HelmRelease",
        "team",
        "web",
        chart={"spec": {"chart": "podinfo", "sourceRef": source_ref}},
    )
    assert pointer(*hr) == SourcePointer(
        "HelmChart", "flux-system", "team-web", "chart"
    )


def test_helmrelease_chart_ref() -> None:
    oci = obj(
        "HelmRelease",
        "team",
        "web",
        chartRef={"kind": "OCIRepository", "name": "charts"},
    )
    assert pointer(*oci) == SourcePointer("OCIRepository", "team", "charts", "source")
    chart = obj(
        "HelmRelease",
        "team",
        "web",
        chartRef={"kind": "HelmChart", "name": "c", "namespace": "x"},
    )
    assert pointer(*chart) == SourcePointer("HelmChart", "x", "c", "chart")
    external = obj(
        "HelmRelease", "team", "web", chartRef={"kind": "ExternalArtifact", "name": "e"}
    )
    with pytest.raises(ActionNotSupported, match="ExternalArtifact"):
        pointer(*external)


def test_helmchart_source_and_sources_have_none() -> None:
    chart = obj(
        "HelmChart", "ns", "c", sourceRef={"kind": "HelmRepository", "name": "repo"}
    )
    assert pointer(*chart) == SourcePointer("HelmRepository", "ns", "repo", "source")
    assert (
        pointer(*obj("GitRepository", "ns", "g", url="https://x", interval="1m"))
        is None
    )


def test_upstream_ids_cover_sources_charts_and_depends_on() -> None:
    ks = obj(
        "Kustomization",
        "apps",
        "ks",
        sourceRef={"kind": "GitRepository", "name": "repo", "namespace": "flux-system"},
        dependsOn=[{"name": "infra"}, {"name": "crds", "namespace": "base"}],
    )
    assert upstream_ids(*ks) == [
        "GitRepository/flux-system/repo",
        "Kustomization/apps/infra",
        "Kustomization/base/crds",
    ]
    hr = obj(
        "HelmRelease",
        "team",
        "web",
        chart={
            "spec": {
                "chart": "web",
                "sourceRef": {"kind": "HelmRepository", "name": "r"},
            }
        },
        dependsOn=[{"name": "db"}],
    )
    assert upstream_ids(*hr) == [
        "HelmChart/team/team-web",
        "HelmRepository/team/r",
        "HelmRelease/team/db",
    ]
    assert upstream_ids("Kustomization", "apps", "broken", {"spec": "nonsense"}) == []


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
