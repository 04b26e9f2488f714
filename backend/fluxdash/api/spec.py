"""Touches to FastAPI's generated OpenAPI document that make it describe the wire truthfully."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI


def _drop_null_branch(schema: dict[str, Any]) -> dict[str, Any]:
    """`anyOf: [X, {type: null}]` → X: a query or path parameter is either absent or a
    string on the wire; it can never be JSON null (and generated clients read better)."""
    branches = schema.get("anyOf")
    if not isinstance(branches, list) or len(branches) != 2:
        return schema
    rest = [b for b in branches if b != {"type": "null"}]
    if len(rest) != 1:
        return schema
    merged = {k: v for k, v in schema.items() if k != "anyOf"}
    merged.update(rest[0])
    return merged


def install_openapi(app: FastAPI) -> None:
    """Serve (and export) the cleaned-up document, built once."""

    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        spec = generate()
        for operations in spec.get("paths", {}).values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    if (
                        parameter.get("in") in ("query", "path")
                        and "schema" in parameter
                    ):
                        parameter["schema"] = _drop_null_branch(parameter["schema"])
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented override hook
