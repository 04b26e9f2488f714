"""`ObjectKey`: the identity of an object across the API, the cache and the graph.

Its `id` is `Kind/namespace/name` (e.g. `Kustomization/flux-system/apps`); cluster-scoped
objects (only ever seen in inventories) have an empty namespace and the id `Kind/name`.
"""

from __future__ import annotations

from typing import NamedTuple


class ObjectKey(NamedTuple):
    kind: str
    namespace: str
    name: str

    @property
    def id(self) -> str:
        if not self.namespace:
            return f"{self.kind}/{self.name}"
        return f"{self.kind}/{self.namespace}/{self.name}"

    @classmethod
    def parse(cls, object_id: str) -> ObjectKey:
        """Inverse of `id`; ValueError when it is neither `Kind/ns/name` nor `Kind/name`."""
        parts = object_id.split("/")
        if len(parts) == 3 and all(parts):
            return cls(parts[0], parts[1], parts[2])
        if len(parts) == 2 and all(parts):
            return cls(parts[0], "", parts[1])
        raise ValueError(f"not an object id (Kind/namespace/name): {object_id!r}")

    def __str__(self) -> str:
        return self.id
