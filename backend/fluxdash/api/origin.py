"""Is a browser's ``Origin`` the host that served fluxdash, or one the operator allowed?

Starlette's CORS middleware does not apply to WebSocket upgrades (and CORS is not a defence for
cookie-less state-changing requests either), so the WebSocket upgrade and browser writes check the
Origin themselves. A request without ``Origin`` is not from a browser page (scripts, CLIs) and is
left to authentication.
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def normalize_origin(origin: str) -> tuple[str, str, int] | None:
    """``scheme://host[:port]`` → ``(scheme, host, port)``, lower-cased; None when malformed."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in ("http", "https") or not host:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return None
    return scheme, host, port if port is not None else _DEFAULT_PORTS[scheme]


def _split_host_header(host: str) -> tuple[str, int | None] | None:
    host = host.strip().lower()
    if not host:
        return None
    if host.startswith("["):  # [v6]:port
        end = host.find("]")
        if end < 0:
            return None
        name, rest = host[1:end], host[end + 1 :]
        if not rest:
            return name, None
        if not rest.startswith(":") or not rest[1:].isdigit():
            return None
        return name, int(rest[1:])
    name, sep, port = host.rpartition(":")
    if not sep:
        return host, None
    if not port.isdigit() or not name:
        return None
    return name, int(port)


def origin_allowed(
    origin: str | None, host_header: str | None, allowed_origins: Collection[str]
) -> bool:
    """True when a request may proceed as far as the Origin is concerned.

    Allowed: no Origin at all (not a browser page); the Origin naming the same host and port as
    the ``Host`` header (without a port in ``Host``, the Origin's scheme default port); an Origin
    listed in ``allowed_origins`` (compared after normalisation). ``Origin: null`` (sandboxed
    frames, file pages) is refused.
    """
    if origin is None:
        return True
    parsed = normalize_origin(origin)
    if parsed is None:
        return False
    scheme, origin_host, origin_port = parsed
    if any(normalize_origin(entry) == parsed for entry in allowed_origins):
        return True
    if host_header is None:
        return False
    served = _split_host_header(host_header)
    if served is None:
        return False
    served_host, served_port = served
    if served_host != origin_host:
        return False
    if served_port is None:
        return origin_port == _DEFAULT_PORTS[scheme]
    return served_port == origin_port
