"""INTERIM: stand-ins for types owned by other branches (cache: FluxEvent, actions: ActionRecord).

Deleted when those branches are merged; nothing outside ``models/ws.py`` may import this.
"""

from __future__ import annotations

from pydantic import BaseModel


class FluxEvent(BaseModel):
    kind: str
    namespace: str
    name: str
    type: str
    reason: str
    message: str


class ActionRecord(BaseModel):
    id: str
    action: str
    state: str
