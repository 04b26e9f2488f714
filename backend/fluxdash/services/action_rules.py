"""What each Flux kind allows, mirroring the ``flux`` CLI (FLUX.md §7.2, §7.3).

Pure: decides from the kind and the raw object; never talks to the cluster.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fluxdash.models.actions import ActionName, ActionOptions
from fluxdash.models.kinds import (
    KINDS,
    KindInfo,
    find_kind,
    kind_by_name,
    kind_by_plural,
)
from fluxdash.services import health
from fluxdash.services.action_errors import ActionNotSupported

JsonObject = Mapping[str, Any]


_WITH_SOURCE = frozenset({"Kustomization", "HelmRelease", "HelmChart"})
"""Kinds with ``flux reconcile … --with-source``."""

_NO_RECONCILE_REASONS = {
    "ExternalArtifact": "an ExternalArtifact is produced by another controller (its generator); "
    "reconcile that instead",
    "Alert": "an Alert has no reconciliation to trigger (notification-controller applies it as "
    "it is; there is no `flux reconcile alert`)",
    "Provider": "a Provider has no reconciliation to trigger (notification-controller applies it "
    "as it is; there is no `flux reconcile alert-provider`)",
}
_NO_SUSPEND_REASONS = {
    "ExternalArtifact": "an ExternalArtifact has no spec.suspend; suspend its generator instead",
}

PLURALS: tuple[str, ...] = tuple(info.plural for info in KINDS)


def rules_for_kind(kind: str) -> KindInfo | None:
    return find_kind(kind)


def rules_for_name(name: str) -> KindInfo | None:
    """By lowercase plural (``kustomizations``) or Kind (``Kustomization``)."""
    for lookup in (kind_by_plural, kind_by_name):
        try:
            return lookup(name)
        except KeyError:
            continue
    return None


def supports_with_source(rules: KindInfo) -> bool:
    return rules.kind in _WITH_SOURCE


def _spec(raw: JsonObject) -> Mapping[str, Any]:
    spec = raw.get("spec")
    return spec if isinstance(spec, Mapping) else {}


def is_suspended(raw: JsonObject) -> bool:
    return _spec(raw).get("suspend") is True


def is_static(rules: KindInfo, raw: JsonObject) -> bool:
    """No reconciliation loop to wait for: Alert, Provider, OCI HelmRepository (FLUX.md §4.3)."""
    return health.is_static(rules, raw)


def check_reconcilable(rules: KindInfo, raw: JsonObject) -> None:
    """Raise :class:`ActionNotSupported` when ``flux reconcile`` would refuse this object."""
    if not rules.reconcilable:
        reason = _NO_RECONCILE_REASONS.get(
            rules.kind, f"{rules.kind} cannot be reconciled"
        )
        raise ActionNotSupported(f"reconciliation not supported: {reason}")
    if is_static(rules, raw):
        raise ActionNotSupported(
            "reconciliation not supported by the object: a HelmRepository of type oci is static "
            "(source-controller produces no artifact for it); reconcile the HelmRelease or "
            "HelmChart that uses it instead"
        )


def check_suspendable(rules: KindInfo, raw: JsonObject) -> None:
    if not rules.suspendable:
        reason = _NO_SUSPEND_REASONS.get(
            rules.kind, f"{rules.kind} has no spec.suspend"
        )
        raise ActionNotSupported(f"suspend/resume not supported: {reason}")
    api_version = str(raw.get("apiVersion") or "")
    if rules.kind == "ImagePolicy" and api_version.endswith("/v1beta2"):
        raise ActionNotSupported(
            "suspend/resume not supported: ImagePolicy image.toolkit.fluxcd.io/v1beta2 "
            "(Flux < 2.7) has no spec.suspend"
        )


def check_options(rules: KindInfo, action: ActionName, options: ActionOptions) -> None:
    """Refuse options that do not apply, instead of silently ignoring them."""
    if action != "reconcile" and (
        options.with_source or options.force or options.reset
    ):
        raise ActionNotSupported("withSource, force and reset apply to reconcile only")
    if action != "suspend" and options.reason is not None:
        raise ActionNotSupported("a reason applies to suspend only")
    if (options.force or options.reset) and rules.kind != "HelmRelease":
        raise ActionNotSupported(
            f"force and reset apply to HelmRelease only, not {rules.kind} "
            "(they set reconcile.fluxcd.io/forceAt and resetAt, which only helm-controller reads)"
        )
    if options.with_source and not supports_with_source(rules):
        raise ActionNotSupported(
            f"withSource applies to Kustomization, HelmRelease and HelmChart, not {rules.kind}"
        )


def cli_command(
    action: ActionName,
    rules: KindInfo,
    namespace: str,
    name: str,
    options: ActionOptions,
) -> str:
    """The ``flux`` command that does the same thing."""
    parts = ["flux", action, rules.cli_noun, name, "-n", namespace]
    if action == "reconcile":
        if options.with_source:
            parts.append("--with-source")
        if options.force:
            parts.append("--force")
        if options.reset:
            parts.append("--reset")
    return " ".join(parts)
