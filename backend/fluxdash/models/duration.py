"""Go duration strings (`1m30s`, `10m`, `2.5h`, `500ms`) as Flux specs use them."""

from __future__ import annotations

import re
from datetime import timedelta

_PART = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_WHOLE = re.compile(r"(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+")
_UNIT_SECONDS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}


def parse_duration(value: str) -> timedelta:
    """Parse a Go duration; ValueError when it is not one (`0` alone is accepted)."""
    text = value.strip()
    if text == "0":
        return timedelta(0)
    if not _WHOLE.fullmatch(text):
        raise ValueError(f"not a duration: {value!r}")
    seconds = sum(float(n) * _UNIT_SECONDS[unit] for n, unit in _PART.findall(text))
    return timedelta(seconds=seconds)


def try_parse_duration(value: str | None) -> timedelta | None:
    """Like `parse_duration`, but None for None or an invalid value."""
    if value is None:
        return None
    try:
        return parse_duration(value)
    except ValueError:
        return None
