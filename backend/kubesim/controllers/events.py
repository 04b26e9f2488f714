"""core/v1 Events in the shape Flux's controllers write them (FLUX.md §8).

Names are ``<object>.<hex unix nanos>``; identical events (same object, type, reason and
message) within ten minutes are aggregated into one by bumping ``count`` and
``lastTimestamp``, as client-go's recorder does. The recorder keeps at most ``max_events`` of
its own events and deletes the oldest beyond that, so a long-running living cluster stays small.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Any

from kubesim.controllers.clock import rfc3339, utcnow
from kubesim.store import Obj, Store

log = logging.getLogger(__name__)

AGGREGATION_WINDOW = timedelta(minutes=10)
_last_nanos = 0


def pod_name(controller: str) -> str:
    """A stable, realistic pod name for a Flux controller (``reportingInstance``)."""
    h = hashlib.sha1(controller.encode(), usedforsecurity=False).hexdigest()
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    rs = "".join(
        alphabet[int(h[i : i + 2], 16) % len(alphabet)] for i in range(0, 20, 2)
    )
    pod = "".join(
        alphabet[int(h[i : i + 2], 16) % len(alphabet)] for i in range(20, 30, 2)
    )
    return f"{controller}-{rs}-{pod}"


def event_name(object_name: str, at: datetime | None = None, salt: str = "") -> str:
    """``<object>.<hex unix nanos>`` (client-go's naming), unique within this process.

    ``at`` backdates the name for seeded history; ``salt`` spreads events of one object that
    share a timestamp over distinct nanoseconds.
    """
    global _last_nanos
    if at is not None:
        jitter = int(
            hashlib.sha1(salt.encode(), usedforsecurity=False).hexdigest()[:6], 16
        )
        return f"{object_name}.{int(at.timestamp()) * 1_000_000_000 + jitter:x}"
    nanos = max(time.time_ns(), _last_nanos + 1)
    _last_nanos = nanos
    return f"{object_name}.{nanos:x}"


def involved_object(obj: Obj) -> dict[str, Any]:
    meta = obj.get("metadata", {})
    ref: dict[str, Any] = {
        "apiVersion": obj.get("apiVersion", ""),
        "kind": obj.get("kind", ""),
        "name": meta.get("name", ""),
        "namespace": meta.get("namespace", ""),
    }
    if meta.get("uid"):
        ref["uid"] = meta["uid"]
    if meta.get("resourceVersion"):
        ref["resourceVersion"] = meta["resourceVersion"]
    return ref


def flux_event(
    obj: Obj,
    *,
    controller: str,
    type_: str,
    reason: str,
    message: str,
    annotations: dict[str, str] | None = None,
    first: datetime | None = None,
    last: datetime | None = None,
    count: int = 1,
    backdated: bool = False,
) -> Obj:
    """A core/v1 Event about ``obj`` from ``controller`` (e.g. ``kustomize-controller``)."""
    last = last or utcnow()
    first = first or last
    meta = obj.get("metadata", {})
    # Any event.toolkit.fluxcd.io/ annotation on the object travels with every event.
    merged = {
        k: v
        for k, v in (meta.get("annotations") or {}).items()
        if k.startswith("event.toolkit.fluxcd.io/")
    }
    merged.update(annotations or {})
    metadata: dict[str, Any] = {
        "name": event_name(
            meta.get("name", "object"),
            first if backdated else None,
            salt=f"{type_}/{reason}/{message}",
        ),
        "namespace": meta.get("namespace", "default"),
    }
    if merged:
        metadata["annotations"] = merged
    return {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": metadata,
        "involvedObject": involved_object(obj),
        "reason": reason,
        "message": message,
        "type": type_,
        "source": {"component": controller},
        "firstTimestamp": rfc3339(first),
        "lastTimestamp": rfc3339(last),
        "count": count,
        "eventTime": None,
        "reportingComponent": controller,
        "reportingInstance": pod_name(controller),
    }


class EventRecorder:
    """Writes Flux-style Events into the store, aggregating repeats and bounding the total."""

    def __init__(self, store: Store, *, max_events: int = 2000) -> None:
        self._store = store
        self._max = max_events
        # aggregation key -> (namespace, event name, first time, count)
        self._recent: OrderedDict[tuple[str, ...], tuple[str, str, datetime, int]] = (
            OrderedDict()
        )
        self._written: OrderedDict[tuple[str, str], None] = OrderedDict()

    def record(
        self,
        obj: Obj,
        *,
        controller: str,
        type_: str,
        reason: str,
        message: str,
        annotations: dict[str, str] | None = None,
    ) -> Obj | None:
        now = utcnow()
        meta = obj.get("metadata", {})
        key = (
            str(
                meta.get("uid")
                or f"{meta.get('namespace')}/{meta.get('name')}/{obj.get('kind')}"
            ),
            type_,
            reason,
            message,
        )
        previous = self._recent.get(key)
        if previous is not None:
            namespace, name, first, count = previous
            if now - first <= AGGREGATION_WINDOW:
                try:
                    updated = self._store.patch(
                        "",
                        "events",
                        namespace,
                        name,
                        {"count": count + 1, "lastTimestamp": rfc3339(now)},
                    )
                except Exception:  # the event was deleted meanwhile: write a fresh one
                    log.debug("event %s/%s gone; writing a new one", namespace, name)
                else:
                    self._recent[key] = (namespace, name, first, count + 1)
                    self._recent.move_to_end(key)
                    return updated
        event = flux_event(
            obj,
            controller=controller,
            type_=type_,
            reason=reason,
            message=message,
            annotations=annotations,
            last=now,
        )
        try:
            created = self._store.create("", "events", event)
        except Exception:
            log.warning(
                "could not write event %s", event["metadata"]["name"], exc_info=True
            )
            return None
        namespace, name = event["metadata"]["namespace"], event["metadata"]["name"]
        self._recent[key] = (namespace, name, now, 1)
        self._written[(namespace, name)] = None
        while len(self._recent) > self._max:
            self._recent.popitem(last=False)
        self._trim()
        return created

    def _trim(self) -> None:
        while len(self._written) > self._max:
            (namespace, name), _ = self._written.popitem(last=False)
            try:
                self._store.delete("", "events", namespace, name)
            except Exception:
                log.debug("event %s/%s already gone", namespace, name)
