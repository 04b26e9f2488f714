"""Kubernetes ``Status`` errors raised by the store and rendered by the HTTP layer.

Every failure kubesim reports is a :class:`StoreError` carrying the fields of a
``meta.k8s.io/v1 Status`` (code, reason, message, details), so the Python API and the
HTTP API fail the same way.  Messages follow kube-apiserver's wording, because kubectl
prints them verbatim (``kustomizations.kustomize.toolkit.fluxcd.io "x" not found``).
"""

from __future__ import annotations

from typing import Any


def qualified_resource(group: str, plural: str) -> str:
    """``plural.group`` as the apiserver names a resource in messages (core: ``plural``)."""
    return f"{plural}.{group}" if group else plural


class StoreError(Exception):
    """A failure that becomes a Kubernetes ``Status`` object."""

    code = 500
    reason = "InternalError"

    def __init__(
        self,
        message: str,
        *,
        name: str | None = None,
        group: str | None = None,
        kind: str | None = None,
        causes: list[dict[str, str]] | None = None,
        retry_after: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.name = name
        self.group = group
        self.kind = kind
        self.causes = causes
        self.retry_after = retry_after
        self.headers = headers or {}

    def status(self) -> dict[str, Any]:
        """The ``Status`` object for this error."""
        details: dict[str, Any] = {}
        if self.name is not None:
            details["name"] = self.name
        if self.group is not None:
            details["group"] = self.group
        if self.kind is not None:
            details["kind"] = self.kind
        if self.causes:
            details["causes"] = self.causes
        if self.retry_after is not None:
            details["retryAfterSeconds"] = self.retry_after
        body: dict[str, Any] = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
        }
        if details:
            body["details"] = details
        body["code"] = self.code
        return body


class BadRequest(StoreError):
    code = 400
    reason = "BadRequest"


class Unauthorized(StoreError):
    code = 401
    reason = "Unauthorized"


class Forbidden(StoreError):
    code = 403
    reason = "Forbidden"


class NotFound(StoreError):
    code = 404
    reason = "NotFound"


class MethodNotAllowed(StoreError):
    code = 405
    reason = "MethodNotAllowed"


class NotAcceptable(StoreError):
    code = 406
    reason = "NotAcceptable"


class AlreadyExists(StoreError):
    code = 409
    reason = "AlreadyExists"


class Conflict(StoreError):
    code = 409
    reason = "Conflict"


class Expired(StoreError):
    """410 Gone: a resourceVersion or continue token older than the retained window."""

    code = 410
    reason = "Expired"


class UnsupportedMediaType(StoreError):
    code = 415
    reason = "UnsupportedMediaType"


class Invalid(StoreError):
    code = 422
    reason = "Invalid"


class TooManyRequests(StoreError):
    code = 429
    reason = "TooManyRequests"


class InternalError(StoreError):
    code = 500
    reason = "InternalError"


class ServiceUnavailable(StoreError):
    code = 503
    reason = "ServiceUnavailable"


class Timeout(StoreError):
    code = 504
    reason = "Timeout"


def not_found(group: str, plural: str, name: str) -> NotFound:
    return NotFound(
        f'{qualified_resource(group, plural)} "{name}" not found',
        name=name,
        group=group,
        kind=plural,
    )


def already_exists(group: str, plural: str, name: str) -> AlreadyExists:
    return AlreadyExists(
        f'{qualified_resource(group, plural)} "{name}" already exists',
        name=name,
        group=group,
        kind=plural,
    )


def conflict(group: str, plural: str, name: str) -> Conflict:
    return Conflict(
        f"Operation cannot be fulfilled on {qualified_resource(group, plural)} "
        f'"{name}": the object has been modified; please apply your changes to the '
        "latest version and try again",
        name=name,
        group=group,
        kind=plural,
    )


def invalid(
    kind: str, group: str, name: str, causes: list[tuple[str, str, str]]
) -> Invalid:
    """422 with kube-apiserver's message shape.

    ``causes`` are ``(reason, field, message)`` triples, e.g.
    ``("FieldValueInvalid", "metadata.name", 'Invalid value: "A": ...')``.
    """
    qualified_kind = f"{kind}.{group}" if group else kind
    parts = [f"{field}: {message}" for _, field, message in causes]
    joined = parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]"
    return Invalid(
        f'{qualified_kind} "{name}" is invalid: {joined}',
        name=name,
        group=group,
        kind=kind,
        causes=[
            {"reason": reason, "message": message, "field": field}
            for reason, field, message in causes
        ],
    )
