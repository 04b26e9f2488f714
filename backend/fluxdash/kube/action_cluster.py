"""``ActionCluster`` over the real client: fresh reads, merge patches and audit Events.

Reads and patches act as the requesting identity (``Impersonate-User``/``-Group``) when it asks
for impersonation; Events are written as fluxdash itself, like a controller's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fluxdash.kube.client import KubeClient
from fluxdash.kube.errors import ForbiddenByCluster
from fluxdash.kube.resource import EVENTS, ApiResource
from fluxdash.models.identity import Identity
from fluxdash.models.kinds import kind_by_plural

ResourceResolver = Callable[[str], ApiResource]


def preferred_resource(plural: str) -> ApiResource:
    """The Flux kind at its preferred version (used when discovery has not said otherwise)."""
    info = kind_by_plural(plural)
    return ApiResource(info.group, info.preferred_version, info.plural, info.kind)


class KubeActionCluster:
    def __init__(
        self, client: KubeClient, resource_of: ResourceResolver = preferred_resource
    ) -> None:
        self._client = client
        self._resource_of = resource_of

    def _as(self, identity: Identity) -> KubeClient:
        if identity.impersonate:
            return self._client.impersonating(identity.user, identity.groups)
        return self._client

    async def get_object(
        self, plural: str, namespace: str, name: str, identity: Identity
    ) -> dict[str, Any]:
        return await self._as(identity).get(self._resource_of(plural), namespace, name)

    async def merge_patch(
        self,
        plural: str,
        namespace: str,
        name: str,
        patch: Mapping[str, Any],
        identity: Identity,
        field_manager: str,
    ) -> dict[str, Any]:
        return await self._as(identity).merge_patch(
            self._resource_of(plural),
            namespace,
            name,
            patch,
            field_manager=field_manager,
        )

    async def ensure_allowed(
        self, verb: str, plural: str, namespace: str, identity: Identity
    ) -> None:
        resource = self._resource_of(plural)
        review = await self._as(identity).access_review(
            verb=verb,
            group=resource.group,
            resource=resource.plural,
            namespace=namespace,
        )
        if not review.allowed:
            why = f": {review.reason}" if review.reason else ""
            raise ForbiddenByCluster(
                f"forbidden: the cluster does not allow {verb} {resource.qualified_name} "
                f"in namespace {namespace!r}{why}",
                verb=verb,
                resource=resource.qualified_name,
                namespace=namespace,
            )

    async def create_event(self, namespace: str, event: Mapping[str, Any]) -> None:
        await self._client.create(EVENTS, namespace, event)
