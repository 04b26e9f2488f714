"""The dashboard summary."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from fluxdash.api.conditional import (
    NOT_MODIFIED,
    etag_for,
    json_response,
    not_modified,
    not_modified_response,
    to_json,
)
from fluxdash.api.deps import CacheDep
from fluxdash.api.params import NamespaceQuery
from fluxdash.errors import error_responses
from fluxdash.models.api_views import SummaryResponse
from fluxdash.services.summary import build_summary

router = APIRouter(tags=["summary"])


@router.get(
    "/summary",
    summary="Counts per kind, failing objects and recent warnings",
    response_model=SummaryResponse,
    responses={**NOT_MODIFIED, **error_responses(422, 503)},
)
async def get_summary(
    request: Request, cache: CacheDep, namespace: NamespaceQuery = None
) -> Response:
    """Per kind: total, ready, failed, progressing, suspended, unknown (as `flux stats`);
    the failing objects; the most recent Warning events."""
    etag = etag_for(cache, "summary", request.query_params.multi_items())
    if not_modified(request, etag):
        return not_modified_response(etag)
    body = cache.memo(
        ("summary-json", namespace), lambda: to_json(build_summary(cache, namespace))
    )
    return json_response(body, etag=etag)
