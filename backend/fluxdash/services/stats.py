"""Per-kind counts, as `flux stats` computes them (FLUX.md §7.4) plus a health breakdown."""

from __future__ import annotations

from collections.abc import Iterable

from fluxdash.models.kinds import KINDS, KindInfo
from fluxdash.models.views import KindStats, ResourceRow

_HEALTH_FIELD = {
    "Ready": "ready",
    "Failed": "failed",
    "Progressing": "progressing",
    "Unknown": "unknown",
}


def compute_stats(
    rows: Iterable[ResourceRow], kinds: Iterable[KindInfo] = KINDS
) -> list[KindStats]:
    """Counts per kind, in `kinds` order (every listed kind appears, with zeros if empty).

    failed = health Failed; suspended = `spec.suspend` true (a suspended object's health is
    Suspended unless it is being deleted); running = total - suspended; storage_bytes = sum
    of artifact sizes. Rows of kinds not listed are ignored.
    """
    order = list(kinds)
    counts: dict[str, dict[str, int]] = {
        info.kind: dict.fromkeys(
            (
                "total",
                "ready",
                "failed",
                "progressing",
                "suspended",
                "unknown",
                "storage_bytes",
            ),
            0,
        )
        for info in order
    }
    for row in rows:
        c = counts.get(row.kind)
        if c is None:
            continue
        c["total"] += 1
        if row.suspended:
            c["suspended"] += 1
        health_field = _HEALTH_FIELD.get(row.health)
        if health_field is not None:
            c[health_field] += 1
        if row.artifact_size:
            c["storage_bytes"] += row.artifact_size
    return [
        KindStats(
            kind=info.kind,
            plural=info.plural,
            running=counts[info.kind]["total"] - counts[info.kind]["suspended"],
            **counts[info.kind],
        )
        for info in order
    ]


def format_storage(size: int) -> str:
    """`flux stats` STORAGE: 1024-based with one decimal (`1.5 MiB`), `-` when 0."""
    if size <= 0:
        return "-"
    if size < 1024:
        return f"{size} B"
    div, exp = 1024, 0
    n = size // 1024
    while n >= 1024 and exp < 5:
        div *= 1024
        exp += 1
        n //= 1024
    return f"{size / div:.1f} {'KMGTPE'[exp]}iB"
