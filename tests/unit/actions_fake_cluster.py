"""An in-memory stand-in for the cluster and the watch-fed cache, for action tests.

It implements ``ActionCluster`` and ``ObservedObjects``; a tiny controller (``settle``) plays
the Flux controllers' part when a test asks it to, or automatically with ``auto_settle``.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fluxdash.errors import Conflict, Forbidden, NotFound
from fluxdash.models.identity import Identity
from fluxdash.models.kinds import KINDS, kind_by_name, kind_by_plural
from fluxdash.services.cache import FluxCache, KindState

REQUESTED_AT = "reconcile.fluxcd.io/requestedAt"


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch."""
    if not isinstance(patch, Mapping):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, Mapping) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def flux_object(
    kind: str,
    namespace: str,
    name: str,
    spec: dict[str, Any] | None = None,
    *,
    ready: bool | None = True,
    suspend: bool = False,
    handled: str | None = None,
    api_version: str | None = None,
) -> dict[str, Any]:
    rules = kind_by_name(kind)
    group = {
        "Kustomization": "kustomize.toolkit.fluxcd.io/v1",
        "HelmRelease": "helm.toolkit.fluxcd.io/v2",
        "Alert": "notification.toolkit.fluxcd.io/v1beta3",
        "Provider": "notification.toolkit.fluxcd.io/v1beta3",
        "Receiver": "notification.toolkit.fluxcd.io/v1",
    }.get(kind)
    if group is None:
        group = (
            "image.toolkit.fluxcd.io/v1"
            if rules.plural.startswith("image")
            else "source.toolkit.fluxcd.io/v1"
        )
    obj: dict[str, Any] = {
        "apiVersion": api_version or group,
        "kind": kind,
        "metadata": {
            "name": name,
            "namespace": namespace,
            "uid": f"uid-{kind}-{namespace}-{name}",
            "generation": 1,
            "resourceVersion": "1",
        },
        "spec": {"interval": "10m", **(spec or {})}
        if rules.has_status
        else dict(spec or {}),
    }
    if suspend:
        obj["spec"]["suspend"] = True
    if rules.has_status and ready is not None:
        obj["status"] = {
            "observedGeneration": 1,
            "conditions": [
                {
                    "type": "Ready",
                    "status": "True" if ready else "False",
                    "reason": "Succeeded" if ready else "Failed",
                    "message": "ok" if ready else "broken",
                    "observedGeneration": 1,
                }
            ],
        }
        if handled is not None:
            obj["status"]["lastHandledReconcileAt"] = handled
    return obj


@dataclass
class PatchCall:
    plural: str
    namespace: str
    name: str
    body: dict[str, Any]
    identity: Identity
    field_manager: str


