"""Fixtures: a kubesim in the test's loop, and fluxdash served over real HTTP against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from kubesim.server import KubeSim
from tests.api.fleet import install_crds, install_fleet
from tests.api.harness import RunningApp, serve, settings_for, wait_ready


@pytest.fixture
async def empty_sim() -> AsyncIterator[KubeSim]:
    sim = KubeSim(scenario="empty")
    await sim.start()
    try:
        yield sim
    finally:
        await sim.stop()


@pytest.fixture
async def fleet_sim(empty_sim: KubeSim) -> KubeSim:
    install_crds(empty_sim)
    install_fleet(empty_sim)
    return empty_sim


@pytest.fixture
async def fleet_app(fleet_sim: KubeSim, tmp_path: Path) -> AsyncIterator[RunningApp]:
    async with serve(settings_for(fleet_sim, tmp_path)) as running:
        await wait_ready(running)
        yield running


async def _scenario_app(
    scenario: str, tmp_path: Path
) -> AsyncIterator[tuple[KubeSim, RunningApp]]:
    sim = KubeSim(scenario=scenario)
    await sim.start()
    try:
        async with serve(settings_for(sim, tmp_path)) as running:
            await wait_ready(running)
            yield sim, running
    finally:
        await sim.stop()


@pytest.fixture
async def demo(tmp_path: Path) -> AsyncIterator[tuple[KubeSim, RunningApp]]:
    """The `demo` scenario (controllers not living under pytest: states are as documented)."""
    async for pair in _scenario_app("demo", tmp_path):
        yield pair


@pytest.fixture
async def flux26(tmp_path: Path) -> AsyncIterator[tuple[KubeSim, RunningApp]]:
    async for pair in _scenario_app("flux-2.6", tmp_path):
        yield pair
