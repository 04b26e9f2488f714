"""The dashboard summary: counts per kind (as `flux stats`), failing objects, recent warnings."""

from __future__ import annotations

from datetime import UTC, datetime

from fluxdash.models.api_views import SummaryResponse
from fluxdash.models.kinds import KINDS
from fluxdash.models.views import ResourceRow
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


def _build(cache: FluxCache, namespace: str | None) -> SummaryResponse:
    rows = cache.rows(None, namespace)
    states = cache.kinds_state
    available = [info for info in KINDS if states[info.plural].available]
    failing = sorted(
        (r for r in rows if r.health == "Failed"), key=_recent_first, reverse=True
    )
    return SummaryResponse(
        namespace=namespace,
        kinds=compute_stats(rows, available),
        failing=failing[:MAX_FAILING],
        failing_total=len(failing),
        events=cache.recent_events(
            namespace=namespace, type="Warning", limit=MAX_WARNINGS
        ),
        total=len(rows),
        synced=cache.synced,
        flux_installed=bool(available) if cache.discovered else None,
    )


def build_summary(cache: FluxCache, namespace: str | None = None) -> SummaryResponse:
    """Built once per cache version and namespace; shared by every request in between."""
    return cache.memo(("summary", namespace), lambda: _build(cache, namespace))
