"""metav1.Condition lists the way Flux writes them (FLUX.md §3, §5.1).

``Reconciling`` and ``Stalled`` are "abnormal-true" conditions: present only while True.
"""

from __future__ import annotations

from typing import Any

Condition = dict[str, Any]

READY = "Ready"
RECONCILING = "Reconciling"
STALLED = "Stalled"


def condition(
    type_: str,
    status: str,
    reason: str,
    message: str,
    *,
    at: str,
    generation: int | None = None,
) -> Condition:
    out: Condition = {
        "type": type_,
        "status": status,
        "lastTransitionTime": at,
        "reason": reason,
        "message": message,
    }
    if generation is not None:
        out["observedGeneration"] = generation
    return out


def find(conditions: list[Condition] | None, type_: str) -> Condition | None:
    for c in conditions or ():
        if c.get("type") == type_:
            return c
    return None


def is_true(conditions: list[Condition] | None, type_: str) -> bool:
    c = find(conditions, type_)
    return c is not None and c.get("status") == "True"


def upsert(conditions: list[Condition], new: Condition) -> list[Condition]:
    """Replace the condition of ``new``'s type (keeping its lastTransitionTime when the status
    did not change, as apimachinery's SetStatusCondition does) or append it."""
    out: list[Condition] = []
    placed = False
    for c in conditions:
        if c.get("type") == new["type"]:
            merged = dict(new)
            if c.get("status") == new["status"] and c.get("lastTransitionTime"):
                merged["lastTransitionTime"] = c["lastTransitionTime"]
            out.append(merged)
            placed = True
        else:
            out.append(c)
    if not placed:
        out.append(new)
    return out


def remove(conditions: list[Condition], *types: str) -> list[Condition]:
    return [c for c in conditions if c.get("type") not in types]


def ordered(conditions: list[Condition]) -> list[Condition]:
    """Flux's summarize helpers write Ready first, then the abnormal-true ones, then the rest."""
    rank = {READY: 0, STALLED: 1, RECONCILING: 2}
    return sorted(conditions, key=lambda c: rank.get(str(c.get("type")), 3))
