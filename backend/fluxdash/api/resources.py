"""Flux objects: the filtered, paged list and the detail of one object."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from fluxdash.api.conditional import (
    NOT_MODIFIED,
    etag_for,
    json_response,
    not_modified,
    not_modified_response,
    to_json,
)
from fluxdash.api.deps import CacheDep
from fluxdash.api.params import (
    KindPath,
    NamePath,
    NamespacePath,
    NamespaceQuery,
    resolve_kind,
)
from fluxdash.errors import NotFound, error_responses
from fluxdash.models.api_views import ResourceDetail, ResourceList
from fluxdash.models.kinds import FluxKindPlural
from fluxdash.models.views import Health
from fluxdash.services.detail import build_detail
from fluxdash.services.listing import ListQuery, list_rows

router = APIRouter(tags=["resources"])


@router.get(
    "/resources",
    summary="List Flux objects (filtered, failing first, paged)",
    response_model=ResourceList,
    responses={**NOT_MODIFIED, **error_responses(422, 503)},
)
async def list_resources(
    request: Request,
    cache: CacheDep,
    kind: Annotated[
        list[FluxKindPlural] | None,
        Query(
            description="Kinds (lowercase plurals); repeat for several. Default: all."
        ),
    ] = None,
    namespace: NamespaceQuery = None,
    health: Annotated[
        list[Health] | None, Query(description="Health values; repeat for several.")
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Case-insensitive text in name, namespace, message, URL or revision.",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=10000, description="Page size.")] = 500,
    continue_token: Annotated[
        str | None,
        Query(
            alias="continue",
            max_length=1000,
            description="Token from the previous page's `continue`.",
        ),
    ] = None,
) -> Response:
    """Rows of every Flux object matching the filters, failing first, then by kind,
    namespace and name. `total` counts all matches; follow `continue` for the next page."""
    etag = etag_for(cache, "resources", request.query_params.multi_items())
    if not_modified(request, etag):
        return not_modified_response(etag)
    query = ListQuery(
        plurals=tuple(dict.fromkeys(kind)) if kind else None,
        namespace=namespace,
        health=tuple(dict.fromkeys(health)) if health else None,
        q=q or None,
    )
    body = cache.memo(
        ("resources-page", query, limit, continue_token),
        lambda: to_json(
            list_rows(cache, query, limit=limit, continue_token=continue_token)
        ),
    )
    return json_response(body, etag=etag)


@router.get(
    "/resources/{kind}/{namespace}/{name}",
    summary="Detail of one Flux object",
    response_model=ResourceDetail,
    responses=error_responses(404, 422, 503),
)
async def get_resource(
    cache: CacheDep, kind: KindPath, namespace: NamespacePath, name: NamePath
) -> Response:
    """The masked object, its conditions, events (its own and its source's), artifact,
    inventory resolved to Flux objects with health, dependencies and dependents with health,
    HelmRelease history and when the next reconcile is expected."""
    info = resolve_kind(kind)
    state = cache.kinds_state[info.plural]
    if not state.available:
        raise NotFound(
            f"{info.kind} is not served by the cluster: {state.reason or 'unavailable'}"
        )
    return json_response(build_detail(cache, info.plural, namespace, name))
