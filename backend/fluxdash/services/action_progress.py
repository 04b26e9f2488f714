"""Has the cluster finished what we asked? Pure functions over the raw object (FLUX.md §5.2, §7.2).

- reconcile: like ``flux reconcile``: wait until ``status.lastHandledReconcileAt`` differs from
  its value before the patch (or equals our token) and the object settles (kstatus Current), then
  Ready=True → succeeded, else failed with the Ready message; Stalled → failed at once.
  One deliberate difference: once the request was handled, ``Ready=False`` with ``Reconciling``
  absent or ``ProgressingWithRetry`` (the attempt failed and the controller will retry) is
  reported as failed right away, instead of polling until the timeout as the CLI does.
- resume: like ``flux resume``'s ``isObjectReady`` on the generation the patch produced;
  static kinds (Alert, Provider, OCI HelmRepository) only need the spec to show it.
- suspend: the spec shows ``suspend: true``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from fluxdash.models.actions import REQUESTED_AT_ANNOTATION, ActionName
from fluxdash.services.request_clock import parse_rfc3339_nano

KStatus = Literal["InProgress", "Failed", "Current", "Terminating"]
ProgressState = Literal["pending", "succeeded", "failed"]


@dataclass(frozen=True, slots=True)
class Expectation:
    """What one patch asked for, and what the object looked like before it."""

    action: ActionName
    static: bool = False
    token: str | None = None
    """reconcile: the ``requestedAt`` value written."""
    previous_handled: str | None = None
    """reconcile: ``status.lastHandledReconcileAt`` in the patch response (its value at the
    moment of our write)."""
    generation: int | None = None
    """``metadata.generation`` in the patch response."""


@dataclass(frozen=True, slots=True)
class Progress:
    state: ProgressState
    message: str
    seen_patch: bool = False
    """The observed object already carries our patch (latched by the caller)."""


@dataclass(frozen=True, slots=True)
class Condition:
    type: str
    status: str
    reason: str
    message: str
    observed_generation: int


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def conditions(raw: Mapping[str, Any]) -> dict[str, Condition]:
    found: dict[str, Condition] = {}
    items = _mapping(raw.get("status")).get("conditions")
    if not isinstance(items, list):
        return found
    for item in items:
        if not isinstance(item, Mapping) or not isinstance(item.get("type"), str):
            continue
        found[item["type"]] = Condition(
            type=item["type"],
            status=str(item.get("status") or "Unknown"),
            reason=str(item.get("reason") or ""),
            message=str(item.get("message") or ""),
            observed_generation=_int_or_none(item.get("observedGeneration")) or 0,
        )
    return found


def generation(raw: Mapping[str, Any]) -> int | None:
    return _int_or_none(_mapping(raw.get("metadata")).get("generation"))


def observed_generation(raw: Mapping[str, Any]) -> int | None:
    return _int_or_none(_mapping(raw.get("status")).get("observedGeneration"))


def last_handled_reconcile_at(raw: Mapping[str, Any]) -> str | None:
    value = _mapping(raw.get("status")).get("lastHandledReconcileAt")
    return value if isinstance(value, str) else None


def kstatus(raw: Mapping[str, Any]) -> tuple[KStatus, str]:
    """The generic kstatus rules the CLI waits on (fluxcd/cli-utils ``generic.go``)."""
    meta = _mapping(raw.get("metadata"))
    if meta.get("deletionTimestamp"):
        return "Terminating", "the object is being deleted"
    gen, observed = generation(raw), observed_generation(raw)
    if observed is not None and gen is not None and observed != gen:
        kind = raw.get("kind") or "object"
        return (
            "InProgress",
            f"{kind} generation is {gen}, but latest observed generation is {observed}",
        )
    conds = conditions(raw)
    reconciling = conds.get("Reconciling")
    if reconciling is not None and reconciling.status == "True":
        return "InProgress", reconciling.message or reconciling.reason
    stalled = conds.get("Stalled")
    if stalled is not None and stalled.status == "True":
        return "Failed", stalled.message or stalled.reason
    return "Current", ""


def _ready_summary(conds: Mapping[str, Condition]) -> str:
    ready = conds.get("Ready")
    if ready is None:
        return "waiting to be reconciled"
    said = f": {ready.message}" if ready.message else ""
    return f"Ready={ready.status} ({ready.reason or 'no reason'}){said}"


def _stalled_message(stalled: Condition, conds: Mapping[str, Condition]) -> str:
    """The Stalled message (what the CLI aborts with), plus the Ready message when it adds to it."""
    text = f"stalled ({stalled.reason or 'Stalled'}): {stalled.message or 'no message'}"
    ready = conds.get("Ready")
    if ready is not None and ready.message and ready.message != stalled.message:
        text += f"; Ready: {ready.message}"
    return text


def _attempt_failed(conds: Mapping[str, Condition]) -> Condition | None:
    """Ready=False and the controller is not in the middle of a new attempt."""
    ready = conds.get("Ready")
    if ready is None or ready.status != "False":
        return None
    reconciling = conds.get("Reconciling")
    if (
        reconciling is not None
        and reconciling.status == "True"
        and reconciling.reason != "ProgressingWithRetry"
    ):
        return None
    return ready


def _settled(raw: Mapping[str, Any], conds: Mapping[str, Condition]) -> Progress | None:
    """Final verdict of an object the controller has handled, or None while it works."""
    status, _ = kstatus(raw)
    if status == "Terminating":
        return Progress("failed", "the object is being deleted")
    stalled = conds.get("Stalled")
    if stalled is not None and stalled.status == "True":
        return Progress("failed", _stalled_message(stalled, conds))
    failed = _attempt_failed(conds)
    if failed is not None:
        return Progress("failed", failed.message or failed.reason or "Ready=False")
    if status != "Current":
        return None
    ready = conds.get("Ready")
    if ready is not None and ready.status == "True":
        return Progress("succeeded", ready.message or "Ready")
    return None


def _requested_later(annotation: Any, token: str | None) -> bool:
    """The object carries a request made after ours (someone reconciled again)."""
    if not isinstance(annotation, str) or token is None:
        return False
    theirs, ours = parse_rfc3339_nano(annotation), parse_rfc3339_nano(token)
    return theirs is not None and ours is not None and theirs > ours


def _reconcile(
    expect: Expectation, raw: Mapping[str, Any], seen_patch: bool
) -> Progress:
    annotations = _mapping(_mapping(raw.get("metadata")).get("annotations"))
    annotation = annotations.get(REQUESTED_AT_ANNOTATION)
    # "Seen": the observed object is at least as new as our patch, so a changed
    # lastHandledReconcileAt proves the request was handled (not a lagging cache).
    seen = (
        seen_patch
        or (expect.token is not None and annotation == expect.token)
        or _requested_later(annotation, expect.token)
    )
    handled_value = last_handled_reconcile_at(raw)
    handled = (expect.token is not None and handled_value == expect.token) or (
        seen and handled_value != expect.previous_handled
    )
    conds = conditions(raw)
    if _mapping(raw.get("spec")).get("suspend") is True and not handled:
        return Progress(
            "failed", "suspended before the controller handled the request", seen
        )
    if not handled:
        return Progress(
            "pending",
            f"waiting for the controller to handle the request; {_ready_summary(conds)}",
            seen,
        )
    verdict = _settled(raw, conds)
    if verdict is None:
        return Progress("pending", f"reconciling; {_ready_summary(conds)}", seen)
    return Progress(verdict.state, verdict.message, seen)


def _resume(expect: Expectation, raw: Mapping[str, Any]) -> Progress:
    if _mapping(raw.get("spec")).get("suspend") is True:
        return Progress("pending", "waiting for the object to show suspend: false")
    gen = generation(raw)
    if expect.generation is not None and gen is not None and gen < expect.generation:
        return Progress("pending", "waiting for the object to show suspend: false")
    if expect.static:
        return Progress("succeeded", "resumed")
    conds = conditions(raw)
    ready = conds.get("Ready")
    # isObjectReady (flux2 cmd/flux/readiness.go) on the resumed generation.
    ready_for_gen = False
    if ready is not None and gen is not None:
        ready_gen = ready.observed_generation or observed_generation(raw) or 0
        ready_for_gen = ready_gen == gen
    if ready_for_gen:
        verdict = _settled(raw, conds)
        if verdict is not None and (
            verdict.state == "failed" or (observed_generation(raw) or 0) >= 1
        ):
            return Progress(verdict.state, verdict.message)
    status, _ = kstatus(raw)
    if status == "Terminating":
        return Progress("failed", "the object is being deleted")
    stalled = conds.get("Stalled")
    if stalled is not None and stalled.status == "True":
        return Progress("failed", _stalled_message(stalled, conds))
    return Progress(
        "pending", f"resumed; waiting for it to become ready; {_ready_summary(conds)}"
    )


def evaluate(
    expect: Expectation, raw: Mapping[str, Any], seen_patch: bool = False
) -> Progress:
    """Where one patched object stands. ``seen_patch`` is the caller's latch of earlier results."""
    if expect.action == "reconcile":
        return _reconcile(expect, raw, seen_patch)
    if expect.action == "resume":
        return _resume(expect, raw)
    if _mapping(raw.get("spec")).get("suspend") is True:
        return Progress(
            "succeeded", "suspended: the controller leaves it as it is until resumed"
        )
    return Progress("pending", "waiting for the object to show suspend: true")
