"""What each Flux kind allows, mirroring the ``flux`` CLI (FLUX.md §7.2, §7.3).

Pure: decides from the kind and the raw object; never talks to the cluster.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fluxdash.models.actions import ActionName, ActionOptions
from fluxdash.services.action_errors import ActionNotSupported

JsonObject = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class KindRules:
    kind: str
    plural: str
    cli_noun: str
    """How the ``flux`` CLI names it: ``kustomization``, ``source git``, ``alert-provider``."""
    reconcile: bool = True
    """False for kinds without a reconciliation loop the CLI can trigger."""
    no_reconcile_reason: str = ""
    suspend: bool = True
    no_suspend_reason: str = ""
    has_status: bool = True
    """Alert and Provider (v1beta3) have no status at all."""
    with_source: bool = False
    """``--with-source`` exists for this kind."""


_RULES: tuple[KindRules, ...] = (
    KindRules("GitRepository", "gitrepositories", "source git"),
    KindRules("OCIRepository", "ocirepositories", "source oci"),
    KindRules("HelmRepository", "helmrepositories", "source helm"),
    KindRules("HelmChart", "helmcharts", "source chart", with_source=True),
    KindRules("Bucket", "buckets", "source bucket"),
    KindRules(
        "ExternalArtifact",
        "externalartifacts",
        "source external",
        reconcile=False,
        no_reconcile_reason="an ExternalArtifact is produced by another controller "
        "(its generator); reconcile that instead",
        suspend=False,
        no_suspend_reason="an ExternalArtifact has no spec.suspend; suspend its generator instead",
    ),
    KindRules("Kustomization", "kustomizations", "kustomization", with_source=True),
    KindRules("HelmRelease", "helmreleases", "helmrelease", with_source=True),
    KindRules(
        "Alert",
        "alerts",
        "alert",
        reconcile=False,
        no_reconcile_reason="an Alert has no reconciliation to trigger "
        "(notification-controller applies it as it is; there is no `flux reconcile alert`)",
        has_status=False,
    ),
    KindRules(
        "Provider",
        "providers",
        "alert-provider",
        reconcile=False,
        no_reconcile_reason="a Provider has no reconciliation to trigger "
        "(notification-controller applies it as it is; there is no `flux reconcile alert-provider`)",
        has_status=False,
    ),
    KindRules("Receiver", "receivers", "receiver"),
    KindRules("ImageRepository", "imagerepositories", "image repository"),
    KindRules("ImagePolicy", "imagepolicies", "image policy"),
    KindRules("ImageUpdateAutomation", "imageupdateautomations", "image update"),
)

RULES_BY_KIND: dict[str, KindRules] = {rules.kind: rules for rules in _RULES}
RULES_BY_PLURAL: dict[str, KindRules] = {rules.plural: rules for rules in _RULES}
PLURALS: tuple[str, ...] = tuple(rules.plural for rules in _RULES)


def rules_for_kind(kind: str) -> KindRules | None:
    return RULES_BY_KIND.get(kind)


def rules_for_name(name: str) -> KindRules | None:
    """By lowercase plural (``kustomizations``) or Kind (``Kustomization``)."""
    return RULES_BY_PLURAL.get(name) or RULES_BY_KIND.get(name)


def _spec(raw: JsonObject) -> Mapping[str, Any]:
    spec = raw.get("spec")
    return spec if isinstance(spec, Mapping) else {}


def is_suspended(raw: JsonObject) -> bool:
    return _spec(raw).get("suspend") is True


def is_oci_helm_repository(rules: KindRules, raw: JsonObject) -> bool:
    return rules.kind == "HelmRepository" and _spec(raw).get("type") == "oci"


def is_static(rules: KindRules, raw: JsonObject) -> bool:
    """No reconciliation loop to wait for: Alert, Provider, OCI HelmRepository (FLUX.md §4.3)."""
    return not rules.has_status or is_oci_helm_repository(rules, raw)


def check_reconcilable(rules: KindRules, raw: JsonObject) -> None:
    """Raise :class:`ActionNotSupported` when ``flux reconcile`` would refuse this object."""
    if not rules.reconcile:
        raise ActionNotSupported(
            f"reconciliation not supported: {rules.no_reconcile_reason}"
        )
    if is_oci_helm_repository(rules, raw):
        raise ActionNotSupported(
            "reconciliation not supported by the object: a HelmRepository of type oci is static "
            "(source-controller produces no artifact for it); reconcile the HelmRelease or "
            "HelmChart that uses it instead"
        )


def check_suspendable(rules: KindRules, raw: JsonObject) -> None:
    if not rules.suspend:
        raise ActionNotSupported(
            f"suspend/resume not supported: {rules.no_suspend_reason}"
        )
    api_version = str(raw.get("apiVersion") or "")
    if rules.kind == "ImagePolicy" and api_version.endswith("/v1beta2"):
        raise ActionNotSupported(
            "suspend/resume not supported: ImagePolicy image.toolkit.fluxcd.io/v1beta2 "
            "(Flux < 2.7) has no spec.suspend"
        )


def check_options(rules: KindRules, action: ActionName, options: ActionOptions) -> None:
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
    if options.with_source and not rules.with_source:
        raise ActionNotSupported(
            f"withSource applies to Kustomization, HelmRelease and HelmChart, not {rules.kind}"
        )


def cli_command(
    action: ActionName,
    rules: KindRules,
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
