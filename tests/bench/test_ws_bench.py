"""The WebSocket benchmark runs (small), so it never rots; speed lives in `make bench`."""

from __future__ import annotations

import pytest

from tests.bench.ws_latency import run


@pytest.mark.bench
async def test_ws_benchmark_smoke() -> None:
    result = await run(
        client_counts=(3, 5), changes=3, interval=0.1, objects=20, settle=0.3
    )
    assert result["name"] == "websocket"
    latency = [f for f in result["figures"] if f["unit"] == "ms"]
    assert [f["clients"] for f in latency] == [3, 5]
    for item in latency:
        assert item["delivered"] == f"{item['clients'] * 3}/{item['clients'] * 3}"
        assert 0 < item["p50"] <= item["p95"]
        assert item["server_cpu_ms_per_change"] > 0
    (memory,) = [f for f in result["figures"] if f["unit"] == "KiB"]
    assert memory["samples"] == 5
    assert set(result["goals"]) == {"p95 < 250 ms at 5 clients"}
