"""Build the OpenAPI document from the app: ``python -m fluxdash.openapi [--out PATH]``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson

from fluxdash.main import create_app
from fluxdash.models.ws import CLIENT_MESSAGE, SERVER_MESSAGE
from fluxdash.settings import Settings

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"


_REF_TEMPLATE = "#/components/schemas/{model}"


def _shape(schema: dict[str, Any]) -> tuple[object, ...]:
    return (
        schema.get("type"),
        tuple(sorted(schema.get("properties", {}))),
        tuple(sorted(schema.get("required", []))),
        tuple(schema.get("enum", [])),
    )


def _register(schemas: dict[str, Any], name: str, schema: dict[str, Any]) -> None:
    """Add a component; one FastAPI already emitted for a REST route is kept as it is."""
    existing = schemas.get(name)
    if existing is None:
        schemas[name] = schema
    elif _shape(existing) != _shape(schema):
        # Two different models with one name would make the TS types lie.
        raise RuntimeError(
            f"OpenAPI component {name!r} is generated twice with different shapes"
        )


def add_websocket_unions(spec: dict[str, Any]) -> None:
    """Put the WebSocket message unions into ``components.schemas`` (marimo's KnownUnions).

    FastAPI documents no WebSocket messages, so each union's JSON schema is generated with
    component refs, its ``$defs`` moved into the components and the union itself registered as
    ``ClientMessage`` / ``ServerMessage``; openapi-typescript then emits both as TS unions.
    """
    schemas: dict[str, Any] = spec.setdefault("components", {}).setdefault(
        "schemas", {}
    )
    unions = (
        ("ClientMessage", CLIENT_MESSAGE.json_schema(ref_template=_REF_TEMPLATE)),
        (
            "ServerMessage",
            SERVER_MESSAGE.json_schema(
                mode="serialization", ref_template=_REF_TEMPLATE
            ),
        ),
    )
    for name, schema in unions:
        for def_name, definition in schema.pop("$defs", {}).items():
            _register(schemas, def_name, definition)
        schema["description"] = (
            f"A frame of the `/api/v1/ws` WebSocket ({'client to server' if name == 'ClientMessage' else 'server to client'}), "
            "JSON text tagged by `type`."
        )
        _register(schemas, name, schema)


def build_spec() -> dict[str, Any]:
    app = create_app(Settings(cluster_mode="none"))
    spec: dict[str, Any] = app.openapi()
    add_websocket_unions(spec)
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
