"""Fixtures for kubesim tests: shared Flux CRDs and running simulators."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubesim.server import KubeSim, ThreadedKubeSim

from .support import shared_dir, skip_or_fail


@pytest.fixture(scope="session")
def flux_crds_dir() -> Path:
    shared = shared_dir()
    if shared is None:
        skip_or_fail("../shared/flux-crds not found (set FLUXDASH_SHARED_DIR)")
    assert shared is not None
    return shared / "flux-crds"


@pytest.fixture(scope="session")
def flux_crds(flux_crds_dir: Path) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for path in sorted(flux_crds_dir.glob("*.yaml")):
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        docs.extend(d for d in yaml.load_all(path.read_text(), Loader=loader) if d)
    return docs


@pytest.fixture
async def sim() -> AsyncIterator[KubeSim]:
    async with KubeSim("empty") as running:
        yield running


@pytest.fixture
def threaded_sim() -> Iterator[ThreadedKubeSim]:
    with ThreadedKubeSim(scenario="empty") as running:
        yield running
