"""Keeps the cache in sync with the cluster: one list-then-watch per served Flux kind, plus
CustomResourceDefinitions (re-discovery), core/v1 Events and Flux-labelled Deployments.

`ClusterSync.run()` runs every watch in one TaskGroup until cancelled. Watches of Flux kinds
start and stop as their CRDs appear and disappear, so installing Flux while fluxdash runs
lights the kinds up, and removing it says so.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import gc
import logging
import random
from collections.abc import Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass

from fluxdash.errors import AppError, Forbidden, KubeError, KubeUnavailable
from fluxdash.kube.client import KubeClient, WatchEvent
from fluxdash.kube.resource import CRDS, DEPLOYMENTS, EVENTS, ApiResource
from fluxdash.kube.watch import (
    Connected,
    Snapshot,
    WatchItem,
    WatchPolicy,
    WatchTrouble,
    watch_forever,
)
from fluxdash.models.kinds import KINDS, KindInfo
from fluxdash.services.cache import FluxCache, KindState
from fluxdash.services.discovery import (
    ServedCrd,
    discover_via_api,
    kinds_from_crds,
    parse_crd,
)

log = logging.getLogger("fluxdash.sync")

CRD_PAGE_SIZE = 50  # CRDs are large (OpenAPI schemas): small pages


@dataclass(frozen=True, slots=True)
class Trouble:
    """Why a watch is not live right now."""

    error: AppError
    retry_in: float


_FREEZE_MIN_OBJECTS = 2000


def _freeze_long_lived(cache: FluxCache) -> None:
    """Move everything alive now (a listed kind's raw objects and rows) out of the cyclic
    GC's reach. At 10,000 objects a full collection walks the whole cache and stalls the event
    loop for 0.2-0.5 s every few hundred changes (WebSocket latency tails, request p95s);
    cached objects hold no reference cycles, so refcounting frees them when replaced. Small
    caches are left alone: freezing also keeps whatever cyclic garbage exists right now."""
    if len(cache) >= _FREEZE_MIN_OBJECTS:
        gc.freeze()


class ClusterSync:
    """Runs the watches and records the connection state the API reports."""

    def __init__(
        self,
        client: KubeClient,
        cache: FluxCache,
        policy: WatchPolicy,
        *,
        rng: random.Random | None = None,
    ) -> None:
        self.client = client
        self.cache = cache
        self.policy = policy
        self._rng = rng or random.Random()
        self.kubernetes_version: str | None = None
        self.discovery_mode: str = "crds"
        """`crds` (watching CustomResourceDefinitions) or `api` (polling API discovery)."""
        self.troubles: dict[str, Trouble] = {}
        self._ever_connected = False
        self._tg: asyncio.TaskGroup | None = None
        self._kind_tasks: dict[str, tuple[str, asyncio.Task[None]]] = {}
        self._crds: dict[str, ServedCrd] = {}

    # ---- state the API reports ------------------------------------------------------------

    @property
    def connected(self) -> bool:
        """Reached the API server at least once and no watch currently fails to reach it."""
        return self._ever_connected and not any(
            isinstance(t.error, KubeUnavailable | KubeError)
            and not isinstance(t.error, Forbidden)
            for t in self.troubles.values()
        )

    def _ok(self, name: str) -> None:
        self._ever_connected = True
        if self.troubles.pop(name, None) is not None:
            log.info("watch recovered", extra={"watch": name})
            self.cache.set_aux("connection", synced=self.connected)

    def _trouble(self, name: str, item: WatchTrouble) -> None:
        self.troubles[name] = Trouble(item.error, item.retry_in)
        self.cache.set_aux("connection", synced=self.connected, error=item.error.detail)

    # ---- running ---------------------------------------------------------------------------

    async def run(self) -> None:
        """Run every watch until cancelled."""
        async with asyncio.TaskGroup() as tg:
            self._tg = tg
            tg.create_task(self._supervise("version", self._probe_version))
            tg.create_task(self._supervise("crds", self._watch_crds))
            tg.create_task(self._supervise("events", self._watch_events))
            tg.create_task(self._supervise("deployments", self._watch_deployments))

    async def _supervise(self, name: str, body: Callable[[], Awaitable[None]]) -> None:
        """Restart a loop that died of a bug (logged), after a pause; end on cancellation."""
        while True:
            try:
                await body()
                return
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("sync loop crashed; restarting", extra={"watch": name})
                await asyncio.sleep(self.policy.backoff_max_seconds)

    async def _probe_version(self) -> None:
        attempt = 0
        while True:
            try:
                version = await self.client.server_version()
            except AppError as exc:
                attempt += 1
                delay = self.policy.backoff(attempt, self._rng)
                log.warning(
                    "cannot read the Kubernetes version",
                    extra={"error": exc.detail, "retry_in": round(delay, 3)},
                )
                await asyncio.sleep(delay)
                continue
            self._ever_connected = True
            self.kubernetes_version = str(version.get("gitVersion") or "") or None
            return

    async def _stream(
        self,
        name: str,
        resource: ApiResource,
        apply: Callable[[WatchItem], None],
        *,
        page_size: int | None = None,
        stop_on: Callable[[WatchTrouble], bool] | None = None,
    ) -> None:
        policy = self.policy
        if page_size is not None:
            policy = dataclasses.replace(policy, page_size=page_size)
        stream = watch_forever(self.client, resource, policy, rng=self._rng)
        async with aclosing(stream) as items:
            async for item in items:
                if isinstance(item, Snapshot | Connected):
                    self._ok(name)
                elif isinstance(item, WatchTrouble):
                    self._trouble(name, item)
                    if stop_on is not None and stop_on(item):
                        return
                try:
                    apply(item)
                except Exception:
                    log.exception("applying a watch item failed", extra={"watch": name})

    # ---- Flux kinds --------------------------------------------------------------------------

    def _apply_discovery(self, states: dict[str, KindState]) -> None:
        self.cache.configure_kinds(states)
        for info in KINDS:
            want = states.get(info.plural, KindState(None)).served_version
            running = self._kind_tasks.get(info.plural)
            if running is not None and running[0] == want:
                continue
            if running is not None:
                running[1].cancel()
                del self._kind_tasks[info.plural]
                self.troubles.pop(info.plural, None)
                log.info("stopped watching", extra={"kind": info.plural})
            if want is not None and self._tg is not None:
                task = self._tg.create_task(
                    self._supervise(
                        info.plural, functools.partial(self._watch_kind, info, want)
                    )
                )
                self._kind_tasks[info.plural] = (want, task)
                log.info("watching", extra={"kind": info.plural, "version": want})

    async def _watch_kind(self, info: KindInfo, version: str) -> None:
        plural = info.plural
        resource = ApiResource(info.group, version, plural, info.kind)

        def apply(item: WatchItem) -> None:
            if isinstance(item, Snapshot):
                self.cache.replace_kind(plural, item.items)
                _freeze_long_lived(self.cache)
            elif isinstance(item, WatchEvent):
                self.cache.apply(plural, item.type, item.object)
            elif isinstance(item, Connected):
                self.cache.mark_live(plural)
            else:
                self.cache.mark_trouble(plural, item.error.detail)

        await self._stream(plural, resource, apply)

    async def _watch_crds(self) -> None:
        def apply(item: WatchItem) -> None:
            if isinstance(item, Snapshot):
                self._crds = {
                    crd.plural + "." + crd.group: crd
                    for crd in (parse_crd(raw) for raw in item.items)
                    if crd is not None
                }
                self.cache.set_aux("customresourcedefinitions", synced=True)
                self._apply_discovery(kinds_from_crds(self._crds.values()))
            elif isinstance(item, WatchEvent):
                crd = parse_crd(item.object)
                if crd is None:
                    return
                key = crd.plural + "." + crd.group
                if item.type == "DELETED":
                    self._crds.pop(key, None)
                else:
                    self._crds[key] = crd
                self._apply_discovery(kinds_from_crds(self._crds.values()))
            elif isinstance(item, Connected):
                self.cache.set_aux("customresourcedefinitions", synced=True)
            else:
                self.cache.set_aux(
                    "customresourcedefinitions", synced=False, error=item.error.detail
                )

        forbidden = await self._stream_until_forbidden("crds", CRDS, apply)
        if forbidden:
            await self._poll_discovery()

    async def _stream_until_forbidden(
        self, name: str, resource: ApiResource, apply: Callable[[WatchItem], None]
    ) -> bool:
        stopped = False

        def stop(item: WatchTrouble) -> bool:
            nonlocal stopped
            stopped = isinstance(item.error, Forbidden) and not self._crds
            return stopped

        await self._stream(name, resource, apply, page_size=CRD_PAGE_SIZE, stop_on=stop)
        return stopped

    async def _poll_discovery(self) -> None:
        """CRDs may not be listed: ask API discovery now and then instead."""
        self.discovery_mode = "api"
        log.warning("CustomResourceDefinitions are forbidden; using API discovery")
        attempt = 0
        while True:
            try:
                states = await discover_via_api(self.client)
            except AppError as exc:
                attempt += 1
                self._trouble(
                    "crds",
                    WatchTrouble(exc, self.policy.backoff(attempt, self._rng), attempt),
                )
                await asyncio.sleep(self.policy.backoff(attempt, self._rng))
                continue
            attempt = 0
            self._ok("crds")
            self.cache.set_aux("customresourcedefinitions", synced=True)
            self._apply_discovery(states)
            await asyncio.sleep(min(self.policy.relist_interval_seconds, 60.0))

    # ---- events and deployments ---------------------------------------------------------------

    async def _watch_events(self) -> None:
        def apply(item: WatchItem) -> None:
            if isinstance(item, Snapshot):
                self.cache.replace_events(item.items)
                self.cache.set_aux("events", synced=True)
            elif isinstance(item, WatchEvent):
                self.cache.apply_event(item.type, item.object)
            elif isinstance(item, Connected):
                self.cache.set_aux("events", synced=True)
            else:
                self.cache.set_aux("events", synced=False, error=item.error.detail)

        await self._stream("events", EVENTS, apply)

    async def _watch_deployments(self) -> None:
        def apply(item: WatchItem) -> None:
            if isinstance(item, Snapshot):
                self.cache.replace_workloads(item.items)
                self.cache.set_aux("deployments", synced=True)
            elif isinstance(item, WatchEvent):
                self.cache.apply_workload(item.type, item.object)
            elif isinstance(item, Connected):
                self.cache.set_aux("deployments", synced=True)
            else:
                self.cache.set_aux("deployments", synced=False, error=item.error.detail)

        await self._stream("deployments", DEPLOYMENTS, apply)
