"""The actions benchmark runs (a few samples), so it never rots; speed lives in `make bench`."""

from __future__ import annotations

import pytest

from tests.bench.actions import run


@pytest.mark.bench
async def test_actions_benchmark_smoke() -> None:
    result = await run(samples=5)
    assert result["name"] == "actions"
    names = [item["name"] for item in result["figures"]]
    assert names == [
        "action accepted (POST reconcile → 202)",
        "reconcile round trip (→ succeeded, controller delay 0)",
    ]
    for item in result["figures"]:
        assert item["samples"] == 5
        assert 0 < item["p50"] <= item["p95"]
    assert set(result["goals"]) == {"action accepted p95 < 100 ms"}
