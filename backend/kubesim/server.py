"""Running kubesim: :class:`KubeSim` (on the current event loop) and
:class:`ThreadedKubeSim` (its own loop in a daemon thread, for sync code, kubectl and
the CLI).

The store exists from construction, so tests may fill it before ``start()``.  The first
``start()`` adds the bootstrap RBAC roles a real apiserver creates and applies the
scenario; every ``start()`` serves HTTP on a loopback port (``port=0``: any free port)
and starts the scenario's controllers.  ``stop()`` then ``start()`` keeps the store, like
an apiserver restarted over the same etcd (the port may change when it was 0).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import gc
import inspect
import ipaddress
import logging
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import uvicorn
import yaml

from kubesim.app import KubeApp
from kubesim.bootstrap import create_default_rbac
from kubesim.faults import Faults
from kubesim.scenarios import ScenarioRuntime, apply_scenario
from kubesim.stats import RequestStats
from kubesim.store import Store
from kubesim.watch import WatchHub

log = logging.getLogger(__name__)

_FREEZE_AFTER_WRITES = 2000
T = TypeVar("T")

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


class _EmbeddedServer(uvicorn.Server):
    """uvicorn without its signal handlers (the host process owns Ctrl-C)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _self_signed_certificate(directory: Path, host: str) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for ``host`` (made with the openssl CLI)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("kubesim tls=True needs the openssl command line tool")
    names = ["DNS:localhost", "IP:127.0.0.1", "IP:::1"]
    try:
        ipaddress.ip_address(host)
        names.append(f"IP:{host}")
    except ValueError:
        names.append(f"DNS:{host}")
    cert, key = directory / "tls.crt", directory / "tls.key"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "3650",
            "-subj",
            "/CN=kubesim",
            "-addext",
            "subjectAltName=" + ",".join(dict.fromkeys(names)),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


class KubeSim:
    """An in-memory Kubernetes API server on a loopback port.

    ``tls=True`` serves HTTPS with a throwaway self-signed certificate (its CA goes into
    :meth:`kubeconfig`): kubectl only sends bearer tokens and impersonation to HTTPS servers.
    """

    def __init__(
        self,
        scenario: str = "empty",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        rbac: bool = False,
        tokens: dict[str, tuple[str, list[str]]] | None = None,
        watch_history: int = 5000,
        controllers: bool = True,
        tls: bool = False,
    ) -> None:
        self.scenario_name = scenario
        self.tls = tls
        self.ca_certificate: bytes | None = None
        """PEM of the serving certificate when ``tls`` (also its own CA)."""
        self._tls_dir: Path | None = None
        self.host = host
        self.port = port
        self.rbac = rbac
        self.tokens: dict[str, tuple[str, list[str]]] = dict(tokens or {})
        self.watch_history = watch_history
        self.controllers = controllers
        self.bookmark_interval = 60.0
        """Seconds between BOOKMARK events on watches that allow them."""
        self.store = Store(watch_history=watch_history)
        self.faults = Faults()
        self.stats = RequestStats()
        self.hub = WatchHub(self.store)
        self.scenario: ScenarioRuntime | None = None
        self.url = ""
        self._server: _EmbeddedServer | None = None
        self._serve_task: asyncio.Task[None] | None = None
        self._started = False

    @property
    def server_address(self) -> str:
        return self.url.split("://", 1)[-1]

    async def start(self) -> None:
        if self._started:
            raise RuntimeError("kubesim is already started")
        if self.scenario is None:
            # first start: what a fresh apiserver creates, then the scenario's objects
            create_default_rbac(self.store)
            self.scenario = apply_scenario(self.scenario_name, self.store)
            self.tokens = {
                **dict(getattr(self.scenario, "tokens", None) or {}),
                **self.tokens,
            }
            # A large scenario's objects live as long as the server: keep the cyclic GC off
            # them, or at scale:10000 each full collection stalls every watch for ~0.3 s (a
            # real apiserver has no such pauses, and benchmarks would measure ours). Small
            # ones are left alone: freezing also keeps whatever garbage exists right now.
            if int(self.store.resource_version) >= _FREEZE_AFTER_WRITES:
                gc.freeze()
        if self.hub.closed:
            self.hub = WatchHub(self.store)
        self.faults.attach(self.hub, asyncio.get_running_loop())
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # proto=IPPROTO_TCP so asyncio sets TCP_NODELAY on accepted connections (it checks
        # sock.proto); without it every keep-alive response waits ~40 ms (Nagle + delayed ACK).
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError:
            sock.close()
            raise
        sock.listen(512)
        sock.setblocking(False)
        bound_port = sock.getsockname()[1]
        host = f"[{self.host}]" if family == socket.AF_INET6 else self.host
        tls_files: dict[str, str] = {}
        if self.tls:
            self._tls_dir = Path(tempfile.mkdtemp(prefix="kubesim-tls-"))
            try:
                cert, key = _self_signed_certificate(self._tls_dir, self.host)
            except BaseException:
                sock.close()
                shutil.rmtree(self._tls_dir, ignore_errors=True)
                raise
            self.ca_certificate = cert.read_bytes()
            tls_files = {"ssl_certfile": str(cert), "ssl_keyfile": str(key)}
        scheme = "https" if self.tls else "http"
        self.url = f"{scheme}://{host}:{bound_port}"
        config = uvicorn.Config(
            KubeApp(self),
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_keep_alive=30,
            timeout_graceful_shutdown=2,
            **tls_files,  # type: ignore[arg-type]  # str paths, uvicorn's own keyword names
        )
        self._server = _EmbeddedServer(config)
        self._serve_task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            if self._serve_task.done():
                self._serve_task.result()
                raise RuntimeError("kubesim's HTTP server stopped while starting")
            await asyncio.sleep(0.005)
        self._started = True
        if self.controllers:
            await self.scenario.start()
        log.info("kubesim (%s) serving on %s", self.scenario_name, self.url)

    async def stop(self) -> None:
        if not self._started:
            return
        self._started = False
        if self.scenario is not None and self.controllers:
            try:
                await self.scenario.stop()
            except Exception:  # stopping must go on whatever a scenario does
                log.exception("kubesim scenario failed to stop")
        self.hub.shutdown()
        if self._server is not None:
            self._server.should_exit = True
        if self._serve_task is not None:
            await self._serve_task
        self._server = None
        self._serve_task = None
        if self._tls_dir is not None:
            shutil.rmtree(self._tls_dir, ignore_errors=True)
            self._tls_dir = None

    async def __aenter__(self) -> KubeSim:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def kubeconfig(
        self, *, token: str | None = None, user: str = "kubesim-admin"
    ) -> dict[str, Any]:
        """A kubeconfig for this cluster (anonymous unless ``token`` is given)."""
        if not self.url:
            raise RuntimeError("kubesim is not started")
        credentials: dict[str, Any] = {"token": token} if token else {}
        cluster: dict[str, Any] = {"server": self.url}
        if self.ca_certificate is not None:
            cluster["certificate-authority-data"] = base64.b64encode(
                self.ca_certificate
            ).decode()
        return {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "kubesim", "cluster": cluster}],
            "users": [{"name": user, "user": credentials}],
            "contexts": [
                {
                    "name": "kubesim",
                    "context": {
                        "cluster": "kubesim",
                        "user": user,
                        "namespace": "default",
                    },
                }
            ],
            "current-context": "kubesim",
            "preferences": {},
        }

    def write_kubeconfig(self, path: Path, *, token: str | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(self.kubeconfig(token=token), sort_keys=False))


