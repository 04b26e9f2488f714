"""Helpers shared by kubesim tests: locating ../shared and kubectl, CI-aware skipping."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str) -> None:
    """Skip locally, fail under CI=true (missing prerequisites must not hide in CI)."""
    if in_ci():
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


def shared_dir() -> Path | None:
    env = os.environ.get("FLUXDASH_SHARED_DIR")
    candidates = [Path(env)] if env else []
    candidates.append(REPO_ROOT.parent / "shared")
    for candidate in candidates:
        if (candidate / "flux-crds").is_dir():
            return candidate
    return None


def kubectl_binaries() -> list[str]:
    """kubectl.1.27 and kubectl.1.33 beside kubectl when they exist, else kubectl."""
    found = shutil.which("kubectl")
    if found is None:
        return []
    dirs = [Path(found).parent, Path(os.path.realpath(found)).parent]
    versioned: list[str] = []
    for name in ("kubectl.1.27", "kubectl.1.33"):
        for directory in dirs:
            candidate = directory / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                versioned.append(str(candidate))
                break
    return versioned or [found]


def require_openssl() -> None:
    """kubesim's ``tls=True`` makes its certificate with the openssl CLI."""
    if shutil.which("openssl") is None:
        skip_or_fail("the openssl command is not installed")
