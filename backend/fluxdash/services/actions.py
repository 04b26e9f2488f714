"""Suspend, resume and reconcile Flux objects like the ``flux`` CLI, and follow what happens.

``submit`` answers as soon as the cluster accepted the first patch: the record is ``pending``.
A runner task per record then follows the watch (``ObservedObjects``) until the object settles
(see ``action_progress``), patches the next object of a with-source reconcile only after the
previous one succeeded, and ends the record ``succeeded``, ``failed`` or ``timedOut``. Refusals
are raised as typed errors and also kept as ``refused`` records. Every request is audited.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fluxdash.errors import AppError, Conflict, NotFound
from fluxdash.models.actions import (
    FORCE_AT_ANNOTATION,
    REQUESTED_AT_ANNOTATION,
    RESET_AT_ANNOTATION,
    SUSPEND_REASON_ANNOTATION,
    TERMINAL_STATES,
    ActionName,
    ActionOptions,
    ActionRecord,
    ActionState,
    ActionStep,
    ActionTarget,
    BulkTarget,
    StepRole,
    StepState,
)
from fluxdash.models.identity import Identity
from fluxdash.models.kinds import KindInfo
from fluxdash.services import audit
from fluxdash.services.action_errors import (
    ActionNotFound,
    ActionNotSupported,
    ConflictAfterRetry,
    ResourceSuspended,
    UnknownKind,
)
from fluxdash.services.action_plans import (
    dependency_order,
    object_id,
    source_pointer,
    upstream_ids,
)
from fluxdash.services.action_ports import FIELD_MANAGER, ActionCluster, ObservedObjects
from fluxdash.services.action_progress import (
    Expectation,
    Progress,
    evaluate,
    generation,
    last_handled_reconcile_at,
)
from fluxdash.services.action_rules import (
    PLURALS,
    check_options,
    check_reconcilable,
    check_suspendable,
    cli_command,
    is_static,
    is_suspended,
    rules_for_kind,
    rules_for_name,
    supports_with_source,
)
from fluxdash.services.request_clock import RequestClock

log = logging.getLogger("fluxdash.actions")

RecordCallback = Callable[[ActionRecord], None]

_MAX_CHAIN = 3  # HelmRelease → HelmChart → its source is the longest with-source chain.


@dataclass(eq=False)
class _Step:
    role: StepRole
    rules: KindInfo
    namespace: str
    name: str
    raw: Mapping[str, Any]
    state: StepState = "waiting"
    message: str = ""
    requested_at: str | None = None
    skip_reason: str | None = None
    expectation: Expectation | None = None
    seen_patch: bool = False

    @property
    def id(self) -> str:
        return object_id(self.rules.kind, self.namespace, self.name)

    def public(self) -> ActionStep:
        return ActionStep(
            role=self.role,
            target=ActionTarget.of(self.rules.kind, self.namespace, self.name),
            state=self.state,
            message=self.message,
            requested_at=self.requested_at,
        )


@dataclass(eq=False)
class _Run:
    id: str
    action: ActionName
    target: ActionTarget
    identity: Identity
    request_id: str
    requested_at: str
    cli: str
    options: ActionOptions
    deadline: float
    steps: list[_Step] = field(default_factory=list)
    state: ActionState = "pending"
    message: str = ""
    finished_at: str | None = None

    def record(self) -> ActionRecord:
        return ActionRecord(
            id=self.id,
            action=self.action,
            target=self.target,
            user=self.identity.user,
            requested_at=self.requested_at,
            state=self.state,
            message=self.message,
            cli=self.cli,
            options=self.options,
            steps=[step.public() for step in self.steps],
            finished_at=self.finished_at,
        )


@dataclass(eq=False)
class _Tracker:
    run: _Run
    step: _Step
    done: asyncio.Future[Progress]


def unknown_kind(kind: str) -> UnknownKind:
    return UnknownKind(f"unknown kind {kind!r}; valid kinds: {', '.join(PLURALS)}")


def kind_rules(kind: str) -> KindInfo:
    """Rules for a kind named by plural or Kind; ``UnknownKind`` (404) otherwise."""
    rules = rules_for_name(kind)
    if rules is None:
        raise unknown_kind(kind)
    return rules


class ActionService:
    """Actions and their records (a bounded ring, newest last)."""

    def __init__(
        self,
        cluster: ActionCluster,
        observed: ObservedObjects,
        *,
        timeout_seconds: float,
        history_size: int = 500,
        clock: RequestClock | None = None,
    ) -> None:
        self._cluster = cluster
        self._observed = observed
        self._timeout = timeout_seconds
        self._history_size = history_size
        self._clock = clock or RequestClock()
        self._runs: OrderedDict[str, _Run] = OrderedDict()
        self._trackers: dict[str, list[_Tracker]] = {}
        self._subscribers: list[RecordCallback] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._side_tasks: set[asyncio.Task[None]] = set()
        self._unsubscribe: Callable[[], None] | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        if self._unsubscribe is None:
            self._unsubscribe = self._observed.subscribe(self._on_observed_change)

    async def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        tasks = list(self._tasks | self._side_tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def drain(self) -> None:
        """Wait until the audit Events written so far reached the cluster."""
        while self._side_tasks:
            await asyncio.gather(*list(self._side_tasks), return_exceptions=True)

    # -- reading ---------------------------------------------------------------------------

    def get(self, action_id: str) -> ActionRecord:
        run = self._runs.get(action_id)
        if run is None:
            raise ActionNotFound(
                f"no action {action_id!r} (unknown, or older than the last {self._history_size})"
            )
        return run.record()

    def recent(self, limit: int | None = None) -> list[ActionRecord]:
        """Newest first."""
        runs = list(reversed(self._runs.values()))
        if limit is not None:
            runs = runs[:limit]
        return [run.record() for run in runs]

    def subscribe(self, callback: RecordCallback) -> Callable[[], None]:
        """``callback(record)`` on every change of any record; returns the unsubscribe function."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    async def wait_final(self, action_id: str, within: float) -> ActionRecord:
        """The record once it is final (for tests, benchmarks and scripts); TimeoutError after
        ``within`` seconds."""
        record = self.get(action_id)
        if record.state in TERMINAL_STATES:
            return record
        loop = asyncio.get_running_loop()
        done: asyncio.Future[ActionRecord] = loop.create_future()

        def on_change(changed: ActionRecord) -> None:
            if (
                changed.id == action_id
                and changed.state in TERMINAL_STATES
                and not done.done()
            ):
                done.set_result(changed)

        unsubscribe = self.subscribe(on_change)
        try:
            return await asyncio.wait_for(done, within)
        finally:
            unsubscribe()

    # -- acting ----------------------------------------------------------------------------

    async def submit(
        self,
        action: ActionName,
        kind: str,
        namespace: str,
        name: str,
        options: ActionOptions,
        identity: Identity,
        request_id: str,
    ) -> ActionRecord:
        """Send the action; raise the typed refusal when nothing could be done."""
        run, error = await self._submit(
            action, kind, namespace, name, options, identity, request_id
        )
        if error is not None:
            raise error
        assert run is not None  # _submit returns a run whenever there is no error
        return run.record()

    async def submit_bulk(
        self,
        action: ActionName,
        targets: Sequence[BulkTarget],
        options: ActionOptions,
        identity: Identity,
        request_id: str,
    ) -> list[ActionRecord]:
        """One record per distinct target, sent in dependency order (see ``BulkActionResponse``)."""
        unique: dict[tuple[str, str, str], BulkTarget] = {}
        for target in targets:
            rules = rules_for_name(target.kind)
            key = (rules.kind if rules else target.kind, target.namespace, target.name)
            unique.setdefault(key, target)
        items = list(unique.items())

        def id_of(item: tuple[tuple[str, str, str], BulkTarget]) -> str:
            return object_id(*item[0])

        upstream: dict[str, list[str]] = {}
        for key, _ in items:
            raw = self._observed.raw(object_id(*key))
            upstream[object_id(*key)] = (
                upstream_ids(*key, raw) if raw is not None else []
            )
        if action == "suspend":
            downstream: dict[str, list[str]] = {object_id(*key): [] for key, _ in items}
            for item_id, ups in upstream.items():
                for up in ups:
                    downstream.setdefault(up, []).append(item_id)
            ordered = dependency_order(
                items, id_of, lambda item: downstream[id_of(item)]
            )
        else:
            ordered = dependency_order(items, id_of, lambda item: upstream[id_of(item)])
        records: list[ActionRecord] = []
        for _, target in ordered:
            run, error = await self._submit(
                action,
                target.kind,
                target.namespace,
                target.name,
                options,
                identity,
                request_id,
            )
            if run is not None:
                records.append(run.record())
            elif error is not None:
                records.append(
                    self._refused_without_run(action, target, options, identity, error)
                )
        return records

    # -- internals: submitting ---------------------------------------------------------------

    async def _submit(
        self,
        action: ActionName,
        kind: str,
        namespace: str,
        name: str,
        options: ActionOptions,
        identity: Identity,
        request_id: str,
    ) -> tuple[_Run | None, AppError | None]:
        rules = rules_for_name(kind)
        if rules is None:
            error = unknown_kind(kind)
            audit.write_log_line(
                outcome="refused",
                identity=identity,
                action=action,
                target={"kind": kind, "namespace": namespace, "name": name},
                request_id=request_id,
                detail=error.detail,
                options=options,
                status=error.status_code,
            )
            return None, error
        target = ActionTarget.of(rules.kind, namespace, name)
        loop = asyncio.get_running_loop()
        run = _Run(
            id=uuid.uuid4().hex,
            action=action,
            target=target,
            identity=identity,
            request_id=request_id,
            requested_at=self._clock.now(),
            cli=cli_command(action, rules, namespace, name, options),
            options=options,
            deadline=loop.time() + self._timeout,
        )
        raw: Mapping[str, Any] | None = None
        try:
            check_options(rules, action, options)
            raw = await self._cluster.get_object(
                rules.plural, namespace, name, identity
            )
            run.steps = await self._plan(run, rules, raw)
            first = next(step for step in run.steps if step.skip_reason is None)
            await self._patch_step(run, first, fresh=False)
            run.requested_at = first.requested_at or run.requested_at
        except AppError as error:
            run.state = "refused"
            run.message = error.detail
            run.finished_at = self._clock.now()
            for step in run.steps:
                step.state = "cancelled" if step.state == "waiting" else step.state
            self._store(run)
            self._audit(run, "refused", raw, error.detail, error.status_code)
            return run, error
        for step in run.steps:
            if step.skip_reason is not None:
                step.state = "skipped"
                step.message = step.skip_reason
        run.message = "sent; waiting for the cluster to report back"
        self._store(run)
        self._audit(run, "accepted", raw, run.message, None)
        task = asyncio.create_task(self._follow(run), name=f"action-{run.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return run, None

    def _refused_without_run(
        self,
        action: ActionName,
        target: BulkTarget,
        options: ActionOptions,
        identity: Identity,
        error: AppError,
    ) -> ActionRecord:
        """A bulk target that never became a run (unknown kind): a record all the same."""
        rules = rules_for_name(target.kind)
        kind = rules.kind if rules else target.kind
        now = self._clock.now()
        return ActionRecord(
            id=uuid.uuid4().hex,
            action=action,
            target=ActionTarget.of(kind, target.namespace, target.name),
            user=identity.user,
            requested_at=now,
            state="refused",
            message=error.detail,
            cli=cli_command(action, rules, target.namespace, target.name, options)
            if rules
            else "",
            options=options,
            finished_at=now,
        )

    async def _plan(
        self, run: _Run, rules: KindInfo, raw: Mapping[str, Any]
    ) -> list[_Step]:
        target_step = _Step("target", rules, run.target.namespace, run.target.name, raw)
        if run.action in ("suspend", "resume"):
            check_suspendable(rules, raw)
            return [target_step]
        check_reconcilable(rules, raw)
        if is_suspended(raw):
            raise ResourceSuspended("resource is suspended")
        steps = [target_step]
        if not run.options.with_source:
            return steps
        current = target_step
        while supports_with_source(current.rules) and len(steps) < _MAX_CHAIN:
            pointer = source_pointer(
                current.rules, current.namespace, current.name, current.raw
            )
            if pointer is None:
                break
            source_rules = rules_for_kind(pointer.kind)
            if source_rules is None:
                raise ActionNotSupported(
                    f"cannot reconcile source of kind {pointer.kind}"
                )
            try:
                source_raw = await self._cluster.get_object(
                    source_rules.plural, pointer.namespace, pointer.name, run.identity
                )
            except NotFound as exc:
                raise NotFound(
                    f"{pointer.role} {pointer.id} of {current.id} not found; "
                    "reconcile without withSource, or fix the reference"
                ) from exc
            step = _Step(
                pointer.role, source_rules, pointer.namespace, pointer.name, source_raw
            )
            if is_static(source_rules, source_raw):
                step.skip_reason = (
                    "reconciliation not supported by the object (static source)"
                )
            else:
                check_reconcilable(source_rules, source_raw)
                if is_suspended(source_raw):
                    raise ResourceSuspended(
                        f"{pointer.role} {pointer.id} is suspended: resource is suspended; "
                        "resume it or reconcile without withSource"
                    )
            steps.insert(0, step)
            current = step
        # Everything after the first patch happens later: make sure it will be allowed now,
        # so a half-done with-source reconcile is not discovered minutes later.
        patchable = [step for step in steps if step.skip_reason is None]
        for step in patchable[1:]:
            await self._cluster.ensure_allowed(
                "patch", step.rules.plural, step.namespace, run.identity
            )
        return steps

    def _patch_body(self, run: _Run, step: _Step, token: str | None) -> dict[str, Any]:
        if run.action == "suspend":
            body: dict[str, Any] = {"spec": {"suspend": True}}
            if run.options.reason:
                body["metadata"] = {
                    "annotations": {SUSPEND_REASON_ANNOTATION: run.options.reason}
                }
            return body
        if run.action == "resume":
            body = {"spec": {"suspend": False}}
            meta = step.raw.get("metadata")
            annotations = meta.get("annotations") if isinstance(meta, Mapping) else None
            if (
                isinstance(annotations, Mapping)
                and SUSPEND_REASON_ANNOTATION in annotations
            ):
                body["metadata"] = {"annotations": {SUSPEND_REASON_ANNOTATION: None}}
            return body
        assert token is not None  # reconcile always has a token
        annotations_patch = {REQUESTED_AT_ANNOTATION: token}
        if step.role == "target" and step.rules.kind == "HelmRelease":
            if run.options.force:
                annotations_patch[FORCE_AT_ANNOTATION] = token
            if run.options.reset:
                annotations_patch[RESET_AT_ANNOTATION] = token
        return {"metadata": {"annotations": annotations_patch}}

    async def _patch_step(self, run: _Run, step: _Step, *, fresh: bool) -> None:
        """Patch one object (re-reading it first when ``fresh``); retry a 409 once."""
        for attempt in (1, 2):
            if fresh or attempt == 2:
                step.raw = await self._cluster.get_object(
                    step.rules.plural, step.namespace, step.name, run.identity
                )
                if run.action == "reconcile" and is_suspended(step.raw):
                    raise ResourceSuspended(
                        f"{step.id} is suspended: resource is suspended"
                    )
            token = self._clock.next() if run.action == "reconcile" else None
            body = self._patch_body(run, step, token)
            try:
                patched = await self._cluster.merge_patch(
                    step.rules.plural,
                    step.namespace,
                    step.name,
                    body,
                    run.identity,
                    FIELD_MANAGER,
                )
            except ConflictAfterRetry:
                raise
            except Conflict as exc:
                if attempt == 2:
                    raise ConflictAfterRetry(f"{exc.detail} (retried once)") from exc
                continue
            step.expectation = Expectation(
                action=run.action,
                static=is_static(step.rules, step.raw),
                token=token,
                # From the patch response: the value at the moment of our write, so a
                # reconcile finishing between our GET and PATCH cannot pass for ours.
                previous_handled=last_handled_reconcile_at(patched),
                generation=generation(patched),
            )
            step.requested_at = token
            step.state = "pending"
            step.message = "patched; waiting for the cluster to report back"
            return

    # -- internals: following ----------------------------------------------------------------

    async def _follow(self, run: _Run) -> None:
        try:
            for index, step in enumerate(run.steps):
                if step.skip_reason is not None:
                    continue
                if step.state == "waiting":
                    try:
                        await self._patch_step(run, step, fresh=True)
                    except AppError as exc:
                        step.state = "failed"
                        step.message = exc.detail
                        self._end(run, index, "failed", exc.detail)
                        return
                    self._changed(run)
                progress = await self._await_step(run, step)
                if progress.state != "succeeded":
                    state: ActionState
                    if progress.state == "pending":
                        state = step.state = "timedOut"
                    else:
                        state = step.state = "failed"
                    if state == "timedOut":
                        step.message = f"no result within {self._timeout:g}s; last seen: {progress.message}"
                    else:
                        step.message = progress.message
                    self._end(run, index, state, step.message)
                    return
            last = run.steps[-1]
            self._finish(run, "succeeded", last.message)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug must not leave a record pending forever
            log.exception("action %s failed unexpectedly", run.id)
            self._finish(
                run,
                "failed",
                f"internal error while following the action: {type(exc).__name__}",
            )

    def _end(self, run: _Run, index: int, state: ActionState, message: str) -> None:
        """Step ``index`` did not succeed: say which, and cancel the steps after it."""
        for later in run.steps[index + 1 :]:
            if later.state == "waiting":
                later.state = "cancelled"
                later.message = "not patched: an earlier step did not succeed"
        if len(run.steps) > 1:
            step = run.steps[index]
            untouched = [s.id for s in run.steps[index + 1 :] if s.state == "cancelled"]
            left = f"; left unchanged: {', '.join(untouched)}" if untouched else ""
            message = f"step {index + 1} of {len(run.steps)} ({step.role} {step.id}) {state}: {message}{left}"
        self._finish(run, state, message)

    def _finish(self, run: _Run, state: ActionState, message: str) -> None:
        run.state = state
        run.message = message
        run.finished_at = self._clock.now()
        if state == "succeeded":
            for step in run.steps:
                if step.state == "pending":
                    step.state = "succeeded"
        log.info(
            "action %s %s %s: %s",
            run.action,
            run.target.id,
            state,
            message,
            extra={"actionId": run.id, "requestId": run.request_id},
        )
        self._changed(run)

    async def _await_step(self, run: _Run, step: _Step) -> Progress:
        loop = asyncio.get_running_loop()
        tracker = _Tracker(run, step, loop.create_future())
        self._trackers.setdefault(step.id, []).append(tracker)
        try:
            raw = self._observed.raw(step.id)
            if raw is not None:
                self._evaluate(tracker, raw)
            remaining = max(0.0, run.deadline - loop.time())
            try:
                return await asyncio.wait_for(asyncio.shield(tracker.done), remaining)
            except TimeoutError:
                return Progress("pending", step.message)
        finally:
            trackers = self._trackers.get(step.id, [])
            if tracker in trackers:
                trackers.remove(tracker)
            if not trackers:
                self._trackers.pop(step.id, None)

    def _on_observed_change(self, changed_id: str) -> None:
        trackers = self._trackers.get(changed_id)
        if not trackers:
            return
        raw = self._observed.raw(changed_id)
        for tracker in list(trackers):
            if tracker.done.done():
                continue
            if raw is None:
                tracker.done.set_result(Progress("failed", "the object was deleted"))
                continue
            self._evaluate(tracker, raw)

    def _evaluate(self, tracker: _Tracker, raw: Mapping[str, Any]) -> None:
        step = tracker.step
        if step.expectation is None or tracker.done.done():
            return
        progress = evaluate(step.expectation, raw, step.seen_patch)
        step.seen_patch = step.seen_patch or progress.seen_patch
        if progress.state == "pending":
            if progress.message != step.message:
                step.message = progress.message
                tracker.run.message = progress.message
                self._changed(tracker.run)
            return
        step.message = progress.message
        tracker.done.set_result(progress)

    # -- internals: records and audit --------------------------------------------------------

    def _store(self, run: _Run) -> None:
        self._runs[run.id] = run
        while len(self._runs) > self._history_size:
            victim = next(
                (
                    key
                    for key, old in self._runs.items()
                    if old.state in TERMINAL_STATES
                ),
                next(iter(self._runs)),
            )
            del self._runs[victim]
        self._changed(run)

    def _changed(self, run: _Run) -> None:
        if not self._subscribers:
            return
        record = run.record()
        for callback in list(self._subscribers):
            try:
                callback(record)
            except Exception:
                log.exception("action subscriber failed")

    def _audit(
        self,
        run: _Run,
        outcome: audit.AuditOutcome,
        raw: Mapping[str, Any] | None,
        detail: str,
        status: int | None,
    ) -> None:
        audit.write_log_line(
            outcome=outcome,
            identity=run.identity,
            action=run.action,
            target=run.target,
            request_id=run.request_id,
            detail=detail,
            action_id=run.id,
            options=run.options,
            status=status,
        )
        if raw is None:
            return  # no object to hang an Event on (not found, or not readable)
        epoch_ns = self._clock.next_ns()
        event = audit.build_event(
            obj=raw,
            outcome=outcome,
            identity=run.identity,
            action=run.action,
            options=run.options,
            detail=detail,
            timestamp=self._clock.now(),
            epoch_ns=epoch_ns,
        )
        self._spawn(self._write_event(run.target.namespace, event))

    async def _write_event(self, namespace: str, event: Mapping[str, Any]) -> None:
        try:
            await self._cluster.create_event(namespace, event)
        except AppError as exc:
            log.warning("could not write the audit Event: %s", exc.detail)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coro)
        self._side_tasks.add(task)
        task.add_done_callback(self._side_tasks.discard)
