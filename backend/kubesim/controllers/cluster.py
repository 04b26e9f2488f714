"""Kind-addressed access to the store for the simulated controllers and the scenario loader."""

from __future__ import annotations

from typing import Any

from kubesim.crds import FluxLine, KindDef, kind_by_plural, kind_def
from kubesim.errors import NotFound
from kubesim.store import Obj, Store

# Kinds a Flux object may point at that are not Flux kinds.
_BUILTIN = {
    "Namespace": ("", "namespaces"),
    "Secret": ("", "secrets"),
    "ConfigMap": ("", "configmaps"),
    "ServiceAccount": ("", "serviceaccounts"),
    "Deployment": ("apps", "deployments"),
    "Event": ("", "events"),
}


def group_plural(kind: str) -> tuple[str, str]:
    """``(group, plural)`` of a Flux or built-in kind; KeyError for unknown kinds."""
    if kind in _BUILTIN:
        return _BUILTIN[kind]
    k = kind_def(kind)
    return k.group, k.plural


def flux_kind_of(group: str, plural: str) -> KindDef | None:
    """The Flux kind served at ``group``/``plural`` (any line), or None."""
    return kind_by_plural(group, plural, "2.9") or kind_by_plural(group, plural, "2.6")


class Cluster:
    """The store, addressed by kind name; objects written at ``line``'s storage versions."""

    def __init__(
        self, store: Store, line: FluxLine = "2.9", *, copy: bool = True
    ) -> None:
        """``copy=False`` hands out the store's shared objects (scenario loading, which only
        reads them); the running controllers keep the default, private copies."""
        self.store = store
        self.line: FluxLine = line
        self._copy = copy

    def api_version(self, kind: str) -> str:
        return kind_def(kind, self.line).api_version

    def served(self, kind: str) -> bool:
        try:
            group, plural = group_plural(kind)
        except KeyError:
            return False
        return self.store.resource_type(group, plural) is not None

    def get(self, kind: str, namespace: str | None, name: str) -> Obj | None:
        """The object, or None when it (or its kind) does not exist."""
        if not self.served(kind):
            return None
        group, plural = group_plural(kind)
        if self._copy:
            return self.store.get(group, plural, namespace, name)
        return self.store.lookup(group, plural, namespace, name)

    def list(self, kind: str, namespace: str | None = None) -> list[Obj]:
        """The objects of ``kind`` (empty when the kind is not served)."""
        if not self.served(kind):
            return []
        group, plural = group_plural(kind)
        try:
            return self.store.list(group, plural, namespace)
        except NotFound:
            return []

    def create(self, obj: Obj) -> Obj:
        group, plural = group_plural(str(obj["kind"]))
        return self.store.create(group, plural, obj)

    def patch_status(self, obj: Obj, status: dict[str, Any]) -> Obj:
        group, plural = group_plural(str(obj["kind"]))
        meta = obj["metadata"]
        return self.store.patch(
            group,
            plural,
            meta.get("namespace"),
            meta["name"],
            {"status": status},
            patch_type="merge",
            subresource="status",
        )

    def patch(self, obj: Obj, patch: dict[str, Any]) -> Obj:
        group, plural = group_plural(str(obj["kind"]))
        meta = obj["metadata"]
        return self.store.patch(
            group, plural, meta.get("namespace"), meta["name"], patch
        )
