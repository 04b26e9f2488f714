"""The watch-fed cache as the action service and the blast radius see it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fluxdash.kube.action_cluster import KubeActionCluster, preferred_resource
from fluxdash.kube.client import KubeClient
from fluxdash.kube.resource import ApiResource
from fluxdash.services.actions import ActionService
from fluxdash.services.cache import CacheChange, FluxCache
from fluxdash.services.impact import HealthView


class ActionCacheView:
    """``ObservedObjects`` and ``ImpactSource`` over :class:`FluxCache`."""

    def __init__(self, cache: FluxCache) -> None:
        self._cache = cache

    def raw(self, object_id: str) -> Mapping[str, Any] | None:
        cached = self._cache.get_by_id(object_id)
        return cached.raw if cached is not None else None

    def subscribe(self, callback: Callable[[str], None]) -> Callable[[], None]:
        def on_change(change: CacheChange) -> None:
            for row in change.upserts:
                callback(row.id)
            for object_id in change.deletes:
                callback(object_id)

        return self._cache.subscribe(on_change)

    def health(self, object_id: str) -> HealthView | None:
        cached = self._cache.get_by_id(object_id)
        if cached is None:
            return None
        row = cached.row
        return HealthView(
            row.health, row.health_reason or "", row.message, row.suspended
        )

    def dependents_by_relation(self, object_id: str) -> list[tuple[str, str]]:
        return [
            (str(relation), oid)
            for relation, oid in self._cache.dependents_by_relation(object_id)
        ]


def build_action_service(
    client: KubeClient, cache: FluxCache, *, timeout_seconds: float
) -> ActionService:
    """The action service of a connected runtime (patching the versions the cache watches)."""

    def resource_of(plural: str) -> ApiResource:
        preferred = preferred_resource(plural)
        state = cache.kinds_state.get(plural)
        if state is not None and state.served_version:
            return preferred.with_version(state.served_version)
        return preferred

    view = ActionCacheView(cache)
    service = ActionService(
        KubeActionCluster(client, resource_of), view, timeout_seconds=timeout_seconds
    )
    service.start()
    return service
