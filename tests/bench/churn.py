"""Changes made on purpose: the Ready message of a few Kustomizations, through kubesim's API.

Each ``bump()`` merge-patches ``status.conditions`` of the next target over ``/status`` (what a
Flux controller does) with a message ending in a unique marker, so a reader can tell exactly
which change it sees. The benchmark process talks to kubesim over HTTP like any client.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

KS_PATH = (
    "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/{namespace}/kustomizations/{name}"
)


@dataclass(frozen=True, slots=True)
class Change:
    object_id: str
    marker: str


class StatusChurn:
    """Round-robin Ready-message changes on the Kustomizations named (namespace, name)."""

    def __init__(self, kubesim_url: str, targets: list[tuple[str, str]]) -> None:
        if not targets:
            raise ValueError("StatusChurn needs at least one target")
        self._http = httpx.AsyncClient(base_url=kubesim_url, timeout=30)
        self._targets = targets
        self._conditions: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._next = itertools.cycle(range(len(targets)))
        self._serial = itertools.count(1)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _conditions_of(self, namespace: str, name: str) -> list[dict[str, Any]]:
        key = (namespace, name)
        if key not in self._conditions:
            response = await self._http.get(
                KS_PATH.format(namespace=namespace, name=name)
            )
            response.raise_for_status()
            conditions = (response.json().get("status") or {}).get("conditions") or []
            if not any(c.get("type") == "Ready" for c in conditions):
                raise RuntimeError(
                    f"Kustomization {namespace}/{name} has no Ready condition to change"
                )
            self._conditions[key] = conditions
        return copy.deepcopy(self._conditions[key])

    async def bump(
        self,
        label: str = "bench",
        before_send: Callable[[Change], None] | None = None,
        message: str | None = None,
    ) -> Change:
        """Change the next target's Ready message (to ``message``, or to the old one plus a
        marker); ``before_send`` sees the change just before the PATCH."""
        namespace, name = self._targets[next(self._next)]
        marker = f"{label}-{next(self._serial):06d}"
        change = Change(f"Kustomization/{namespace}/{name}", marker)
        conditions = await self._conditions_of(namespace, name)
        for condition in conditions:
            if condition.get("type") == "Ready":
                base = str(condition.get("message", "")).split(" [", 1)[0]
                condition["message"] = message or f"{base} [{marker}]"
        if before_send is not None:
            before_send(change)
        response = await self._http.patch(
            KS_PATH.format(namespace=namespace, name=name) + "/status",
            content=orjson.dumps({"status": {"conditions": conditions}}),
            headers={"Content-Type": "application/merge-patch+json"},
        )
        response.raise_for_status()
        return change
