"""The simulated Flux controllers: watch the store, reconcile like Flux (FLUX.md §5, §7).

Rules, all applied through the store (status only via ``subresource="status"``):

* a changed ``reconcile.fluxcd.io/requestedAt``, a new generation (any spec change, including
  ``spec.suspend: false``) or a newly created object queues a reconcile, unless the object is
  suspended (suspended objects are never touched);
* a reconcile first writes Ready=Unknown/Progressing + Reconciling=True, waits the object's
  delay, then writes the outcome (see :mod:`kubesim.controllers.base`) and an Event;
* HelmRelease ``forceAt``/``resetAt`` count only when equal to ``requestedAt`` and new;
  ``lastHandledForceAt``/``lastHandledResetAt`` are updated regardless;
* when a source's ``status.artifact.revision`` changes, its consumers reconcile (Kustomizations,
  HelmCharts, HelmReleases, ImagePolicies);
* deleting an object that carries ``finalizers.fluxcd.io`` removes the finalizer;
* optionally "living": every 20-40 s (``KUBESIM_LIVING_INTERVAL``) a source publishes a new
  revision, and flaky objects flip.

Delays: a per-object script's ``delay`` wins, then the global ``delay_override`` (tests and
benchmarks set 0; env ``KUBESIM_RECONCILE_DELAY``), then the kind's default (0.5-3 s).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kubesim.controllers import conditions as cond
from kubesim.controllers.base import (
    FLUX_FINALIZER,
    FORCE_AT,
    REQUESTED_AT,
    RESET_AT,
    KindController,
    Outcome,
    ReconcileContext,
    finish_status,
    progressing_conditions,
)
from kubesim.controllers.clock import rfc3339, utcnow
from kubesim.controllers.cluster import Cluster, flux_kind_of, group_plural
from kubesim.controllers.events import EventRecorder
from kubesim.controllers.helm import chart_template_ref
from kubesim.controllers.registry import KIND_CONTROLLERS, PUBLISHING_KINDS
from kubesim.controllers.scripts import (
    SCRIPT_ANNOTATION,
    Failure,
    Script,
    ScriptError,
    parse_annotation,
)
from kubesim.crds import FluxLine
from kubesim.store import Obj, Store, WatchEvent

log = logging.getLogger(__name__)

DELAY_ENV = "KUBESIM_RECONCILE_DELAY"
LIVING_ENV = "KUBESIM_LIVING"
LIVING_INTERVAL_ENV = "KUBESIM_LIVING_INTERVAL"


@dataclass(frozen=True, order=True)
class ObjectKey:
    kind: str
    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.kind}/{self.namespace}/{self.name}"

    @classmethod
    def of(cls, obj: Obj) -> ObjectKey:
        meta = obj["metadata"]
        return cls(str(obj["kind"]), str(meta.get("namespace", "")), str(meta["name"]))


@dataclass
class _StallRecord:
    script: Script
    generation: int
    resolved: bool = False


def _env_delay() -> float | None:
    raw = os.environ.get(DELAY_ENV)
    if raw in (None, ""):
        return None
    try:
        value = float(raw)
    except ValueError:
        log.warning("ignoring %s=%r: not a number", DELAY_ENV, raw)
        return None
    return max(value, 0.0)


def _env_interval(default: tuple[float, float]) -> tuple[float, float]:
    """``KUBESIM_LIVING_INTERVAL``: ``"20,40"`` (seconds, random in between) or ``"30"``."""
    raw = os.environ.get(LIVING_INTERVAL_ENV)
    if not raw:
        return default
    try:
        parts = [float(p) for p in raw.split(",")]
    except ValueError:
        parts = []
    if len(parts) not in (1, 2) or min(parts) <= 0:
        log.warning(
            "ignoring %s=%r: expected 'low,high' seconds", LIVING_INTERVAL_ENV, raw
        )
        return default
    return (parts[0], parts[-1]) if parts[0] <= parts[-1] else (parts[-1], parts[0])


def _annotations(obj: Obj | None) -> dict[str, str]:
    if not obj:
        return {}
    return dict((obj.get("metadata") or {}).get("annotations") or {})


def _suspended(obj: Obj) -> bool:
    return bool((obj.get("spec") or {}).get("suspend"))


def _artifact_revision(obj: Obj | None) -> str | None:
    status = (obj or {}).get("status") or {}
    art = status.get("artifact")
    if art:
        return str(art.get("revision"))
    scan = status.get("lastScanResult")
    if scan:
        return str(scan.get("revision") or scan.get("latestTags"))
    return None


class FluxControllers:
    """All simulated Flux controllers of one kubesim, as asyncio tasks on one loop."""

    def __init__(
        self,
        store: Store,
        *,
        line: FluxLine = "2.9",
        delay_override: float | None = None,
        living: bool = False,
        living_interval: tuple[float, float] = (20.0, 40.0),
        seed: int = 42,
        max_events: int = 2000,
    ) -> None:
        self.cluster = Cluster(store, line)
        self.store = store
        self.recorder = EventRecorder(store, max_events=max_events)
        env_delay = _env_delay()
        self.delay_override = (
            delay_override if delay_override is not None else env_delay
        )
        env_living = os.environ.get(LIVING_ENV)
        self.living = (
            living
            if env_living in (None, "")
            else env_living.lower() in ("1", "true", "yes", "on")
        )
        self.living_interval = _env_interval(living_interval)
        self._rng = random.Random(seed)
        self._scripts: dict[ObjectKey, Script] = {}
        self._annotation_scripts: dict[str, Script] = {}
        self._flaky: set[ObjectKey] = set()
        self._stalls: dict[ObjectKey, _StallRecord] = {}
        self._tasks: dict[ObjectKey, asyncio.Task[None]] = {}
        self._publish_pending: set[ObjectKey] = set()
        self._aux_tasks: set[asyncio.Task[None]] = set()
        self._living_task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self.reconciles = 0

    # -- scripting API ------------------------------------------------------------------
    def script(
        self,
        kind: str,
        namespace: str,
        name: str,
        *,
        delay: float | None = None,
        fail: Failure | dict[str, str] | bool | None = None,
        stall: Failure | dict[str, str] | bool | None = None,
        flaky: Failure | dict[str, str] | bool | None = None,
    ) -> Script:
        """Script one object (replacing its previous script). Returns the stored script."""
        script = Script(
            delay=delay,
            fail=_as_failure(fail),
            stall=_as_failure(stall),
            flaky=_as_failure(flaky),
        )
        self.set_script(ObjectKey(kind, namespace, name), script)
        return script

    def set_script(self, key: ObjectKey, script: Script) -> None:
        if script.is_default:
            self._scripts.pop(key, None)
        else:
            self._scripts[key] = script
        self._stalls.pop(key, None)
        self._flaky.discard(key)
        if script.flaky is not None:
            self._flaky.add(key)

    @property
    def scripts(self) -> dict[ObjectKey, Script]:
        """The API/scenario scripts (annotation scripts live on the objects)."""
        return dict(self._scripts)

    def clear_script(self, kind: str, namespace: str, name: str) -> None:
        self.set_script(ObjectKey(kind, namespace, name), Script())

    def script_for(self, key: ObjectKey, obj: Obj | None = None) -> Script:
        """The effective script: the object's annotation, else the API/scenario script."""
        text = _annotations(obj).get(SCRIPT_ANNOTATION)
        if text is not None:
            cached = self._annotation_scripts.get(text)
            if cached is None:
                try:
                    cached = parse_annotation(text)
                except ScriptError as exc:
                    log.warning(
                        "ignoring invalid %s on %s: %s", SCRIPT_ANNOTATION, key, exc
                    )
                    cached = self._scripts.get(key, Script())
                else:
                    self._annotation_scripts[text] = cached
            return cached
        return self._scripts.get(key, Script())

    # -- requests from the runtime ------------------------------------------------------
    def request(self, kind: str, namespace: str, name: str) -> None:
        """Reconcile an object now, as its interval would (no annotation involved)."""
        self._call(self._trigger, ObjectKey(kind, namespace, name), False)

    def publish(self, kind: str, namespace: str, name: str) -> None:
        """Make a source publish a new artifact revision (its consumers follow)."""
        self._call(self._trigger, ObjectKey(kind, namespace, name), True)

    def set_living(
        self, enabled: bool, interval: tuple[float, float] | None = None
    ) -> None:
        if interval is not None:
            self.living_interval = interval
        self.living = enabled
        if self._loop is not None:  # else start() picks it up
            self._call(self._sync_living)

    @property
    def busy(self) -> bool:
        """Whether any reconcile is queued or running."""
        return any(not t.done() for t in self._tasks.values())

    async def wait_idle(self) -> None:
        """Wait until no reconcile is queued or running (wrap in ``asyncio.timeout``)."""
        quiet_rounds = 0
        while quiet_rounds < 2:
            # Yield so deferred store notifications (which may queue reconciles) run first.
            await asyncio.sleep(0)
            pending = [t for t in self._tasks.values() if not t.done()]
            if pending:
                quiet_rounds = 0
                await asyncio.wait(pending)
            else:
                quiet_rounds += 1

    # -- lifecycle ----------------------------------------------------------------------
    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        for kind in KIND_CONTROLLERS:
            if not self.cluster.served(kind):
                continue
            group, plural = group_plural(kind)
            for obj in self.store.items(group, plural):  # shared objects: only read
                if SCRIPT_ANNOTATION in _annotations(obj):
                    self._note_annotation_script(ObjectKey.of(obj), obj)
        self._unsubscribe = self.store.subscribe(self._on_store_event)
        self._sync_living()

    async def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        tasks: list[asyncio.Task[None]] = [*self._tasks.values(), *self._aux_tasks]
        if self._living_task is not None:
            tasks.append(self._living_task)
            self._living_task = None
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        self._aux_tasks.clear()

    def _call(self, fn: Callable[..., None], *args: Any) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            raise RuntimeError("the simulated controllers are not running")
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            fn(*args)
        else:
            loop.call_soon_threadsafe(fn, *args)

    def _sync_living(self) -> None:
        if self.living and self._living_task is None and self._loop is not None:
            self._living_task = self._loop.create_task(self._living_loop())
        elif not self.living and self._living_task is not None:
            self._living_task.cancel()
            self._living_task = None

    # -- watching -----------------------------------------------------------------------
    def _on_store_event(self, event: WatchEvent) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        # Never act inside the store's notification: defer to the loop.
        loop.call_soon_threadsafe(self._handle, event)

    def _note_annotation_script(self, key: ObjectKey, obj: Obj) -> None:
        if SCRIPT_ANNOTATION in _annotations(obj):
            script = self.script_for(key, obj)
            if script.flaky is not None:
                self._flaky.add(key)
            else:
                self._flaky.discard(key)

    def _handle(self, event: WatchEvent) -> None:
        try:
            self._dispatch(event)
        except Exception:
            log.exception(
                "simulated controllers failed to handle %s %s/%s",
                event.type,
                event.group,
                event.plural,
            )

    def _dispatch(self, event: WatchEvent) -> None:
        kind_def = flux_kind_of(event.group, event.plural)
        if kind_def is None:
            return
        obj: Obj = event.obj
        old: Obj | None = event.old
        key = ObjectKey(
            kind_def.kind,
            str(obj["metadata"].get("namespace", "")),
            str(obj["metadata"]["name"]),
        )
        if event.type == "DELETED":
            task = self._tasks.pop(key, None)
            if task is not None:
                task.cancel()
            self._stalls.pop(key, None)
            self._flaky.discard(key)
            return
        meta = obj["metadata"]
        if meta.get("deletionTimestamp"):
            if FLUX_FINALIZER in (meta.get("finalizers") or []):
                self._spawn(self._finalize(key))
            return
        if _annotations(old).get(SCRIPT_ANNOTATION) != _annotations(obj).get(
            SCRIPT_ANNOTATION
        ):
            self._stalls.pop(key, None)
            self._note_annotation_script(key, obj)
        if (
            old is not None
            and _artifact_revision(old) != _artifact_revision(obj)
            and _artifact_revision(obj)
        ):
            for consumer in self._consumers(key):
                self._trigger(consumer, False)
        controller = KIND_CONTROLLERS.get(kind_def.kind)
        if controller is None or not controller.reconcilable(obj) or _suspended(obj):
            return
        if event.type == "ADDED":
            self._trigger(key, False)
            return
        requested_changed = _annotations(old).get(REQUESTED_AT) != _annotations(
            obj
        ).get(REQUESTED_AT)
        generation_changed = (old or {}).get("metadata", {}).get(
            "generation"
        ) != meta.get("generation")
        if requested_changed or generation_changed:
            self._trigger(key, False)

    def _consumers(self, source: ObjectKey) -> Iterable[ObjectKey]:
        """Objects that follow ``source``'s artifact (FLUX.md: sources are watched by appliers)."""

        def refers(
            ref: dict[str, Any] | None, owner_ns: str, kinds: tuple[str, ...]
        ) -> bool:
            if not ref:
                return False
            kind = ref.get("kind") or kinds[0]
            return (
                kind == source.kind
                and ref.get("name") == source.name
                and (ref.get("namespace") or owner_ns) == source.namespace
            )

        out: list[ObjectKey] = []
        if source.kind in (
            "GitRepository",
            "OCIRepository",
            "Bucket",
            "ExternalArtifact",
        ):
            for ks in self.cluster.list("Kustomization"):
                if refers(
                    (ks.get("spec") or {}).get("sourceRef"),
                    ks["metadata"].get("namespace", ""),
                    ("",),
                ):
                    out.append(ObjectKey.of(ks))
        if source.kind in ("GitRepository", "Bucket", "HelmRepository"):
            for chart in self.cluster.list("HelmChart", source.namespace):
                ref = (chart.get("spec") or {}).get("sourceRef")
                if (
                    ref
                    and ref.get("kind") == source.kind
                    and ref.get("name") == source.name
                ):
                    out.append(ObjectKey.of(chart))
        if source.kind in ("OCIRepository", "HelmChart", "ExternalArtifact"):
            for hr in self.cluster.list("HelmRelease"):
                hr_ns = hr["metadata"].get("namespace", "")
                if refers((hr.get("spec") or {}).get("chartRef"), hr_ns, ("",)) or (
                    source.kind == "HelmChart"
                    and chart_template_ref(hr) == (source.namespace, source.name)
                ):
                    out.append(ObjectKey.of(hr))
        if source.kind == "ImageRepository":
            for policy in self.cluster.list("ImagePolicy"):
                ref = dict((policy.get("spec") or {}).get("imageRepositoryRef") or {})
                ref["kind"] = "ImageRepository"
                if refers(
                    ref, policy["metadata"].get("namespace", ""), ("ImageRepository",)
                ):
                    out.append(ObjectKey.of(policy))
        return out

    # -- reconciling --------------------------------------------------------------------
    def _spawn(self, coro: Any) -> None:
        if self._loop is None:
            coro.close()
            return
        task: asyncio.Task[None] = self._loop.create_task(coro)
        self._aux_tasks.add(task)
        task.add_done_callback(self._aux_tasks.discard)

    def _trigger(self, key: ObjectKey, publish: bool) -> None:
        if self._loop is None:
            return
        previous = self._tasks.get(key)
        if previous is not None and not previous.done():
            previous.cancel()
        if publish:
            self._publish_pending.add(key)
        task = self._loop.create_task(self._run(key), name=f"reconcile {key}")
        self._tasks[key] = task
        task.add_done_callback(functools.partial(self._forget, key))

    def _forget(self, key: ObjectKey, task: asyncio.Task[None]) -> None:
        if self._tasks.get(key) is task:
            del self._tasks[key]

    def _delay(self, controller: KindController, script: Script) -> float:
        if script.delay is not None:
            return script.delay
        if self.delay_override is not None:
            return self.delay_override
        return controller.default_delay

    async def _run(self, key: ObjectKey) -> None:
        try:
            await self._reconcile(key)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.debug("simulated reconcile of %s failed", key, exc_info=True)

    async def _reconcile(self, key: ObjectKey) -> None:
        controller = KIND_CONTROLLERS.get(key.kind)
        obj = self.cluster.get(key.kind, key.namespace, key.name)
        if (
            controller is None
            or obj is None
            or _suspended(obj)
            or not controller.reconcilable(obj)
        ):
            return
        script = self.script_for(key, obj)
        was_ready = cond.is_true(
            (obj.get("status") or {}).get("conditions"), cond.READY
        )
        delay = self._delay(controller, script)
        started = utcnow()
        begin = ReconcileContext(obj, self.cluster, started)
        self.cluster.patch_status(
            obj,
            {
                "conditions": progressing_conditions(
                    list(begin.status.get("conditions") or []),
                    generation=begin.generation,
                    at=rfc3339(started),
                    message=controller.progress_message(begin),
                )
            },
        )
        await asyncio.sleep(delay)
        obj = self.cluster.get(key.kind, key.namespace, key.name)
        if obj is None:
            return
        publish = key in self._publish_pending
        self._publish_pending.discard(key)
        ctx = self._context(key, obj, delay, publish)
        outcome = self._decide(key, controller, ctx, script, was_ready)
        status = finish_status(ctx, outcome)
        if key.kind == "HelmRelease":
            ann = _annotations(obj)
            if FORCE_AT in ann:
                status["lastHandledForceAt"] = ann[FORCE_AT]
            if RESET_AT in ann:
                status["lastHandledResetAt"] = ann[RESET_AT]
        updated = self.cluster.patch_status(obj, status)
        self.reconciles += 1
        if outcome.event is not None:
            self.recorder.record(
                updated,
                controller=controller.controller,
                type_=outcome.event.type,
                reason=outcome.event.reason,
                message=outcome.event.message,
                annotations=outcome.event.annotations,
            )

    def _context(
        self, key: ObjectKey, obj: Obj, delay: float, publish: bool
    ) -> ReconcileContext:
        status = obj.get("status") or {}
        ann = _annotations(obj)
        requested = ann.get(REQUESTED_AT)
        generation = int(obj["metadata"].get("generation", 1))
        reset = force = False
        if key.kind == "HelmRelease" and requested is not None:
            reset_at, force_at = ann.get(RESET_AT), ann.get(FORCE_AT)
            reset = reset_at == requested and reset_at != status.get(
                "lastHandledResetAt"
            )
            force = force_at == requested and force_at != status.get(
                "lastHandledForceAt"
            )
        attempted = status.get(
            "lastAttemptedGeneration", status.get("observedGeneration")
        )
        return ReconcileContext(
            obj,
            self.cluster,
            utcnow(),
            # A plausible run time for messages, even when the delay is zero.
            duration=delay if delay > 0 else 0.4 + self._rng.random(),
            publish=publish,
            reset=reset,
            force=force,
            new_generation=attempted is not None and attempted != generation,
        )

    def _decide(
        self,
        key: ObjectKey,
        controller: KindController,
        ctx: ReconcileContext,
        script: Script,
        was_ready: bool,
    ) -> Outcome:
        if script.stall is not None and not self._stall_resolved(key, script, ctx):
            return controller.stall(ctx, script.stall)
        if script.fail is not None:
            return controller.failure(ctx, script.fail)
        if script.flaky is not None and was_ready:
            return controller.failure(ctx, script.flaky)
        return controller.reconcile(ctx)

    def _stall_resolved(
        self, key: ObjectKey, script: Script, ctx: ReconcileContext
    ) -> bool:
        """A stall lasts until a honoured reset or a new generation, per script."""
        record = self._stalls.get(key)
        if record is None or record.script != script:
            record = _StallRecord(script, ctx.generation)
            self._stalls[key] = record
        if ctx.reset or ctx.generation != record.generation:
            record.resolved = True
        return record.resolved

    async def _finalize(self, key: ObjectKey) -> None:
        await asyncio.sleep(0)
        obj = self.cluster.get(key.kind, key.namespace, key.name)
        if obj is None:
            return
        finalizers = [
            f for f in obj["metadata"].get("finalizers") or [] if f != FLUX_FINALIZER
        ]
        with contextlib.suppress(Exception):  # already gone
            self.cluster.patch(obj, {"metadata": {"finalizers": finalizers or None}})

    # -- living -------------------------------------------------------------------------
    async def _living_loop(self) -> None:
        while True:
            low, high = self.living_interval
            await asyncio.sleep(self._rng.uniform(low, high))
            try:
                self._living_tick()
            except Exception:
                log.exception("living tick failed")

    def _living_tick(self) -> None:
        candidates: list[ObjectKey] = []
        for kind in PUBLISHING_KINDS:
            controller = KIND_CONTROLLERS[kind]
            for obj in self.cluster.list(kind):
                key = ObjectKey.of(obj)
                script = self.script_for(key, obj)
                if (
                    _suspended(obj)
                    or not controller.reconcilable(obj)
                    or _artifact_revision(obj) is None
                    or script.fail is not None
                    or script.stall is not None
                    or (
                        kind == "OCIRepository"
                        and ((obj.get("spec") or {}).get("ref") or {}).get("digest")
                    )
                    or (
                        kind == "GitRepository"
                        and ((obj.get("spec") or {}).get("ref") or {}).get("commit")
                    )
                ):
                    continue
                candidates.append(key)
        if candidates:
            self._trigger(self._rng.choice(sorted(candidates)), True)
        for key in sorted(self._flaky):
            self._trigger(key, False)


def _as_failure(value: Failure | dict[str, str] | bool | None) -> Failure | None:
    if value is None or value is False:
        return None
    if value is True:
        return Failure()
    if isinstance(value, Failure):
        return value
    return Failure(reason=value.get("reason"), message=value.get("message"))
