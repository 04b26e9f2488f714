"""Summary rows: the columns of US-FLUX-001…031, masked, never raising."""

from __future__ import annotations

import pytest

from fluxdash.models.kinds import KINDS, KindInfo, kind_by_name
from fluxdash.models.source import GitRepositoryRef, OCIRepositoryRef
from fluxdash.models.views import ResourceRow
from fluxdash.services.rows import (
    MAX_MESSAGE_LENGTH,
    build_row,
    git_ref_display,
    oci_ref_display,
    release_name_of,
)
from tests.unit.flux_objects import (
    SHA1,
    SHA256,
    cond,
    git_repository,
    git_repository_failed,
    helm_release,
    helm_repository,
    kustomization,
    sample,
)


def row(kind: str, raw: dict[str, object]) -> ResourceRow:
    return build_row(kind_by_name(kind), raw)


@pytest.mark.parametrize("info", KINDS, ids=lambda i: i.kind)
def test_common_columns(info: KindInfo) -> None:
    raw = sample(info.kind)
    r = build_row(info, raw)
    meta = raw["metadata"]
    assert r.id == f"{info.kind}/{meta['namespace']}/{meta['name']}"
    assert (r.kind, r.plural, r.category) == (info.kind, info.plural, info.category)
    assert r.uid == meta["uid"]
    assert r.generation == 1
    assert r.health == "Ready"
    assert r.problem is None
    assert r.created_at is not None
    dumped = r.model_dump(mode="json")
    assert "healthReason" in dumped
    assert "revisionFull" in dumped
    assert "lastReconciled" in dumped


def test_git_repository_row() -> None:
    r = row("GitRepository", git_repository())
    assert r.url == "https://github.com/stefanprodan/podinfo"
    assert r.ref == "branch main"
    assert r.interval == "1m"
    assert r.revision == "main@sha1:696f056d"
    assert r.revision_full == f"main@sha1:{SHA1}"
    assert r.message == "stored artifact for revision 'main@sha1:696f056d'"
    assert r.last_reconciled is not None
    assert r.artifact_size == 1024


def test_failed_git_repository_row_is_masked() -> None:
    r = row("GitRepository", git_repository_failed())
    assert r.health == "Failed"
    assert r.health_reason == "GitOperationFailed"
    assert r.url == "https://****@github.com/org/private"
    assert "s3cr3t" not in r.model_dump_json()
    assert r.revision is None  # no artifact


@pytest.mark.parametrize(
    ("ref", "shown"),
    [
        (None, "branch master"),
        (GitRepositoryRef(branch="main"), "branch main"),
        (GitRepositoryRef(tag="v1.2.3", branch="main"), "tag v1.2.3"),
        (GitRepositoryRef(semver=">=1.0", tag="v1"), "semver >=1.0"),
        (
            GitRepositoryRef(name="refs/pull/1/head", semver="1"),
            "name refs/pull/1/head",
        ),
        (GitRepositoryRef(commit=SHA1, name="refs/x"), "commit 696f056d"),
        (GitRepositoryRef(), "branch master"),
    ],
)
def test_git_ref_precedence(ref: GitRepositoryRef | None, shown: str) -> None:
    assert git_ref_display(ref) == shown


@pytest.mark.parametrize(
    ("ref", "shown"),
    [
        (None, "tag latest"),
        (OCIRepositoryRef(tag="6.5.4"), "tag 6.5.4"),
        (OCIRepositoryRef(semver=">=6.0", tag="x"), "semver >=6.0"),
        (
            OCIRepositoryRef(semver=">=6.0", semver_filter=".*-rc.*"),
            "semver >=6.0 (filter .*-rc.*)",
        ),
        (
            OCIRepositoryRef(digest=f"sha256:{SHA256}", semver="1"),
            "digest sha256:a2e4b9c4",
        ),
    ],
)
def test_oci_ref_precedence(ref: OCIRepositoryRef | None, shown: str) -> None:
    assert oci_ref_display(ref) == shown


