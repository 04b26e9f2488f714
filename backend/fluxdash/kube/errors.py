"""The one place where Kubernetes API failures become fluxdash's typed errors.

Every request the kube adapter makes goes through :func:`error_from_status` (an HTTP answer
outside 2xx, or a watch ``ERROR`` event carrying a ``Status``) or :func:`error_from_exception`
(the cluster could not be reached or the connection broke).
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import orjson

from fluxdash.errors import (
    AppError,
    BadRequest,
    Conflict,
    Forbidden,
    KubeError,
    KubeUnavailable,
    NotFound,
    TooManyRequests,
    Unprocessable,
)


@dataclass(frozen=True, slots=True)
class RequestContext:
    """What was asked of the cluster, so an error can say so."""

    verb: str
    resource: str
    namespace: str | None = None
    name: str | None = None
    server: str | None = None

    def describe(self) -> str:
        target = (
            self.resource if self.name is None else f"{self.resource} {self.name!r}"
        )
        where = f" in namespace {self.namespace!r}" if self.namespace else ""
        return f"{self.verb} {target}{where}"


class ResourceVersionExpired(KubeError):
    """HTTP 410 Gone: the resourceVersion (or continue token) is too old; list again."""

    type_name = "ResourceVersionExpired"


class ForbiddenByCluster(Forbidden):
    """Kubernetes RBAC refused a request; carries what was denied."""

    def __init__(
        self, detail: str, *, verb: str, resource: str, namespace: str | None
    ) -> None:
        super().__init__(detail)
        self.verb = verb
        self.resource = resource
        self.namespace = namespace


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        seconds = moment.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds < 0:  # NaN or in the past
        return 0.0
    return seconds


def _status_fields(body: Any) -> tuple[str, str, float | None]:
    """(reason, message, retryAfterSeconds) from a Kubernetes ``Status`` body, if it is one."""
    if isinstance(body, (bytes, bytearray, str)):
        try:
            body = orjson.loads(body) if body else None
        except orjson.JSONDecodeError:
            text = (
                body.decode(errors="replace")
                if isinstance(body, bytes | bytearray)
                else body
            )
            return "", text.strip()[:500], None
    if not isinstance(body, Mapping):
        return "", "", None
    reason = str(body.get("reason") or "")
    message = str(body.get("message") or "")
    details = body.get("details")
    retry: float | None = None
    if isinstance(details, Mapping):
        raw = details.get("retryAfterSeconds")
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            retry = float(raw)
    return reason, message, retry


def error_from_status(
    status: int,
    body: Any,
    ctx: RequestContext,
    headers: Mapping[str, str] | None = None,
) -> AppError:
    """Map an HTTP status (and its ``Status`` body) from the Kubernetes API to a typed error."""
    reason, message, retry_in_body = _status_fields(body)
    said = f": {message}" if message else ""
    if status == 410:
        return ResourceVersionExpired(
            f"{ctx.describe()}: resource version expired{said}"
        )
    if status == 403:
        return ForbiddenByCluster(
            f"forbidden: the cluster does not allow {ctx.describe()}{said}",
            verb=ctx.verb,
            resource=ctx.resource,
            namespace=ctx.namespace,
        )
    if status == 404:
        if ctx.name is not None:
            where = f" in namespace {ctx.namespace!r}" if ctx.namespace else ""
            return NotFound(f"{ctx.resource} {ctx.name!r} not found{where}")
        return NotFound(f"{ctx.resource} is not served by the cluster{said}")
    if status == 409:
        return Conflict(f"conflict on {ctx.describe()}{said}")
    if status == 429:
        header = parse_retry_after((headers or {}).get("Retry-After"))
        retry = header if header is not None else retry_in_body
        return TooManyRequests(
            f"the Kubernetes API is throttling requests ({ctx.describe()}){said}",
            retry_after=retry,
        )
    if status in (400, 415, 422):
        cls = BadRequest if status == 400 else Unprocessable
        return cls(f"the cluster rejected {ctx.describe()}{said}")
    if status == 401:
        return KubeError(
            f"the cluster rejected fluxdash's credentials ({ctx.describe()}){said}"
        )
    if status in (500, 502, 503, 504):
        where = f" at {ctx.server}" if ctx.server else ""
        return KubeUnavailable(
            f"the Kubernetes API{where} is unavailable (HTTP {status}"
            f"{', ' + reason if reason else ''}) for {ctx.describe()}{said}"
        )
    return KubeError(
        f"the Kubernetes API answered HTTP {status} to {ctx.describe()}{said}"
    )


def error_from_exception(exc: BaseException, ctx: RequestContext) -> AppError:
    """Map a transport failure (connection refused, reset, timeout) to a typed error."""
    if isinstance(exc, AppError):
        return exc
    where = f" at {ctx.server}" if ctx.server else ""
    if isinstance(exc, asyncio.TimeoutError | TimeoutError):
        return KubeUnavailable(
            f"the Kubernetes API{where} timed out ({ctx.describe()})"
        )
    if isinstance(exc, aiohttp.ClientError | OSError):
        text = str(exc) or type(exc).__name__
        return KubeUnavailable(
            f"cannot reach the Kubernetes API{where} ({ctx.describe()}): {text}"
        )
    return KubeError(
        f"unexpected failure talking to the Kubernetes API ({ctx.describe()}): {exc!r}"
    )
