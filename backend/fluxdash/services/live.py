"""The live hub: pushes what the shared cache sees to every WebSocket client.

One hub per process. It subscribes once to the cache (rows, Flux events), to the action service
and to the cluster status, and fans out to clients without ever awaiting a client:

* Changes, events and action updates are gathered into one batch per coalescing window (~100 ms);
  at the end of the window each client's subscriptions merge the batch into their *pending*
  buffers, keyed by object id, so many updates of one object collapse into the latest.
* Each client has its own sender task that drains its pending buffers into frames. A slow
  client simply finds more merged into its buffers the next time it is ready; a client whose
  backlog exceeds ``max_pending`` has it dropped and gets a fresh ``snapshot`` (resync) built from
  the cache at the moment it can take it. Memory per client is bounded; one stalled client never
  delays another, and a client that does not read for ``send_timeout`` is closed.
* Snapshots and rows are encoded once and shared: rows are memoised by identity, snapshot bodies
  by filter until the next change arrives.

Nothing here talks to the cluster: a client costs no request to the Kubernetes API.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import orjson
import pydantic_core
from pydantic import ValidationError

from fluxdash.models.kinds import find_kind
from fluxdash.models.ws import (
    CLIENT_MESSAGE,
    SERVER_MESSAGE,
    ActionMessage,
    ActionRecord,
    ErrorCode,
    ErrorMessage,
    EventMessage,
    FluxEvent,
    PingMessage,
    PongMessage,
    ResourceRow,
    StatusMessage,
    SubscribeMessage,
    UnsubscribeMessage,
    WsCloseCode,
)
from fluxdash.services.runtime import Runtime
from fluxdash.settings import Settings

log = logging.getLogger("fluxdash.live")

Unsubscribe = Callable[[], None]


# --------------------------------------------------------------------------- contracts


class CacheChangeLike(Protocol):
    """What the cache reports after applying watch events (``fluxdash.services.cache``)."""

    @property
    def upserts(self) -> Sequence[ResourceRow]: ...
    @property
    def deletes(self) -> Sequence[str]: ...
    @property
    def resync(self) -> bool: ...


class LiveSource(Protocol):
    """The part of the shared cache (``fluxdash.services.cache.FluxCache``) the hub reads."""

    def rows(
        self, plurals: Iterable[str] | None = None, namespace: str | None = None
    ) -> list[ResourceRow]: ...

    def subscribe(self, callback: Callable[[CacheChangeLike], None]) -> Unsubscribe: ...

    def subscribe_events(
        self, callback: Callable[[FluxEvent], None]
    ) -> Unsubscribe: ...

    def subscribe_state(self, callback: Callable[[], None]) -> Unsubscribe: ...


class ActionSource(Protocol):
    """The action service: tells subscribers about every new or changed action record."""

    def subscribe(self, callback: Callable[[ActionRecord], None]) -> Unsubscribe: ...


class LiveTransport(Protocol):
    """One client connection as the hub sees it (a Starlette WebSocket in production)."""

    async def send_text(self, data: str) -> None: ...
    async def close(self, code: int, reason: str) -> None: ...


@dataclass(frozen=True, slots=True)
class ClusterStatus:
    connected: bool
    synced: bool
    message: str


@dataclass(frozen=True, slots=True)
class LiveSettings:
    coalesce_seconds: float = 0.1
    max_pending: int = (
        1000  # changes buffered per subscription before a resync replaces them
    )
    max_queued_events: int = 256  # events + action updates buffered per client
    max_control_frames: int = 64  # pongs + errors not yet sent
    max_subscriptions: int = 32
    max_clients: int = 2000
    max_message_bytes: int = 64 * 1024
    send_timeout_seconds: float = 30.0
    status_poll_seconds: float = 0.5

    @classmethod
    def from_settings(cls, settings: Settings) -> LiveSettings:
        return cls(
            coalesce_seconds=settings.ws_coalesce_ms / 1000,
            max_pending=settings.ws_max_pending,
            max_clients=settings.ws_max_clients,
            send_timeout_seconds=settings.ws_send_timeout_seconds,
        )


class HubFull(Exception):
    """The hub already serves ``max_clients`` connections."""


@dataclass(frozen=True, slots=True)
class SubscriptionFilter:
    kinds: frozenset[str] | None
    namespace: str | None

    def matches(self, plural: str | None, namespace: str | None) -> bool:
        if self.namespace is not None and namespace != self.namespace:
            return False
        return self.kinds is None or plural in self.kinds


# --------------------------------------------------------------------------- encoding


def _dump(message: object) -> str:
    return SERVER_MESSAGE.dump_json(message, by_alias=True).decode()  # type: ignore[arg-type]  # every caller passes a ServerMessage member


def _json_str(value: str | None) -> str:
    return orjson.dumps(value).decode()


class _RowEncoder:
    """JSON of rows, memoised per row object: the cache replaces a row when it changes."""

    __slots__ = ("_memo",)

    def __init__(self) -> None:
        self._memo: dict[str, tuple[ResourceRow, str]] = {}

    def encode(self, row: ResourceRow) -> str:
        hit = self._memo.get(row.id)
        if hit is not None and hit[0] is row:
            return hit[1]
        text = pydantic_core.to_json(row, by_alias=True).decode()
        self._memo[row.id] = (row, text)
        return text

    def forget(self, row_id: str) -> None:
        self._memo.pop(row_id, None)

    def clear(self) -> None:
        self._memo.clear()


def _snapshot_frame(subscription: str, items_json: str, resync: bool) -> str:
    return (
        f'{{"type":"snapshot","subscription":{_json_str(subscription)},'
        f'"items":{items_json},"resync":{"true" if resync else "false"}}}'
    )


def _changes_frame(
    subscription: str, upserts: Iterable[str], deletes: Iterable[str]
) -> str:
    return (
        f'{{"type":"changes","subscription":{_json_str(subscription)},'
        f'"upserts":[{",".join(upserts)}],'
        f'"deletes":{orjson.dumps(list(deletes)).decode()}}}'
    )


def _error_frame(code: ErrorCode, detail: str, subscription: str | None = None) -> str:
    return _dump(
        ErrorMessage(type="error", code=code, detail=detail, subscription=subscription)
    )


def _describe_validation_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False)[:5]:
        loc = ".".join(str(p) for p in err["loc"])
        parts.append(f"{loc}: {err['msg']}" if loc else str(err["msg"]))
    return "; ".join(parts)[:500] or "invalid message"


def _claimed_id(text: str) -> str | None:
    """The ``id`` a malformed frame carried, so the error can name its subscription."""
    with contextlib.suppress(orjson.JSONDecodeError):
        data = orjson.loads(text)
        if isinstance(data, dict):
            claimed = data.get("id")
            if isinstance(claimed, str) and len(claimed) <= 64:
                return claimed
    return None


def kind_of_id(row_id: str) -> tuple[str, str | None]:
    """``Kind/namespace/name`` → ``(Kind, namespace)``."""
    kind, _, rest = row_id.partition("/")
    namespace, sep, _ = rest.partition("/")
    return kind, (namespace if sep else None)


# --------------------------------------------------------------------------- subscriptions


class _Subscription:
    __slots__ = ("deletes", "filter", "id", "snapshot", "upserts")

    def __init__(self, sub_id: str, filt: SubscriptionFilter) -> None:
        self.id = sub_id
        self.filter = filt
        self.upserts: dict[str, str] = {}
        self.deletes: set[str] = set()
        # None: nothing to send; "initial": answer to subscribe; "resync": replace state.
        self.snapshot: Literal["initial", "resync"] | None = "initial"

    def merge(self, matched: list[tuple[str, str | None]], max_pending: int) -> bool:
        """Fold a batch into the backlog; returns False when the backlog overflowed (→ resync)."""
        if self.snapshot is not None:
            return True  # the coming snapshot is built from the cache and includes this batch
        if len(self.upserts) + len(self.deletes) + len(matched) > max_pending:
            # Cheap pre-check; coalescing might have kept it below, but a resync is no worse.
            self.upserts.clear()
            self.deletes.clear()
            self.snapshot = "resync"
            return False
        for row_id, text in matched:
            if text is None:
                self.upserts.pop(row_id, None)
                self.deletes.add(row_id)
            else:
                self.deletes.discard(row_id)
                self.upserts[row_id] = text
        return True

    def resync(self) -> None:
        self.upserts.clear()
        self.deletes.clear()
        if self.snapshot is None:
            self.snapshot = "resync"

    @property
    def dirty(self) -> bool:
        return self.snapshot is not None or bool(self.upserts) or bool(self.deletes)


# --------------------------------------------------------------------------- clients


class LiveClient:
    """One connected client: its subscriptions, bounded backlog and sender task."""

    def __init__(self, hub: LiveHub, transport: LiveTransport, label: str) -> None:
        self._hub = hub
        self._transport = transport
        self.label = label
        self._subs: dict[str, _Subscription] = {}
        self._control: deque[str] = deque()
        self._notices: deque[str] = deque()  # encoded event frames
        self._actions: OrderedDict[str, str] = (
            OrderedDict()
        )  # action id → encoded frame
        self._status_dirty = True
        self._wake = asyncio.Event()
        self._wake.set()
        self._closed = asyncio.Event()
        self.close_code: int | None = None
        self.sending_since: float | None = None
        self._task = asyncio.get_running_loop().create_task(
            self._send_loop(), name=f"live-send-{label}"
        )

    # ---- inbound (called by the API edge for every frame received)

    def handle_text(self, text: str) -> None:
        settings = self._hub.settings
        if len(text) > settings.max_message_bytes:
            self._push_control(
                _error_frame(
                    "MessageTooLarge",
                    f"frames are limited to {settings.max_message_bytes} bytes",
                )
            )
            return
        try:
            message = CLIENT_MESSAGE.validate_json(text)
        except ValidationError as exc:
            self._push_control(
                _error_frame(
                    "BadMessage", _describe_validation_error(exc), _claimed_id(text)
                )
            )
            return
        if isinstance(message, SubscribeMessage):
            self._subscribe(message)
        elif isinstance(message, UnsubscribeMessage):
            self._unsubscribe(message)
        else:
            self._pong(message)

    def handle_binary(self) -> None:
        self._push_control(
            _error_frame(
                "BadMessage", "binary frames are not supported; send JSON text"
            )
        )

    def _subscribe(self, message: SubscribeMessage) -> None:
        if (
            message.id not in self._subs
            and len(self._subs) >= self._hub.settings.max_subscriptions
        ):
            self._push_control(
                _error_frame(
                    "TooManySubscriptions",
                    f"at most {self._hub.settings.max_subscriptions} subscriptions per connection",
                    message.id,
                )
            )
            return
        filt = SubscriptionFilter(
            kinds=frozenset(message.kinds) if message.kinds is not None else None,
            namespace=message.namespace,
        )
        # Re-subscribing with a known id replaces it (what a reconnecting client does).
        self._subs[message.id] = _Subscription(message.id, filt)
        self._wake.set()

    def _unsubscribe(self, message: UnsubscribeMessage) -> None:
        if self._subs.pop(message.id, None) is None:
            self._push_control(
                _error_frame(
                    "UnknownSubscription", f"no subscription {message.id!r}", message.id
                )
            )

    def _pong(self, message: PingMessage) -> None:
        self._push_control(_dump(PongMessage(type="pong", nonce=message.nonce)))

    def _push_control(self, frame: str) -> None:
        if len(self._control) >= self._hub.settings.max_control_frames:
            # The peer keeps sending but does not read our answers.
            self._hub.loop_spawn(
                self.close(WsCloseCode.TOO_SLOW, "not reading replies")
            )
            return
        self._control.append(frame)
        self._wake.set()

    # ---- fan-out (called by the hub; never awaits)

    @property
    def subscriptions(self) -> Iterable[_Subscription]:
        return self._subs.values()

    def wants_event(self, plural: str | None, namespace: str | None) -> bool:
        return any(sub.filter.matches(plural, namespace) for sub in self._subs.values())

    def offer_changes(
        self, matched_by_filter: dict[SubscriptionFilter, list[tuple[str, str | None]]]
    ) -> None:
        overflowed = False
        for sub in self._subs.values():
            matched = matched_by_filter.get(sub.filter)
            if matched and not sub.merge(matched, self._hub.settings.max_pending):
                overflowed = True
        if overflowed:
            self._hub.resyncs += 1
        self._wake.set()

    def offer_event(self, frame: str) -> None:
        if len(self._notices) >= self._hub.settings.max_queued_events:
            self._notices.popleft()
            self._fell_behind()
        self._notices.append(frame)
        self._wake.set()

    def offer_action(self, action_id: str, frame: str) -> None:
        self._actions.pop(action_id, None)
        if len(self._actions) >= self._hub.settings.max_queued_events:
            self._actions.popitem(last=False)
            self._fell_behind()
        self._actions[action_id] = frame
        self._wake.set()

    def offer_status(self) -> None:
        self._status_dirty = True
        self._wake.set()

    def resync_all(self) -> None:
        for sub in self._subs.values():
            sub.resync()
        self._wake.set()

    def _fell_behind(self) -> None:
        """Lost events or action updates: tell the client to refetch by resyncing everything."""
        self._hub.resyncs += 1
        self.resync_all()

    # ---- outbound

    def _next_frame(self) -> str | None:
        if self._control:
            return self._control.popleft()
        if self._status_dirty:
            self._status_dirty = False
            return self._hub.status_frame
        for sub in self._subs.values():
            if sub.snapshot is not None:
                resync = sub.snapshot == "resync"
                sub.snapshot = None
                sub.upserts.clear()
                sub.deletes.clear()
                return _snapshot_frame(
                    sub.id, self._hub.snapshot_items(sub.filter), resync
                )
        for sub in self._subs.values():
            if sub.upserts or sub.deletes:
                frame = _changes_frame(sub.id, sub.upserts.values(), sub.deletes)
                sub.upserts = {}
                sub.deletes = set()
                return frame
        if self._actions:
            return self._actions.popitem(last=False)[1]
        if self._notices:
            return self._notices.popleft()
        return None

    async def _send_loop(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while (frame := self._next_frame()) is not None:
                    # No wait_for here (a Task per frame): the hub's watchdog closes a send
                    # that has been blocked for longer than send_timeout_seconds.
                    self.sending_since = loop.time()
                    await self._transport.send_text(frame)
                    self.sending_since = None
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the peer went away mid-send: nothing to report to it
            log.debug("live client %s send failed: %r", self.label, exc)
            self._mark_closed(None)

    def stalled(self, now: float) -> bool:
        """Blocked in one send for longer than the send timeout (the peer does not read)."""
        since = self.sending_since
        return (
            since is not None and now - since > self._hub.settings.send_timeout_seconds
        )

    def _mark_closed(self, code: int | None) -> None:
        if not self._closed.is_set():
            self.close_code = code
            self._closed.set()
            self._hub.forget(self)

    async def close(self, code: int, reason: str) -> None:
        """Close the connection (idempotent) and stop sending."""
        if self._closed.is_set():
            return
        self._mark_closed(code)
        if asyncio.current_task() is not self._task:
            self._task.cancel()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._transport.close(code, reason), 5.0)

    async def detach(self) -> None:
        """The peer disconnected: stop the sender and leave the hub."""
        self._mark_closed(None)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task

    async def wait_closed(self) -> None:
        await self._closed.wait()

    @property
    def closed(self) -> bool:
        return self._closed.is_set()


# --------------------------------------------------------------------------- the hub


PluralOfKind = Callable[[str], str | None]


def plural_of_flux_kind(kind: str) -> str | None:
    """``Kustomization`` → ``kustomizations``; None for kinds that are not Flux's."""
    info = find_kind(kind)
    return info.plural if info is not None else None


