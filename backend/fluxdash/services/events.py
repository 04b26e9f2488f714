"""Kubernetes Events about Flux objects: parsing, and a bounded buffer indexed per object.

Only events whose `involvedObject` is a Flux kind are kept (as `flux events` does; the API group
must match when the event names one). The buffer holds the most recently seen events, evicting
the least recently updated first, and answers per-object queries in O(result).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from fluxdash.models.events import EventObject, FluxEvent
from fluxdash.models.keys import ObjectKey
from fluxdash.models.kinds import find_kind
from fluxdash.services.health import one_line
from fluxdash.services.masking import mask_text

MAX_EVENT_MESSAGE = 2048
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def parse_event(raw: Mapping[str, Any]) -> FluxEvent | None:
    """A core/v1 Event as a FluxEvent, or None when it is not about a Flux object."""
    involved = raw.get("involvedObject")
    meta = raw.get("metadata")
    if not isinstance(involved, Mapping) or not isinstance(meta, Mapping):
        return None
    api_version = _str(involved.get("apiVersion"))
    group = api_version.rpartition("/")[0] if "/" in api_version else None
    info = find_kind(_str(involved.get("kind")), group or None)
    name = _str(involved.get("name"))
    event_ns = _str(meta.get("namespace"))
    namespace = _str(involved.get("namespace")) or event_ns
    if info is None or not name or not namespace:
        return None
    series = raw.get("series") if isinstance(raw.get("series"), Mapping) else {}
    last_seen = (
        _time(series.get("lastObservedTime") if isinstance(series, Mapping) else None)
        or _time(raw.get("lastTimestamp"))
        or _time(raw.get("eventTime"))
        or _time(raw.get("firstTimestamp"))
        or _time(meta.get("creationTimestamp"))
    )
    first_seen = (
        _time(raw.get("firstTimestamp")) or _time(raw.get("eventTime")) or last_seen
    )
    count = raw.get("count")
    if isinstance(series, Mapping) and isinstance(series.get("count"), int):
        count = series["count"]
    source = raw.get("source") if isinstance(raw.get("source"), Mapping) else {}
    reporter = _str(raw.get("reportingComponent")) or (
        _str(source.get("component")) if isinstance(source, Mapping) else ""
    )
    annotations = meta.get("annotations")
    revision = None
    if isinstance(annotations, Mapping):
        revision = next(
            (
                mask_text(v)
                for k, v in annotations.items()
                if isinstance(k, str) and k.endswith("/revision") and isinstance(v, str)
            ),
            None,
        )
    message = mask_text(one_line(_str(raw.get("message"))))[:MAX_EVENT_MESSAGE]
    return FluxEvent(
        id=f"{event_ns}/{_str(meta.get('name'))}",
        type=_str(raw.get("type")) or "Normal",
        reason=_str(raw.get("reason")),
        message=message,
        object=EventObject(
            id=ObjectKey(info.kind, namespace, name).id,
            kind=info.kind,
            plural=info.plural,
            namespace=namespace,
            name=name,
        ),
        source=reporter or None,
        count=count if isinstance(count, int) and count > 0 else 1,
        first_seen=first_seen,
        last_seen=last_seen,
        revision=revision,
    )


def event_sort_key(event: FluxEvent) -> tuple[datetime, str]:
    return event.last_seen or _EPOCH, event.id


_MAX_ANSWERS = 64


class EventBuffer:
    """The most recent Flux events (bounded), by Event id and by involved object."""

    def __init__(self, capacity: int = 2000) -> None:
        self.capacity = max(1, capacity)
        self._events: OrderedDict[str, FluxEvent] = OrderedDict()
        self._by_object: dict[str, dict[str, FluxEvent]] = {}
        # Answers of whole-buffer queries (the summary's recent warnings, /events), valid
        # until the buffer changes: a query scans and sorts every event.
        self._answers: dict[tuple[str | None, ...], list[FluxEvent]] = {}

    def __len__(self) -> int:
        return len(self._events)

    def _drop(self, event_id: str) -> None:
        self._answers.clear()
        old = self._events.pop(event_id, None)
        if old is None:
            return
        bucket = self._by_object.get(old.object.id)
        if bucket is not None:
            bucket.pop(event_id, None)
            if not bucket:
                del self._by_object[old.object.id]

    def put(self, event: FluxEvent) -> bool:
        """Insert or update; returns False when nothing changed (a repeated delivery)."""
        if self._events.get(event.id) == event:
            return False
        self._drop(event.id)
        self._answers.clear()
        self._events[event.id] = event
        self._by_object.setdefault(event.object.id, {})[event.id] = event
        while len(self._events) > self.capacity:
            self._drop(next(iter(self._events)))
        return True

    def remove(self, event_id: str) -> None:
        self._drop(event_id)

    def replace(self, events: Iterable[FluxEvent]) -> None:
        """Start over from a LIST (oldest first, so the newest survive the bound)."""
        self._events.clear()
        self._by_object.clear()
        self._answers.clear()
        for event in sorted(events, key=event_sort_key):
            self.put(event)

    def query(
        self,
        *,
        object_ids: Iterable[str] | None = None,
        namespace: str | None = None,
        kind: str | None = None,
        name: str | None = None,
        type: str | None = None,
        limit: int = 100,
    ) -> list[FluxEvent]:
        """Newest first. ``object_ids`` restricts to those objects (O(their events))."""
        if object_ids is None:
            key = (namespace, kind, name, type.lower() if type else None, str(limit))
            answer = self._answers.get(key)
            if answer is None:
                if len(self._answers) >= _MAX_ANSWERS:
                    self._answers.clear()
                answer = self._select(
                    self._events.values(), namespace, kind, name, type
                )
                answer = self._answers[key] = answer[: max(0, limit)]
            return list(answer)
        pool = [
            e for oid in set(object_ids) for e in self._by_object.get(oid, {}).values()
        ]
        return self._select(pool, namespace, kind, name, type)[: max(0, limit)]

    @staticmethod
    def _select(
        pool: Iterable[FluxEvent],
        namespace: str | None,
        kind: str | None,
        name: str | None,
        type: str | None,
    ) -> list[FluxEvent]:
        wanted_type = type.lower() if type else None
        selected = [
            e
            for e in pool
            if (namespace is None or e.object.namespace == namespace)
            and (kind is None or e.object.kind == kind)
            and (name is None or e.object.name == name)
            and (wanted_type is None or e.type.lower() == wanted_type)
        ]
        selected.sort(key=event_sort_key, reverse=True)
        return selected