def test_oci_and_helm_repository_rows() -> None:
    oci = row("OCIRepository", sample("OCIRepository"))
    assert oci.url == "oci://ghcr.io/stefanprodan/manifests/podinfo"
    assert oci.ref == "semver >=6.0.0"
    assert oci.revision == "6.5.4@sha256:a2e4b9c4"
    classic = row("HelmRepository", helm_repository())
    assert classic.repo_type == "default"
    assert classic.interval == "10m"
    static = row("HelmRepository", helm_repository(oci=True))
    assert static.repo_type == "oci"
    assert static.health == "Ready"
    assert static.message == "Helm repository is Ready"
    assert static.revision is None


def test_bucket_and_chart_and_external_rows() -> None:
    b = row("Bucket", sample("Bucket"))
    assert (b.endpoint, b.bucket_name, b.provider) == (
        "minio.minio.svc.cluster.local:9000",
        "manifests",
        "generic",
    )
    hc = row("HelmChart", sample("HelmChart"))
    assert (hc.chart, hc.chart_version, hc.source) == (
        "podinfo",
        "6.x",
        "HelmRepository/flux-system/podinfo",
    )
    assert hc.revision == "6.5.4"
    ea = row("ExternalArtifact", sample("ExternalArtifact"))
    assert ea.source == "ArtifactGenerator/flux-system/podinfo"
    assert ea.suspended is False
    assert ea.observed_generation is None


def test_helmchart_revision_is_not_shortened() -> None:
    raw = sample("HelmChart")
    raw["status"]["artifact"]["revision"] = f"6.5.4+{SHA1}"
    assert row("HelmChart", raw).revision == f"6.5.4+{SHA1}"


def test_kustomization_row() -> None:
    raw = kustomization(
        namespace="team",
        depends_on=[{"name": "infra"}, {"name": "crds", "namespace": "flux-system"}],
    )
    raw["spec"]["targetNamespace"] = "web"
    r = row("Kustomization", raw)
    assert r.source == "GitRepository/team/flux-system"
    assert (r.path, r.prune, r.target_namespace, r.interval) == (
        "./apps",
        True,
        "web",
        "10m",
    )
    assert r.depends_on == [
        "Kustomization/team/infra",
        "Kustomization/flux-system/crds",
    ]
    assert r.last_applied_revision == "main@sha1:696f056d"
    assert r.revision == "main@sha1:696f056d"
    assert r.last_handled_reconcile_at == "2026-08-01T10:04:59.123456789Z"


def test_helmrelease_row_revision_from_history() -> None:
    r = row("HelmRelease", helm_release())
    assert (r.chart, r.chart_version) == ("podinfo", "6.x")
    assert r.source == "HelmRepository/flux-system/podinfo"
    assert r.helm_chart == "HelmChart/flux-system/apps-podinfo"
    assert r.revision == "6.5.4"
    assert r.last_applied_revision == "6.5.4"
    assert (r.failures, r.release_name) == (0, "podinfo")


def test_helmrelease_row_falls_back_to_last_attempted_revision() -> None:
    raw = helm_release()
    raw["status"]["history"] = []
    raw["status"]["lastAttemptedRevision"] = "6.5.5+a2e4b9c4f4e1"
    r = row("HelmRelease", raw)
    assert r.revision == "6.5.5+a2e4b9c4f4e1"
    assert r.last_applied_revision is None


def test_helmrelease_chart_ref_row_uses_history_chart_name() -> None:
    raw = helm_release(chart_ref={"kind": "OCIRepository", "name": "podinfo-charts"})
    r = row("HelmRelease", raw)
    assert r.source == "OCIRepository/apps/podinfo-charts"
    assert r.helm_chart is None
    assert r.chart == "podinfo"
    assert r.chart_version is None


