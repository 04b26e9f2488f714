"""The pieces of the browser test harness: the built SPA, a fluxdash server, Chromium.

Fixtures in ``conftest.py`` wire these together; tests import the types from here
(``from .harness import RunningServer``).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import httpx
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import ConsoleMessage, Page

from fluxdash.main import create_app
from fluxdash.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
FRONTEND_DIR = REPO_ROOT / "frontend"
DIST_DIR = FRONTEND_DIR / "dist"
ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"

CHROMIUM_PATH = Path(os.environ.get("FLUXDASH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_INSTALL_HINT = "sudo apt-get install -y chromium"
# Headless, quiet and self-contained: no sandbox (containers), no GPU, no calls home.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)

SERVER_START_TIMEOUT_S = 20.0
SPA_BUILD_TIMEOUT_S = 600.0


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


# --- the built single-page app -------------------------------------------------------------

# What the build reads; a newer file among these means dist/ is stale.
_SPA_INPUT_FILES = (
    "index.html",
    "package.json",
    "package-lock.json",
    "vite.config.ts",
    "tsconfig.json",
    "tsconfig.app.json",
    "tsconfig.node.json",
)
_SPA_INPUT_DIRS = ("src", "public")


class SpaBuildError(RuntimeError):
    """The SPA is missing or stale and could not be (re)built."""


def _spa_inputs(frontend: Path) -> Iterator[Path]:
    for name in _SPA_INPUT_FILES:
        path = frontend / name
        if path.is_file():
            yield path
    for name in _SPA_INPUT_DIRS:
        root = frontend / name
        if root.is_dir():
            yield from (p for p in root.rglob("*") if p.is_file())


def spa_staleness(frontend: Path = FRONTEND_DIR) -> str | None:
    """Why ``frontend/dist`` must be rebuilt, or None when it is up to date."""
    index = frontend / "dist" / "index.html"
    if not index.is_file():
        return "not built"
    built = index.stat().st_mtime
    newer = [p for p in _spa_inputs(frontend) if p.stat().st_mtime > built]
    if newer:
        names = ", ".join(str(p.relative_to(frontend)) for p in newer[:3])
        more = f" and {len(newer) - 3} more" if len(newer) > 3 else ""
        return f"older than {names}{more}"
    return None


def ensure_spa_built(frontend: Path = FRONTEND_DIR) -> Path:
    """Return ``frontend/dist``, running ``npm run build`` first when it is stale."""
    reason = spa_staleness(frontend)
    if reason is None:
        return frontend / "dist"
    npm = shutil.which("npm")
    if npm is None or not (frontend / "node_modules").is_dir():
        raise SpaBuildError(
            f"frontend/dist is {reason}, and it cannot be built here "
            f"({'npm is not installed' if npm is None else 'frontend/node_modules is missing'}). "
            "Run `make build` (or `cd frontend && npm ci && npm run build`)."
        )
    proc = subprocess.run(
        [npm, "run", "build"],
        cwd=frontend,
        capture_output=True,
        text=True,
        timeout=SPA_BUILD_TIMEOUT_S,
        check=False,
    )
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).strip().splitlines()
        raise SpaBuildError(
            f"frontend/dist is {reason}; `npm run build` failed (exit {proc.returncode}):\n"
            + "\n".join(output[-40:])
        )
    still = spa_staleness(frontend)
    if still is not None:
        raise SpaBuildError(
            f"`npm run build` succeeded but frontend/dist is still {still}"
        )
    return frontend / "dist"


# --- a fluxdash server ---------------------------------------------------------------------


@dataclass
class RunningServer:
    """A fluxdash app served by uvicorn on a loopback port, in a background thread."""

    app: FastAPI
    settings: Settings
    base_url: str
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)


def _bind_loopback() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def start_server(settings: Settings) -> RunningServer:
    """Build the app from ``settings`` and serve it until ``stop()``; waits for /healthz."""
    sock = _bind_loopback()
    port = sock.getsockname()[1]
    settings = settings.model_copy(update={"host": "127.0.0.1", "port": port})
    app = create_app(settings)
    config = uvicorn.Config(
        app, log_config=None, log_level="warning", access_log=False, lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run,
        kwargs={"sockets": [sock]},
        name=f"fluxdash-e2e-{port}",
        daemon=True,
    )
    thread.start()
    running = RunningServer(
        app=app,
        settings=settings,
        base_url=f"http://127.0.0.1:{port}",
        _server=server,
        _thread=thread,
    )
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive():
            sock.close()
            raise RuntimeError("the fluxdash server thread exited during start-up")
        if time.monotonic() > deadline:
            running.stop()
            sock.close()
            raise TimeoutError(
                f"fluxdash did not start within {SERVER_START_TIMEOUT_S}s"
            )
        time.sleep(0.02)
    answer = httpx.get(running.url("/api/v1/healthz"), timeout=5.0)
    answer.raise_for_status()
    return running


def scenario_overrides(scenario: str | None) -> dict[str, Any]:
    """Settings that run the embedded cluster (kubesim) on ``scenario``; none for no cluster."""
    if scenario is None:
        return {"cluster_mode": "none"}
    return {"cluster_mode": "embedded", "demo_scenario": scenario}


class ServerFactory:
    """Starts fluxdash servers on demand and shares each configuration for the session.

    ``factory()`` is a server with no cluster; ``factory(scenario="demo")`` one on the
    embedded cluster's demo scenario; keyword arguments are further ``Settings`` fields.
    """

    def __init__(self, static_dir: Path) -> None:
        self._static_dir = static_dir
        self._servers: dict[tuple[tuple[str, str], ...], RunningServer] = {}

    def __call__(self, scenario: str | None = None, **overrides: Any) -> RunningServer:
        fields: dict[str, Any] = {
            "static_dir": self._static_dir,
            "log_level": "warning",
            **scenario_overrides(scenario),
            **overrides,
        }
        key = tuple(sorted((name, repr(value)) for name, value in fields.items()))
        server = self._servers.get(key)
        if server is None:
            server = start_server(Settings(**fields))
            self._servers[key] = server
        return server

    def stop_all(self) -> None:
        for server in self._servers.values():
            server.stop()
        self._servers.clear()


# --- browser pages ----------------------------------------------------------------------------

ColorScheme = Literal["light", "dark", "no-preference"]


@dataclass(frozen=True)
class Viewport:
    width: int
    height: int


DEFAULT_VIEWPORT = Viewport(1280, 800)
PHONE_VIEWPORT = Viewport(390, 844)
# Playwright's default action/expect timeout is 30 s; a local SPA answers far faster.
ACTION_TIMEOUT_MS = 10_000


@dataclass
class PageProblems:
    """What went wrong inside a page: uncaught exceptions and console errors."""

    uncaught: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda err: self.uncaught.append(str(err)))
        page.on("console", self._on_console)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)


class NewPage(Protocol):
    def __call__(
        self,
        server: RunningServer | None = None,
        *,
        viewport: Viewport = ...,
        color_scheme: ColorScheme = ...,
    ) -> Page: ...


class Screenshot(Protocol):
    def __call__(self, page: Page, name: str, *, full_page: bool = ...) -> Path: ...


# --- artifacts -----------------------------------------------------------------------------

_ARTIFACT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


def artifact_path(name: str, suffix: str = ".png") -> Path:
    """``tests/e2e/artifacts/<name><suffix>``; the name is a plain file name, nothing else."""
    if not _ARTIFACT_NAME.fullmatch(name):
        raise ValueError(f"artifact name must be a plain file name, got {name!r}")
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR / f"{name}{suffix}"


def safe_artifact_name(raw: str) -> str:
    """Turn a test node id into a usable artifact name."""
    return re.sub(r"[^A-Za-z0-9._]+", "-", raw).strip("-.")[:120] or "artifact"
