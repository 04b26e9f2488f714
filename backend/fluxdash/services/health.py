"""Health: one vocabulary everywhere (DESIGN.md §4), computed from raw objects or models.

The first matching rule wins:
1. `metadata.deletionTimestamp` set → Progressing (Terminating)
2. `spec.suspend: true` → Suspended (the frozen status message is kept)
3. condition `Stalled=True` → Failed
4. `Ready=False` → Failed
5. `Reconciling=True`, or `status.observedGeneration` ≥ 0 and ≠ `metadata.generation`
   → Progressing
6. `Ready=True` → Ready
7. `Ready=Unknown` → Progressing when its reason is `Progressing`, else Unknown
8. no Ready condition → Unknown ("waiting to be reconciled"), except static kinds (Alert,
   Provider, HelmRepository `type: oci`) → Ready, unless the Alert's Provider is missing
   → Failed naming it.

Fields with unexpected shapes never raise: after rules 1-2, an unreadable field that the
rules need gives Unknown (reason `InvalidObject`) with a message naming it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from fluxdash.models.base import Condition, FluxModel
from fluxdash.models.kinds import KindInfo
from fluxdash.models.views import Health
from fluxdash.services.masking import mask_text

WAITING_MESSAGE = "waiting to be reconciled"
INVALID_REASON = "InvalidObject"
TERMINATING_REASON = "Terminating"
SUSPENDED_REASON = "Suspended"
PROVIDER_NOT_FOUND_REASON = "ProviderNotFound"
_STATIC_READY_MESSAGE = {
    "Alert": "Alert is Ready",
    "Provider": "Provider is Ready",
    "HelmRepository": "Helm repository is Ready",
}
_DECIDING_TYPES = frozenset({"Ready", "Stalled", "Reconciling"})
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class HealthResult:
    health: Health
    reason: str | None
    message: str
    """One line, URL credentials masked."""


@dataclass(frozen=True, slots=True)
class _Cond:
    status: Literal["True", "False", "Unknown"]
    reason: str
    message: str
    last_transition_time: object = None


@dataclass(slots=True)
class HealthFacts:
    """What the health rules read, extracted once from a raw object or a model."""

    deleting: bool = False
    finalizers: tuple[str, ...] = ()
    suspend: bool = False
    generation: int | None = None
    observed_generation: int | None = None
    conditions: dict[str, _Cond] = field(default_factory=dict)
    helm_repository_type: str | None = None
    provider_name: str | None = None
    problems: list[str] = field(default_factory=list)
    suspend_unreadable: bool = False


def one_line(message: str) -> str:
    """Collapse whitespace (newlines included) to single spaces."""
    return _WHITESPACE.sub(" ", message).strip()


def is_static(kind_info: KindInfo, obj: Mapping[str, Any] | FluxModel) -> bool:
    """Kinds whose controller never writes status: Alert, Provider, HelmRepository type oci."""
    if not kind_info.has_status:
        return True
    if kind_info.kind == "HelmRepository":
        return _facts(kind_info, obj).helm_repository_type == "oci"
    return False


def compute_health(
    kind_info: KindInfo,
    obj: Mapping[str, Any] | FluxModel,
    *,
    provider_exists: bool | None = None,
) -> HealthResult:
    """Health of a raw object (a dict as the API returns it) or of its parsed model.

    `provider_exists` (Alerts only): False makes an Alert Failed, naming its Provider; None
    means "not checked".
    """
    facts = _facts(kind_info, obj)
    return _decide(kind_info, facts, provider_exists)


def extract_facts(
    kind_info: KindInfo, obj: Mapping[str, Any] | FluxModel
) -> HealthFacts:
    """The facts the rules use (exposed for rows, which need the Ready condition too)."""
    return _facts(kind_info, obj)


def health_from_facts(
    kind_info: KindInfo, facts: HealthFacts, *, provider_exists: bool | None = None
) -> HealthResult:
    """`compute_health` from facts already extracted (rows read the object once)."""
    return _decide(kind_info, facts, provider_exists)


def _decide(
    kind_info: KindInfo, facts: HealthFacts, provider_exists: bool | None
) -> HealthResult:
    ready = facts.conditions.get("Ready")
    ready_message = ready.message if ready else ""

    if facts.deleting:
        waiting = (
            f", waiting for finalizers: {', '.join(facts.finalizers)}"
            if facts.finalizers
            else ""
        )
        return _result("Progressing", TERMINATING_REASON, f"being deleted{waiting}")
    if facts.suspend:
        return _result("Suspended", SUSPENDED_REASON, ready_message or "suspended")
    if facts.problems:
        return _result(
            "Unknown", INVALID_REASON, "cannot read " + "; ".join(facts.problems)
        )

    stalled = facts.conditions.get("Stalled")
    if stalled and stalled.status == "True":
        return _result(
            "Failed", stalled.reason or "Stalled", stalled.message or ready_message
        )
    if ready and ready.status == "False":
        return _result("Failed", ready.reason or None, ready.message)
    reconciling = facts.conditions.get("Reconciling")
    if reconciling and reconciling.status == "True":
        return _result(
            "Progressing",
            reconciling.reason or "Progressing",
            reconciling.message or ready_message or "reconciliation in progress",
        )
    observed, generation = facts.observed_generation, facts.generation
    if (
        observed is not None
        and observed >= 0
        and generation is not None
        and observed != generation
    ):
        return _result(
            "Progressing",
            "Progressing",
            f"{kind_info.kind} generation is {generation}, but latest observed generation is "
            f"{observed}",
        )
    if ready and ready.status == "True":
        return _result("Ready", ready.reason or None, ready.message)
    if ready:  # Unknown
        health: Health = "Progressing" if ready.reason == "Progressing" else "Unknown"
        return _result(health, ready.reason or None, ready.message)

    static_message = _STATIC_READY_MESSAGE.get(kind_info.kind)
    static = not kind_info.has_status or (
        kind_info.kind == "HelmRepository" and facts.helm_repository_type == "oci"
    )
    if static and static_message:
        if kind_info.kind == "Alert" and provider_exists is False:
            return _result(
                "Failed",
                PROVIDER_NOT_FOUND_REASON,
                f"Provider '{facts.provider_name}' not found",
            )
        return _result("Ready", None, static_message)
    return _result("Unknown", None, WAITING_MESSAGE)


def _result(health: Health, reason: str | None, message: str) -> HealthResult:
    return HealthResult(health, reason, mask_text(one_line(message)))


# --- fact extraction --------------------------------------------------------------------


def _facts(kind_info: KindInfo, obj: Mapping[str, Any] | FluxModel) -> HealthFacts:
    if isinstance(obj, FluxModel):
        return _facts_from_model(obj)
    return _facts_from_raw(obj)


def _facts_from_model(obj: FluxModel) -> HealthFacts:
    facts = HealthFacts()
    metadata = getattr(obj, "metadata", None)
    if metadata is not None:
        facts.deleting = metadata.deletion_timestamp is not None
        facts.finalizers = tuple(metadata.finalizers)
        facts.generation = metadata.generation
    spec = getattr(obj, "spec", None)
    if spec is not None:
        facts.suspend = bool(getattr(spec, "suspend", False))
        repo_type = getattr(spec, "type", None)
        facts.helm_repository_type = repo_type if isinstance(repo_type, str) else None
        provider_ref = getattr(spec, "provider_ref", None)
        facts.provider_name = getattr(provider_ref, "name", None)
    status = getattr(obj, "status", None)
    if status is not None:
        facts.observed_generation = getattr(status, "observed_generation", None)
        conditions: list[Condition] = getattr(status, "conditions", [])
        for cond in conditions:
            facts.conditions.setdefault(
                cond.type,
                _Cond(
                    cond.status, cond.reason, cond.message, cond.last_transition_time
                ),
            )
    return facts


def _facts_from_raw(raw: Mapping[str, Any]) -> HealthFacts:
    facts = HealthFacts()
    if not isinstance(raw, Mapping):
        facts.problems.append("object: not a JSON object")
        return facts
    metadata = raw.get("metadata")
    if isinstance(metadata, Mapping):
        facts.deleting = metadata.get("deletionTimestamp") not in (None, "")
        finalizers = metadata.get("finalizers")
        if isinstance(finalizers, list):
            facts.finalizers = tuple(f for f in finalizers if isinstance(f, str))
        facts.generation = _int(facts, metadata, "generation", "metadata.generation")
    elif metadata is not None:
        facts.problems.append("metadata: not an object")

    spec = raw.get("spec")
    if isinstance(spec, Mapping):
        suspend = spec.get("suspend")
        if isinstance(suspend, bool):
            facts.suspend = suspend
        elif suspend is not None:
            facts.problems.append("spec.suspend: not a boolean")
        repo_type = spec.get("type")
        facts.helm_repository_type = repo_type if isinstance(repo_type, str) else None
        provider_ref = spec.get("providerRef")
        if isinstance(provider_ref, Mapping) and isinstance(
            provider_ref.get("name"), str
        ):
            facts.provider_name = provider_ref["name"]
    elif spec is not None:
        facts.problems.append("spec: not an object")

    status = raw.get("status")
    if isinstance(status, Mapping):
        facts.observed_generation = _int(
            facts, status, "observedGeneration", "status.observedGeneration"
        )
        _read_conditions(facts, status.get("conditions"))
    elif status is not None:
        facts.problems.append("status: not an object")
    return facts


def _int(
    facts: HealthFacts, parent: Mapping[str, Any], key: str, path: str
) -> int | None:
    value = parent.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    facts.problems.append(f"{path}: not an integer")
    return None


def _read_conditions(facts: HealthFacts, conditions: object) -> None:
    if conditions is None:
        return
    if not isinstance(conditions, list):
        facts.problems.append("status.conditions: not a list")
        return
    for i, cond in enumerate(conditions):
        if not isinstance(cond, Mapping):
            facts.problems.append(f"status.conditions[{i}]: not an object")
            continue
        ctype = cond.get("type")
        if not isinstance(ctype, str):
            facts.problems.append(f"status.conditions[{i}].type: not a string")
            continue
        if ctype not in _DECIDING_TYPES and ctype in facts.conditions:
            continue
        status, reason, message = (
            cond.get("status"),
            cond.get("reason"),
            cond.get("message"),
        )
        if ctype in _DECIDING_TYPES:
            bad = [
                name
                for name, ok in (
                    ("status", status in ("True", "False", "Unknown")),
                    ("reason", reason is None or isinstance(reason, str)),
                    ("message", message is None or isinstance(message, str)),
                )
                if not ok
            ]
            if bad:
                facts.problems.extend(
                    f"{ctype} condition {name}: unexpected value" for name in bad
                )
                continue
        if ctype in facts.conditions or status not in ("True", "False", "Unknown"):
            continue
        facts.conditions[ctype] = _Cond(
            status,
            reason if isinstance(reason, str) else "",
            message if isinstance(message, str) else "",
            _timestamp(cond.get("lastTransitionTime")),
        )


def _timestamp(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
