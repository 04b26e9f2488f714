"""The dashboard summary: counts per kind (as `flux stats`), failing objects, recent warnings."""

from __future__ import annotations

from datetime import UTC, datetime

from fluxdash.models.api_views import SummaryResponse
from fluxdash.models.kinds import KINDS, KindInfo, kind_by_plural
from fluxdash.models.views import KindStats, ResourceRow
from fluxdash.services.cache import FluxCache
from fluxdash.services.stats import compute_stats

MAX_FAILING = 50
MAX_WARNINGS = 20
_OLDEST = datetime(1970, 1, 1, tzinfo=UTC)


def _recent_first(row: ResourceRow) -> tuple[datetime, str]:
    moment = row.last_reconciled
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment or _OLDEST, row.id


def _merge(kind: str, plural: str, parts: list[KindStats]) -> KindStats:
    fields = (
        "total",
        "ready",
        "failed",
        "progressing",
        "suspended",
        "unknown",
        "running",
        "storage_bytes",
    )
    return KindStats(
        kind=kind,
        plural=plural,
        **{name: sum(getattr(p, name) for p in parts) for name in fields},
    )


def _kind_stats(cache: FluxCache, namespace: str | None) -> list[KindStats]:
    """`compute_stats` per (kind, namespace) bucket, recomputed only for buckets that changed
    since the last summary, then summed per kind: a change costs O(its bucket)."""
    states = cache.kinds_state
    parts: dict[str, list[KindStats]] = {}
    for plural, ns, version in cache.buckets(namespace):
        info = kind_by_plural(plural)

        def build(
            plural: str = plural, ns: str = ns, info: KindInfo = info
        ) -> KindStats:
            return compute_stats(cache.rows([plural], ns), [info])[0]

        parts.setdefault(plural, []).append(
            cache.bucket_memo(("stats", plural, ns), version, build)
        )
    return [
        _merge(info.kind, info.plural, parts.get(info.plural, []))
        for info in KINDS
        if states[info.plural].available
    ]


def _build(cache: FluxCache, namespace: str | None) -> SummaryResponse:
    failing = sorted(
        (o.row for o in cache.failing(namespace)), key=_recent_first, reverse=True
    )
    kinds = _kind_stats(cache, namespace)
    return SummaryResponse(
        namespace=namespace,
        kinds=kinds,
        failing=failing[:MAX_FAILING],
        failing_total=len(failing),
        events=cache.recent_events(
            namespace=namespace, type="Warning", limit=MAX_WARNINGS
        ),
        total=sum(k.total for k in kinds),
        synced=cache.synced,
        flux_installed=any(cache.kinds_state[i.plural].available for i in KINDS)
        if cache.discovered
        else None,
    )


def build_summary(cache: FluxCache, namespace: str | None = None) -> SummaryResponse:
    """Built once per cache version and namespace; shared by every request in between."""
    return cache.memo(("summary", namespace), lambda: _build(cache, namespace))
