"""Time in the formats Flux writes: RFC3339 timestamps and Go duration strings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache


def utcnow() -> datetime:
    return datetime.now(UTC)


def rfc3339(at: datetime) -> str:
    """``2026-08-07T10:11:12Z`` (second precision, as metav1.Time serialises)."""
    return _rfc3339_seconds(int(at.timestamp()))


@lru_cache(maxsize=4096)
def _rfc3339_seconds(epoch: int) -> str:
    d = datetime.fromtimestamp(epoch, UTC)
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}T{d.hour:02d}:{d.minute:02d}:{d.second:02d}Z"


def rfc3339_micro(at: datetime) -> str:
    """``2026-08-07T10:11:12.123456Z`` (metav1.MicroTime, used by Event ``eventTime``)."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def ago(
    now: datetime,
    *,
    days: float = 0,
    hours: float = 0,
    minutes: float = 0,
    seconds: float = 0,
) -> str:
    """RFC3339 of a moment before ``now``."""
    return rfc3339(
        now - timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    )


def go_duration(seconds: float) -> str:
    """A Go ``time.Duration.String()``-style rendering: ``1m30s``, ``2.818583s``, ``10m0s``, ``150ms``."""
    if seconds < 1:
        ms = seconds * 1000
        return (
            f"{ms:.0f}ms"
            if ms == int(ms)
            else f"{ms:.3f}".rstrip("0").rstrip(".") + "ms"
        )
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    sec_text = (
        f"{secs:.6f}".rstrip("0").rstrip(".") if secs != int(secs) else str(int(secs))
    )
    if hours:
        return f"{int(hours)}h{int(minutes)}m{sec_text}s"
    if minutes:
        return f"{int(minutes)}m{sec_text}s"
    return f"{sec_text}s"


def parse_go_duration(text: str) -> float:
    """Seconds in a Go duration string (``1h30m``, ``10m0s``, ``500ms``); ValueError if malformed."""
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    total, number, i = 0.0, "", 0
    if not text:
        raise ValueError("empty duration")
    while i < len(text):
        ch = text[i]
        if ch.isdigit() or ch == ".":
            number += ch
            i += 1
            continue
        unit = "ms" if text.startswith("ms", i) else ch
        if unit not in units or not number:
            raise ValueError(f"invalid duration {text!r}")
        total += float(number) * units[unit]
        number = ""
        i += len(unit)
    if number:
        raise ValueError(f"missing unit in duration {text!r}")
    return total
