"""Kind-addressed access to the store for the simulated controllers and the scenario loader."""

from __future__ import annotations

from typing import Any

from kubesim.controllers.store_protocol import Obj, StoreAPI
from kubesim.crds import FluxLine, KindDef, kind_by_plural, kind_def

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

    def __init__(self, store: StoreAPI, line: FluxLine = "2.9") -> None:
        self.store = store
        self.line: FluxLine = line

    def api_version(self, kind: str) -> str:
        return kind_def(kind, self.line).api_version

    def get(self, kind: str, namespace: str | None, name: str) -> Obj | None:
        try:
            group, plural = group_plural(kind)
        except KeyError:
            return None
        return self.store.get(group, plural, namespace, name)

    def list(self, kind: str, namespace: str | None = None) -> list[Obj]:
        group, plural = group_plural(kind)
        return self.store.list(group, plural, namespace)

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
