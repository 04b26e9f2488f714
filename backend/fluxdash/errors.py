"""The one error hierarchy of fluxdash and the one handler that renders it.

Services and the kube adapter raise these; the API edge never builds HTTP errors by hand.
Every error body is ``{"type": ..., "detail": ...}`` plus optional typed extras.
"""

from __future__ import annotations

import logging
import math
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("fluxdash.errors")


class ErrorBody(BaseModel):
    """The body of every error response."""

    type: str = Field(description="Machine-readable error type, e.g. `NotFound`.")
    detail: str = Field(description="What went wrong, for a human.")
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="Field-level problems for `ValidationFailed`."
    )


class AppError(Exception):
    """Base of every error fluxdash reports to a client."""

    status_code: ClassVar[int] = 500
    type_name: ClassVar[str] = "InternalError"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    def body(self) -> ErrorBody:
        return ErrorBody(type=self.type_name, detail=self.detail)

    def headers(self) -> dict[str, str] | None:
        """Extra response headers (e.g. ``Retry-After``)."""
        return None


class BadRequest(AppError):
    status_code = 400
    type_name = "BadRequest"


class Unauthorized(AppError):
    status_code = 401
    type_name = "Unauthorized"


class Forbidden(AppError):
    status_code = 403
    type_name = "Forbidden"


class NotFound(AppError):
    status_code = 404
    type_name = "NotFound"


class Conflict(AppError):
    status_code = 409
    type_name = "Conflict"


class Unprocessable(AppError):
    status_code = 422
    type_name = "Unprocessable"


class TooManyRequests(AppError):
    status_code = 429
    type_name = "TooManyRequests"

    def __init__(self, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str] | None:
        if self.retry_after is None:
            return None
        return {"Retry-After": str(max(1, math.ceil(self.retry_after)))}


class KubeUnavailable(AppError):
    status_code = 503
    type_name = "KubeUnavailable"


class KubeError(AppError):
    """The Kubernetes API answered with an error fluxdash cannot map more precisely."""

    status_code = 502
    type_name = "KubeError"


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries documenting the typed error body for each code."""
    descriptions = {
        400: "Bad request",
        401: "Not authenticated",
        403: "Forbidden",
        404: "Not found",
        409: "Conflict",
        422: "Invalid input",
        429: "Too many requests",
        502: "Kubernetes API error",
        503: "Cluster unavailable",
    }
    return {
        code: {"model": ErrorBody, "description": descriptions.get(code, "Error")}
        for code in codes
    }


def _render(
    status: int, body: ErrorBody, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=status, headers=headers
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the single rendering of errors: typed bodies, never stack traces."""

    @app.exception_handler(AppError)
    async def _app_error(_: Request, exc: AppError) -> JSONResponse:
        return _render(exc.status_code, exc.body(), headers=exc.headers())

    @app.exception_handler(RequestValidationError)
    async def _validation_error(
        _: Request, exc: RequestValidationError
    ) -> JSONResponse:
        problems = [
            {
                "loc": [str(part) for part in err.get("loc", ())],
                "msg": str(err.get("msg", "")),
            }
            for err in exc.errors()
        ]
        summary = (
            "; ".join(f"{'.'.join(p['loc'])}: {p['msg']}" for p in problems)
            or "invalid input"
        )
        return _render(
            422, ErrorBody(type="ValidationFailed", detail=summary, errors=problems)
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        names = {
            404: "NotFound",
            405: "MethodNotAllowed",
            400: "BadRequest",
            403: "Forbidden",
        }
        return _render(
            exc.status_code,
            ErrorBody(
                type=names.get(exc.status_code, "HTTPError"), detail=str(exc.detail)
            ),
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return _render(
            500,
            ErrorBody(type="InternalError", detail="internal error; see server log"),
        )
