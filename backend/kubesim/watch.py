"""Watch fan-out: one store subscription feeding every open watch.

Each change is matched against every watcher of its resource (namespace, label and
field selectors, with the apiserver's transitions: an object that stops matching is
``DELETED`` for that watcher, one that starts matching is ``ADDED``) and encoded once
per distinct wire form, then queued as bytes.  The HTTP side drains a watcher's queue
in batches, so a burst of changes costs one write per watcher, not one per event.
A watcher whose queue grows past its limit is closed (the client relists), as
kube-apiserver does with slow watchers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Literal

from kubesim.encoding import dumps
from kubesim.selectors import FieldSelector, LabelSelector
from kubesim.store import Store, WatchEvent

Obj = dict[str, Any]
CloseReason = Literal["dropped", "expired", "overflow", "gone", "shutdown"]

EXPIRED_EVENT = (
    b'{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},'
    b'"status":"Failure","message":"%s","reason":"Expired","code":410}}\n'
)


def expired_line(message: str) -> bytes:
    return EXPIRED_EVENT % dumps(message)[1:-1]


class Watcher:
    """One open watch: filters, an outgoing byte queue, and a wake-up event."""

    def __init__(
        self,
        group: str,
        plural: str,
        namespace: str | None,
        labels: LabelSelector,
        fields: FieldSelector,
        encode: Callable[[str, Obj], bytes],
        *,
        wire_key: object,
        max_queue: int = 20000,
    ) -> None:
        self.group = group
        self.plural = plural
        self.namespace = namespace
        self.labels = labels
        self.fields = fields
        self.encode = encode
        self.wire_key = wire_key
        """Watchers with equal keys get identical bytes for an event (encoded once)."""
        self.max_queue = max_queue
        self.queue: list[bytes] = []
        self.wakeup = asyncio.Event()
        self.closed: CloseReason | None = None
        self._filtered = not labels.empty or not fields.empty
        self.sees_everything = namespace is None and not self._filtered
        """No namespace or selector: every event reaches this watcher unchanged."""

    def matches(self, obj: Obj | None) -> bool:
        if obj is None:
            return False
        if (
            self.namespace is not None
            and obj["metadata"].get("namespace") != self.namespace
        ):
            return False
        if not self._filtered:
            return True
        return self.labels.matches(obj) and self.fields.matches(obj)

    def wire_type(self, event: WatchEvent) -> tuple[str, Obj] | None:
        """The event type and object this watcher must see for ``event`` (or nothing)."""
        if event.type == "ADDED":
            return ("ADDED", event.obj) if self.matches(event.obj) else None
        if event.type == "DELETED":
            return (
                ("DELETED", event.obj) if self.matches(event.old or event.obj) else None
            )
        now, before = self.matches(event.obj), self.matches(event.old)
        if now and before:
            return ("MODIFIED", event.obj)
        if now:
            return ("ADDED", event.obj)
        if before:
            assert event.old is not None  # matches(None) is False
            gone = dict(event.old)
            gone["metadata"] = {
                **event.old["metadata"],
                "resourceVersion": event.obj["metadata"]["resourceVersion"],
            }
            return ("DELETED", gone)
        return None

    def push(self, line: bytes) -> None:
        if self.closed is not None:
            return
        self.queue.append(line)
        if len(self.queue) > self.max_queue:
            self.close("overflow")
            return
        self.wakeup.set()

    def close(self, reason: CloseReason) -> None:
        if self.closed is None:
            self.closed = reason
            self.wakeup.set()

    def take(self) -> list[bytes]:
        lines, self.queue = self.queue, []
        self.wakeup.clear()
        return lines


class WatchHub:
    """Routes committed store changes to the open watchers of each resource."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._watchers: dict[tuple[str, str], set[Watcher]] = {}
        self._unsubscribe = store.subscribe(self._on_event)
        self.closed = False

    def add(self, watcher: Watcher) -> None:
        self._watchers.setdefault((watcher.group, watcher.plural), set()).add(watcher)

    def remove(self, watcher: Watcher) -> None:
        watchers = self._watchers.get((watcher.group, watcher.plural))
        if watchers is not None:
            watchers.discard(watcher)
            if not watchers:
                del self._watchers[(watcher.group, watcher.plural)]

    def count(self) -> int:
        return sum(len(w) for w in self._watchers.values())

    def _on_event(self, event: WatchEvent) -> None:
        watchers = self._watchers.get((event.group, event.plural))
        if watchers:
            cache: dict[tuple[str, int, object], bytes] = {}
            for watcher in list(watchers):
                if watcher.closed is not None:
                    continue
                kind: str
                if watcher.sees_everything:
                    kind, obj = event.type, event.obj
                else:
                    wire = watcher.wire_type(event)
                    if wire is None:
                        continue
                    kind, obj = wire
                key = (kind, id(obj), watcher.wire_key)
                line = cache.get(key)
                if line is None:
                    line = cache[key] = watcher.encode(kind, obj)
                queue = watcher.queue
                queue.append(line)
                if len(queue) > watcher.max_queue:
                    watcher.close("overflow")
                else:
                    watcher.wakeup.set()
        if (
            event.type == "DELETED"
            and event.group == "apiextensions.k8s.io"
            and event.plural == "customresourcedefinitions"
        ):
            spec = event.obj.get("spec") or {}
            gone = (
                str(spec.get("group")),
                str((spec.get("names") or {}).get("plural")),
            )
            for watcher in list(self._watchers.get(gone, ())):
                watcher.close("gone")

    def _close_all(self, reason: CloseReason) -> int:
        closed = 0
        for watchers in list(self._watchers.values()):
            for watcher in list(watchers):
                if watcher.closed is None:
                    watcher.close(reason)
                    closed += 1
        return closed

    def drop_all(self) -> int:
        return self._close_all("dropped")

    def expire_all(self) -> int:
        return self._close_all("expired")

    def shutdown(self) -> int:
        closed = self._close_all("shutdown")
        self._unsubscribe()
        self.closed = True
        return closed