class ThreadedKubeSim:
    """A :class:`KubeSim` running on its own event loop in a daemon thread."""

    def __init__(self, **kwargs: Any) -> None:
        self.sim = KubeSim(**kwargs)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return self.sim.url

    def start(self, timeout: float = 30.0) -> ThreadedKubeSim:
        if self._thread is not None:
            raise RuntimeError("kubesim is already started")
        loop = asyncio.new_event_loop()
        started = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(loop)

            async def boot() -> None:
                try:
                    await self.sim.start()
                except BaseException as exc:
                    failure.append(exc)
                finally:
                    started.set()

            loop.run_until_complete(boot())
            if not failure:
                loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._loop = loop
        self._thread = threading.Thread(target=run, name="kubesim", daemon=True)
        self._thread.start()
        if not started.wait(timeout):
            raise TimeoutError("kubesim did not start in time")
        if failure:
            self._thread.join(timeout)
            self._thread = None
            raise failure[0]
        return self

    def call(self, fn: Callable[[KubeSim], T], timeout: float = 30.0) -> T:
        """Run ``fn(sim)`` on the sim's loop (awaiting it if it returns an awaitable)."""
        loop = self._loop
        if loop is None or self._thread is None:
            raise RuntimeError("kubesim is not started")

        async def invoke() -> T:
            result = fn(self.sim)
            if inspect.isawaitable(result):
                return await result  # type: ignore[no-any-return]  # awaitable of T by contract
            return result

        return asyncio.run_coroutine_threadsafe(invoke(), loop).result(timeout)

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self.sim.stop(), loop).result(30)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(30)
            self._thread = None
            self._loop = None

    def __enter__(self) -> ThreadedKubeSim:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def kubeconfig(
        self, *, token: str | None = None, user: str = "kubesim-admin"
    ) -> dict[str, Any]:
        return self.sim.kubeconfig(token=token, user=user)

    def write_kubeconfig(self, path: Path, *, token: str | None = None) -> None:
        self.sim.write_kubeconfig(path, token=token)
