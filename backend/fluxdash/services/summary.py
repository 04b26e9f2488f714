"""The dashboard summary: counts per kind (as `flux stats`), failing objects, recent warnings."""

from __future__ import annotations

from datetime import UTC, datetime

from fluxdash.models.api_views import SummaryResponse
from fluxdash.models.kinds import KINDS, KindInfo
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
    since the last summary, then summed per kind (re-summed only for kinds with a changed
    bucket): a change costs O(its bucket) plus a walk over the bucket versions."""
    states = cache.kinds_state
    buckets: dict[str, list[tuple[str, int]]] = {}
    for plural, ns, version in cache.buckets(namespace):
        buckets.setdefault(plural, []).append((ns, version))
    stats: list[KindStats] = []
    for info in KINDS:
        if not states[info.plural].available:
            continue
        mine = buckets.get(info.plural, [])

        def merge(
            info: KindInfo = info, mine: list[tuple[str, int]] = mine
        ) -> KindStats:
            parts = [_bucket_stats(cache, info, ns, version) for ns, version in mine]
            return _merge(info.kind, info.plural, parts)

        key = ("kind-stats", info.plural, namespace or "")
        stats.append(cache.bucket_memo(key, tuple(mine), merge))
    return stats


def _bucket_stats(cache: FluxCache, info: KindInfo, ns: str, version: int) -> KindStats:
    return cache.bucket_memo(
        ("stats", info.plural, ns),
        version,
        lambda: compute_stats(cache.rows([info.plural], ns), [info])[0],
    )


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
