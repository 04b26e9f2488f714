"""Server-side printing: ``meta.k8s.io/v1 Table`` responses, as ``kubectl get`` requests.

Custom resources print ``Name`` plus their ``additionalPrinterColumns`` (``Name`` and
``Age`` when they declare none), with ``date`` columns rendered as ages ("5m", "3d4h")
the way the apiextensions table convertor does.  Built-in kinds print the columns their
real printers have (Namespace STATUS, Deployment READY/UP-TO-DATE/AVAILABLE, …).
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from kubesim.jsonpath import compile_jsonpath
from kubesim.resources import ResourceType

Obj = dict[str, Any]
Cell = Any

NAME_COLUMN = {
    "name": "Name",
    "type": "string",
    "format": "name",
    "description": "Name must be unique within a namespace. Is required when creating "
    "resources, although some resources may allow a client to request the generation of "
    "an appropriate name automatically. Name is primarily intended for creation "
    "idempotence and configuration definition. Cannot be updated. More info: "
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
    "priority": 0,
}
AGE_DESCRIPTION = (
    "CreationTimestamp is a timestamp representing the server time when this object was "
    "created. It is not guaranteed to be set in happens-before order across separate "
    "operations. Clients may not set this value. It is represented in RFC3339 form and is "
    "in UTC."
)


def _column(
    name: str,
    kind: str = "string",
    priority: int = 0,
    description: str = "",
    fmt: str = "",
) -> Obj:
    return {
        "name": name,
        "type": kind,
        "format": fmt,
        "description": description,
        "priority": priority,
    }


def parse_time(text: Any) -> float | None:
    if not isinstance(text, str) or len(text) < 19:
        return None
    try:
        return float(calendar.timegm(time.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")))
    except ValueError:
        return None


def human_duration(seconds: float) -> str:
    """k8s.io/apimachinery ``duration.HumanDuration``."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        rest = s % 60
        return f"{minutes}m" if rest == 0 else f"{minutes}m{rest}s"
    if minutes < 180:
        return f"{minutes}m"
    hours = s // 3600
    if hours < 8:
        rest = minutes % 60
        return f"{hours}h" if rest == 0 else f"{hours}h{rest}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        rest = hours % 24
        return f"{hours // 24}d" if rest == 0 else f"{hours // 24}d{rest}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        days = (hours // 24) % 365
        years = hours // 24 // 365
        return f"{years}y" if days == 0 else f"{years}y{days}d"
    return f"{hours // 24 // 365}y"


def age(timestamp: Any, now: float) -> str:
    parsed = parse_time(timestamp)
    return "<unknown>" if parsed is None else human_duration(now - parsed)


def _json_cell(kind: str, value: Any, now: float) -> Cell:
    if kind == "date":
        return age(value, now) if isinstance(value, str) else "<invalid>"
    if kind == "integer":
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if kind == "number":
        return (
            value
            if isinstance(value, int | float) and not isinstance(value, bool)
            else None
        )
    if kind == "boolean":
        return value if isinstance(value, bool) else None
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    import orjson

    return orjson.dumps(value).decode()


@lru_cache(maxsize=512)
def _compiled(path: str) -> Callable[[Any], list[Any]]:
    return compile_jsonpath(path)


# ------------------------------------------------------------------- built-ins


def _meta(obj: Obj) -> Obj:
    return obj.get("metadata") or {}


def _deployment_cells(obj: Obj, now: float) -> list[Cell]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    containers = ((spec.get("template") or {}).get("spec") or {}).get(
        "containers"
    ) or []
    selector = (spec.get("selector") or {}).get("matchLabels") or {}
    return [
        _meta(obj).get("name"),
        f"{status.get('readyReplicas', 0)}/{spec.get('replicas', 1)}",
        status.get("updatedReplicas", 0),
        status.get("availableReplicas", 0),
        age(_meta(obj).get("creationTimestamp"), now),
        ",".join(str(c.get("name", "")) for c in containers),
        ",".join(str(c.get("image", "")) for c in containers),
        ",".join(f"{k}={v}" for k, v in selector.items()) or "<none>",
    ]


def _event_cells(obj: Obj, now: float) -> list[Cell]:
    involved = obj.get("involvedObject") or {}
    last = (
        obj.get("lastTimestamp")
        or obj.get("eventTime")
        or _meta(obj).get("creationTimestamp")
    )
    first = (
        obj.get("firstTimestamp")
        or obj.get("eventTime")
        or _meta(obj).get("creationTimestamp")
    )
    source = obj.get("source") or {}
    source_text = source.get("component", "") or obj.get("reportingComponent", "")
    if source.get("host"):
        source_text += f", {source['host']}"
    return [
        age(last, now),
        obj.get("type", ""),
        obj.get("reason", ""),
        f"{str(involved.get('kind', '')).lower()}/{involved.get('name', '')}",
        involved.get("fieldPath", ""),
        source_text,
        str(obj.get("message", "")).strip(),
        age(first, now),
        obj.get("count", 1),
        _meta(obj).get("name"),
    ]


def _binding_cells(obj: Obj, now: float) -> list[Cell]:
    ref = obj.get("roleRef") or {}
    subjects = obj.get("subjects") or []

    def names(kind: str) -> str:
        return ", ".join(
            (
                f"{s.get('namespace', '')}/{s.get('name')}"
                if kind == "ServiceAccount"
                else str(s.get("name"))
            )
            for s in subjects
            if s.get("kind") == kind
        )

    return [
        _meta(obj).get("name"),
        f"{ref.get('kind')}/{ref.get('name')}",
        age(_meta(obj).get("creationTimestamp"), now),
        names("User"),
        names("Group"),
        names("ServiceAccount"),
    ]


