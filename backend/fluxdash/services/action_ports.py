"""What the action service needs from the world, as two small protocols.

``ActionCluster`` is implemented in ``fluxdash.kube`` (fresh reads and writes, with the caller's
identity); ``ObservedObjects`` by an adapter over the watch-fed cache. Tests use fakes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from fluxdash.models.identity import Identity

FIELD_MANAGER = "fluxdash"
"""Field manager of every patch. Never ``kubectl…``: kustomize-controller strips fields owned
by such managers when it re-applies Flux objects it manages (FLUX.md §10)."""


class ActionCluster(Protocol):
    """Reads and writes against the cluster. Errors are ``fluxdash.errors.AppError`` subclasses:
    ``NotFound``, ``Forbidden`` (naming verb, resource and namespace), ``Conflict``, …"""

    async def get_object(
        self, plural: str, namespace: str, name: str, identity: Identity
    ) -> dict[str, Any]:
        """GET the object as raw JSON (impersonating ``identity`` when it asks for it)."""
        ...

    async def merge_patch(
        self,
        plural: str,
        namespace: str,
        name: str,
        patch: Mapping[str, Any],
        identity: Identity,
        field_manager: str,
    ) -> dict[str, Any]:
        """JSON merge patch (``application/merge-patch+json``); returns the patched object."""
        ...

    async def ensure_allowed(
        self, verb: str, plural: str, namespace: str, identity: Identity
    ) -> None:
        """Raise ``Forbidden`` (naming verb/resource/namespace) unless ``identity`` may do it."""
        ...

    async def create_event(self, namespace: str, event: Mapping[str, Any]) -> None:
        """Create a core/v1 Event as fluxdash itself (not impersonating)."""
        ...


class ObservedObjects(Protocol):
    """The objects as the watch currently sees them."""

    def raw(self, object_id: str) -> Mapping[str, Any] | None:
        """The raw object for ``Kind/namespace/name``, or None when not (or no longer) there."""
        ...

    def subscribe(self, callback: Callable[[str], None]) -> Callable[[], None]:
        """Call ``callback(object_id)`` after each change; returns the unsubscribe function."""
        ...
