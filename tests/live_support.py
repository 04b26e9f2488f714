"""Fakes for the live hub tests: an in-memory cache source and a recording transport."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Collection, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson
import uvicorn

from fluxdash.models.actions import ActionName, ActionRecord, ActionState, ActionTarget
from fluxdash.models.events import EventObject, FluxEvent
from fluxdash.models.kinds import kind_by_name
from fluxdash.models.views import Health
from fluxdash.models.ws import SERVER_MESSAGE, ResourceRow
from fluxdash.services.live import CacheChangeLike, ClusterStatus


def row(
    kind: str, namespace: str, name: str, health: Health = "Ready", message: str = ""
) -> ResourceRow:
    info = kind_by_name(kind)
    return ResourceRow(
        id=f"{kind}/{namespace}/{name}",
        kind=kind,
        plural=info.plural,
        category=info.category,
        namespace=namespace,
        name=name,
        health=health,
        message=message,
    )


@dataclass
class Change:
    upserts: list[ResourceRow] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    resync: bool = False


class FakeCache:
    """Holds rows and notifies subscribers after applying a change, like the real cache."""

    def __init__(self, rows: Collection[ResourceRow] = ()) -> None:
        self._rows = {r.id: r for r in rows}
        self._subs: list[Callable[[CacheChangeLike], None]] = []
        self._event_subs: list[Callable[[FluxEvent], None]] = []
        self._state_subs: list[Callable[[], None]] = []
        self.status = ClusterStatus(True, True, "live")
        self.rows_calls = 0

    def rows(
        self, plurals: Iterable[str] | None = None, namespace: str | None = None
    ) -> list[ResourceRow]:
        self.rows_calls += 1
        wanted = None if plurals is None else set(plurals)
        return [
            r
            for r in self._rows.values()
            if (wanted is None or r.plural in wanted)
            and (namespace is None or r.namespace == namespace)
        ]

    def subscribe(
        self, callback: Callable[[CacheChangeLike], None]
    ) -> Callable[[], None]:
        self._subs.append(callback)
        return lambda: self._subs.remove(callback)

    def subscribe_events(
        self, callback: Callable[[FluxEvent], None]
    ) -> Callable[[], None]:
        self._event_subs.append(callback)
        return lambda: self._event_subs.remove(callback)

    def subscribe_state(self, callback: Callable[[], None]) -> Callable[[], None]:
        self._state_subs.append(callback)
        return lambda: self._state_subs.remove(callback)

    def set_status(self, status: ClusterStatus) -> None:
        """The sync state changed (the real cache then calls its state subscribers)."""
        self.status = status
        for cb in list(self._state_subs):
            cb()

    def upsert(self, *rows: ResourceRow) -> None:
        for r in rows:
            self._rows[r.id] = r
        self._notify(Change(upserts=list(rows)))

    def delete(self, *ids: str) -> None:
        for row_id in ids:
            self._rows.pop(row_id, None)
        self._notify(Change(deletes=list(ids)))

    def replace_all(self, rows: Collection[ResourceRow]) -> None:
        """A relist: the difference, flagged ``resync`` like the real cache does."""
        new = {r.id: r for r in rows}
        deletes = [row_id for row_id in self._rows if row_id not in new]
        upserts = [r for row_id, r in new.items() if self._rows.get(row_id) is not r]
        self._rows = new
        self._notify(Change(upserts=upserts, deletes=deletes, resync=True))

    def emit(self, event: FluxEvent) -> None:
        for cb in list(self._event_subs):
            cb(event)

    def _notify(self, change: Change) -> None:
        for cb in list(self._subs):
            cb(change)

    def probe(self) -> ClusterStatus:
        return self.status


def flux_event(
    kind: str,
    namespace: str,
    name: str,
    reason: str,
    message: str,
    type_: str = "Normal",
) -> FluxEvent:
    plural = kind_by_name(kind).plural
    return FluxEvent(
        id=f"{namespace}/{name}.{abs(hash((reason, message))):x}",
        type=type_,
        reason=reason,
        message=message,
        object=EventObject(
            id=f"{kind}/{namespace}/{name}",
            kind=kind,
            plural=plural,
            namespace=namespace,
            name=name,
        ),
    )


def action_record(
    action_id: str, state: ActionState, action: ActionName = "reconcile"
) -> ActionRecord:
    return ActionRecord(
        id=action_id,
        action=action,
        target=ActionTarget.of("Kustomization", "flux-system", "apps"),
        user="anonymous",
        requested_at="2026-01-01T00:00:00.000000000Z",
        state=state,
        message="",
        cli="flux reconcile kustomization apps -n flux-system",
    )


class FakeActions:
    def __init__(self) -> None:
        self._subs: list[Callable[[ActionRecord], None]] = []

    def subscribe(self, callback: Callable[[ActionRecord], None]) -> Callable[[], None]:
        self._subs.append(callback)
        return lambda: self._subs.remove(callback)

    def publish(self, record: ActionRecord) -> None:
        for cb in list(self._subs):
            cb(record)


class RecordingTransport:
    """A client connection that records frames; ``gate`` cleared = the peer stops reading."""

    def __init__(self) -> None:
        self.frames: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.gate = asyncio.Event()
        self.gate.set()
        self.closed: tuple[int, str] | None = None
        self.sent = 0

    async def send_text(self, data: str) -> None:
        await self.gate.wait()
        # Every frame the server writes must be a valid ServerMessage.
        SERVER_MESSAGE.validate_json(data)
        self.sent += 1
        await self.frames.put(orjson.loads(data))

    async def close(self, code: int, reason: str) -> None:
        self.closed = (code, reason)

    async def next(self, wait: float = 2.0) -> dict[str, Any]:
        return await asyncio.wait_for(self.frames.get(), wait)

    async def next_of(self, type_: str, wait: float = 2.0) -> dict[str, Any]:
        while True:
            frame = await self.next(wait)
            if frame["type"] == type_:
                return frame

    async def quiet(self, seconds: float = 0.05) -> list[dict[str, Any]]:
        """Frames that arrive within ``seconds`` (expected: none)."""
        await asyncio.sleep(seconds)
        out = []
        while not self.frames.empty():
            out.append(self.frames.get_nowait())
        return out


@asynccontextmanager
async def serve_app(app: Any) -> AsyncIterator[str]:
    """Run ``app`` with uvicorn on a free loopback port in this event loop; yields host:port."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", lifespan="on", ws="auto"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("uvicorn stopped before starting")
            await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)
