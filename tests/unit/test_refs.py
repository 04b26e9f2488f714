from __future__ import annotations

from typing import Any

from fluxdash.models.helm import HelmRelease
from fluxdash.models.image import ImagePolicy, ImageUpdateAutomation
from fluxdash.models.keys import ObjectKey
from fluxdash.models.kinds import kind_by_name
from fluxdash.models.kustomize import Kustomization
from fluxdash.models.notification import Alert, Receiver
from fluxdash.models.objects import FluxObject, parse_object
from fluxdash.models.source import ExternalArtifact, GitRepository, HelmChart
from fluxdash.services import refs
from fluxdash.services.rows import build_row
from tests.unit.flux_objects import (
    alert,
    git_repository,
    helm_release,
    kustomization,
    receiver,
    sample,
)


def parse(kind: str, raw: dict[str, Any]) -> FluxObject:
    model, problem = parse_object(kind_by_name(kind), raw)
    assert model is not None, problem
    return model


def test_kustomization_source_defaults_to_own_namespace() -> None:
    ks = parse("Kustomization", kustomization(namespace="team-a"))
    assert refs.source_of(ks) == ObjectKey("GitRepository", "team-a", "flux-system")
    raw = kustomization(namespace="team-a")
    raw["spec"]["sourceRef"] = {
        "kind": "OCIRepository",
        "name": "podinfo",
        "namespace": "flux-system",
    }
    assert refs.source_of(parse("Kustomization", raw)) == ObjectKey(
        "OCIRepository", "flux-system", "podinfo"
    )


def test_helmrelease_chart_template_gives_helmchart_in_source_namespace() -> None:
    hr = parse("HelmRelease", helm_release(name="podinfo", namespace="apps"))
    assert isinstance(hr, HelmRelease)
    assert refs.helm_chart_of(hr) == ObjectKey(
        "HelmChart", "flux-system", "apps-podinfo"
    )
    assert refs.chart_source_of(hr) == ObjectKey(
        "HelmRepository", "flux-system", "podinfo"
    )
    assert refs.source_of(hr) == ObjectKey("HelmChart", "flux-system", "apps-podinfo")
    assert refs.reconcile_sources(hr) == [
        ObjectKey("HelmRepository", "flux-system", "podinfo"),
        ObjectKey("HelmChart", "flux-system", "apps-podinfo"),
    ]
    assert [(r.edge, r.target.id) for r in refs.direct_refs(hr)] == [
        ("chart", "HelmChart/flux-system/apps-podinfo"),
        ("source", "HelmRepository/flux-system/podinfo"),
    ]


def test_helmrelease_chart_template_without_namespace_uses_release_namespace() -> None:
    raw = helm_release(name="web", namespace="team")
    del raw["spec"]["chart"]["spec"]["sourceRef"]["namespace"]
    hr = parse("HelmRelease", raw)
    assert isinstance(hr, HelmRelease)
    assert refs.helm_chart_of(hr) == ObjectKey("HelmChart", "team", "team-web")


def test_helmrelease_chart_ref() -> None:
    oci = parse(
        "HelmRelease",
        helm_release(chart_ref={"kind": "OCIRepository", "name": "podinfo-charts"}),
    )
    assert isinstance(oci, HelmRelease)
    assert refs.helm_chart_of(oci) is None
    assert refs.source_of(oci) == ObjectKey("OCIRepository", "apps", "podinfo-charts")
    assert refs.reconcile_sources(oci) == [
        ObjectKey("OCIRepository", "apps", "podinfo-charts")
    ]
    chart = parse(
        "HelmRelease",
        helm_release(
            chart_ref={
                "kind": "HelmChart",
                "name": "shared",
                "namespace": "flux-system",
            }
        ),
    )
    assert isinstance(chart, HelmRelease)
    assert refs.helm_chart_of(chart) == ObjectKey("HelmChart", "flux-system", "shared")
    assert [r.edge for r in refs.direct_refs(chart)] == ["chart"]
    ea = parse(
        "HelmRelease",
        helm_release(chart_ref={"kind": "ExternalArtifact", "name": "gen"}),
    )
    assert refs.source_of(ea) == ObjectKey("ExternalArtifact", "apps", "gen")


def test_helmchart_and_external_artifact_sources() -> None:
    hc = parse("HelmChart", sample("HelmChart"))
    assert isinstance(hc, HelmChart)
    assert refs.source_of(hc) == ObjectKey("HelmRepository", "flux-system", "podinfo")
    ea = parse("ExternalArtifact", sample("ExternalArtifact"))
    assert isinstance(ea, ExternalArtifact)
    assert refs.source_of(ea) == ObjectKey(
        "ArtifactGenerator", "flux-system", "podinfo"
    )
    assert refs.source_of(parse("GitRepository", git_repository())) is None


