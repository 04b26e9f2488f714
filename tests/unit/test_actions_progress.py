"""When is an action done? The CLI's rules over raw objects (FLUX.md §5.2, §7.2)."""

from __future__ import annotations

from typing import Any

from fluxdash.services.action_progress import Expectation, evaluate, kstatus

TOKEN = "2025-01-01T00:00:01.5Z"
PREVIOUS = "2025-01-01T00:00:00Z"


def obj(
    *,
    generation: int = 1,
    observed: int | None = 1,
    handled: str | None = PREVIOUS,
    annotation: str | None = TOKEN,
    conditions: list[dict[str, Any]] | None = None,
    suspend: bool | None = None,
    deleting: bool = False,
) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": "a", "namespace": "n", "generation": generation}
    if annotation:
        meta["annotations"] = {"reconcile.fluxcd.io/requestedAt": annotation}
    if deleting:
        meta["deletionTimestamp"] = "2025-01-01T00:00:00Z"
    status: dict[str, Any] = {"conditions": conditions or []}
    if observed is not None:
        status["observedGeneration"] = observed
    if handled is not None:
        status["lastHandledReconcileAt"] = handled
    spec = {} if suspend is None else {"suspend": suspend}
    return {"kind": "Kustomization", "metadata": meta, "spec": spec, "status": status}


def cond(
    kind: str, status: str, reason: str = "", message: str = "", gen: int = 0
) -> dict[str, Any]:
    return {
        "type": kind,
        "status": status,
        "reason": reason,
        "message": message,
        "observedGeneration": gen,
    }


RECONCILE = Expectation(
    action="reconcile", token=TOKEN, previous_handled=PREVIOUS, generation=1
)


def test_reconcile_waits_until_last_handled_changes() -> None:
    progress = evaluate(
        RECONCILE, obj(conditions=[cond("Ready", "True", message="old")])
    )
    assert progress.state == "pending"
    assert progress.seen_patch  # our annotation is visible


def test_reconcile_succeeds_with_the_ready_message_once_handled_and_current() -> None:
    progress = evaluate(
        RECONCILE,
        obj(
            handled=TOKEN,
            conditions=[
                cond("Ready", "True", "Succeeded", "Applied revision: main@sha1:abc")
            ],
        ),
    )
    assert (progress.state, progress.message) == (
        "succeeded",
        "Applied revision: main@sha1:abc",
    )


def test_reconcile_counts_any_change_after_our_patch_was_seen() -> None:
    # Someone else's later request replaced ours; the controller handled theirs: done too.
    later = obj(
        handled="later",
        annotation="later",
        conditions=[cond("Ready", "True", message="ok")],
    )
    assert (
        evaluate(RECONCILE, later).state == "pending"
    )  # never saw our patch: not proof
    assert evaluate(RECONCILE, later, seen_patch=True).state == "succeeded"


def test_reconcile_does_not_trust_a_stale_cache() -> None:
    # The cache still shows an older handled value than the one read before the patch.
    stale = obj(handled="older", annotation="older", conditions=[cond("Ready", "True")])
    assert evaluate(RECONCILE, stale).state == "pending"


def test_reconcile_keeps_waiting_while_in_progress() -> None:
    reconciling = obj(
        handled=TOKEN,
        conditions=[
            cond("Ready", "Unknown", "Progressing"),
            cond("Reconciling", "True", "Progressing", "Fetching"),
        ],
    )
    assert evaluate(RECONCILE, reconciling).state == "pending"
    new_generation = obj(
        generation=2, observed=1, handled=TOKEN, conditions=[cond("Ready", "True")]
    )
    assert evaluate(RECONCILE, new_generation).state == "pending"


def test_reconcile_fails_with_the_ready_message() -> None:
    failed = obj(
        handled=TOKEN,
        conditions=[
            cond("Ready", "False", "BuildFailed", "kustomize build failed: bad patch"),
            cond("Reconciling", "True", "ProgressingWithRetry", "retrying"),
        ],
    )
    assert (evaluate(RECONCILE, failed).state, evaluate(RECONCILE, failed).message) == (
        "failed",
        "kustomize build failed: bad patch",
    )


def test_reconcile_fails_fast_on_stalled() -> None:
    stalled = obj(
        handled=TOKEN,
        conditions=[
            cond("Stalled", "True", "RetriesExceeded", "gave up"),
            cond("Ready", "False"),
        ],
    )
    progress = evaluate(RECONCILE, stalled)
    assert progress.state == "failed"
    assert "gave up" in progress.message


def test_reconcile_fails_when_suspended_before_handling() -> None:
    assert evaluate(RECONCILE, obj(suspend=True)).state == "failed"


def test_resume_waits_for_the_new_generation_to_be_ready() -> None:
    resume = Expectation(action="resume", generation=3)
    assert evaluate(resume, obj(generation=2, suspend=True)).state == "pending"
    assert (
        evaluate(
            resume,
            obj(generation=3, observed=2, conditions=[cond("Ready", "True", gen=2)]),
        ).state
        == "pending"
    )
    done = evaluate(
        resume,
        obj(
            generation=3,
            observed=3,
            conditions=[cond("Ready", "True", message="fine", gen=3)],
        ),
    )
    assert (done.state, done.message) == ("succeeded", "fine")


def test_resume_fails_when_the_resumed_generation_fails() -> None:
    resume = Expectation(action="resume", generation=3)
    failed = obj(
        generation=3,
        observed=2,
        conditions=[cond("Ready", "False", "Failed", "no artifact", gen=3)],
    )
    assert (evaluate(resume, failed).state, evaluate(resume, failed).message) == (
        "failed",
        "no artifact",
    )


def test_resume_of_static_objects_only_needs_the_spec() -> None:
    resume = Expectation(action="resume", static=True, generation=2)
    assert (
        evaluate(
            resume, {"metadata": {"generation": 2}, "spec": {"suspend": False}}
        ).state
        == "succeeded"
    )
    assert (
        evaluate(
            resume, {"metadata": {"generation": 2}, "spec": {"suspend": True}}
        ).state
        == "pending"
    )


def test_suspend_succeeds_when_the_spec_shows_it() -> None:
    suspend = Expectation(action="suspend", generation=2)
    assert evaluate(suspend, obj(suspend=True)).state == "succeeded"
    assert evaluate(suspend, obj(suspend=False)).state == "pending"


def test_kstatus_rules_in_order() -> None:
    assert kstatus(obj(deleting=True))[0] == "Terminating"
    assert kstatus(obj(generation=2, observed=1))[0] == "InProgress"
    assert kstatus(obj(conditions=[cond("Reconciling", "True")]))[0] == "InProgress"
    assert kstatus(obj(conditions=[cond("Stalled", "True", message="x")])) == (
        "Failed",
        "x",
    )
    assert kstatus(obj(conditions=[cond("Ready", "False")]))[0] == "Current"
    assert (
        kstatus({"kind": "Alert", "metadata": {"generation": 1}, "spec": {}})[0]
        == "Current"
    )


def test_a_later_request_counts_as_having_seen_ours() -> None:
    # A second click replaced our annotation before we looked; the controller handled that one.
    later = obj(
        handled="2025-01-01T00:00:02Z",
        annotation="2025-01-01T00:00:02Z",
        conditions=[cond("Ready", "True", message="ok")],
    )
    assert evaluate(RECONCILE, later).state == "succeeded"
    earlier = obj(
        handled="2024-12-31T23:59:59Z",
        annotation="2024-12-31T23:59:59Z",
        conditions=[cond("Ready", "True")],
    )
    assert evaluate(RECONCILE, earlier).state == "pending"
