"""The JSONPath subset that CRD ``additionalPrinterColumns`` use.

Supports ``.field``, ``['field']``, ``[N]``, ``[*]`` and filters
``[?(@.field=="value")]`` / ``!=`` (also ``@.a.b``), with or without surrounding ``{}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_FILTER = re.compile(
    r"""^\?\(@((?:\.[\w-]+)+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|([^)\s]+))\)$"""
)

Step = Callable[[list[Any]], list[Any]]


def _field(name: str) -> Step:
    def step(values: list[Any]) -> list[Any]:
        return [v[name] for v in values if isinstance(v, dict) and name in v]

    return step


def _index(idx: int) -> Step:
    def step(values: list[Any]) -> list[Any]:
        out = []
        for v in values:
            if isinstance(v, list) and -len(v) <= idx < len(v):
                out.append(v[idx])
        return out

    return step


def _wildcard(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if isinstance(v, list):
            out.extend(v)
        elif isinstance(v, dict):
            out.extend(v.values())
    return out


def _filter(path: list[str], negate: bool, expected: str) -> Step:
    def get(item: Any) -> Any:
        for key in path:
            if not isinstance(item, dict):
                return None
            item = item.get(key)
        return item

    def step(values: list[Any]) -> list[Any]:
        out = []
        for v in values:
            items = v if isinstance(v, list) else [v]
            for item in items:
                value = get(item)
                text = (
                    value
                    if isinstance(value, str)
                    else ("" if value is None else str(value))
                )
                if (text == expected) != negate:
                    out.append(item)
        return out

    return step


def compile_jsonpath(expression: str) -> Callable[[Any], list[Any]]:
    """Compile ``expression``; the result maps an object to the list of matches."""
    expr = expression.strip()
    if expr.startswith("{") and expr.endswith("}"):
        expr = expr[1:-1].strip()
    if expr.startswith("$"):
        expr = expr[1:]
    steps: list[Step] = []
    i = 0
    while i < len(expr):
        ch = expr[i]
        if ch == ".":
            j = i + 1
            while j < len(expr) and expr[j] not in ".[":
                j += 1
            name = expr[i + 1 : j]
            if name == "*":
                steps.append(_wildcard)
            elif name:
                steps.append(_field(name))
            i = j
        elif ch == "[":
            depth, j = 0, i
            while j < len(expr):
                if expr[j] == "[":
                    depth += 1
                elif expr[j] == "]":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = expr[i + 1 : j].strip()
            i = j + 1
            if inner == "*":
                steps.append(_wildcard)
            elif inner.lstrip("-").isdigit():
                steps.append(_index(int(inner)))
            elif inner[:1] in "'\"" and inner[-1:] == inner[:1]:
                steps.append(_field(inner[1:-1]))
            else:
                match = _FILTER.match(inner)
                if match is None:
                    raise ValueError(f"unsupported JSONPath filter {inner!r}")
                path = match.group(1).strip(".").split(".")
                expected = next((g for g in match.group(3, 4, 5) if g is not None), "")
                steps.append(_filter(path, match.group(2) == "!=", expected))
        else:
            raise ValueError(f"unsupported JSONPath {expression!r}")

    def evaluate(obj: Any) -> list[Any]:
        values = [obj]
        for step in steps:
            values = step(values)
            if not values:
                break
        return values

    return evaluate
