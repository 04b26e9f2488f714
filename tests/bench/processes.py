"""The processes a benchmark runs: kubesim (``fluxdash cluster``), ``fluxdash serve`` and the
naive server, each its own interpreter so no load generator shares a server's GIL.

Everything listens on loopback; every process is stopped by its own pid (SIGTERM, then SIGKILL
after a grace period). Logs go to ``bench/logs/<name>.log``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

REPO_ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = REPO_ROOT / "bench"
LOG_DIR = BENCH_DIR / "logs"

# The simulated controllers answer at once and nothing changes on its own: every change the
# benchmarks see is one they made.
PROFILE_ENV = "BENCH_PYINSTRUMENT"
"""Set in `start_fluxdash`'s env to profile that server with pyinstrument into this file."""
CLUSTER_ENV = {"KUBESIM_RECONCILE_DELAY": "0", "KUBESIM_LIVING": "0"}


class BenchProcessError(RuntimeError):
    """A benchmark process did not start or did not become ready in time."""


def compile_bytecode() -> float:
    """Compile the interpreter's packages and ``backend/`` to bytecode, as the image ships it
    (``UV_COMPILE_BYTECODE=1``). Without it, with ``PYTHONDONTWRITEBYTECODE`` set, every
    process start compiles ~1,000 modules from source and cold start measures the compiler.
    Quick when already compiled; returns the seconds it took."""
    import sysconfig

    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "compileall",
            "-q",
            "-j",
            "0",
            sysconfig.get_paths()["purelib"],
            str(REPO_ROOT / "backend"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        timeout=300,
    )
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class Child:
    """One child process, its log, and when it was spawned (``time.perf_counter``)."""

    name: str
    proc: subprocess.Popen[bytes]
    log: Path
    spawned_at: float
    # uvicorn re-raises SIGTERM after shutting down, which kills pyinstrument before it writes
    # its report; SIGINT ends in a KeyboardInterrupt it handles.
    stop_signal: signal.Signals = signal.SIGTERM

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def rss_mb(self) -> float:
        return psutil.Process(self.proc.pid).memory_info().rss / 2**20

    def cpu_s(self) -> float:
        """CPU seconds used so far (user + system): what load on a shared machine cannot inflate."""
        times = psutil.Process(self.proc.pid).cpu_times()
        return times.user + times.system

    def check_alive(self) -> None:
        if not self.alive():
            raise BenchProcessError(
                f"{self.name} exited with {self.proc.returncode}:\n{_tail(self.log)}"
            )

    def stop(self, grace: float = 10.0) -> None:
        if not self.alive():
            return
        self.proc.send_signal(self.stop_signal)
        try:
            self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def spawn(name: str, argv: list[str], env: Mapping[str, str] | None = None) -> Child:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = LOG_DIR / f"{name}.log"
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    with log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=REPO_ROOT,
            env=full_env,
        )
    return Child(name, proc, log, started)


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


@dataclass
class Cluster:
    """kubesim in its own process: its URL and a kubeconfig pointing at it."""

    child: Child
    url: str
    kubeconfig: Path
    load_s: float


def start_cluster(scenario: str, name: str, timeout: float = 180.0) -> Cluster:
    """``fluxdash cluster --scenario <scenario>`` on a free port; returns once it answers."""
    port = free_port()
    kubeconfig = LOG_DIR / f"{name}.kubeconfig"
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    kubeconfig.unlink(missing_ok=True)
    child = spawn(
        name,
        _python(
            "-m",
            "fluxdash.cli",
            "cluster",
            "--port",
            str(port),
            "--scenario",
            scenario,
            "--kubeconfig-out",
            str(kubeconfig),
        ),
        CLUSTER_ENV,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        child.check_alive()
        if kubeconfig.exists():
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/version", timeout=2).status_code == 200:
                    return Cluster(
                        child, url, kubeconfig, time.perf_counter() - child.spawned_at
                    )
        time.sleep(0.05)
    child.stop()
    raise BenchProcessError(f"{name} did not answer within {timeout:.0f} s")


@dataclass
class Server:
    """An HTTP server process of ours (fluxdash or the naive one)."""

    child: Child
    url: str


def start_fluxdash(
    kubeconfig: Path, name: str, env: Mapping[str, str] | None = None
) -> Server:
    """``fluxdash serve --kubeconfig`` on a free port (returns at once; see `wait_ready`)."""
    port = free_port()
    env = dict(env or {})
    serve = [
        "-m",
        "fluxdash.cli",
        "serve",
        "--port",
        str(port),
        "--kubeconfig",
        str(kubeconfig),
    ]
    profile_to = env.pop(PROFILE_ENV, None)
    if profile_to:  # pyinstrument writes its report when the server exits on SIGTERM
        serve = [
            "-m",
            "pyinstrument",
            "-r",
            "text" if profile_to.endswith(".txt") else "html",
            "-o",
            profile_to,
            *serve,
        ]
    child = spawn(name, _python(*serve), {"FLUXDASH_LOG_LEVEL": "warning", **env})
    if profile_to:
        child.stop_signal = signal.SIGINT
    return Server(child, f"http://127.0.0.1:{port}")


def wait_ready(server: Server, timeout: float = 120.0) -> float:
    """Poll ``/api/v1/readyz`` every 20 ms; seconds from spawn to the first ``ready: true``."""
    deadline = time.perf_counter() + timeout
    with httpx.Client(base_url=server.url, timeout=5) as http:
        while time.perf_counter() < deadline:
            server.child.check_alive()
            with contextlib.suppress(httpx.HTTPError):
                response = http.get("/api/v1/readyz")
                if response.status_code == 200 and response.json().get("ready"):
                    return time.perf_counter() - server.child.spawned_at
            time.sleep(0.02)
    raise BenchProcessError(f"{server.child.name} not ready within {timeout:.0f} s")


def start_naive(kubeconfig: Path, name: str = "naive") -> Server:
    port = free_port()
    child = spawn(
        name,
        _python(
            "-m",
            "tests.bench.naive",
            "--kubeconfig",
            str(kubeconfig),
            "--port",
            str(port),
        ),
    )
    server = Server(child, f"http://127.0.0.1:{port}")
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        child.check_alive()
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{server.url}/healthz", timeout=2).status_code == 200:
                return server
        time.sleep(0.05)
    child.stop()
    raise BenchProcessError("the naive server did not start within 60 s")


@contextlib.contextmanager
def stopping(*children: Child) -> Iterator[None]:
    """Stop these children on the way out, whatever happens."""
    try:
        yield
    finally:
        for child in reversed(children):
            child.stop()
