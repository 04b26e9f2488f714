"""The Flux object graph and "why is this object not Ready?"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from fluxdash.api.conditional import (
    NOT_MODIFIED,
    etag_for,
    json_response,
    not_modified,
    not_modified_response,
)
from fluxdash.api.deps import CacheDep
from fluxdash.api.params import (
    KindPath,
    NamePath,
    NamespacePath,
    NamespaceQuery,
    resolve_kind,
)
from fluxdash.errors import error_responses
from fluxdash.models.graph import BlockedBy, EdgeType, GraphResponse
from fluxdash.models.keys import ObjectKey
from fluxdash.models.kinds import FluxKindPlural
from fluxdash.services.graph import DEFAULT_FOCUS_DEPTH
from fluxdash.services.graph_view import (
    GraphQuery,
    explain_object,
    graph_gzip,
    graph_json,
)

router = APIRouter(tags=["graph"])

MAX_DEPTH = 20
FOCUS_PATTERN = r"^[A-Za-z][A-Za-z0-9]*/[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"


@router.get(
    "/graph",
    summary="The Flux object graph, with root causes and dependsOn cycles",
    response_model=GraphResponse,
    responses={**NOT_MODIFIED, **error_responses(404, 422, 503)},
)
async def get_graph(
    request: Request,
    cache: CacheDep,
    namespace: NamespaceQuery = None,
    kinds: Annotated[
        list[FluxKindPlural] | None,
        Query(description="Only these kinds (lowercase plurals); repeat for several."),
    ] = None,
    edge_types: Annotated[
        list[EdgeType] | None,
        Query(
            alias="edgeTypes", description="Only these edge types; repeat for several."
        ),
    ] = None,
    focus: Annotated[
        str | None,
        Query(
            max_length=400,
            pattern=FOCUS_PATTERN,
            description="Id `Kind/namespace/name` of the object to centre on: only its "
            "neighbourhood (edges followed both ways) is returned. 404 when unknown.",
            examples=["Kustomization/flux-system/apps"],
        ),
    ] = None,
    depth: Annotated[
        int | None,
        Query(
            ge=0,
            le=MAX_DEPTH,
            description=f"Hops from `focus` (default {DEFAULT_FOCUS_DEPTH}); ignored "
            "without `focus`.",
        ),
    ] = None,
    workloads: Annotated[
        bool,
        Query(
            description="Also show the Deployments inventories list (non-Flux nodes)."
        ),
    ] = False,
) -> Response:
    """Every Flux object as a node and every reference as a typed edge, pointing from the
    object that names another to the object it names (from a dependent to what it depends
    on). Missing referenced objects are placeholder nodes (`missing`). Objects that are not
    Ready carry `blockedBy` (the nearest failing objects upstream) and an explanation; root
    causes and dependsOn cycles are summarised. With `namespace` or `focus`, objects outside
    that are referenced by, or blocking, the returned ones are included as `neighbour`s."""
    query = GraphQuery(
        namespace=namespace,
        kinds=tuple(dict.fromkeys(kinds)) if kinds else None,
        edge_types=tuple(dict.fromkeys(edge_types)) if edge_types else None,
        focus=focus,
        depth=depth if focus is not None else None,
        workloads=workloads,
    )
    # Workload readiness changes without a cache version bump: no ETag for those views.
    etag = (
        None
        if workloads
        else etag_for(cache, "graph", request.query_params.multi_items())
    )
    if etag is not None and not_modified(request, etag):
        return not_modified_response(etag)
    headers = {"ETag": etag, "Cache-Control": "no-cache"} if etag else {}
    headers["Vary"] = "Accept-Encoding"
    if "gzip" in request.headers.get("accept-encoding", ""):
        # Compressed once per cache version and query (the middleware would redo it per call).
        headers["Content-Encoding"] = "gzip"
        body = graph_gzip(cache, query)
    else:
        body = graph_json(cache, query)
    return Response(content=body, media_type="application/json", headers=headers)


@router.get(
    "/graph/blocked/{kind}/{namespace}/{name}",
    summary="Why one object is not Ready: its blockers and root causes",
    response_model=BlockedBy,
    responses=error_responses(404, 422, 503),
)
async def get_blocked_by(
    cache: CacheDep, kind: KindPath, namespace: NamespacePath, name: NamePath
) -> Response:
    """The nearest failing objects upstream of the object (along dependsOn, source, chart,
    provider, image repository and update source edges), the root causes at the end of its
    blocking chains, the chain itself and one sentence explaining it. Empty lists for an
    object with nothing failing upstream."""
    info = resolve_kind(kind)
    object_id = ObjectKey(info.kind, namespace, name).id
    return json_response(explain_object(cache, object_id))
