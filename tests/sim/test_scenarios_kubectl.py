"""``fluxdash cluster --scenario demo`` as a user runs it, read with a real kubectl."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .support import kubectl_binaries, skip_or_fail

pytestmark = [pytest.mark.kubectl, pytest.mark.timeout(120)]


@pytest.fixture
def demo_kubeconfig(tmp_path: Path) -> Iterator[Path]:
    kubeconfig = tmp_path / "kubeconfig"
    env = {**os.environ, "KUBESIM_LIVING": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "fluxdash.cli", "cluster", "--scenario", "demo", "--port", "0",
         "--kubeconfig-out", str(kubeconfig)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not kubeconfig.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                output = proc.stdout.read() if proc.stdout else ""
                pytest.fail(f"fluxdash cluster did not start: {output}")
            time.sleep(0.05)
        yield kubeconfig
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _rows(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines() if line.strip()]


def test_kubectl_shows_a_believable_fleet(demo_kubeconfig: Path) -> None:
    binaries = kubectl_binaries()
    if not binaries:
        skip_or_fail("kubectl not found")
    kubectl = binaries[-1]
    cache = demo_kubeconfig.parent / "cache"

    def run(*args: str) -> str:
        done = subprocess.run(
            [
                kubectl,
                "--kubeconfig",
                str(demo_kubeconfig),
                "--cache-dir",
                str(cache),
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    out = run("get", "kustomizations,helmreleases", "-A")
    tables = out.strip().split("\n\n")
    assert len(tables) == 2
    ks, hr = (_rows(t) for t in tables)
    assert ks[0] == ["NAMESPACE", "NAME", "AGE", "READY", "STATUS"]
    assert hr[0] == ["NAMESPACE", "NAME", "AGE", "READY", "STATUS"]
    by_name = {row[1].split("/")[-1]: row for row in ks[1:] + hr[1:]}
    assert len(ks) - 1 == 14
    assert len(hr) - 1 == 11
    assert by_name["flux-system"][3:5] == ["True", "Applied"]
    assert by_name["infra-configs"][3:6] == ["False", "health", "check"]
    assert (
        " ".join(by_name["apps"][4:])
        == "dependency 'flux-system/infra-configs' is not ready"
    )
    assert by_name["kube-prometheus-stack"][3] == "False"
    assert by_name["loki"][3:] == ["Unknown", "Reconciliation", "in", "progress"]
    assert by_name["podinfo-canary"][3:] == [], "never reconciled: no READY/STATUS"
    assert not any(
        row[2].endswith("s") and row[2][:-1].isdigit()
        for row in ks[1:]
        if row[1].endswith("/apps")
    ), "objects of a long-running cluster are not seconds old"

    sources = _rows(run("get", "gitrepositories", "-A"))
    assert sources[0] == ["NAMESPACE", "NAME", "URL", "AGE", "READY", "STATUS"]
    flux_system = next(r for r in sources if r[1] == "flux-system")
    assert flux_system[2] == "ssh://git@github.com/acme/fleet-infra"
    assert flux_system[4] == "True"

    everything = run("get", "fluxcd", "-A", "-o", "name")
    assert "externalartifact.source.toolkit.fluxcd.io/platform-policies" in everything
    assert (
        "imageupdateautomation.image.toolkit.fluxcd.io/team-a-automation" in everything
    )