@dataclass
class FakeCluster:
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    patches: list[PatchCall] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    denied: set[tuple[str, str, str]] = field(default_factory=set)
    """(verb, plural, namespace) the identity may not do."""
    conflicts: int = 0
    """How many of the next patches answer 409."""
    auto_settle: bool = False
    """Play the controllers: settle every patched object right after the patch."""
    settle_outcomes: dict[str, tuple[bool, str]] = field(default_factory=dict)
    """Object id → (ready, message) that ``auto_settle`` writes."""
    gets: int = 0
    before_patch: Callable[[str], None] | None = None
    """Called with the object id just before a patch is applied (to stage races)."""
    cache: FluxCache | None = None
    """When attached (``attach_cache``), every change is applied to it like a watch event."""
    _subscribers: list[Callable[[str], None]] = field(default_factory=list)
    _rv: int = 1

    # -- set-up ---------------------------------------------------------------------------

    def add(self, obj: dict[str, Any]) -> str:
        meta = obj["metadata"]
        object_id = f"{obj['kind']}/{meta['namespace']}/{meta['name']}"
        self.objects[object_id] = obj
        return object_id

    def attach_cache(self, cache: FluxCache) -> FluxCache:
        """Feed a real FluxCache: every kind served at its preferred version, then events."""
        cache.configure_kinds(
            {info.plural: KindState(info.preferred_version) for info in KINDS}
        )
        for info in KINDS:
            cache.replace_kind(
                info.plural,
                [o for o in self.objects.values() if o["kind"] == info.kind],
            )
        self.cache = cache
        return cache

    def _id(self, plural: str, namespace: str, name: str) -> str:
        return f"{kind_by_plural(plural).kind}/{namespace}/{name}"

    def _check(self, verb: str, plural: str, namespace: str) -> None:
        if (verb, plural, namespace) in self.denied:
            raise Forbidden(
                f"forbidden: the cluster does not allow {verb} {plural} in namespace {namespace!r}"
            )

    # -- ActionCluster --------------------------------------------------------------------

    async def get_object(
        self, plural: str, namespace: str, name: str, identity: Identity
    ) -> dict[str, Any]:
        self.gets += 1
        self._check("get", plural, namespace)
        obj = self.objects.get(self._id(plural, namespace, name))
        if obj is None:
            raise NotFound(f"{plural} {name!r} not found in namespace {namespace!r}")
        return copy.deepcopy(obj)

    async def merge_patch(
        self,
        plural: str,
        namespace: str,
        name: str,
        patch: Mapping[str, Any],
        identity: Identity,
        field_manager: str,
    ) -> dict[str, Any]:
        self._check("patch", plural, namespace)
        object_id = self._id(plural, namespace, name)
        obj = self.objects.get(object_id)
        if obj is None:
            raise NotFound(f"{plural} {name!r} not found in namespace {namespace!r}")
        if self.conflicts > 0:
            self.conflicts -= 1
            raise Conflict(f"conflict on patch {plural} {name!r}")
        if self.before_patch is not None:
            self.before_patch(object_id)
            obj = self.objects[object_id]
        self.patches.append(
            PatchCall(
                plural,
                namespace,
                name,
                copy.deepcopy(dict(patch)),
                identity,
                field_manager,
            )
        )
        updated = merge_patch(obj, patch)
        if updated.get("spec") != obj.get("spec"):
            updated["metadata"]["generation"] = obj["metadata"]["generation"] + 1
        self.objects[object_id] = updated
        self.touch(object_id)
        if self.auto_settle:
            asyncio.get_running_loop().call_soon(self.settle, object_id)
        return copy.deepcopy(updated)

    async def ensure_allowed(
        self, verb: str, plural: str, namespace: str, identity: Identity
    ) -> None:
        self._check(verb, plural, namespace)

    async def create_event(self, namespace: str, event: Mapping[str, Any]) -> None:
        self._check("create", "events", namespace)
        self.events.append(copy.deepcopy(dict(event)))

    # -- ObservedObjects ------------------------------------------------------------------

    def raw(self, object_id: str) -> Mapping[str, Any] | None:
        return self.objects.get(object_id)

    def subscribe(self, callback: Callable[[str], None]) -> Callable[[], None]:
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback)

    # -- the controllers ------------------------------------------------------------------

    def touch(self, object_id: str) -> None:
        self._rv += 1
        self.objects[object_id]["metadata"]["resourceVersion"] = str(self._rv)
        if self.cache is not None:
            obj = self.objects[object_id]
            plural = kind_by_name(obj["kind"]).plural
            self.cache.apply(plural, "MODIFIED", copy.deepcopy(obj))
        for callback in list(self._subscribers):
            callback(object_id)

    def delete(self, object_id: str) -> None:
        obj = self.objects.pop(object_id)
        if self.cache is not None:
            self.cache.apply(kind_by_name(obj["kind"]).plural, "DELETED", obj)
        for callback in list(self._subscribers):
            callback(object_id)

    def set_status(self, object_id: str, **status: Any) -> None:
        self.objects[object_id].setdefault("status", {}).update(status)
        self.touch(object_id)

    def settle(
        self, object_id: str, ready: bool | None = None, message: str | None = None
    ) -> None:
        """Handle the pending request like a Flux controller: copy requestedAt, set Ready."""
        obj = self.objects.get(object_id)
        if obj is None or obj.get("spec", {}).get("suspend") is True:
            return
        outcome_ready, outcome_message = self.settle_outcomes.get(
            object_id, (True, "ok")
        )
        ready = outcome_ready if ready is None else ready
        message = outcome_message if message is None else message
        if not kind_by_name(obj["kind"]).has_status:
            return
        generation = obj["metadata"]["generation"]
        status = obj.setdefault("status", {})
        token = obj["metadata"].get("annotations", {}).get(REQUESTED_AT)
        if token is not None:
            status["lastHandledReconcileAt"] = token
        if ready:
            status["observedGeneration"] = generation
        status["conditions"] = [
            {
                "type": "Ready",
                "status": "True" if ready else "False",
                "reason": "Succeeded" if ready else "ReconciliationFailed",
                "message": message,
                "observedGeneration": generation,
            }
        ]
        self.touch(object_id)
