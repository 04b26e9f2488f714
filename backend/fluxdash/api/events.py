"""Kubernetes Events about Flux objects."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from fluxdash.api.deps import CacheDep
from fluxdash.api.params import NAME_PATTERN, NamespaceQuery
from fluxdash.errors import error_responses
from fluxdash.models.api_views import EventList
from fluxdash.models.kinds import FluxKindPlural

router = APIRouter(tags=["events"])

EVENT_LIMIT = 1000


@router.get(
    "/events",
    summary="Recent events of Flux objects, newest first",
    responses=error_responses(422, 503),
)
async def list_events(
    cache: CacheDep,
    namespace: NamespaceQuery = None,
    kind: Annotated[
        FluxKindPlural | None, Query(description="Lowercase plural of a Flux kind.")
    ] = None,
    name: Annotated[
        str | None,
        Query(max_length=253, pattern=NAME_PATTERN, description="Object name."),
    ] = None,
    type: Annotated[
        Literal["Normal", "Warning"] | None, Query(description="Event type.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=EVENT_LIMIT)] = 100,
) -> EventList:
    """Core/v1 Events whose involved object is a Flux object (as `flux events`), kept by
    the watch in a bounded buffer; messages are masked."""
    matching = cache.recent_events(
        namespace=namespace, kind=kind, name=name, type=type, limit=EVENT_LIMIT
    )
    return EventList(items=matching[:limit], total=len(matching))
