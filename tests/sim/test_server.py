"""KubeSim / ThreadedKubeSim lifecycle, faults from other threads, and `fluxdash cluster`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
import yaml
from typer.testing import CliRunner

from fluxdash import cli
from kubesim.server import KubeSim, ThreadedKubeSim


def test_threaded_sim_call_and_drop_watches(threaded_sim: ThreadedKubeSim) -> None:
    created = threaded_sim.call(
        lambda sim: sim.store.create(
            "", "configmaps", {"metadata": {"name": "c", "namespace": "default"}}
        )
    )
    assert created["metadata"]["name"] == "c"
    with httpx.Client(base_url=threaded_sim.url, timeout=10) as http:
        assert http.get("/api/v1/namespaces/default/configmaps/c").json()["metadata"][
            "uid"
        ]
        ended = threading.Event()
        lines: list[str] = []

        def watch() -> None:
            with http.stream(
                "GET", "/api/v1/configmaps", params={"watch": "1"}
            ) as response:
                lines.extend(response.iter_lines())
            ended.set()

        thread = threading.Thread(target=watch, daemon=True)
        thread.start()
        while threaded_sim.call(lambda sim: sim.hub.count()) == 0:
            assert thread.is_alive()
        # faults may be switched from any thread: dropping ends the stream cleanly
        threaded_sim.sim.faults.drop_watches()
        assert ended.wait(10)
        assert any('"ADDED"' in line for line in lines)
        assert threaded_sim.call(lambda sim: sim.hub.count()) == 0


def test_kubeconfig_shape(threaded_sim: ThreadedKubeSim, tmp_path: Path) -> None:
    path = tmp_path / "k" / "config"
    threaded_sim.write_kubeconfig(path, token="secret-token")
    config = yaml.safe_load(path.read_text())
    assert config["clusters"][0]["cluster"]["server"] == threaded_sim.url
    assert config["users"][0]["user"] == {"token": "secret-token"}
    assert config["current-context"] == "kubesim"


async def test_unknown_scenario_is_a_clear_error() -> None:
    with pytest.raises(
        ValueError, match=r"unknown kubesim scenario 'nope'; valid scenarios: .*empty"
    ):
        await KubeSim("nope").start()


def test_threaded_start_failure_is_raised() -> None:
    with pytest.raises(ValueError, match="unknown kubesim scenario"):
        ThreadedKubeSim(scenario="nope").start()


def test_fluxdash_cluster_command(tmp_path: Path) -> None:
    kubeconfig = tmp_path / "kubeconfig"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fluxdash.cli",
            "cluster",
            "--port",
            "0",
            "--scenario",
            "empty",
            "--kubeconfig-out",
            str(kubeconfig),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("kubesim (empty) serving on http://127.0.0.1:")
        url = first.rsplit(" ", 1)[1].strip()
        assert (
            process.stdout.readline().strip() == f"kubeconfig written to {kubeconfig}"
        )
        assert (
            yaml.safe_load(kubeconfig.read_text())["clusters"][0]["cluster"]["server"]
            == url
        )
        names = [
            n["metadata"]["name"]
            for n in httpx.get(f"{url}/api/v1/namespaces").json()["items"]
        ]
        assert names == ["default", "kube-node-lease", "kube-public", "kube-system"]
        process.send_signal(signal.SIGINT)
        assert process.wait(15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_fluxdash_cluster_rejects_unknown_scenario() -> None:
    result = CliRunner().invoke(
        cli.app, ["cluster", "--port", "0", "--scenario", "nope"]
    )
    assert result.exit_code == 2
    assert "unknown kubesim scenario 'nope'" in result.output


async def test_restart_keeps_the_store() -> None:
    sim = KubeSim("empty")
    sim.store.create("", "namespaces", {"metadata": {"name": "before-start"}})
    async with sim:
        async with httpx.AsyncClient(base_url=sim.url) as http:
            names = {
                n["metadata"]["name"]
                for n in (await http.get("/api/v1/namespaces")).json()["items"]
            }
        assert {"before-start", "default"} <= names
        rv = sim.store.resource_version
    await sim.start()
    try:
        assert sim.store.resource_version == rv
        async with httpx.AsyncClient(base_url=sim.url) as http:
            assert (
                await http.get("/api/v1/namespaces/before-start")
            ).status_code == 200
    finally:
        await sim.stop()
