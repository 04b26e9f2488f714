"""`make bench` never rots: the quick run (1,000 objects, a few samples) writes well-formed
results. Behaviour only; speed is what `make bench` reports, never asserted here."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.browser import chromium_available
from tests.bench.run import Config, goals

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER_FIGURES = {
    "kubesim scale:1000 up",
    "cold start → /readyz true",
    "cold start CPU",
    "RSS after sync",
    "GET /summary",
    "GET /summary (unchanged cache)",
    "GET /resources?limit=100",
    "GET /resources?limit=100 (unchanged cache)",
    "GET /resources?kind=kustomizations (all)",
    "GET detail (500-entry inventory)",
    "GET /graph (all)",
    "GET /graph?focus=…&depth=2",
    "naive GET /summary",
    "naive GET /resources?limit=100",
    "list page: naive ÷ fluxdash",
    "summary: naive ÷ fluxdash",
    "action accepted (POST reconcile → 202)",
    "reconcile round trip (→ succeeded, controller delay 0)",
    "WS change → client, 10 clients",
    "WS change → client, 30 clients",
    "memory per idle connection",
    "RSS at the end",
}
BROWSER_FIGURES = {
    "dashboard first render",
    "GET /graph at scale:1000",
    "GET /graph at scale:1000 (unchanged cache)",
    "graph laid out, 1,000 nodes",
    "graph laid out, 1,000 nodes (page load)",
}


@pytest.mark.bench
def test_quick_bench_writes_well_formed_results(tmp_path: Path) -> None:
    in_ci = os.environ.get("CI", "").lower() == "true"
    browser = chromium_available() or in_ci  # under CI a missing Chromium must fail
    env = {
        **os.environ,
        "BENCH_QUICK": "1",
        "BENCH_OUT": str(tmp_path),
        "BENCH_BROWSER": "1" if browser else "0",
    }
    env.pop("BENCH_N", None)
    proc = subprocess.run(
        [sys.executable, "-m", "tests.bench.run"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]

    results = json.loads((tmp_path / "results.json").read_text())
    assert results["problems"] == []
    assert results["config"]["quick"] is True
    assert results["config"]["n"] == 1000
    figures = {item["name"]: item for item in results["figures"]}
    assert len(figures) == len(results["figures"]), "figure names are unique"
    expected = SERVER_FIGURES | (BROWSER_FIGURES if browser else set())
    assert set(figures) == expected
    for item in results["figures"]:
        assert item["group"]
        assert item["unit"] in {"ms", "s", "MB", "kB", "ratio"}
        assert item["samples"] >= 1
        p50, p95 = item["p50"], item["p95"]
        assert isinstance(p50, float | int), item
        assert math.isfinite(p50), item
        assert isinstance(p95, float | int), item
        if item["unit"] != "ratio":  # a ratio of p95s may be below the ratio of p50s
            assert p50 <= p95, item
    assert figures["WS change → client, 30 clients"]["samples"] == 3 * 30
    assert figures["GET /resources?limit=100"]["note"].startswith("100 of 1,000 rows")
    assert (
        "500 inventory entries" in figures["GET detail (500-entry inventory)"]["note"]
    )

    judged = {goal["name"]: goal for goal in results["goals"]}
    assert set(judged) == {
        goal.name for goal in goals(Config.from_env({"BENCH_QUICK": "1"}))
    }
    for goal in results["goals"]:
        if goal["figure"] in figures:
            assert isinstance(goal["met"], bool)
            assert goal["value"] is not None
        else:
            assert goal["met"] is None
            assert goal["by"] == "not measured"

    table = (tmp_path / "results.md").read_text()
    assert table.startswith("# fluxdash benchmarks: scale:1000 (quick)")
    for name in expected:
        assert f"| {name} |" in table
    assert "| goal | value | met | by |" in table
    assert table in proc.stdout  # printed too
