"""Fault injection: make kubesim misbehave on purpose, for chaos and retry tests.

Python (``sim.faults``; safe to call from any thread)::

    sim.faults.set_latency(0.2)              # add 200 ms to every API request
    sim.faults.drop_watches()                # close every open watch now (clean EOF)
    sim.faults.expire_next_watches(2)        # the next 2 watch requests answer HTTP 410
    sim.faults.expire_next_watches(1, mode="stream")  # ... or 200 + an in-stream ERROR 410
    sim.faults.expire_open_watches()         # send an ERROR 410 event into open watches, close
    sim.faults.throttle(5, retry_after=1)    # 429 + Retry-After for 5 s
    sim.faults.outage(30)                    # 503 for 30 s (open watches are dropped)
    sim.faults.fail_next(3, code=500)        # the next 3 requests answer 500
    sim.faults.expired_watch_response = "connect"  # how too-old resourceVersions are
                                             # reported: "stream" (as kube-apiserver's watch
                                             # cache does; default) or "connect" (HTTP 410)
    sim.faults.clear()

HTTP (any mode, never subject to faults itself)::

    GET    /_kubesim/faults          -> the current fault state
    POST   /_kubesim/faults          {"latency": 0.2}
                                     {"dropWatches": true}
                                     {"expireNextWatches": 2, "expireMode": "stream"}
                                     {"expireOpenWatches": true}
                                     {"throttle": {"seconds": 5, "retryAfter": 1}}
                                     {"outage": 30}
                                     {"failNext": {"count": 3, "code": 500}}
                                     {"expiredWatchResponse": "connect"}
                                     {"clear": true}
                                     (keys combine; unknown keys answer 400)
    DELETE /_kubesim/faults          -> clear()
    GET    /_kubesim/stats           -> request counts by "verb group/plural"
    POST   /_kubesim/stats/reset
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any, Literal, Protocol

from kubesim.errors import (
    BadRequest,
    InternalError,
    ServiceUnavailable,
    StoreError,
    TooManyRequests,
)

ExpireMode = Literal["connect", "stream"]


class WatchControl(Protocol):
    """What faults need from the watch fan-out (implemented by ``WatchHub``)."""

    def drop_all(self) -> int: ...

    def expire_all(self) -> int: ...


class Faults:
    """The fault switches of one kubesim (see module docstring)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._hub: WatchControl | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.latency = 0.0
        self._expire_next = 0
        self._expire_mode: ExpireMode = "connect"
        self._throttle_until = 0.0
        self._retry_after = 1
        self._outage_until = 0.0
        self._fail_next = 0
        self._fail_code = 500
        self.expired_watch_response: ExpireMode = "stream"

    def attach(self, hub: WatchControl, loop: asyncio.AbstractEventLoop) -> None:
        """Connect to the running server's watches (done by ``KubeSim.start``)."""
        self._hub = hub
        self._loop = loop

    # ------------------------------------------------------------------ switches

    def set_latency(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("latency must be >= 0")
        self.latency = float(seconds)

    def drop_watches(self) -> None:
        """Close every open watch now (the client sees the stream end)."""
        self._on_loop(lambda hub: hub.drop_all())

    def expire_open_watches(self) -> None:
        """Send an in-stream ``ERROR`` event (410 Expired) into every open watch, then close it."""
        self._on_loop(lambda hub: hub.expire_all())

    def expire_next_watches(self, count: int, *, mode: ExpireMode = "connect") -> None:
        """The next ``count`` watch requests fail with 410 Expired (HTTP 410 or in-stream)."""
        if count < 0 or mode not in ("connect", "stream"):
            raise ValueError("count must be >= 0 and mode 'connect' or 'stream'")
        with self._lock:
            self._expire_next = count
            self._expire_mode = mode

    def throttle(self, seconds: float, *, retry_after: int = 1) -> None:
        """Answer 429 TooManyRequests (with ``Retry-After``) for ``seconds``."""
        with self._lock:
            self._throttle_until = self._clock() + seconds
            self._retry_after = max(1, int(retry_after))

    def outage(self, seconds: float) -> None:
        """Answer 503 to everything for ``seconds``, dropping open watches now."""
        with self._lock:
            self._outage_until = self._clock() + seconds
        if seconds > 0:
            self.drop_watches()

    def fail_next(self, count: int, *, code: int = 500) -> None:
        """The next ``count`` API requests answer ``code`` (500 or 503)."""
        if code not in (500, 503) or count < 0:
            raise ValueError("code must be 500 or 503 and count >= 0")
        with self._lock:
            self._fail_next = count
            self._fail_code = code

    def clear(self) -> None:
        with self._lock:
            self.latency = 0.0
            self._expire_next = 0
            self._throttle_until = 0.0
            self._outage_until = 0.0
            self._fail_next = 0
            self.expired_watch_response = "stream"

    def state(self) -> dict[str, Any]:
        now = self._clock()
        with self._lock:
            return {
                "latency": self.latency,
                "expireNextWatches": self._expire_next,
                "expireMode": self._expire_mode,
                "throttleSeconds": max(0.0, self._throttle_until - now),
                "retryAfter": self._retry_after,
                "outageSeconds": max(0.0, self._outage_until - now),
                "failNext": self._fail_next,
                "failCode": self._fail_code,
                "expiredWatchResponse": self.expired_watch_response,
            }

    def apply(self, body: Any) -> None:
        """Apply the JSON body of ``POST /_kubesim/faults``."""
        if not isinstance(body, dict):
            raise BadRequest("the faults body must be a JSON object")
        known = {
            "latency",
            "dropWatches",
            "expireNextWatches",
            "expireMode",
            "expireOpenWatches",
            "throttle",
            "outage",
            "failNext",
            "expiredWatchResponse",
            "clear",
        }
        unknown = sorted(set(body) - known)
        if unknown:
            raise BadRequest(
                f"unknown fault keys: {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        try:
            if body.get("clear"):
                self.clear()
            if "latency" in body:
                self.set_latency(float(body["latency"]))
            if "expiredWatchResponse" in body:
                mode = body["expiredWatchResponse"]
                if mode not in ("connect", "stream"):
                    raise ValueError(
                        "expiredWatchResponse must be 'connect' or 'stream'"
                    )
                self.expired_watch_response = mode
            if "expireNextWatches" in body:
                self.expire_next_watches(
                    int(body["expireNextWatches"]),
                    mode=body.get("expireMode", "connect"),
                )
            if "throttle" in body:
                spec = body["throttle"]
                if isinstance(spec, dict):
                    self.throttle(
                        float(spec.get("seconds", 0)),
                        retry_after=int(spec.get("retryAfter", 1)),
                    )
                else:
                    self.throttle(float(spec))
            if "outage" in body:
                self.outage(float(body["outage"]))
            if "failNext" in body:
                spec = body["failNext"]
                if isinstance(spec, dict):
                    self.fail_next(
                        int(spec.get("count", 1)), code=int(spec.get("code", 500))
                    )
                else:
                    self.fail_next(int(spec))
            if body.get("dropWatches"):
                self.drop_watches()
            if body.get("expireOpenWatches"):
                self.expire_open_watches()
        except (TypeError, ValueError) as exc:
            raise BadRequest(f"invalid fault: {exc}") from exc

    # ------------------------------------------------------------ used by the server

    def check_request(self) -> None:
        """Raise the error an API request must answer with now, if any."""
        now = self._clock()
        with self._lock:
            if now < self._outage_until:
                raise ServiceUnavailable(
                    "the server is currently unable to handle the request"
                )
            if now < self._throttle_until:
                raise TooManyRequests(
                    "Too many requests, please try again later.",
                    retry_after=self._retry_after,
                    headers={"Retry-After": str(self._retry_after)},
                )
            if self._fail_next > 0:
                self._fail_next -= 1
                if self._fail_code == 503:
                    raise ServiceUnavailable(
                        "the server is currently unable to handle the request"
                    )
                raise InternalError("Internal error occurred: injected fault")

    def take_watch_expiry(self) -> ExpireMode | None:
        """Consume one forced watch expiry, returning how to report it."""
        with self._lock:
            if self._expire_next > 0:
                self._expire_next -= 1
                return self._expire_mode
            return None

    def _on_loop(self, action: Callable[[WatchControl], int]) -> None:
        hub, loop = self._hub, self._loop
        if hub is None or loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            action(hub)
        else:
            loop.call_soon_threadsafe(action, hub)


def is_fault_error(exc: StoreError) -> bool:
    return isinstance(exc, ServiceUnavailable | TooManyRequests)
