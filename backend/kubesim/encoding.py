"""JSON encoding helpers shared by the store and the HTTP layer (orjson based)."""

from __future__ import annotations

from typing import Any

import orjson

from kubesim.errors import BadRequest


def dumps(value: Any) -> bytes:
    return orjson.dumps(value)


def loads(data: bytes | str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"the request body is not valid JSON: {exc}") from exc


def deep_copy(value: Any) -> Any:
    """A fast deep copy of JSON data; :class:`BadRequest` if it is not JSON."""
    try:
        return orjson.loads(orjson.dumps(value))
    except TypeError as exc:
        raise BadRequest(f"the object is not valid JSON data: {exc}") from exc


def copy_obj(obj: dict[str, Any]) -> dict[str, Any]:
    """:func:`deep_copy` for an object (typed)."""
    copied = deep_copy(obj)
    assert isinstance(copied, dict)  # a dict round-trips to a dict
    return copied
