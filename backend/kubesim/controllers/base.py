"""The shape of one simulated reconcile, shared by every kind.

A kind controller turns a :class:`ReconcileContext` into an :class:`Outcome`; :func:`finish_status`
folds the outcome into the object's status the way Flux's controllers do (FLUX.md §5):
``lastHandledReconcileAt`` always set from the request annotation, ``observedGeneration``
advanced on success only, ``Reconciling``/``Stalled`` present only while True.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, Literal

from kubesim.controllers import conditions as cond
from kubesim.controllers.clock import rfc3339
from kubesim.controllers.cluster import Cluster
from kubesim.controllers.scripts import Failure
from kubesim.store import Obj

REQUESTED_AT = "reconcile.fluxcd.io/requestedAt"
FORCE_AT = "reconcile.fluxcd.io/forceAt"
RESET_AT = "reconcile.fluxcd.io/resetAt"
FLUX_FINALIZER = "finalizers.fluxcd.io"


@dataclass
class ReconcileContext:
    obj: Obj
    cluster: Cluster
    now: datetime
    # How long the simulated reconcile took (for messages such as "finished in 1.2s").
    duration: float = 1.0
    # Sources: publish a new artifact revision in this run.
    publish: bool = False
    # HelmRelease: resetAt / forceAt honoured in this run.
    reset: bool = False
    force: bool = False
    # A new generation since the last attempt (spec changed).
    new_generation: bool = False
    # Scenario loading can build a past success of an object whose dependencies fail now.
    check_dependencies: bool = True

    @property
    def meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = self.obj["metadata"]
        return meta

    @property
    def spec(self) -> dict[str, Any]:
        spec: dict[str, Any] = self.obj.get("spec") or {}
        return spec

    @property
    def status(self) -> dict[str, Any]:
        status: dict[str, Any] = self.obj.get("status") or {}
        return status

    @property
    def name(self) -> str:
        return str(self.meta["name"])

    @property
    def namespace(self) -> str:
        return str(self.meta.get("namespace", ""))

    @property
    def generation(self) -> int:
        return int(self.meta.get("generation", 1))

    @cached_property
    def at(self) -> str:
        return rfc3339(self.now)


@dataclass
class EventSpec:
    type: Literal["Normal", "Warning"]
    reason: str
    message: str
    annotations: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    """What one reconcile produced."""

    result: Literal["ready", "failed", "stalled"]
    reason: str
    message: str
    # Status fields to merge (artifact, history, inventory, counters, …); None removes a field.
    status: dict[str, Any] = field(default_factory=dict)
    # Conditions besides Ready/Reconciling/Stalled to set, and types to drop.
    extra_conditions: list[cond.Condition] = field(default_factory=list)
    drop_conditions: tuple[str, ...] = ()
    stall_reason: str = ""
    stall_message: str = ""
    event: EventSpec | None = None
    # Failures with this flag keep Reconciling=True/ProgressingWithRetry (appliers retry).
    retrying: bool = False
    # Whether the run counts as a successful apply (advances observedGeneration).
    advance_generation: bool | None = None


def progressing_conditions(
    existing: list[cond.Condition], *, generation: int, at: str, message: str
) -> list[cond.Condition]:
    """Conditions while a reconcile runs: Ready=Unknown/Progressing and Reconciling=True."""
    out = cond.remove(existing, cond.STALLED)
    out = cond.upsert(
        out,
        cond.condition(
            cond.RECONCILING,
            "True",
            "Progressing",
            message,
            at=at,
            generation=generation,
        ),
    )
    out = cond.upsert(
        out,
        cond.condition(
            cond.READY,
            "Unknown",
            "Progressing",
            "Reconciliation in progress",
            at=at,
            generation=generation,
        ),
    )
    return cond.ordered(out)


def finish_status(ctx: ReconcileContext, outcome: Outcome) -> dict[str, Any]:
    """The status merge patch that records ``outcome`` on ``ctx.obj``."""
    gen, at = ctx.generation, ctx.at
    conditions = cond.remove(
        list(ctx.status.get("conditions") or []), cond.RECONCILING, cond.STALLED
    )
    conditions = cond.remove(conditions, *outcome.drop_conditions)
    for extra in outcome.extra_conditions:
        conditions = cond.upsert(conditions, extra)
    ready_status = "True" if outcome.result == "ready" else "False"
    conditions = cond.upsert(
        conditions,
        cond.condition(
            cond.READY,
            ready_status,
            outcome.reason,
            outcome.message,
            at=at,
            generation=gen,
        ),
    )
    if outcome.result == "stalled":
        conditions = cond.upsert(
            conditions,
            cond.condition(
                cond.STALLED,
                "True",
                outcome.stall_reason,
                outcome.stall_message,
                at=at,
                generation=gen,
            ),
        )
    elif outcome.result == "failed" and outcome.retrying:
        conditions = cond.upsert(
            conditions,
            cond.condition(
                cond.RECONCILING,
                "True",
                "ProgressingWithRetry",
                outcome.message,
                at=at,
                generation=gen,
            ),
        )
    status: dict[str, Any] = dict(outcome.status)
    status["conditions"] = cond.ordered(conditions)
    advance = outcome.advance_generation
    if advance is None:
        advance = outcome.result == "ready"
    if advance:
        status["observedGeneration"] = gen
    requested = (ctx.meta.get("annotations") or {}).get(REQUESTED_AT)
    if requested is not None:
        status["lastHandledReconcileAt"] = requested
    return status


def failure_text(failure: Failure | None, reason: str, message: str) -> tuple[str, str]:
    """A scripted failure's reason/message, or the kind's defaults."""
    if failure is None:
        return reason, message
    return failure.reason or reason, failure.message or message


class KindController:
    """Behaviour of one Flux kind under the simulated controllers. Subclasses override."""

    kind = ""
    controller = ""
    # Kustomization and HelmRelease keep retrying (Reconciling=True/ProgressingWithRetry).
    applier = False
    default_delay = 1.0
    default_stall = (
        "ReconciliationStalled",
        "reconciliation stalled: terminal error, not retrying",
    )

    def reconcilable(self, obj: Obj) -> bool:
        return True

    def progress_message(self, ctx: ReconcileContext) -> str:
        return "reconciliation in progress"

    def reconcile(self, ctx: ReconcileContext) -> Outcome:
        raise NotImplementedError

    def default_failure(self, ctx: ReconcileContext) -> tuple[str, str]:
        return "ReconciliationFailed", "reconciliation failed"

    def failure(self, ctx: ReconcileContext, failure: Failure | None) -> Outcome:
        reason, message = failure_text(failure, *self.default_failure(ctx))
        return Outcome(
            "failed",
            reason,
            message,
            event=EventSpec("Warning", reason, message),
            retrying=self.applier,
        )

    def stall(self, ctx: ReconcileContext, failure: Failure | None) -> Outcome:
        """A terminal failure: Ready=False and Stalled=True with the same reason/message
        (``failure``'s, else :attr:`default_stall`)."""
        reason, message = failure_text(failure, *self.default_stall)
        out = self.failure(ctx, Failure(reason, message))
        out.result = "stalled"
        out.retrying = False
        out.stall_reason, out.stall_message = out.reason, out.message
        return out
