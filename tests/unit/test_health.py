"""Health rules of DESIGN.md §4, first match wins, for every kind, plus FLUX.md §12 traps."""

from __future__ import annotations

import pytest

from fluxdash.models.kinds import KINDS, KindInfo, kind_by_name
from fluxdash.models.objects import parse_object
from fluxdash.services.health import (
    WAITING_MESSAGE,
    compute_health,
    is_static,
    one_line,
)
from tests.unit.flux_objects import (
    SHA1,
    Raw,
    alert,
    cond,
    git_repository,
    git_repository_failed,
    helm_release,
    helm_repository,
    kustomization,
    provider,
    sample,
)

STATUS_KINDS = [info for info in KINDS if info.has_status]
GIT = kind_by_name("GitRepository")
KS = kind_by_name("Kustomization")
HR = kind_by_name("HelmRelease")


def with_conditions(obj: Raw, *conditions: Raw, observed: int | None = 1) -> Raw:
    obj["status"]["conditions"] = list(conditions)
    if observed is None:
        obj["status"].pop("observedGeneration", None)
    else:
        obj["status"]["observedGeneration"] = observed
    return obj


def both(info: KindInfo, raw: Raw) -> tuple[str, str | None, str]:
    """Health from the raw object and from the parsed model must agree."""
    from_raw = compute_health(info, raw)
    model, problem = parse_object(info, raw)
    assert model is not None, problem
    from_model = compute_health(info, model)
    assert from_raw == from_model
    return from_raw.health, from_raw.reason, from_raw.message


@pytest.mark.parametrize("info", KINDS, ids=lambda i: i.kind)
def test_healthy_sample_of_every_kind_is_ready(info: KindInfo) -> None:
    health, _, message = both(info, sample(info.kind))
    assert health == "Ready"
    assert message


# --- rule 1: deletion -----------------------------------------------------------------------


@pytest.mark.parametrize("info", KINDS, ids=lambda i: i.kind)
def test_rule1_deleting_is_progressing_terminating_even_if_suspended(
    info: KindInfo,
) -> None:
    raw = sample(info.kind)
    raw["metadata"]["deletionTimestamp"] = "2026-08-01T11:00:00Z"
    raw["spec"]["suspend"] = True
    health, reason, message = both(info, raw)
    assert (health, reason) == ("Progressing", "Terminating")
    assert "finalizers.fluxcd.io" in message


# --- rule 2: suspend ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "info", [i for i in KINDS if i.suspendable], ids=lambda i: i.kind
)
def test_rule2_suspended_wins_over_failure_and_keeps_frozen_message(
    info: KindInfo,
) -> None:
    raw = sample(info.kind)
    raw["spec"]["suspend"] = True
    if info.has_status:
        with_conditions(
            raw,
            cond("Ready", "False", "Failed", "it broke"),
            cond("Stalled", "True", "X", "stuck"),
        )
    health, reason, message = both(info, raw)
    assert (health, reason) == ("Suspended", "Suspended")
    if info.has_status:
        assert message == "it broke"  # status is frozen while suspended: show it


# --- rule 3: Stalled ------------------------------------------------------------------------


@pytest.mark.parametrize("info", STATUS_KINDS, ids=lambda i: i.kind)
def test_rule3_stalled_is_failed_even_when_ready_true(info: KindInfo) -> None:
    raw = with_conditions(
        sample(info.kind),
        cond("Ready", "True", "Succeeded", "old success"),
        cond("Stalled", "True", "RetriesExceeded", "upgrade retries exhausted"),
        cond("Reconciling", "True", "Progressing", "working"),
    )
    assert both(info, raw) == ("Failed", "RetriesExceeded", "upgrade retries exhausted")


def test_stalled_false_is_ignored() -> None:
    raw = with_conditions(
        git_repository(),
        cond("Ready", "True", "Succeeded", "ok"),
        cond("Stalled", "False", "X"),
    )
    assert both(GIT, raw)[0] == "Ready"


# --- rule 4: Ready=False --------------------------------------------------------------------


def test_rule4_ready_false_is_failed_with_its_reason_and_masked_message() -> None:
    health, reason, message = both(GIT, git_repository_failed())
    assert (health, reason) == ("Failed", "GitOperationFailed")
    assert "s3cr3t-token" not in message
    assert "https://****@github.com/org/private" in message