class LiveHub:
    """Fan-out from the cache, events, actions and cluster status to every live client.

    The cache and the action service may come and go with the cluster connection: the hub asks
    ``source_provider`` / ``actions_provider`` on every status tick and (re)attaches when the
    answer changes, resyncing every client. ``source=`` / ``actions=`` fix them instead.
    """

    def __init__(
        self,
        status_probe: Callable[[], ClusterStatus],
        *,
        source: LiveSource | None = None,
        source_provider: Callable[[], LiveSource | None] | None = None,
        actions: ActionSource | None = None,
        actions_provider: Callable[[], ActionSource | None] | None = None,
        plural_of_kind: PluralOfKind = plural_of_flux_kind,
        settings: LiveSettings | None = None,
    ) -> None:
        self.settings = settings or LiveSettings()
        self._source_provider = source_provider or (lambda: source)
        self._actions_provider = actions_provider or (lambda: actions)
        self._source: LiveSource | None = None
        self._actions_source: ActionSource | None = None
        self._source_unsubscribes: list[Unsubscribe] = []
        self._actions_unsubscribe: Unsubscribe | None = None
        self._status_probe = status_probe
        self._plural_of_kind = plural_of_kind
        self._clients: set[LiveClient] = set()
        self._rows = _RowEncoder()
        self._snapshots: dict[SubscriptionFilter, str] = {}
        # The batch of the current coalescing window.
        self._batch_rows: dict[str, ResourceRow | None] = {}
        self._batch_events: list[FluxEvent] = []
        self._batch_actions: dict[str, ActionRecord] = {}
        self._batch_resync = False
        self._flush_handle: asyncio.TimerHandle | None = None
        self._last_flush = float("-inf")
        self._status = ClusterStatus(False, False, "starting")
        self.status_frame = self._encode_status(self._status)
        self._tasks: set[asyncio.Task[None]] = set()
        self._status_task: asyncio.Task[None] | None = None
        self._next_label = 0
        # Times a client fell behind and was (or will be) sent a snapshot instead.
        self.resyncs = 0

    # ---- lifecycle

    async def start(self) -> None:
        self._follow_providers()
        self._refresh_status()
        self._status_task = asyncio.get_running_loop().create_task(
            self._poll_status(), name="live-status"
        )

    async def stop(self) -> None:
        self._attach_source(None)
        self._attach_actions(None)
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        if self._status_task is not None:
            self._status_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._status_task
        clients = list(self._clients)
        await asyncio.gather(
            *(c.close(WsCloseCode.GOING_AWAY, "server shutting down") for c in clients),
            return_exceptions=True,
        )
        for task in list(self._tasks):
            task.cancel()

    def connect(self, transport: LiveTransport) -> LiveClient:
        if len(self._clients) >= self.settings.max_clients:
            raise HubFull(f"at most {self.settings.max_clients} live connections")
        self._next_label += 1
        client = LiveClient(self, transport, str(self._next_label))
        self._clients.add(client)
        return client

    def forget(self, client: LiveClient) -> None:
        self._clients.discard(client)

    @property
    def client_count(self) -> int:
        return len(self._clients)

    def loop_spawn(self, coro: Awaitable[None]) -> None:
        async def run() -> None:
            await coro

        task = asyncio.get_running_loop().create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ---- reads used by clients

    def snapshot_items(self, filt: SubscriptionFilter) -> str:
        """The JSON array of every row matching ``filt``; shared until the next change."""
        cached = self._snapshots.get(filt)
        if cached is None:
            if self._source is None:
                return "[]"
            rows = self._source.rows(
                sorted(filt.kinds) if filt.kinds is not None else None, filt.namespace
            )
            cached = "[" + ",".join(self._rows.encode(r) for r in rows) + "]"
            self._snapshots[filt] = cached
        return cached

    # ---- sources

    def _follow_providers(self) -> None:
        source = self._source_provider()
        if source is not self._source:
            self._attach_source(source)
        actions = self._actions_provider()
        if actions is not self._actions_source:
            self._attach_actions(actions)

    def _attach_source(self, source: LiveSource | None) -> None:
        for unsubscribe in self._source_unsubscribes:
            unsubscribe()
        self._source_unsubscribes = []
        self._source = source
        self._rows.clear()
        self._batch_rows.clear()
        self._snapshots.clear()
        if source is not None:
            self._source_unsubscribes = [
                source.subscribe(self._on_change),
                source.subscribe_events(self._on_event),
                source.subscribe_state(self._refresh_status),
            ]
        if self._clients:
            self.resync_everyone()

    def _attach_actions(self, actions: ActionSource | None) -> None:
        if self._actions_unsubscribe is not None:
            self._actions_unsubscribe()
            self._actions_unsubscribe = None
        self._actions_source = actions
        if actions is not None:
            self._actions_unsubscribe = actions.subscribe(self._on_action)

    # ---- inputs (synchronous callbacks on the event loop; never await a client)

    def _on_change(self, change: CacheChangeLike) -> None:
        # A relist (``resync``) still carries the exact difference, so it is applied like any
        # change: a periodic relist of 10,000 unchanged objects costs clients nothing, and a
        # big difference overflows the backlogs into snapshots by itself.
        self._snapshots.clear()
        for row in change.upserts:
            self._batch_rows[row.id] = row
        for row_id in change.deletes:
            self._batch_rows[row_id] = None
            self._rows.forget(row_id)
        self._schedule_flush()

    def resync_everyone(self) -> None:
        """Send every subscription a fresh snapshot at the end of the window."""
        self._snapshots.clear()
        self._batch_resync = True
        self._schedule_flush()

    def _on_event(self, event: FluxEvent) -> None:
        self._batch_events.append(event)
        self._schedule_flush()

    def _on_action(self, record: ActionRecord) -> None:
        self._batch_actions[record.id] = record
        self._schedule_flush()

    def _schedule_flush(self) -> None:
        """Throttle, leading edge: the first change after a quiet window goes out on the next
        loop turn (merged with whatever the same turn brings); later ones wait for the window
        to end. So frames per client are at most one per window, and a lone change is not
        held back for a whole window."""
        if self._flush_handle is not None:
            return
        loop = asyncio.get_running_loop()
        delay = self._last_flush + self.settings.coalesce_seconds - loop.time()
        self._flush_handle = loop.call_at(loop.time() + max(delay, 0.0), self.flush)

    def flush(self) -> None:
        """Hand the current batch to every client (end of the coalescing window)."""
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        self._last_flush = asyncio.get_running_loop().time()
        rows, self._batch_rows = self._batch_rows, {}
        events, self._batch_events = self._batch_events, []
        actions, self._batch_actions = self._batch_actions, {}
        resync, self._batch_resync = self._batch_resync, False
        clients = list(self._clients)
        if resync:
            for client in clients:
                client.resync_all()
        if rows:
            matched = self._match_rows(rows, clients)
            for client in clients:
                client.offer_changes(matched)
        for event in events:
            plural, namespace = event.object.plural, event.object.namespace
            frame = _dump(EventMessage(type="event", event=event))
            for client in clients:
                if client.wants_event(plural, namespace):
                    client.offer_event(frame)
        for record in actions.values():
            frame = _dump(ActionMessage(type="action", action=record))
            for client in clients:
                client.offer_action(record.id, frame)

    def _match_rows(
        self, rows: dict[str, ResourceRow | None], clients: list[LiveClient]
    ) -> dict[SubscriptionFilter, list[tuple[str, str | None]]]:
        filters = {sub.filter for client in clients for sub in client.subscriptions}
        scoped: list[tuple[str, str | None, str | None, ResourceRow | None]] = []
        for row_id, row in rows.items():
            if row is not None:
                scoped.append((row_id, row.plural, row.namespace, row))
            else:
                kind, namespace = kind_of_id(row_id)
                scoped.append((row_id, self._plural_of_kind(kind), namespace, None))
        matched: dict[SubscriptionFilter, list[tuple[str, str | None]]] = {}
        for filt in filters:
            hits = [
                (row_id, self._rows.encode(row) if row is not None else None)
                for row_id, plural, namespace, row in scoped
                if filt.matches(plural, namespace)
            ]
            if hits:
                matched[filt] = hits
        return matched

    # ---- status

    @staticmethod
    def _encode_status(status: ClusterStatus) -> str:
        return _dump(
            StatusMessage(
                type="status",
                connected=status.connected,
                synced=status.synced,
                message=status.message,
            )
        )

    def _refresh_status(self) -> None:
        try:
            status = self._status_probe()
        except Exception:  # a broken probe must not kill the stream; report "unknown"
            log.exception("cluster status probe failed")
            status = ClusterStatus(False, False, "cluster status unknown")
        if status != self._status:
            self._status = status
            self.status_frame = self._encode_status(status)
            for client in list(self._clients):
                client.offer_status()

    async def _poll_status(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.settings.status_poll_seconds)
            try:
                self._follow_providers()
            except Exception:  # keep the stream alive; the next tick tries again
                log.exception("attaching live sources failed")
            self._refresh_status()
            self._close_stalled(loop.time())

    def _close_stalled(self, now: float) -> None:
        for client in list(self._clients):
            if client.stalled(now):
                log.info("live client %s stalled; closing", client.label)
                self.loop_spawn(
                    client.close(
                        WsCloseCode.TOO_SLOW, "client did not read for too long"
                    )
                )

    @property
    def status(self) -> ClusterStatus:
        return self._status


def runtime_status(runtime: Runtime) -> ClusterStatus:
    """What the stream's ``status`` frame says about the cluster behind ``runtime``."""
    ready, detail = runtime.readiness()
    connected = runtime.sync is not None and runtime.sync.connected
    synced = runtime.synced
    return ClusterStatus(
        connected=connected,
        synced=synced,
        message="live" if connected and synced and ready else detail,
    )
