"""Serve the built single-page app with history-API fallback and long caching of hashed assets."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.requests import Request

_NO_SPA = """<!doctype html><html><head><title>fluxdash</title></head><body>
<h1>fluxdash</h1><p>The web UI is not built. Run <code>make run</code> (or <code>make build</code>).
The API is at <a href="/api/v1/healthz">/api/v1/healthz</a>.</p></body></html>"""


def mount_spa(app: FastAPI, dist: Path | None) -> None:
    root = dist.resolve() if dist else None
    index = root / "index.html" if root else None

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str, request: Request) -> Response:
        if path.startswith("api/"):
            return Response(
                content=b'{"type":"NotFound","detail":"no such API route"}',
                status_code=404,
                media_type="application/json",
            )
        if root is None or index is None or not index.is_file():
            return HTMLResponse(_NO_SPA, status_code=200)
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            headers = (
                {"Cache-Control": "public, max-age=31536000, immutable"}
                if path.startswith("assets/")
                else {"Cache-Control": "no-cache"}
            )
            return FileResponse(candidate, headers=headers)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