def test_depends_on_defaults_namespace_to_the_objects() -> None:
    ks = parse(
        "Kustomization",
        kustomization(
            namespace="team-a",
            depends_on=[
                {"name": "infra"},
                {"name": "crds", "namespace": "flux-system", "readyExpr": "true"},
            ],
        ),
    )
    assert refs.depends_on(ks) == [
        ObjectKey("Kustomization", "team-a", "infra"),
        ObjectKey("Kustomization", "flux-system", "crds"),
    ]
    assert [r.edge for r in refs.direct_refs(ks)] == [
        "source",
        "dependsOn",
        "dependsOn",
    ]
    raw = helm_release()
    raw["spec"]["dependsOn"] = [{"name": "redis"}]
    assert refs.depends_on(parse("HelmRelease", raw)) == [
        ObjectKey("HelmRelease", "apps", "redis")
    ]
    assert refs.depends_on(parse("GitRepository", git_repository())) == []


def test_alert_provider_and_event_sources() -> None:
    al = parse("Alert", alert())
    assert isinstance(al, Alert)
    assert refs.provider_ref(al) == ObjectKey("Provider", "flux-system", "slack")
    ks_same_ns = parse(
        "Kustomization", kustomization(name="anything", namespace="flux-system")
    )
    ks_other_ns = parse(
        "Kustomization", kustomization(name="anything", namespace="apps")
    )
    assert refs.event_source_matches(
        al, ks_same_ns
    )  # Kustomization/* defaults to alert ns
    assert not refs.event_source_matches(al, ks_other_ns)
    hr_raw = helm_release(namespace="apps")
    assert not refs.event_source_matches(
        al, parse("HelmRelease", hr_raw)
    )  # no team=web label
    hr_raw["metadata"]["labels"] = {"team": "web"}
    labelled = parse("HelmRelease", hr_raw)
    assert refs.event_source_matches(al, labelled)
    assert refs.event_source_matches(
        al, build_row(kind_by_name("HelmRelease"), hr_raw)
    )  # rows too
    assert refs.event_source_matches(
        al, parse("GitRepository", git_repository(name="podinfo"))
    )
    assert not refs.event_source_matches(
        al, parse("GitRepository", git_repository(name="other"))
    )


def test_named_source_ignores_match_labels() -> None:
    """notification-controller applies matchLabels only with name `*`."""
    raw = alert()
    raw["spec"]["eventSources"] = [
        {"kind": "GitRepository", "name": "podinfo", "matchLabels": {"x": "y"}}
    ]
    al = parse("Alert", raw)
    assert isinstance(al, Alert)
    assert refs.event_source_matches(
        al, parse("GitRepository", git_repository(name="podinfo"))
    )


def test_receiver_targets() -> None:
    rc = parse("Receiver", receiver())
    assert isinstance(rc, Receiver)
    assert [s.display() for s in refs.receiver_targets(rc)] == [
        "GitRepository/flux-system/flux-system",
        "ImageRepository/flux-system/* {app=podinfo}",
    ]
    assert refs.receiver_matches(
        rc, parse("GitRepository", git_repository(name="flux-system"))
    )
    repo = sample("ImageRepository")
    assert not refs.receiver_matches(rc, parse("ImageRepository", repo))
    repo["metadata"]["labels"] = {"app": "podinfo"}
    assert refs.receiver_matches(rc, parse("ImageRepository", repo))


def test_image_refs() -> None:
    pol = parse("ImagePolicy", sample("ImagePolicy"))
    assert isinstance(pol, ImagePolicy)
    assert refs.image_repository_ref(pol) == ObjectKey(
        "ImageRepository", "flux-system", "podinfo"
    )
    assert [(r.edge, r.target.id) for r in refs.direct_refs(pol)] == [
        ("imageRepository", "ImageRepository/flux-system/podinfo")
    ]
    iua = parse("ImageUpdateAutomation", sample("ImageUpdateAutomation"))
    assert isinstance(iua, ImageUpdateAutomation)
    assert refs.update_source_ref(iua) == ObjectKey(
        "GitRepository", "flux-system", "flux-system"
    )
    assert [r.edge for r in refs.direct_refs(iua)] == ["imageUpdateSource"]


def test_kinds_without_refs() -> None:
    gr = parse("GitRepository", git_repository())
    assert isinstance(gr, GitRepository)
    assert refs.direct_refs(gr) == []
    assert refs.reconcile_sources(gr) == []
    assert isinstance(parse("Kustomization", kustomization()), Kustomization)
