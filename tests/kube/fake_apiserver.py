"""A tiny, fully controllable Kubernetes-like API server for ONE collection (watch-protocol tests).

It speaks just enough of the wire protocol (paged LIST with continue tokens, WATCH with
resourceVersion / allowWatchBookmarks / timeoutSeconds, Status errors) and records every request,
so tests can prove what the watch loop asked for. Faults are set as plain attributes.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiohttp import web

GROUP = "example.fluxcd.io"
VERSION = "v1"
PLURAL = "widgets"
KIND = "Widget"
COLLECTION = f"/apis/{GROUP}/{VERSION}/{PLURAL}"


@dataclass
class Recorded:
    verb: str
    query: dict[str, str]


@dataclass
class Captured:
    """A request to any other path: recorded with headers and body, answered from ``replies``."""

    method: str
    path: str
    query: dict[str, str]
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class Faults:
    connect_410: int = 0  # next N watch connects answer 410
    stream_410: int = 0  # next N watches send an in-stream ERROR 410 after connecting
    status: int | None = (
        None  # every request answers this status while status_count > 0
    )
    status_count: int = 0
    retry_after: int | None = None
    expire_continue: int = 0  # next N continue tokens are rejected with 410
    watch_close_at_once: int = 0  # next N watches end immediately (no event)


def _status(code: int, reason: str, message: str) -> dict[str, Any]:
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "status": "Failure",
        "code": code,
        "reason": reason,
        "message": message,
    }


@dataclass
class FakeApiServer:
    history_limit: int = 1000
    bookmark_interval: float = 0.2
    objects: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    history: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)
    faults: Faults = field(default_factory=Faults)
    rv: int = 100
    compacted_rv: int = 0  # every resourceVersion below this is too old to watch from
    url: str = ""
    _queues: set[asyncio.Queue[tuple[str, dict[str, Any]] | None]] = field(
        default_factory=set
    )
    _responses: set[web.StreamResponse] = field(default_factory=set)
    _runner: web.AppRunner | None = None
    on_request: Callable[[Recorded], None] | None = None
    captured: list[Captured] = field(default_factory=list)
    # (method, path) -> (status, JSON body, headers) for requests outside the collection
    replies: dict[tuple[str, str], tuple[int, Any, dict[str, str]]] = field(
        default_factory=dict
    )

    # ---- data -----------------------------------------------------------------------------

    def _bump(self) -> str:
        self.rv += 1
        return str(self.rv)

    def _record(self, kind: str, obj: dict[str, Any]) -> None:
        snapshot = orjson.loads(orjson.dumps(obj))
        self.history.append((self.rv, kind, snapshot))
        if len(self.history) > self.history_limit:
            dropped = self.history[: -self.history_limit]
            self.compacted_rv = dropped[-1][0]
            del self.history[: -self.history_limit]
        for queue in list(self._queues):
            queue.put_nowait((kind, snapshot))

    def upsert(
        self, namespace: str, name: str, spec: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        key = (namespace, name)
        existed = key in self.objects
        obj = self.objects.get(key) or {
            "apiVersion": f"{GROUP}/{VERSION}",
            "kind": KIND,
            "metadata": {
                "name": name,
                "namespace": namespace,
                "uid": f"uid-{namespace}-{name}",
            },
        }
        obj["spec"] = spec or {}
        obj["metadata"]["resourceVersion"] = self._bump()
        self.objects[key] = obj
        self._record("MODIFIED" if existed else "ADDED", obj)
        return obj

    def delete(self, namespace: str, name: str) -> None:
        obj = self.objects.pop((namespace, name))
        obj["metadata"]["resourceVersion"] = self._bump()
        self._record("DELETED", obj)

    def compact(self) -> None:
        """Forget all history: any older resourceVersion is now too old (410)."""
        self.history.clear()
        self.compacted_rv = self.rv

    def drop_watches(self) -> None:
        """Cut every open watch connection abruptly."""
        for response in list(self._responses):
            transport = response._req.transport if response._req else None
            if transport is not None:
                transport.abort()
        for queue in list(self._queues):
            queue.put_nowait(None)

    def count(self, verb: str) -> int:
        return sum(1 for r in self.requests if r.verb == verb)

    # ---- server ---------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get(COLLECTION, self._collection)
        app.router.add_get("/version", self._version)
        app.router.add_route("*", "/{tail:.*}", self._other)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        addresses = self._runner.addresses
        port = addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        self.drop_watches()
        if self._runner is not None:
            await self._runner.cleanup()

    def kubeconfig(self) -> dict[str, Any]:
        return {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "fake", "cluster": {"server": self.url}}],
            "users": [{"name": "fake", "user": {"token": "fake-token"}}],
            "contexts": [
                {"name": "fake", "context": {"cluster": "fake", "user": "fake"}}
            ],
            "current-context": "fake",
        }

    async def _other(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.captured.append(
            Captured(
                request.method,
                request.path,
                dict(request.query),
                list(request.headers.items()),
                body,
            )
        )
        status, payload, headers = self.replies.get(
            (request.method, request.path),
            (
                404,
                _status(
                    404, "NotFound", "the server could not find the requested resource"
                ),
                {},
            ),
        )
        return web.json_response(payload, status=status, headers=headers)

    async def _version(self, _: web.Request) -> web.Response:
        return web.json_response(
            {"major": "1", "minor": "32", "gitVersion": "v1.32.0-fake"}
        )

    def _fault_response(self) -> web.Response | None:
        if self.faults.status is not None and self.faults.status_count > 0:
            self.faults.status_count -= 1
            code = self.faults.status
            headers = {}
            if self.faults.retry_after is not None:
                headers["Retry-After"] = str(self.faults.retry_after)
            return web.json_response(
                _status(code, "Fault", f"injected {code}"), status=code, headers=headers
            )
        return None

    async def _collection(self, request: web.Request) -> web.StreamResponse:
        query = dict(request.query)
        watching = query.get("watch") in ("true", "1")
        recorded = Recorded("watch" if watching else "list", query)
        self.requests.append(recorded)
        if self.on_request is not None:
            self.on_request(recorded)
        fault = self._fault_response()
        if fault is not None:
            return fault
        if watching:
            return await self._watch(request, query)
        return self._list(query)

    def _list(self, query: dict[str, str]) -> web.Response:
        items = sorted(
            self.objects.values(),
            key=lambda o: (o["metadata"]["namespace"], o["metadata"]["name"]),
        )
        limit = int(query.get("limit", "0") or 0)
        offset = 0
        list_rv = str(self.rv)
        token = query.get("continue")
        if token:
            if self.faults.expire_continue > 0:
                self.faults.expire_continue -= 1
                return web.json_response(
                    _status(410, "Expired", "continue token expired"), status=410
                )
            offset_text, list_rv = base64.b64decode(token).decode().split(":")
            offset = int(offset_text)
        page = items[offset : offset + limit] if limit else items[offset:]
        meta: dict[str, Any] = {"resourceVersion": list_rv}
        if limit and offset + limit < len(items):
            meta["continue"] = base64.b64encode(
                f"{offset + limit}:{list_rv}".encode()
            ).decode()
        return web.json_response(
            {
                "apiVersion": f"{GROUP}/{VERSION}",
                "kind": f"{KIND}List",
                "metadata": meta,
                "items": page,
            }
        )

    async def _watch(
        self, request: web.Request, query: dict[str, str]
    ) -> web.StreamResponse:
        if self.faults.connect_410 > 0:
            self.faults.connect_410 -= 1
            return web.json_response(
                _status(410, "Expired", "too old resource version"), status=410
            )
        start = int(query.get("resourceVersion") or self.rv)
        too_old = start < self.compacted_rv
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        await response.prepare(request)
        self._responses.add(response)
        queue: asyncio.Queue[tuple[str, dict[str, Any]] | None] = asyncio.Queue()
        self._queues.add(queue)

        async def send(kind: str, obj: dict[str, Any]) -> None:
            await response.write(orjson.dumps({"type": kind, "object": obj}) + b"\n")

        try:
            if self.faults.watch_close_at_once > 0:
                self.faults.watch_close_at_once -= 1
                return response
            if too_old or self.faults.stream_410 > 0:
                if not too_old:
                    self.faults.stream_410 -= 1
                await send("ERROR", _status(410, "Expired", "too old resource version"))
                return response
            for rv, kind, obj in list(self.history):
                if rv > start:
                    await send(kind, obj)
            timeout = float(query.get("timeoutSeconds", "30"))
            bookmarks = query.get("allowWatchBookmarks") == "true"
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            while (left := deadline - loop.time()) > 0:
                try:
                    item = await asyncio.wait_for(
                        queue.get(), min(left, self.bookmark_interval)
                    )
                except TimeoutError:
                    if bookmarks:
                        await send(
                            "BOOKMARK",
                            {
                                "kind": KIND,
                                "apiVersion": f"{GROUP}/{VERSION}",
                                "metadata": {"resourceVersion": str(self.rv)},
                            },
                        )
                    continue
                if item is None:
                    return response
                await send(*item)
            return response
        except (ConnectionResetError, asyncio.CancelledError):
            raise
        finally:
            self._queues.discard(queue)
            self._responses.discard(response)
            with contextlib.suppress(Exception):
                await response.write_eof()
