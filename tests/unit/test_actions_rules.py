"""Per-kind action rules mirror the flux CLI."""

from __future__ import annotations

import pytest

from fluxdash.models.actions import ActionOptions
from fluxdash.models.kinds import kind_by_name
from fluxdash.services.action_errors import ActionNotSupported
from fluxdash.services.action_rules import (
    PLURALS,
    check_options,
    check_reconcilable,
    check_suspendable,
    cli_command,
    is_static,
    rules_for_name,
)
from fluxdash.services.request_clock import (
    RequestClock,
    format_rfc3339_nano,
    parse_rfc3339_nano,
)


@pytest.mark.parametrize(
    ("kind", "options", "expected"),
    [
        (
            "Kustomization",
            ActionOptions(with_source=True),
            "flux reconcile kustomization apps -n flux-system --with-source",
        ),
        (
            "HelmRelease",
            ActionOptions(force=True, reset=True),
            "flux reconcile helmrelease apps -n flux-system --force --reset",
        ),
        (
            "GitRepository",
            ActionOptions(),
            "flux reconcile source git apps -n flux-system",
        ),
        (
            "HelmChart",
            ActionOptions(),
            "flux reconcile source chart apps -n flux-system",
        ),
        (
            "ImageUpdateAutomation",
            ActionOptions(),
            "flux reconcile image update apps -n flux-system",
        ),
    ],
)
def test_cli_command_for_reconcile(
    kind: str, options: ActionOptions, expected: str
) -> None:
    assert (
        cli_command("reconcile", kind_by_name(kind), "flux-system", "apps", options)
        == expected
    )


def test_cli_command_for_suspend_and_resume() -> None:
    provider = kind_by_name("Provider")
    assert cli_command("suspend", provider, "ns", "slack", ActionOptions()) == (
        "flux suspend alert-provider slack -n ns"
    )
    assert cli_command(
        "resume", kind_by_name("OCIRepository"), "ns", "x", ActionOptions()
    ) == ("flux resume source oci x -n ns")


def test_every_flux_kind_has_rules_by_plural_and_kind() -> None:
    assert len(PLURALS) == 14
    for plural in PLURALS:
        rules = rules_for_name(plural)
        assert rules is not None
        assert rules_for_name(rules.kind) is rules
    assert rules_for_name("deployments") is None


@pytest.mark.parametrize("kind", ["Alert", "Provider", "ExternalArtifact"])
def test_kinds_without_reconciliation_are_refused(kind: str) -> None:
    with pytest.raises(ActionNotSupported, match="reconciliation not supported"):
        check_reconcilable(kind_by_name(kind), {"spec": {}})


def test_oci_helm_repository_is_static_and_not_reconcilable() -> None:
    rules = kind_by_name("HelmRepository")
    oci = {"spec": {"type": "oci", "url": "oci://ghcr.io/x"}}
    assert is_static(rules, oci)
    with pytest.raises(ActionNotSupported, match="type oci is static"):
        check_reconcilable(rules, oci)
    check_reconcilable(rules, {"spec": {"url": "https://charts"}})
    assert not is_static(rules, {"spec": {}})


def test_suspend_rules() -> None:
    with pytest.raises(ActionNotSupported, match=r"no spec\.suspend"):
        check_suspendable(kind_by_name("ExternalArtifact"), {})
    with pytest.raises(ActionNotSupported, match="v1beta2"):
        check_suspendable(
            kind_by_name("ImagePolicy"),
            {"apiVersion": "image.toolkit.fluxcd.io/v1beta2"},
        )
    check_suspendable(
        kind_by_name("ImagePolicy"), {"apiVersion": "image.toolkit.fluxcd.io/v1"}
    )
    check_suspendable(kind_by_name("Alert"), {})


@pytest.mark.parametrize(
    ("kind", "action", "options", "message"),
    [
        ("Kustomization", "reconcile", ActionOptions(force=True), "HelmRelease only"),
        ("GitRepository", "reconcile", ActionOptions(reset=True), "HelmRelease only"),
        (
            "GitRepository",
            "reconcile",
            ActionOptions(with_source=True),
            "withSource applies",
        ),
        ("HelmRelease", "suspend", ActionOptions(force=True), "reconcile only"),
        ("HelmRelease", "resume", ActionOptions(reason="x"), "suspend only"),
    ],
)
def test_options_that_do_not_apply_are_refused(
    kind: str, action: str, options: ActionOptions, message: str
) -> None:
    with pytest.raises(ActionNotSupported, match=message):
        check_options(kind_by_name(kind), action, options)  # type: ignore[arg-type]  # action is one of the literal names


def test_options_that_apply_pass() -> None:
    check_options(
        kind_by_name("HelmRelease"),
        "reconcile",
        ActionOptions(force=True, reset=True, with_source=True),
    )
    check_options(
        kind_by_name("HelmChart"), "reconcile", ActionOptions(with_source=True)
    )
    check_options(
        kind_by_name("Bucket"), "suspend", ActionOptions(reason="maintenance")
    )


def test_rfc3339_nano_trims_trailing_zeros_like_go() -> None:
    assert (
        format_rfc3339_nano(1_700_000_000_123_456_789)
        == "2023-11-14T22:13:20.123456789Z"
    )
    assert format_rfc3339_nano(1_700_000_000_120_000_000) == "2023-11-14T22:13:20.12Z"
    assert format_rfc3339_nano(1_700_000_000_000_000_000) == "2023-11-14T22:13:20Z"


def test_request_clock_never_repeats() -> None:
    clock = RequestClock(now_ns=lambda: 1_700_000_000_000_000_000)
    values = [clock.next() for _ in range(3)]
    assert values == [
        "2023-11-14T22:13:20Z",
        "2023-11-14T22:13:20.000000001Z",
        "2023-11-14T22:13:20.000000002Z",
    ]


def test_parse_rfc3339_nano_round_trips_and_understands_offsets() -> None:
    ns = 1_700_000_000_123_456_789
    assert parse_rfc3339_nano(format_rfc3339_nano(ns)) == ns
    # The flux CLI writes local time with an offset.
    assert parse_rfc3339_nano("2023-11-14T23:13:20.123456789+01:00") == ns
    assert parse_rfc3339_nano("2023-11-14T22:13:20Z") == 1_700_000_000_000_000_000
    assert parse_rfc3339_nano("yesterday") is None
    assert parse_rfc3339_nano("2023-13-45T99:00:00Z") is None