def test_rule4_failing_and_retrying_is_failed_not_progressing() -> None:
    """kustomize/helm keep Reconciling=True (ProgressingWithRetry) with Ready=False on failure
    and do not advance observedGeneration: Ready=False comes first."""
    raw = kustomization()
    raw["metadata"]["generation"] = 2
    with_conditions(
        raw,
        cond(
            "Reconciling",
            "True",
            "ProgressingWithRetry",
            "Detecting drift for revision main@sha1:x",
        ),
        cond(
            "Ready",
            "False",
            "BuildFailed",
            "kustomize build failed: accumulating resources",
        ),
        observed=1,
    )
    assert both(KS, raw)[:2] == ("Failed", "BuildFailed")


def test_dependency_not_ready_is_failed_with_reason() -> None:
    raw = with_conditions(
        kustomization(),
        cond(
            "Ready",
            "False",
            "DependencyNotReady",
            "dependency 'flux-system/infra' is not ready",
        ),
    )
    assert both(KS, raw)[:2] == ("Failed", "DependencyNotReady")


# --- rule 5: Reconciling / generation -------------------------------------------------------


@pytest.mark.parametrize("info", STATUS_KINDS, ids=lambda i: i.kind)
def test_rule5_reconciling_true_is_progressing(info: KindInfo) -> None:
    raw = with_conditions(
        sample(info.kind),
        cond("Reconciling", "True", "ProgressingWithRetry", "retrying after error"),
        cond("Ready", "Unknown", "Progressing", "Reconciliation in progress"),
    )
    assert both(info, raw) == (
        "Progressing",
        "ProgressingWithRetry",
        "retrying after error",
    )


@pytest.mark.parametrize(
    "info",
    [i for i in STATUS_KINDS if i.kind != "ExternalArtifact"],
    ids=lambda i: i.kind,
)
def test_rule5_new_generation_not_observed_is_progressing_even_if_ready(
    info: KindInfo,
) -> None:
    raw = sample(info.kind)
    raw["metadata"]["generation"] = 3
    raw["status"]["observedGeneration"] = 2
    health, reason, message = both(info, raw)
    assert (health, reason) == ("Progressing", "Progressing")
    assert (
        message == f"{info.kind} generation is 3, but latest observed generation is 2"
    )


def test_observed_generation_default_minus_one_is_not_progressing() -> None:
    """CRDs default status to {observedGeneration: -1}: a brand-new object is 'waiting'."""
    raw = git_repository()
    raw["status"] = {"observedGeneration": -1}
    assert both(GIT, raw) == ("Unknown", None, WAITING_MESSAGE)


# --- rules 6 and 7 --------------------------------------------------------------------------


def test_rule6_ready_true_is_ready_with_reason_and_message() -> None:
    assert both(GIT, git_repository()) == (
        "Ready",
        "Succeeded",
        f"stored artifact for revision 'main@sha1:{SHA1}'",
    )


def test_rule7_ready_unknown_progressing_is_progressing() -> None:
    raw = with_conditions(
        git_repository(),
        cond("Ready", "Unknown", "Progressing", "reconciliation in progress"),
    )
    assert both(GIT, raw) == (
        "Progressing",
        "Progressing",
        "reconciliation in progress",
    )


def test_rule7_ready_unknown_other_reason_is_unknown() -> None:
    raw = with_conditions(
        git_repository(), cond("Ready", "Unknown", "HealthCheckCanceled", "canceled")
    )
    assert both(GIT, raw) == ("Unknown", "HealthCheckCanceled", "canceled")


# --- rule 8: no Ready condition -------------------------------------------------------------


@pytest.mark.parametrize("info", STATUS_KINDS, ids=lambda i: i.kind)
def test_rule8_no_ready_is_waiting(info: KindInfo) -> None:
    raw = sample(info.kind)
    if info.kind == "HelmRepository":
        raw["spec"]["type"] = "default"
    raw.pop("status")
    assert both(info, raw) == ("Unknown", None, WAITING_MESSAGE)


def test_rule8_unrelated_conditions_only_is_waiting() -> None:
    raw = with_conditions(
        git_repository(), cond("ArtifactInStorage", "True", "Succeeded", "x")
    )
    assert both(GIT, raw)[2] == WAITING_MESSAGE


