"""The committed OpenAPI spec and the TypeScript types generated from it match the code."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from fluxdash.openapi import SPEC_PATH, build_spec, render_spec

REPO = Path(__file__).resolve().parents[2]
TS_TYPES = REPO / "frontend" / "src" / "api" / "schema.gen.ts"
GENERATOR = REPO / "frontend" / "node_modules" / ".bin" / "openapi-typescript"


def test_openapi_spec_is_up_to_date() -> None:
    committed = SPEC_PATH.read_text() if SPEC_PATH.exists() else ""
    assert render_spec(build_spec()) == committed, (
        "openapi/openapi.json is out of date with the API: run `make openapi` and commit the result"
    )


def test_typescript_types_are_up_to_date(tmp_path: Path) -> None:
    if not GENERATOR.exists() or shutil.which("node") is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "frontend dependencies are not installed (openapi-typescript missing)"
            )
        pytest.skip("frontend dependencies are not installed; run `make install`")
    out = tmp_path / "schema.gen.ts"
    subprocess.run(
        [str(GENERATOR), str(SPEC_PATH), "-o", str(out)],
        check=True,
        capture_output=True,
        cwd=REPO / "frontend",
        timeout=120,
    )
    assert out.read_text() == TS_TYPES.read_text(), (
        "frontend/src/api/schema.gen.ts is out of date with openapi/openapi.json: run `make openapi`"
    )


def test_operation_ids_are_unique_readable_names() -> None:
    spec = build_spec()
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    for operation_id in ids:
        assert operation_id.isidentifier(), operation_id
        assert operation_id.islower(), operation_id


def test_every_route_documents_a_summary() -> None:
    spec = build_spec()
    for path, item in spec["paths"].items():
        for method, op in item.items():
            assert op.get("summary"), f"{method.upper()} {path} has no summary"
