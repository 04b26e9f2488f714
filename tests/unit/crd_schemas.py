"""Access to the real Flux CRDs in `../shared/` (or `$FLUXDASH_SHARED_DIR`).

Tests that need them skip when they are missing, and fail instead when `CI=true`.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
LATEST_DIR = "flux-crds"
FLUX_26_DIR = "flux-crds-2.6"


def shared_dir() -> Path:
    """The shared reference directory; skips (or fails under CI=true) when missing."""
    env = os.environ.get("FLUXDASH_SHARED_DIR")
    candidates = [Path(env)] if env else []
    candidates.append(REPO_ROOT.parent / "shared")
    for candidate in candidates:
        if (candidate / LATEST_DIR).is_dir():
            return candidate
    message = f"Flux CRDs not found in {', '.join(str(c) for c in candidates)}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (required when CI=true; set FLUXDASH_SHARED_DIR)")
    pytest.skip(message)


@cache
def _load_dir(path: str) -> dict[str, dict[str, Any]]:
    """Kind → CRD document for every CRD YAML file in `path`."""
    crds: dict[str, dict[str, Any]] = {}
    for file in sorted(Path(path).glob("*.yaml")):
        for doc in yaml.safe_load_all(file.read_text()):
            if isinstance(doc, dict) and doc.get("kind") == "CustomResourceDefinition":
                crds[doc["spec"]["names"]["kind"]] = doc
    return crds


def crds(directory: str) -> dict[str, dict[str, Any]]:
    return _load_dir(str(shared_dir() / directory))


def version_schema(directory: str, kind: str, version: str) -> dict[str, Any] | None:
    """The openAPIV3Schema of `kind` at `version` in `directory`, or None if not served."""
    crd = crds(directory).get(kind)
    if crd is None:
        return None
    for v in crd["spec"]["versions"]:
        if v["name"] == version and v.get("served", False):
            schema: dict[str, Any] = v["schema"]["openAPIV3Schema"]
            return schema
    return None


def schema_has_path(schema: dict[str, Any], path: tuple[str, ...]) -> bool:
    """Whether `path` (property names, `[]` for array items, `{}` for map values) exists."""
    node: dict[str, Any] | None = schema
    for part in path:
        if node is None:
            return False
        if part == "[]":
            node = node.get("items")
        elif part == "{}":
            extra = node.get("additionalProperties")
            node = extra if isinstance(extra, dict) else None
        else:
            node = (node.get("properties") or {}).get(part)
    return node is not None
