"""Timestamps for ``reconcile.fluxcd.io/requestedAt``: RFC3339Nano, strictly increasing.

The ``flux`` CLI writes ``time.Now().Format(time.RFC3339Nano)``: nanoseconds with trailing zeros
trimmed. The controllers only care that the value *changes*, so two requests in the same
nanosecond must still differ: the clock never hands out the same value twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

_NS_PER_S = 1_000_000_000


def format_rfc3339_nano(epoch_ns: int) -> str:
    """``2025-01-02T03:04:05.123456789Z`` (UTC, fraction without trailing zeros, like Go)."""
    seconds, nanos = divmod(epoch_ns, _NS_PER_S)
    base = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    fraction = f"{nanos:09d}".rstrip("0")
    return f"{base}.{fraction}Z" if fraction else f"{base}Z"


class RequestClock:
    """Hands out strictly increasing RFC3339Nano timestamps."""

    def __init__(self, now_ns: Callable[[], int] = time.time_ns) -> None:
        self._now_ns = now_ns
        self._last = 0

    def next_ns(self) -> int:
        value = max(self._now_ns(), self._last + 1)
        self._last = value
        return value

    def next(self) -> str:
        return format_rfc3339_nano(self.next_ns())

    def now(self) -> str:
        """The current time, not reserved (for ``finishedAt`` and log lines)."""
        return format_rfc3339_nano(max(self._now_ns(), self._last))
