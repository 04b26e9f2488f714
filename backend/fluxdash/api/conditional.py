"""Conditional GETs (ETag / If-None-Match) and JSON bodies serialized once, by pydantic-core.

Lists and the summary are derived from the cache, so their ETag is the cache's epoch and
version plus the query: a client that already holds the current answer gets a 304 without
the server building anything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel

from fluxdash.services.cache import FluxCache

NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: `If-None-Match` holds the current ETag."}
}


def etag_for(cache: FluxCache, scope: str, params: Iterable[tuple[str, str]]) -> str:
    """A weak ETag for `scope` under these query parameters at the cache's current version."""
    query = "&".join(f"{k}={v}" for k, v in sorted(params))
    digest = hashlib.blake2b(f"{scope}?{query}".encode(), digest_size=6).hexdigest()
    return f'W/"{cache.epoch}-{cache.version}-{digest}"'


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def not_modified(request: Request, etag: str) -> bool:
    """Whether If-None-Match already names `etag` (weak comparison, `*` matches)."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    wanted = _opaque(etag)
    return any(
        part.strip() == "*" or _opaque(part) == wanted for part in header.split(",")
    )


def not_modified_response(etag: str) -> Response:
    return Response(status_code=304, headers={"ETag": etag})


def to_json(model: BaseModel) -> bytes:
    """The model as JSON (by alias), serialized in one pass by pydantic-core."""
    return model.__pydantic_serializer__.to_json(model, by_alias=True)


def json_response(
    body: BaseModel | bytes, *, etag: str | None = None, status_code: int = 200
) -> Response:
    """A JSON response from a model, or from bytes `to_json` made earlier (memoized)."""
    headers = {"ETag": etag, "Cache-Control": "no-cache"} if etag else None
    return Response(
        content=body if isinstance(body, bytes) else to_json(body),
        status_code=status_code,
        media_type="application/json",
        headers=headers,
    )
