"""INTERIM: stand-ins for types owned by other branches (models, cache, actions).

Deleted when those branches are merged; nothing outside ``models/ws.py`` may import this.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

FluxKindPlural = Literal[
    "gitrepositories",
    "ocirepositories",
    "helmrepositories",
    "helmcharts",
    "buckets",
    "externalartifacts",
    "kustomizations",
    "helmreleases",
    "alerts",
    "providers",
    "receivers",
    "imagerepositories",
    "imagepolicies",
    "imageupdateautomations",
]


class ResourceRow(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    id: str
    kind: str
    plural: str
    namespace: str
    name: str
    health: str = "Unknown"
    message: str = ""


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
