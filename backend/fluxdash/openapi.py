"""Build the OpenAPI document from the app: ``python -m fluxdash.openapi [--out PATH]``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson

from fluxdash.main import create_app
from fluxdash.settings import Settings

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"


def build_spec() -> dict[str, Any]:
    app = create_app(Settings(cluster_mode="none"))
    spec: dict[str, Any] = app.openapi()
    return spec


def render_spec(spec: dict[str, Any]) -> str:
    return (
        orjson.dumps(spec, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()
        + "\n"
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render_spec(build_spec())
    if args[:1] == ["--out"] and len(args) == 2:
        Path(args[1]).write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