@pytest.mark.parametrize(
    ("kind", "factory", "message"),
    [
        ("Alert", alert, "Alert is Ready"),
        ("Provider", provider, "Provider is Ready"),
        (
            "HelmRepository",
            lambda: helm_repository(oci=True),
            "Helm repository is Ready",
        ),
    ],
)
def test_rule8_static_kinds_are_ready(kind: str, factory: object, message: str) -> None:
    info = kind_by_name(kind)
    raw = factory()  # type: ignore[operator]  # the parametrized factories take no arguments
    assert is_static(info, raw)
    assert both(info, raw) == ("Ready", None, message)


def test_non_oci_helm_repository_is_not_static() -> None:
    assert not is_static(kind_by_name("HelmRepository"), helm_repository())


def test_alert_with_missing_provider_is_failed_naming_it() -> None:
    info = kind_by_name("Alert")
    result = compute_health(info, alert(), provider_exists=False)
    assert (result.health, result.reason) == ("Failed", "ProviderNotFound")
    assert "'slack'" in result.message
    assert compute_health(info, alert(), provider_exists=True).health == "Ready"
    assert compute_health(info, alert(), provider_exists=None).health == "Ready"


def test_suspended_alert_is_suspended() -> None:
    raw = alert()
    raw["spec"]["suspend"] = True
    assert (
        compute_health(kind_by_name("Alert"), raw, provider_exists=False).health
        == "Suspended"
    )


# --- HelmRelease specifics ------------------------------------------------------------------


def test_helmrelease_remediated_is_failed() -> None:
    raw = with_conditions(
        helm_release(),
        cond(
            "Ready",
            "False",
            "UpgradeFailed",
            "Helm upgrade failed for release apps/podinfo with chart podinfo@6.5.5: timed out",
        ),
        cond(
            "Remediated",
            "True",
            "RollbackSucceeded",
            "Helm rollback to previous release apps/podinfo.v2 succeeded",
        ),
    )
    assert both(HR, raw)[:2] == ("Failed", "UpgradeFailed")


# --- wrong shapes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (
            lambda r: r["status"].__setitem__("conditions", "Ready"),
            "status.conditions: not a list",
        ),
        (
            lambda r: r["status"]["conditions"].append(42),
            "status.conditions[2]: not an object",
        ),
        (
            lambda r: r["status"]["conditions"][0].__setitem__("status", True),
            "Ready condition status",
        ),
        (
            lambda r: r["status"].__setitem__("observedGeneration", "1"),
            "status.observedGeneration",
        ),
        (
            lambda r: r["spec"].__setitem__("suspend", "yes"),
            "spec.suspend: not a boolean",
        ),
        (lambda r: r.__setitem__("status", []), "status: not an object"),
    ],
)
def test_wrong_types_give_unknown_with_a_message(mutate: object, needle: str) -> None:
    raw = git_repository()
    mutate(raw)  # type: ignore[operator]  # parametrized lambdas
    result = compute_health(GIT, raw)
    assert (result.health, result.reason) == ("Unknown", "InvalidObject")
    assert needle in result.message


def test_malformed_unrelated_condition_is_ignored() -> None:
    raw = git_repository()
    raw["status"]["conditions"].append({"type": "SourceVerified", "status": 7})
    assert compute_health(GIT, raw).health == "Ready"


def test_deletion_still_wins_over_wrong_types() -> None:
    raw = git_repository()
    raw["metadata"]["deletionTimestamp"] = "2026-08-01T11:00:00Z"
    raw["status"]["conditions"] = "garbage"
    assert compute_health(GIT, raw).health == "Progressing"


def test_message_is_one_line() -> None:
    raw = with_conditions(
        kustomization(),
        cond(
            "Ready",
            "False",
            "HealthCheckFailed",
            "health check failed:\n  Deployment/apps/a\n  Deployment/apps/b",
        ),
    )
    assert (
        compute_health(KS, raw).message
        == "health check failed: Deployment/apps/a Deployment/apps/b"
    )
    assert one_line("  a \t b\n") == "a b"


def test_first_condition_of_a_type_wins() -> None:
    raw = with_conditions(
        git_repository(),
        cond("Ready", "True", "Succeeded", "first"),
        cond("Ready", "False", "Failed", "second"),
    )
    assert both(GIT, raw)[0] == "Ready"
