"""The harness's own logic (no browser): SPA staleness, artifact names, server settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .harness import (
    artifact_path,
    safe_artifact_name,
    scenario_overrides,
    spa_staleness,
)


def _touch(path: Path, mtime: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x")
    os.utime(path, (mtime, mtime))


def test_spa_missing_is_stale(tmp_path: Path) -> None:
    _touch(tmp_path / "src" / "main.tsx", 1_000)
    assert spa_staleness(tmp_path) == "not built"


def test_spa_newer_than_its_sources_is_fresh(tmp_path: Path) -> None:
    _touch(tmp_path / "src" / "main.tsx", 1_000)
    _touch(tmp_path / "package.json", 1_000)
    _touch(tmp_path / "dist" / "index.html", 2_000)
    assert spa_staleness(tmp_path) is None


def test_spa_older_than_a_source_is_stale_and_says_which(tmp_path: Path) -> None:
    _touch(tmp_path / "dist" / "index.html", 2_000)
    _touch(tmp_path / "src" / "pages" / "GraphPage.tsx", 3_000)
    reason = spa_staleness(tmp_path)
    assert reason is not None
    assert "GraphPage.tsx" in reason


def test_spa_ignores_files_the_build_does_not_read(tmp_path: Path) -> None:
    _touch(tmp_path / "dist" / "index.html", 2_000)
    _touch(tmp_path / "node_modules" / "x" / "index.js", 3_000)
    _touch(tmp_path / "README.md", 3_000)
    assert spa_staleness(tmp_path) is None


@pytest.mark.parametrize("name", ["", "../x", "a/b", ".hidden", "a b", "x" * 200])
def test_artifact_names_cannot_escape_the_folder(name: str) -> None:
    with pytest.raises(ValueError, match="plain file name"):
        artifact_path(name)


def test_artifact_path_is_under_artifacts() -> None:
    path = artifact_path("shell-dashboard")
    assert path.name == "shell-dashboard.png"
    assert path.parent.name == "artifacts"


def test_safe_artifact_name_from_a_node_id() -> None:
    assert (
        safe_artifact_name("failed-test_x[dark-390x844]-0")
        == "failed-test_x-dark-390x844-0"
    )
    assert artifact_path(safe_artifact_name("/../weird name/"))


def test_scenario_selects_the_embedded_cluster() -> None:
    assert scenario_overrides(None) == {"cluster_mode": "none"}
    assert scenario_overrides("demo") == {
        "cluster_mode": "embedded",
        "demo_scenario": "demo",
    }
