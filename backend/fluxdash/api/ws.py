"""``WS /api/v1/ws``: the live stream (protocol in ``fluxdash.models.ws``, fan-out in
``fluxdash.services.live``).

The upgrade is refused (HTTP 403, i.e. close 1008 before accept) when the Origin is foreign or
the connection is not authenticated; after accept the handler only moves frames between the socket
and the connection's :class:`~fluxdash.services.live.LiveClient`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Annotated

from fastapi import APIRouter, Depends, WebSocket, WebSocketException
from starlette.requests import HTTPConnection

from fluxdash.api.security import origin_allowed, resolve_identity
from fluxdash.errors import AppError
from fluxdash.models.identity import Identity
from fluxdash.models.ws import WsCloseCode
from fluxdash.services.live import HubFull, LiveClient, LiveHub
from fluxdash.settings import Settings

log = logging.getLogger("fluxdash.api.ws")

router = APIRouter(tags=["live"])


def _settings(conn: HTTPConnection) -> Settings:
    settings: Settings = conn.app.state.settings
    return settings


SettingsConn = Annotated[Settings, Depends(_settings)]


def _live_hub(conn: HTTPConnection) -> LiveHub:
    hub: LiveHub | None = getattr(conn.app.state, "live_hub", None)
    if hub is None:
        raise WebSocketException(
            code=WsCloseCode.TRY_AGAIN_LATER, reason="live stream not started"
        )
    return hub


def check_origin(conn: HTTPConnection, settings: SettingsConn) -> None:
    """Refuse a browser page from a foreign origin (Starlette's CORS does not cover WS).

    No ``Origin`` header means no browser page (scripts, CLIs); those are left to
    authentication. ``Origin: null`` and malformed origins are refused.
    """
    origin = conn.headers.get("origin")
    if origin is None:
        return
    if not origin_allowed(origin, conn.headers.get("host"), settings):
        log.warning(
            "websocket upgrade refused: foreign origin", extra={"origin": origin[:200]}
        )
        raise WebSocketException(
            code=WsCloseCode.POLICY_VIOLATION, reason="origin not allowed"
        )


def authenticate_live(conn: HTTPConnection, settings: SettingsConn) -> Identity:
    """The caller, by the same resolver as REST (auth mode ``none``: anonymous)."""
    try:
        return resolve_identity(conn, settings)
    except AppError as exc:
        log.warning("websocket upgrade refused: %s", exc.detail)
        raise WebSocketException(
            code=WsCloseCode.POLICY_VIOLATION, reason=exc.detail[:120]
        ) from exc


LiveHubDep = Annotated[LiveHub, Depends(_live_hub)]
OriginChecked = Annotated[None, Depends(check_origin)]
LiveIdentity = Annotated[Identity, Depends(authenticate_live)]


async def _receive_frames(websocket: WebSocket, client: LiveClient) -> None:
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        text = message.get("text")
        if text is not None:
            client.handle_text(text)
        elif message.get("bytes") is not None:
            client.handle_binary()


@router.websocket("/ws", name="live_stream")
async def live_stream(
    websocket: WebSocket,
    _origin: OriginChecked,
    identity: LiveIdentity,
    hub: LiveHubDep,
) -> None:
    """Subscriptions to rows, Flux events, action records and cluster status."""
    await websocket.accept()
    try:
        client = hub.connect(websocket)
    except HubFull as exc:
        await websocket.close(WsCloseCode.TRY_AGAIN_LATER, str(exc))
        return
    log.debug("live client %s connected as %s", client.label, identity.user)
    receiver = asyncio.create_task(_receive_frames(websocket, client))
    closed = asyncio.create_task(client.wait_closed())
    try:
        await asyncio.wait({receiver, closed}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (receiver, closed):
            task.cancel()
        for task in (receiver, closed):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await client.detach()
