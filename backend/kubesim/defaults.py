"""Structural-schema defaulting for custom resources (``default`` in openAPIV3Schema).

kube-apiserver fills absent fields that declare a ``default`` on create, update and
read; the Flux CRDs rely on it (e.g. ``status: {observedGeneration: -1}``,
``spec.timeout``).  A schema is compiled once into a small tree holding only the paths
that lead to a default, so applying it costs little per object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson


@dataclass
class _Node:
    defaults: list[tuple[str, bytes]] = field(default_factory=list)
    properties: dict[str, _Node] = field(default_factory=dict)
    items: _Node | None = None
    additional: _Node | None = None

    @property
    def empty(self) -> bool:
        return not (self.defaults or self.properties or self.items or self.additional)


def _compile(schema: Any) -> _Node | None:
    if not isinstance(schema, dict):
        return None
    node = _Node()
    for key, sub in (schema.get("properties") or {}).items():
        if not isinstance(sub, dict):
            continue
        if "default" in sub:
            node.defaults.append((key, orjson.dumps(sub["default"])))
        child = _compile(sub)
        if child is not None:
            node.properties[key] = child
    node.items = _compile(schema.get("items"))
    additional = schema.get("additionalProperties")
    node.additional = _compile(additional) if isinstance(additional, dict) else None
    return None if node.empty else node


class SchemaDefaulter:
    """Applies one version's schema defaults to objects in place."""

    def __init__(self, schema: dict[str, Any] | None) -> None:
        root = _compile(schema) if schema else None
        if root is not None:
            root.properties.pop("metadata", None)
            root.defaults = [(k, v) for k, v in root.defaults if k != "metadata"]
        self._root = root if root is not None and not root.empty else None

    @property
    def active(self) -> bool:
        return self._root is not None

    def apply(self, obj: dict[str, Any]) -> None:
        if self._root is not None:
            _apply(self._root, obj)


def _apply(node: _Node, value: Any) -> None:
    if isinstance(value, dict):
        for key, encoded in node.defaults:
            if key not in value:
                value[key] = orjson.loads(encoded)
        for key, child in node.properties.items():
            sub = value.get(key)
            if sub is not None:
                _apply(child, sub)
        if node.additional is not None:
            for key, sub in value.items():
                if key not in node.properties and sub is not None:
                    _apply(node.additional, sub)
    elif isinstance(value, list) and node.items is not None:
        for item in value:
            if item is not None:
                _apply(node.items, item)
