"""Timestamps for ``reconcile.fluxcd.io/requestedAt``: RFC3339Nano, strictly increasing.

The ``flux`` CLI writes ``time.Now().Format(time.RFC3339Nano)``: nanoseconds with trailing zeros
trimmed. The controllers only care that the value *changes*, so two requests in the same
nanosecond must still differ: the clock never hands out the same value twice.
"""

from __future__ import annotations

import re
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


_RFC3339 = re.compile(
    r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$"
)


def parse_rfc3339_nano(text: str) -> int | None:
    """Nanoseconds since the epoch of an RFC3339(Nano) timestamp, or None if it is not one."""
    match = _RFC3339.match(text.strip())
    if match is None:
        return None
    base, fraction, zone = match.groups()
    try:
        moment = datetime.fromisoformat(base + ("+00:00" if zone == "Z" else zone))
    except ValueError:
        return None
    nanos = int((fraction or "0").ljust(9, "0"))
    return int(moment.timestamp()) * _NS_PER_S + nanos


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