def test_release_name_defaults() -> None:
    from fluxdash.models.helm import HelmRelease
    from fluxdash.models.objects import parse_object

    raw = helm_release(name="podinfo")
    raw["status"]["history"] = []
    del raw["spec"]["releaseName"]
    raw["spec"]["targetNamespace"] = "web"
    model, _ = parse_object(kind_by_name("HelmRelease"), raw)
    assert isinstance(model, HelmRelease)
    assert release_name_of(model) == "web-podinfo"
    raw["spec"]["targetNamespace"] = "a-very-long-target-namespace-name-for-testing-x"
    model, _ = parse_object(kind_by_name("HelmRelease"), raw)
    assert isinstance(model, HelmRelease)
    name = release_name_of(model)
    # helm-controller ShortenName: first 40 chars + "-" + 12 hex of sha256(full name)
    assert name == "a-very-long-target-namespace-name-for-te-1dc0ff3e1a7a"


def test_notification_rows() -> None:
    a = row("Alert", sample("Alert"))
    assert a.provider_ref == "Provider/flux-system/slack"
    assert a.event_severity == "error"
    assert a.event_sources == [
        "Kustomization/flux-system/*",
        "HelmRelease/apps/* {team=web}",
        "GitRepository/flux-system/podinfo",
    ]
    p = row("Provider", sample("Provider"))
    assert (p.provider_type, p.channel) == ("slack", "general")
    assert "hooks.slack.com" not in p.model_dump_json()
    rc = row("Receiver", sample("Receiver"))
    assert rc.receiver_type == "github"
    assert rc.webhook_path is not None
    assert rc.webhook_path.startswith("/hook/")
    assert len(rc.resources) == 2


def test_image_rows() -> None:
    ir = row("ImageRepository", sample("ImageRepository"))
    assert (ir.image, ir.tag_count) == ("ghcr.io/stefanprodan/podinfo", 42)
    assert ir.last_scan is not None
    ip = row("ImagePolicy", sample("ImagePolicy"))
    assert ip.latest_tag == "ghcr.io/stefanprodan/podinfo:6.5.4"
    assert ip.image_repository == "ImageRepository/flux-system/podinfo"
    assert ip.policy == "semver ^6.0.0"
    iua = row("ImageUpdateAutomation", sample("ImageUpdateAutomation"))
    assert iua.source == "GitRepository/flux-system/flux-system"
    assert iua.last_run is not None
    assert iua.last_push_commit == "696f056d"


def test_suspended_row() -> None:
    raw = kustomization()
    raw["spec"]["suspend"] = True
    r = row("Kustomization", raw)
    assert r.suspended
    assert r.health == "Suspended"


def test_long_multiline_message_is_one_capped_line() -> None:
    raw = kustomization()
    raw["status"]["conditions"] = [
        cond("Ready", "False", "HealthCheckFailed", "line\n" * 5000)
    ]
    r = row("Kustomization", raw)
    assert "\n" not in r.message
    assert len(r.message) == MAX_MESSAGE_LENGTH


def test_unreadable_spec_still_gives_a_row_with_status_health() -> None:
    raw = kustomization()
    raw["spec"]["sourceRef"] = "not-an-object"
    r = row("Kustomization", raw)
    assert r.id == "Kustomization/flux-system/apps"
    assert r.health == "Ready"  # the controller's verdict still shows
    assert r.problem is not None
    assert "spec.sourceRef" in r.problem
    assert r.source is None


def test_unreadable_condition_gives_unknown() -> None:
    raw = git_repository()
    raw["status"]["conditions"][0]["status"] = "Yes"
    r = row("GitRepository", raw)
    assert (r.health, r.health_reason) == ("Unknown", "InvalidObject")
    assert "Ready condition status" in r.message


def test_summarize_parses_once_and_matches_build_row() -> None:
    from fluxdash.models.kustomize import Kustomization
    from fluxdash.services.rows import summarize

    info = kind_by_name("Kustomization")
    summary = summarize(info, kustomization())
    assert isinstance(summary.model, Kustomization)
    assert summary.problem is None
    assert summary.row == build_row(info, kustomization())


def test_alert_row_with_missing_provider() -> None:
    r = build_row(kind_by_name("Alert"), sample("Alert"), provider_exists=False)
    assert (r.health, r.health_reason) == ("Failed", "ProviderNotFound")
