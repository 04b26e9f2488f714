"""Listing rows from the cache: filters, the default order, and stable keyset paging.

Order: failing objects first, then by kind (registry order), namespace and name. Pages are
keyset-based: the `continue` token carries the sort key of the last row served, so a page
never repeats or skips rows that existed on both requests, even while the cache changes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from bisect import bisect_right
from dataclasses import dataclass

import orjson

from fluxdash.errors import Unprocessable
from fluxdash.models.api_views import ResourceList
from fluxdash.models.kinds import KINDS
from fluxdash.models.views import Health, ResourceRow
from fluxdash.services.cache import FluxCache

_KIND_ORDER: dict[str, int] = {info.kind: index for index, info in enumerate(KINDS)}
SortKey = tuple[int, int, str, str]


def sort_key(row: ResourceRow) -> SortKey:
    return (
        0 if row.health == "Failed" else 1,
        _KIND_ORDER.get(row.kind, len(_KIND_ORDER)),
        row.namespace,
        row.name,
    )


@dataclass(frozen=True, slots=True)
class ListQuery:
    plurals: tuple[str, ...] | None = None
    namespace: str | None = None
    health: tuple[Health, ...] | None = None
    q: str | None = None

    def fingerprint(self) -> str:
        data = orjson.dumps(
            [
                sorted(self.plurals) if self.plurals else None,
                self.namespace,
                sorted(self.health) if self.health else None,
                (self.q or "").strip().lower() or None,
            ]
        )
        return hashlib.blake2b(data, digest_size=6).hexdigest()


def search_text(row: ResourceRow) -> str:
    """What free-text search looks at: name, namespace, message, URL, revision."""
    return "\n".join(
        part
        for part in (
            row.name,
            row.namespace,
            row.message,
            row.url,
            row.revision,
            row.revision_full,
        )
        if part
    ).lower()


def _matches(cache: FluxCache, query: ListQuery) -> list[ResourceRow]:
    """Matching rows in the default order: one pass over pre-sorted views, no sorting."""
    plurals = (
        [info.plural for info in KINDS if info.plural in query.plurals]
        if query.plurals
        else [info.plural for info in KINDS]
    )
    wanted = set(query.health) if query.health else None
    needle = (query.q or "").strip().lower()
    failing: list[ResourceRow] = []
    rest: list[ResourceRow] = []
    for plural in plurals:
        for obj in cache.ordered(plural, query.namespace):
            row = obj.row
            if wanted is not None and row.health not in wanted:
                continue
            if needle and needle not in search_text(row):
                continue
            (failing if row.health == "Failed" else rest).append(row)
    failing.extend(rest)
    return failing


def encode_continue(query: ListQuery, key: SortKey) -> str:
    payload = orjson.dumps([query.fingerprint(), *key])
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def decode_continue(query: ListQuery, token: str) -> SortKey:
    try:
        padded = token + "=" * (-len(token) % 4)
        data = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, orjson.JSONDecodeError) as exc:
        raise Unprocessable("invalid `continue` token") from exc
    if (
        not isinstance(data, list)
        or len(data) != 5
        or not isinstance(data[1], int)
        or not isinstance(data[2], int)
        or not isinstance(data[3], str)
        or not isinstance(data[4], str)
    ):
        raise Unprocessable("invalid `continue` token")
    if data[0] != query.fingerprint():
        raise Unprocessable(
            "the `continue` token belongs to a different query (filters changed): "
            "start again without it"
        )
    return (data[1], data[2], data[3], data[4])


def list_rows(
    cache: FluxCache, query: ListQuery, *, limit: int, continue_token: str | None = None
) -> ResourceList:
    """One page of matching rows in the default order, with the total count."""
    start_after = decode_continue(query, continue_token) if continue_token else None
    ordered = cache.memo(("list", query), lambda: _matches(cache, query))
    start = bisect_right(ordered, start_after, key=sort_key) if start_after else 0
    page = ordered[start : start + limit]
    more = start + limit < len(ordered)
    return ResourceList(
        items=page,
        continue_token=encode_continue(query, sort_key(page[-1])) if more else None,
        total=len(ordered),
    )