_AGE = _column("Age", "string", description=AGE_DESCRIPTION)
_CREATED_AT = _column("Created At", "date", description=AGE_DESCRIPTION)

BuiltinPrinter = tuple[list[Obj], Callable[[Obj, float], list[Cell]]]

_BUILTIN: dict[tuple[str, str], BuiltinPrinter] = {
    ("", "namespaces"): (
        [
            NAME_COLUMN,
            _column("Status", description="The status of the namespace"),
            _AGE,
        ],
        lambda o, now: [
            _meta(o).get("name"),
            (o.get("status") or {}).get("phase", ""),
            age(_meta(o).get("creationTimestamp"), now),
        ],
    ),
    ("", "configmaps"): (
        [NAME_COLUMN, _column("Data", "string"), _AGE],
        lambda o, now: [
            _meta(o).get("name"),
            len(o.get("data") or {}) + len(o.get("binaryData") or {}),
            age(_meta(o).get("creationTimestamp"), now),
        ],
    ),
    ("", "secrets"): (
        [NAME_COLUMN, _column("Type"), _column("Data", "string"), _AGE],
        lambda o, now: [
            _meta(o).get("name"),
            o.get("type", "Opaque"),
            len(o.get("data") or {}) + len(o.get("stringData") or {}),
            age(_meta(o).get("creationTimestamp"), now),
        ],
    ),
    ("", "serviceaccounts"): (
        [NAME_COLUMN, _column("Secrets", "string"), _AGE],
        lambda o, now: [
            _meta(o).get("name"),
            len(o.get("secrets") or []),
            age(_meta(o).get("creationTimestamp"), now),
        ],
    ),
    ("apps", "deployments"): (
        [
            NAME_COLUMN,
            _column("Ready"),
            _column("Up-to-date", "string"),
            _column("Available", "string"),
            _AGE,
            _column("Containers", priority=1),
            _column("Images", priority=1),
            _column("Selector", priority=1),
        ],
        _deployment_cells,
    ),
    ("", "events"): (
        [
            _column("Last Seen"),
            _column("Type"),
            _column("Reason"),
            _column("Object"),
            _column("Subobject", priority=1),
            _column("Source", priority=1),
            _column("Message"),
            _column("First Seen", priority=1),
            _column("Count", priority=1),
            {**NAME_COLUMN, "priority": 1},
        ],
        _event_cells,
    ),
    ("rbac.authorization.k8s.io", "rolebindings"): (
        [
            NAME_COLUMN,
            _column("Role"),
            _AGE,
            _column("Users", priority=1),
            _column("Groups", priority=1),
            _column("ServiceAccounts", priority=1),
        ],
        _binding_cells,
    ),
    ("rbac.authorization.k8s.io", "clusterrolebindings"): (
        [
            NAME_COLUMN,
            _column("Role"),
            _AGE,
            _column("Users", priority=1),
            _column("Groups", priority=1),
            _column("ServiceAccounts", priority=1),
        ],
        _binding_cells,
    ),
}


def _default_printer() -> BuiltinPrinter:
    return (
        [NAME_COLUMN, _CREATED_AT],
        lambda o, now: [_meta(o).get("name"), _meta(o).get("creationTimestamp")],
    )


def _crd_printer(rtype: ResourceType, version: str) -> BuiltinPrinter:
    served = rtype.version(version)
    columns = list(served.printer_columns) if served else []
    if not columns:
        columns = [
            {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}
        ]
    definitions = [NAME_COLUMN] + [
        {
            "name": c.get("name", ""),
            "type": c.get("type", "string"),
            "format": c.get("format", ""),
            "description": c.get("description", "")
            or (
                "Custom resource definition column (in JSONPath format): "
                + c.get("jsonPath", "")
            ),
            "priority": int(c.get("priority", 0)),
        }
        for c in columns
    ]
    paths = [
        (_compiled(str(c.get("jsonPath", ""))), str(c.get("type", "string")))
        for c in columns
    ]

    def cells(obj: Obj, now: float) -> list[Cell]:
        row: list[Cell] = [_meta(obj).get("name")]
        for evaluate, kind in paths:
            try:
                results = evaluate(obj)
            except Exception:  # a bad column must not break the listing
                results = []
            row.append(_json_cell(kind, results[0], now) if results else None)
        return row

    return definitions, cells


def printer_for(rtype: ResourceType, version: str) -> BuiltinPrinter:
    if not rtype.builtin:
        return _crd_printer(rtype, version)
    return _BUILTIN.get((rtype.group, rtype.plural)) or _default_printer()


def build_table(
    rtype: ResourceType,
    version: str,
    objects: list[Obj],
    *,
    include_object: str = "Metadata",
    metadata: Obj | None = None,
    with_columns: bool = True,
    now: float | None = None,
) -> Obj:
    """A ``meta.k8s.io/v1`` Table of ``objects`` (already at ``version``)."""
    columns, cells = printer_for(rtype, version)
    current = time.time() if now is None else now
    rows = []
    for obj in objects:
        try:
            row_cells = cells(obj, current)
        except (AttributeError, TypeError, ValueError, KeyError):
            # malformed content the printer cannot read: name the object, leave the rest blank
            row_cells = [_meta(obj).get("name")] + [None] * (len(columns) - 1)
        row: Obj = {"cells": row_cells}
        if include_object == "Object":
            row["object"] = obj
        elif include_object != "None":
            row["object"] = {
                "kind": "PartialObjectMetadata",
                "apiVersion": "meta.k8s.io/v1",
                "metadata": obj.get("metadata") or {},
            }
        rows.append(row)
    return {
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": metadata or {},
        "columnDefinitions": columns if with_columns else [],
        "rows": rows,
    }
