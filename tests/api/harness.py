"""Run fluxdash for real (uvicorn on a free loopback port) against a kubesim, in the test's loop."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from fluxdash.main import create_app
from fluxdash.services.cache import FluxCache
from fluxdash.services.runtime import Runtime
from fluxdash.settings import Settings
from kubesim.server import KubeSim
from tests.polling import until

FAST_WATCHES: dict[str, Any] = {
    "watch_timeout_seconds": 30,
    "watch_read_timeout_seconds": 40,
    "relist_interval_seconds": 3600,
    "backoff_initial_seconds": 0.05,
    "backoff_max_seconds": 0.4,
}


class _QuietServer(uvicorn.Server):
    """uvicorn without signal handlers (the test process owns them)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass
class RunningApp:
    app: FastAPI
    runtime: Runtime
    http: httpx.AsyncClient
    url: str

    @property
    def cache(self) -> FluxCache:
        assert self.runtime.cache is not None
        return self.runtime.cache


def settings_for(sim: KubeSim, tmp_path: Path, **overrides: Any) -> Settings:
    kubeconfig = tmp_path / "kubeconfig"
    sim.write_kubeconfig(kubeconfig)
    values: dict[str, Any] = {
        "cluster_mode": "kubeconfig",
        "kubeconfig": kubeconfig,
        "log_format": "text",
        **FAST_WATCHES,
        **overrides,
    }
    return Settings(**values)


@contextlib.asynccontextmanager
async def serve(settings: Settings) -> AsyncIterator[RunningApp]:
    runtime = Runtime()
    app = create_app(settings, runtime)
    server = _QuietServer(
        uvicorn.Config(
            app, host="127.0.0.1", port=0, log_level="warning", lifespan="on"
        )
    )
    task = asyncio.create_task(server.serve())
    try:
        await until(lambda: server.started or task.done(), within=30)
        if task.done():
            task.result()
            raise RuntimeError("uvicorn stopped while starting")
        port = server.servers[0].sockets[0].getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            yield RunningApp(app, runtime, http, url)
    finally:
        server.should_exit = True
        await task


async def wait_ready(running: RunningApp, within: float = 30) -> None:
    async def ready() -> bool:
        response = await running.http.get("/api/v1/readyz")
        return response.status_code == 200

    await until(ready, within=within, every=0.05)


class ThreadedApp:
    """fluxdash served by uvicorn on its own loop in a daemon thread (for sync test code)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.runtime = Runtime()
        self.url = ""
        self._server: _QuietServer | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 60) -> ThreadedApp:
        app = create_app(self.settings, self.runtime)
        server = _QuietServer(
            uvicorn.Config(
                app, host="127.0.0.1", port=0, log_level="warning", lifespan="on"
            )
        )
        self._server = server
        self._thread = threading.Thread(
            target=server.run, name="fluxdash-test", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("fluxdash did not start")
            time.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if httpx.get(f"{self.url}/api/v1/readyz").status_code == 200:
                return
            time.sleep(0.05)
        raise TimeoutError("fluxdash did not become ready")

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(30)
