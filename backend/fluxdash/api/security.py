"""Guards for writes, and who is asking.

- ``check_write_allowed``: read-only mode refuses (403 ``ReadOnly``); every write needs the
  anti-CSRF header ``X-Requested-By: fluxdash`` (a cross-site form or simple request cannot set
  it); and when the browser sends ``Origin``, it must be the host fluxdash is served on or one
  of ``Settings.allowed_origins`` (403 ``CsrfRejected`` otherwise).
- ``resolve_identity``: "anonymous" in auth mode ``none``. Token or proxy authentication plugs in
  by setting ``app.state.identity_resolver`` (``HTTPConnection -> Identity``, so the WebSocket
  upgrade is authenticated the same way); until one is installed
  those modes fail closed with 401.
- ``request_id``: the caller's ``X-Request-ID`` when it is sane, else a new one; echoed back.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, Response
from starlette.requests import HTTPConnection

from fluxdash.api.deps import SettingsDep
from fluxdash.errors import Forbidden, Unauthorized
from fluxdash.models.actions import CSRF_HEADER, CSRF_VALUE
from fluxdash.models.identity import Identity
from fluxdash.services.action_errors import ReadOnlyMode
from fluxdash.settings import Settings

IdentityResolver = Callable[[HTTPConnection], Identity]
"""Request or WebSocket → Identity (the live stream authenticates with the same resolver)."""

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_DEFAULT_PORTS = {"http": 80, "https": 443}


class CsrfRejected(Forbidden):
    type_name = "CsrfRejected"


def _host_port(netloc: str, scheme: str) -> tuple[str, int] | None:
    """(lowercase host, port) of ``host[:port]``, with the scheme's default port."""
    try:
        parts = urlsplit(f"{scheme}://{netloc}")
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname.lower(), port or _DEFAULT_PORTS.get(scheme, 0)


def normalise_origin(origin: str) -> str | None:
    """``scheme://host[:port]`` lowercased, default port dropped; None if it is no origin."""
    try:
        parts = urlsplit(origin.strip())
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    if parts.scheme not in _DEFAULT_PORTS or parts.path not in ("", "/") or parts.query:
        return None
    found = _host_port(parts.netloc, parts.scheme)
    if found is None or parts.username or parts.password:
        return None
    host, port = found
    default = _DEFAULT_PORTS[parts.scheme]
    host_text = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host_text}" + ("" if port == default else f":{port}")


def origin_allowed(origin: str, host_header: str | None, settings: Settings) -> bool:
    normalised = normalise_origin(origin)
    if normalised is None:
        return False  # includes the opaque origin "null"
    allowed = {normalise_origin(extra) for extra in settings.allowed_origins}
    if normalised in allowed:
        return True
    if not host_header:
        return False
    scheme = urlsplit(normalised).scheme
    origin_host = _host_port(urlsplit(normalised).netloc, scheme)
    served = _host_port(host_header, scheme)
    return origin_host is not None and origin_host == served


def check_write_allowed(request: Request, settings: Settings) -> None:
    """Raise ``ReadOnlyMode`` or ``CsrfRejected`` unless this write may go ahead."""
    if settings.read_only:
        raise ReadOnlyMode(
            "fluxdash runs in read-only mode (FLUXDASH_READ_ONLY=true): actions are disabled"
        )
    if request.headers.get(CSRF_HEADER) != CSRF_VALUE:
        raise CsrfRejected(
            f"writes must carry the header '{CSRF_HEADER}: {CSRF_VALUE}' (anti-CSRF protection)"
        )
    origin = request.headers.get("origin")
    if origin is not None and not origin_allowed(
        origin, request.headers.get("host"), settings
    ):
        raise CsrfRejected(
            f"origin {origin[:200]!r} may not write here: it is neither the served host nor "
            "in FLUXDASH_ALLOWED_ORIGINS"
        )


def resolve_identity(request: HTTPConnection, settings: Settings) -> Identity:
    resolver: IdentityResolver | None = getattr(
        request.app.state, "identity_resolver", None
    )
    if resolver is not None:
        return resolver(request)
    if settings.auth_mode == "none":
        return Identity.anonymous()
    raise Unauthorized(
        f"auth mode {settings.auth_mode!r} is configured but no identity provider is installed; "
        "refusing rather than acting as anonymous"
    )


async def _identity(request: Request, settings: SettingsDep) -> Identity:
    return resolve_identity(request, settings)


async def _request_id(request: Request, response: Response) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    value = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = value
    return value


IdentityDep = Annotated[Identity, Depends(_identity)]
RequestIdDep = Annotated[str, Depends(_request_id)]
