"""The single source of truth of kubesim: every object, the resourceVersion counter and
the bounded watch history.

Objects are plain JSON dicts.  Stored dicts are never mutated after they are committed
(every write builds a new dict), so readers inside kubesim share them without copying;
the public methods hand out deep copies, so callers may mutate what they get.

Semantics follow kube-apiserver:

- one global resourceVersion counter (an integer, rendered as an opaque string);
- ``create`` assigns ``uid``, ``creationTimestamp``, ``resourceVersion`` and
  ``generation: 1`` (kinds that track generation: custom resources, Deployments, CRDs);
- ``metadata.generation`` bumps when anything outside ``metadata`` changes, and outside
  ``status`` too when the kind has a status subresource; with a status subresource the
  main resource ignores ``status`` on create/update/patch and only ``subresource="status"``
  writes it (and nothing else);
- an update that changes nothing is a no-op: no new resourceVersion, no event;
- ``delete`` of an object with finalizers sets ``deletionTimestamp``; removing the last
  finalizer then deletes it; namespaces go ``Terminating``, their objects are deleted,
  and they disappear once empty; deleting a CRD deletes its objects and stops serving it;
- structural-schema ``default`` values of custom resources are applied on every write.

The store is not thread-safe: use it from the event loop that runs the server (see
``ThreadedKubeSim.call`` for other threads).
"""

from __future__ import annotations

import bisect
import builtins
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from kubesim import customresources
from kubesim.defaults import SchemaDefaulter
from kubesim.encoding import copy_obj, deep_copy, dumps
from kubesim.errors import (
    BadRequest,
    Conflict,
    Expired,
    Forbidden,
    MethodNotAllowed,
    NotFound,
    StoreError,
    UnsupportedMediaType,
    already_exists,
    conflict,
    invalid,
    not_found,
)
from kubesim.names import label_key_errors, label_value_errors, name_errors
from kubesim.patches import json_patch, merge_patch, strategic_merge_patch
from kubesim.resources import (
    ResourceType,
    builtin_resource_types,
    resource_types_from_crd,
)
from kubesim.validation import validate_builtin

log = logging.getLogger(__name__)

Obj = dict[str, Any]
EventType = Literal["ADDED", "MODIFIED", "DELETED"]
PatchType = Literal["merge", "json", "strategic"]

SYSTEM_NAMESPACES = frozenset({"default", "kube-system", "kube-public"})
_ALWAYS_KEPT_META = (
    "uid",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
)


@dataclass(frozen=True)
class WatchEvent:
    """One committed change.  ``obj`` and ``old`` are shared: never mutate them."""

    type: EventType
    group: str
    plural: str
    obj: Obj
    old: Obj | None

    @property
    def resource_version(self) -> int:
        return int(self.obj["metadata"]["resourceVersion"])


@dataclass(frozen=True)
class ListPage:
    """A page of a list: shared objects, the last key when more follow, and how many
    items remain (known only without a selector)."""

    items: list[Obj]
    last_key: tuple[str, str] | None
    remaining: int | None


class _Collection:
    """The objects of one resource type, by namespace ("" when cluster-scoped) and name."""

    __slots__ = ("_items", "_sorted", "encoded", "last_change", "objects", "rtype")

    def __init__(self, rtype: ResourceType) -> None:
        self.rtype = rtype
        self.objects: dict[str, dict[str, Obj]] = {}
        self.encoded: dict[tuple[str, str], tuple[Obj, bytes]] = {}
        self.last_change = 0
        self._sorted: list[tuple[str, str]] | None = None
        self._items: list[Obj] | None = None

    def get(self, namespace: str, name: str) -> Obj | None:
        bucket = self.objects.get(namespace)
        return bucket.get(name) if bucket is not None else None

    def put(self, namespace: str, name: str, obj: Obj, rv: int) -> None:
        bucket = self.objects.setdefault(namespace, {})
        if name not in bucket:
            self._sorted = None
        bucket[name] = obj
        self._items = None
        self.last_change = rv

    def remove(self, namespace: str, name: str, rv: int) -> None:
        bucket = self.objects.get(namespace)
        if bucket is not None and bucket.pop(name, None) is not None:
            self._sorted = None
            self._items = None
            if not bucket:
                del self.objects[namespace]
        self.encoded.pop((namespace, name), None)
        self.last_change = rv

    def __len__(self) -> int:
        return sum(len(bucket) for bucket in self.objects.values())

    def sorted_keys(self, namespace: str | None = None) -> list[tuple[str, str]]:
        """(namespace, name) keys in etcd's order (cached for the whole collection)."""
        if namespace is not None:
            bucket = self.objects.get(namespace)
            return [(namespace, name) for name in sorted(bucket)] if bucket else []
        if self._sorted is None:
            self._sorted = sorted(
                (ns, name) for ns, bucket in self.objects.items() for name in bucket
            )
        return self._sorted

    def items(self, namespace: str | None) -> builtins.list[Obj]:
        """Objects sorted by (namespace, name), like etcd's key order (shared list)."""
        if namespace is not None:
            bucket = self.objects.get(namespace)
            return [bucket[name] for name in sorted(bucket)] if bucket else []
        if self._items is None:
            objects = self.objects
            self._items = [objects[ns][name] for ns, name in self.sorted_keys()]
        return self._items

    def encode(self, obj: Obj) -> bytes:
        """The JSON of a stored object, cached until the object is replaced."""
        meta = obj["metadata"]
        key = (meta.get("namespace") or "", meta["name"])
        cached = self.encoded.get(key)
        if cached is not None and cached[0] is obj:
            return cached[1]
        data = dumps(obj)
        if self.get(*key) is obj:
            self.encoded[key] = (obj, data)
        return data


class Store:
    """In-memory object store with kube-apiserver semantics (see module docstring)."""

    def __init__(
        self, *, watch_history: int = 5000, clock: Callable[[], float] = time.time
    ) -> None:
        if watch_history < 1:
            raise ValueError("watch_history must be at least 1")
        self._clock = clock
        self._rv = 0
        self._collections: dict[tuple[str, str], _Collection] = {}
        self._served: dict[tuple[str, str], ResourceType] = {}
        self._defaulters: dict[tuple[str, str], SchemaDefaulter] = {}
        # history[head:] are the retained events, in resourceVersion order
        self._history: list[WatchEvent] = []
        self._history_rvs: list[int] = []
        self._history_head = 0
        self._history_limit = watch_history
        self._history_floor = 0
        self._subscribers: list[Callable[[WatchEvent], None]] = []
        self._terminating: set[str] = set()
        self._time_cache: tuple[int, str] = (-1, "")
        for rtype in builtin_resource_types():
            self._register(rtype)

    # ------------------------------------------------------------------ public API

    @property
    def resource_version(self) -> str:
        """The current (latest committed) resourceVersion."""
        return str(self._rv)

    @property
    def history_floor(self) -> int:
        """Watches from a resourceVersion lower than this get 410 Expired."""
        return self._history_floor

    def now(self) -> str:
        """The store's clock as an RFC 3339 timestamp (seconds, UTC)."""
        second = int(self._clock())
        if self._time_cache[0] != second:
            self._time_cache = (
                second,
                time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second)),
            )
        return self._time_cache[1]

    def resource_types(self) -> list[ResourceType]:
        """What is served: the built-ins and the kinds of live CRDs."""
        return list(self._served.values())

    def resource_type(self, group: str, plural: str) -> ResourceType | None:
        return self._served.get((group, plural))

    def subscribe(self, callback: Callable[[WatchEvent], None]) -> Callable[[], None]:
        """Call ``callback`` synchronously after every committed change."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def get(
        self, group: str, plural: str, namespace: str | None, name: str
    ) -> Obj | None:
        coll = self._collection(group, plural)
        obj = coll.get(self._ns(coll.rtype, namespace), name)
        return copy_obj(obj) if obj is not None else None

    def list(
        self, group: str, plural: str, namespace: str | None = None
    ) -> builtins.list[Obj]:
        coll = self._collection(group, plural)
        ns = namespace if coll.rtype.namespaced else None
        return [copy_obj(obj) for obj in coll.items(ns or None)]

    def create(self, group: str, plural: str, obj: Obj) -> Obj:
        """Create ``obj`` (its namespace from ``metadata.namespace``); returns the stored object."""
        return copy_obj(self.create_shared(group, plural, obj))

    def update(
        self, group: str, plural: str, obj: Obj, *, subresource: str | None = None
    ) -> Obj:
        """PUT: replace the object named by ``obj``'s metadata (409 on a stale resourceVersion)."""
        return copy_obj(self.update_shared(group, plural, obj, subresource=subresource))

    def patch(
        self,
        group: str,
        plural: str,
        namespace: str | None,
        name: str,
        patch: Any,
        *,
        patch_type: PatchType = "merge",
        subresource: str | None = None,
    ) -> Obj:
        return copy_obj(
            self.patch_shared(
                group,
                plural,
                namespace,
                name,
                patch,
                patch_type=patch_type,
                subresource=subresource,
            )
        )

    def delete(
        self,
        group: str,
        plural: str,
        namespace: str | None,
        name: str,
        *,
        preconditions: dict[str, Any] | None = None,
    ) -> Obj | None:
        """Delete (or, with finalizers, mark deleted).  Returns the object as it now is
        (with ``deletionTimestamp`` when kept, the final state when gone), or ``None``
        when it did not exist."""
        result = self.delete_shared(
            group, plural, namespace, name, preconditions=preconditions
        )
        return copy_obj(result) if result is not None else None

    # ------------------------------------------------- shared (no-copy) API for kubesim

    def lookup(
        self, group: str, plural: str, namespace: str | None, name: str
    ) -> Obj | None:
        """Like :meth:`get` without copying: the result must not be mutated."""
        coll = self._collection(group, plural)
        return coll.get(self._ns(coll.rtype, namespace), name)

    def items(
        self, group: str, plural: str, namespace: str | None = None
    ) -> builtins.list[Obj]:
        """Like :meth:`list` without copying, sorted by (namespace, name)."""
        coll = self._collection(group, plural)
        return coll.items(namespace if coll.rtype.namespaced and namespace else None)

    def count(self, group: str, plural: str) -> int:
        return len(self._collection(group, plural))

    def encode(self, group: str, plural: str, obj: Obj) -> bytes:
        """JSON of a stored object (cached per object version)."""
        coll = self._collections.get((group, plural))
        return coll.encode(obj) if coll is not None else dumps(obj)

    def items_at(
        self, group: str, plural: str, namespace: str | None, rv: int
    ) -> builtins.list[Obj]:
        """The objects as they were at resourceVersion ``rv`` (for consistent paging)."""
        coll = self._collection(group, plural)
        ns = namespace if coll.rtype.namespaced and namespace else None
        if rv >= coll.last_change:
            return coll.items(ns)
        if rv < self._history_floor:
            raise Expired(
                "The provided continue parameter is too old to display a consistent list "
                "result. You can start a new list without the continue parameter."
            )
        state: dict[tuple[str, str], Obj] = {}
        for obj in coll.items(ns):
            meta = obj["metadata"]
            state[(meta.get("namespace") or "", meta["name"])] = obj
        start = bisect.bisect_right(self._history_rvs, rv, lo=self._history_head)
        for event in reversed(self._history[start:]):
            if event.group != group or event.plural != plural:
                continue
            meta = event.obj["metadata"]
            key = (meta.get("namespace") or "", meta["name"])
            if ns is not None and key[0] != ns:
                continue
            if event.type == "ADDED":
                state.pop(key, None)
            elif event.old is not None:
                state[key] = event.old
        return [state[key] for key in sorted(state)]

    def list_page(
        self,
        group: str,
        plural: str,
        namespace: str | None,
        *,
        rv: int | None = None,
        after: tuple[str, str] | None = None,
        limit: int = 0,
        predicate: Callable[[Obj], bool] | None = None,
    ) -> ListPage:
        """One page of a list, as of resourceVersion ``rv`` (``None``: now), starting
        after the key ``after``; ``limit`` 0 means everything.  Shared objects."""
        coll = self._collection(group, plural)
        ns = namespace if coll.rtype.namespaced and namespace else None
        if rv is None or rv >= coll.last_change:
            keys = coll.sorted_keys(ns)
            if after is None and predicate is None and not limit:
                return ListPage(coll.items(ns), None, None)
            objects = coll.objects

            def current(key: tuple[str, str]) -> Obj:
                return objects[key[0]][key[1]]

            lookup: Callable[[tuple[str, str]], Obj] = current
        else:
            state = {
                (o["metadata"].get("namespace") or "", o["metadata"]["name"]): o
                for o in self.items_at(group, plural, ns, rv)
            }
            keys = builtins.list(state)
            lookup = state.__getitem__
        start = bisect.bisect_right(keys, after) if after is not None else 0
        if predicate is None:
            end = start + limit if limit else len(keys)
            page = [lookup(key) for key in keys[start:end]]
            if limit and end < len(keys):
                return ListPage(page, keys[end - 1], len(keys) - end)
            return ListPage(page, None, None)
        items: builtins.list[Obj] = []
        index = start
        while index < len(keys):
            obj = lookup(keys[index])
            index += 1
            if predicate(obj):
                items.append(obj)
                if limit and len(items) == limit:
                    break
        if limit and len(items) == limit and index < len(keys):
            return ListPage(items, keys[index - 1], None)
        return ListPage(items, None, None)

    def events_since(self, rv: int) -> builtins.list[WatchEvent]:
        """Every retained event after ``rv``; :class:`Expired` when ``rv`` is too old."""
        if rv < self._history_floor:
            raise Expired(f"too old resource version: {rv} ({self._history_floor + 1})")
        if rv >= self._rv:
            return []
        start = bisect.bisect_right(self._history_rvs, rv, lo=self._history_head)
        return self._history[start:]

    def create_shared(
        self,
        group: str,
        plural: str,
        obj: Obj,
        *,
        created: str | None = None,
        dry_run: bool = False,
    ) -> Obj:
        """Create without copying out.  ``created`` backdates ``creationTimestamp``
        (scenario loading only: objects of a long-running cluster are not all new).
        ``dry_run`` validates and returns the object without storing it."""
        coll = self._collection(group, plural)
        rtype = coll.rtype
        if not rtype.stored:
            raise MethodNotAllowed(
                "the server does not allow this method on the requested resource"
            )
        new = self._copy_in(obj)
        meta = self._meta(new)
        self._check_type_meta(rtype, new)
        self._validate_meta(rtype, meta)
        namespace = self._namespace_for(rtype, meta)
        name = meta.get("name")
        if not name:
            prefix = meta.get("generateName")
            if not prefix:
                raise invalid(
                    rtype.kind,
                    rtype.group,
                    "",
                    [
                        (
                            "FieldValueRequired",
                            "metadata.name",
                            "Required value: name or generateName is required",
                        )
                    ],
                )
            name = f"{prefix}{uuid.uuid4().hex[:5]}"
            meta["name"] = name
        self._validate_name(rtype, name)
        if rtype.namespaced:
            self._require_namespace(namespace, for_create=True)
        if coll.get(namespace, name) is not None:
            raise already_exists(group, plural, name)
        now = self.now()
        if rtype.status_subresource or group == customresources.CRD_GROUP:
            new.pop("status", None)
        if (group, plural) == ("", "namespaces"):
            new.setdefault("spec", {}).setdefault("finalizers", ["kubernetes"])
            new["status"] = {"phase": "Active"}
        elif (group, plural) == (customresources.CRD_GROUP, customresources.CRD_PLURAL):
            customresources.validate_and_default_crd(new)
            new["status"] = customresources.crd_status(new, None, now)
        validate_builtin(rtype, new)
        defaulter = self._defaulters.get((group, plural))
        if defaulter is not None:
            defaulter.apply(new)
        for key in ("deletionTimestamp", "deletionGracePeriodSeconds"):
            meta.pop(key, None)
        meta["uid"] = str(uuid.uuid4())
        meta["creationTimestamp"] = created or now
        if dry_run:
            meta.pop("resourceVersion", None)
            if rtype.tracks_generation:
                meta["generation"] = 1
            if rtype.namespaced:
                meta["namespace"] = namespace
            return new
        self._rv += 1
        meta["resourceVersion"] = str(self._rv)
        if rtype.tracks_generation:
            meta["generation"] = 1
        else:
            meta.pop("generation", None)
        if rtype.namespaced:
            meta["namespace"] = namespace
        coll.put(namespace, name, new, self._rv)
        self._emit(WatchEvent("ADDED", group, plural, new, None))
        if (group, plural) == (customresources.CRD_GROUP, customresources.CRD_PLURAL):
            self._serve_crd(new)
        return new

    def update_shared(
        self,
        group: str,
        plural: str,
        obj: Obj,
        *,
        subresource: str | None = None,
        dry_run: bool = False,
    ) -> Obj:
        coll = self._collection(group, plural)
        rtype = coll.rtype
        new = self._copy_in(obj)
        meta = self._meta(new)
        self._check_type_meta(rtype, new)
        namespace = self._namespace_for(rtype, meta)
        name = meta.get("name")
        if not name:
            raise invalid(
                rtype.kind,
                group,
                "",
                [
                    (
                        "FieldValueRequired",
                        "metadata.name",
                        "Required value: name is required",
                    )
                ],
            )
        old = coll.get(namespace, name)
        if old is None:
            raise not_found(group, plural, name)
        given_rv = meta.get("resourceVersion")
        if (
            given_rv not in (None, "")
            and str(given_rv) != old["metadata"]["resourceVersion"]
        ):
            raise conflict(group, plural, name)
        return self._commit_update(coll, old, new, subresource, dry_run=dry_run)

    def patch_shared(
        self,
        group: str,
        plural: str,
        namespace: str | None,
        name: str,
        patch: Any,
        *,
        patch_type: PatchType = "merge",
        subresource: str | None = None,
        dry_run: bool = False,
    ) -> Obj:
        coll = self._collection(group, plural)
        rtype = coll.rtype
        ns = self._ns(rtype, namespace)
        old = coll.get(ns, name)
        if old is None:
            raise not_found(group, plural, name)
        base = copy_obj(old)
        if patch_type == "merge":
            patched = merge_patch(base, patch)
        elif patch_type == "json":
            patched = json_patch(base, patch)
        elif patch_type == "strategic":
            if not rtype.builtin:
                raise UnsupportedMediaType(
                    "the body of the request was in an unknown format - accepted media types "
                    "include: application/json-patch+json, application/merge-patch+json"
                )
            patched = strategic_merge_patch(base, patch)
        else:
            raise UnsupportedMediaType(f"unsupported patch type {patch_type!r}")
        if not isinstance(patched, dict):
            raise BadRequest("the patched object is not a JSON object")
        meta = self._meta(patched)
        if meta.get("name") != name:
            raise BadRequest(
                f"the name of the object ({meta.get('name')}) does not match the name on the URL ({name})"
            )
        if rtype.namespaced and (meta.get("namespace") or "") != ns:
            raise BadRequest(
                "the namespace of the provided object does not match the namespace sent on the request"
            )
        if str(meta.get("resourceVersion")) != old["metadata"]["resourceVersion"]:
            raise conflict(group, plural, name)
        self._check_type_meta(rtype, patched)
        return self._commit_update(coll, old, patched, subresource, dry_run=dry_run)

    def delete_shared(
        self,
        group: str,
        plural: str,
        namespace: str | None,
        name: str,
        *,
        preconditions: dict[str, Any] | None = None,
        dry_run: bool = False,
    ) -> Obj | None:
        coll = self._collection(group, plural)
        rtype = coll.rtype
        ns = self._ns(rtype, namespace)
        old = coll.get(ns, name)
        if old is None:
            return None
        old_meta = old["metadata"]
        if preconditions:
            want_uid = preconditions.get("uid")
            if want_uid and want_uid != old_meta.get("uid"):
                raise Conflict(
                    f"Precondition failed: UID in precondition: {want_uid}, UID in object meta: {old_meta.get('uid')}",
                    name=name,
                    group=group,
                    kind=plural,
                )
            want_rv = preconditions.get("resourceVersion")
            if want_rv and str(want_rv) != old_meta.get("resourceVersion"):
                raise Conflict(
                    "Precondition failed: ResourceVersion in precondition: "
                    f"{want_rv}, ResourceVersion in object meta: {old_meta.get('resourceVersion')}",
                    name=name,
                    group=group,
                    kind=plural,
                )
        is_namespace = (group, plural) == ("", "namespaces")
        if is_namespace and name in SYSTEM_NAMESPACES:
            raise Forbidden(
                f'namespaces "{name}" is forbidden: this namespace may not be deleted',
                name=name,
                group=group,
                kind=plural,
            )
        if old_meta.get("finalizers") or is_namespace:
            if old_meta.get("deletionTimestamp"):
                return old
            marked = copy_obj(old)
            marked["metadata"]["deletionTimestamp"] = self.now()
            marked["metadata"]["deletionGracePeriodSeconds"] = 0
            if is_namespace:
                marked.setdefault("status", {})["phase"] = "Terminating"
            if dry_run:
                return marked
            self._rv += 1
            marked["metadata"]["resourceVersion"] = str(self._rv)
            coll.put(ns, name, marked, self._rv)
            self._emit(WatchEvent("MODIFIED", group, plural, marked, old))
            if is_namespace:
                self._terminate_namespace(name)
                return coll.get("", name) or marked
            return marked
        if dry_run:
            return old
        return self._remove(coll, old)

    # ------------------------------------------------------------------ internals

    def _collection(self, group: str, plural: str) -> _Collection:
        key = (group, plural)
        if key not in self._served:
            raise NotFound(
                "the server could not find the requested resource",
                group=group,
                kind=plural,
            )
        return self._collections[key]

    @staticmethod
    def _ns(rtype: ResourceType, namespace: str | None) -> str:
        return (namespace or "") if rtype.namespaced else ""

    @staticmethod
    def _copy_in(obj: Any) -> Obj:
        if not isinstance(obj, dict):
            raise BadRequest("the object must be a JSON object")
        copied = deep_copy(obj)
        assert isinstance(copied, dict)  # deep_copy of a dict is a dict
        return copied

    @staticmethod
    def _meta(obj: Obj) -> Obj:
        meta = obj.get("metadata")
        if meta is None:
            meta = obj["metadata"] = {}
        if not isinstance(meta, dict):
            raise BadRequest("metadata must be a JSON object")
        return meta

    @staticmethod
    def _check_type_meta(rtype: ResourceType, obj: Obj) -> None:
        kind = obj.get("kind")
        if kind is None or kind == "":
            obj["kind"] = rtype.kind
        elif kind != rtype.kind:
            raise BadRequest(
                f"the object provided is unrecognized (must be of type {rtype.kind}): "
                f"kind {kind!r} does not match"
            )
        api_version = obj.get("apiVersion")
        if not api_version:
            obj["apiVersion"] = rtype.api_version()
            return
        group, _, version = str(api_version).rpartition("/")
        if group != rtype.group or rtype.version(version) is None:
            raise BadRequest(
                f"the API version in the data ({api_version}) does not match the expected "
                f"API version ({rtype.api_version()})"
            )

    def _namespace_for(self, rtype: ResourceType, meta: Obj) -> str:
        if not rtype.namespaced:
            meta.pop("namespace", None)
            return ""
        namespace = meta.get("namespace")
        if not namespace or not isinstance(namespace, str):
            raise invalid(
                rtype.kind,
                rtype.group,
                str(meta.get("name") or ""),
                [("FieldValueRequired", "metadata.namespace", "Required value")],
            )
        return namespace

    @staticmethod
    def _validate_name(rtype: ResourceType, name: Any) -> None:
        if not isinstance(name, str):
            raise BadRequest("metadata.name must be a string")
        if rtype.group == "rbac.authorization.k8s.io":
            rule = "path"
        elif rtype.plural == "namespaces" and rtype.group == "":
            rule = "label"
        else:
            rule = "subdomain"
        errors = name_errors(name, rule)
        if errors:
            raise invalid(
                rtype.kind,
                rtype.group,
                name,
                [
                    (
                        "FieldValueInvalid",
                        "metadata.name",
                        f'Invalid value: "{name}": {errors[0]}',
                    )
                ],
            )

    @staticmethod
    def _validate_meta(rtype: ResourceType, meta: Obj) -> None:
        """Type and syntax checks of the ObjectMeta fields kubesim relies on (400/422)."""
        for key in ("name", "generateName", "namespace", "resourceVersion"):
            if key in meta and meta[key] is not None and not isinstance(meta[key], str):
                raise BadRequest(
                    f"json: cannot unmarshal {type(meta[key]).__name__} into Go struct field "
                    f"ObjectMeta.metadata.{key} of type string"
                )
        causes: list[tuple[str, str, str]] = []
        for field in ("labels", "annotations"):
            values = meta.get(field)
            if values is None:
                continue
            if not isinstance(values, dict) or not all(
                isinstance(v, str) for v in values.values()
            ):
                raise BadRequest(
                    f"json: cannot unmarshal into Go struct field ObjectMeta.metadata.{field} "
                    "of type map[string]string"
                )
            for key, value in values.items():
                for problem in label_key_errors(key):
                    causes.append(
                        (
                            "FieldValueInvalid",
                            f"metadata.{field}",
                            f'Invalid value: "{key}": {problem}',
                        )
                    )
                if field == "labels":
                    for problem in label_value_errors(value):
                        causes.append(
                            (
                                "FieldValueInvalid",
                                "metadata.labels",
                                f'Invalid value: "{value}": {problem}',
                            )
                        )
        finalizers = meta.get("finalizers")
        if finalizers is not None and (
            not isinstance(finalizers, list)
            or not all(isinstance(f, str) for f in finalizers)
        ):
            raise BadRequest(
                "json: cannot unmarshal into Go struct field ObjectMeta.metadata.finalizers of type []string"
            )
        owners = meta.get("ownerReferences")
        if owners is not None and (
            not isinstance(owners, list) or not all(isinstance(o, dict) for o in owners)
        ):
            raise BadRequest(
                "json: cannot unmarshal into Go struct field ObjectMeta.metadata.ownerReferences "
                "of type []v1.OwnerReference"
            )
        if causes:
            raise invalid(rtype.kind, rtype.group, str(meta.get("name") or ""), causes)

    def _require_namespace(self, namespace: str, *, for_create: bool) -> None:
        ns_obj = self._collections[("", "namespaces")].get("", namespace)
        if ns_obj is None:
            raise not_found("", "namespaces", namespace)
        if for_create and ns_obj["metadata"].get("deletionTimestamp"):
            raise Forbidden(
                f"unable to create new content in namespace {namespace} because it is being terminated",
                name=namespace,
                kind="namespaces",
            )

    def _commit_update(
        self,
        coll: _Collection,
        old: Obj,
        new: Obj,
        subresource: str | None,
        *,
        dry_run: bool = False,
    ) -> Obj:
        rtype = coll.rtype
        group, plural = rtype.group, rtype.plural
        old_meta = old["metadata"]
        if subresource is None:
            self._validate_meta(rtype, self._meta(new))
        if subresource == "status":
            if not rtype.status_subresource:
                raise NotFound(
                    "the server could not find the requested resource",
                    group=group,
                    kind=plural,
                )
            candidate = copy_obj(old)
            if "status" in new:
                candidate["status"] = new["status"]
            else:
                candidate.pop("status", None)
            meta = candidate["metadata"]
        elif subresource is None:
            candidate = new
            meta = candidate["metadata"]
            for key in _ALWAYS_KEPT_META:
                if key in old_meta:
                    meta[key] = old_meta[key]
                else:
                    meta.pop(key, None)
            if "generation" in old_meta:
                meta["generation"] = old_meta["generation"]
            else:
                meta.pop("generation", None)
            if rtype.namespaced:
                meta["namespace"] = old_meta["namespace"]
            if rtype.status_subresource:
                if "status" in old:
                    candidate["status"] = deep_copy(old["status"])
                else:
                    candidate.pop("status", None)
            if (group, plural) == (
                customresources.CRD_GROUP,
                customresources.CRD_PLURAL,
            ):
                customresources.validate_and_default_crd(candidate)
                candidate["status"] = customresources.crd_status(
                    candidate, old.get("status"), self.now()
                )
        else:
            raise NotFound(
                "the server could not find the requested resource",
                group=group,
                kind=plural,
            )
        defaulter = self._defaulters.get((group, plural))
        if defaulter is not None:
            defaulter.apply(candidate)
        validate_builtin(rtype, candidate)
        name = old_meta["name"]
        if old_meta.get("deletionTimestamp"):
            added = set(meta.get("finalizers") or []) - set(
                old_meta.get("finalizers") or []
            )
            if added:
                raise invalid(
                    rtype.kind,
                    group,
                    name,
                    [
                        (
                            "FieldValueForbidden",
                            "metadata.finalizers",
                            "Forbidden: no new finalizers can be added if the object is being deleted, "
                            f"found new finalizers {sorted(added)!r}",
                        )
                    ],
                )
        meta["resourceVersion"] = old_meta["resourceVersion"]
        if not meta.get("finalizers"):
            meta.pop("finalizers", None)
        if rtype.tracks_generation and _spec_changed(
            old, candidate, rtype.status_subresource
        ):
            meta["generation"] = int(old_meta.get("generation") or 0) + 1
        if candidate == old:
            return old
        if dry_run:
            return candidate
        if (
            old_meta.get("deletionTimestamp")
            and not meta.get("finalizers")
            and plural != "namespaces"
        ):
            return self._remove(coll, candidate, previous=old)
        self._rv += 1
        meta["resourceVersion"] = str(self._rv)
        coll.put(old_meta.get("namespace") or "", name, candidate, self._rv)
        self._emit(WatchEvent("MODIFIED", group, plural, candidate, old))
        if (group, plural) == (customresources.CRD_GROUP, customresources.CRD_PLURAL):
            self._serve_crd(candidate)
        elif (group, plural) == ("", "namespaces") and name in self._terminating:
            self._finish_namespace(name)
        return candidate

    def _remove(
        self, coll: _Collection, obj: Obj, *, previous: Obj | None = None
    ) -> Obj:
        """Delete a stored object now; ``obj`` is its final state (``previous`` the stored one)."""
        rtype = coll.rtype
        is_crd = (rtype.group, rtype.plural) == (
            customresources.CRD_GROUP,
            customresources.CRD_PLURAL,
        )
        if is_crd:
            # like the CRD cleanup finalizer: the instances go first, then the definition
            self._unserve_crd(obj)
        stored = previous if previous is not None else obj
        final = dict(obj)
        final["metadata"] = dict(obj["metadata"])
        self._rv += 1
        final["metadata"]["resourceVersion"] = str(self._rv)
        namespace = final["metadata"].get("namespace") or ""
        name = final["metadata"]["name"]
        coll.remove(namespace, name, self._rv)
        self._emit(WatchEvent("DELETED", rtype.group, rtype.plural, final, stored))
        if not is_crd and namespace and namespace in self._terminating:
            self._finish_namespace(namespace)
        return final

    def _terminate_namespace(self, namespace: str) -> None:
        self._terminating.add(namespace)
        for (group, plural), coll in list(self._collections.items()):
            if not coll.rtype.namespaced:
                continue
            for name in list(coll.objects.get(namespace, {})):
                self.delete_shared(group, plural, namespace, name)
        self._finish_namespace(namespace)

    def _finish_namespace(self, namespace: str) -> None:
        for coll in self._collections.values():
            if coll.rtype.namespaced and coll.objects.get(namespace):
                return
        namespaces = self._collections[("", "namespaces")]
        ns_obj = namespaces.get("", namespace)
        if ns_obj is not None and ns_obj["metadata"].get("finalizers"):
            return
        self._terminating.discard(namespace)
        if ns_obj is not None:
            self._remove(namespaces, ns_obj)

    def _register(self, rtype: ResourceType) -> None:
        key = (rtype.group, rtype.plural)
        coll = self._collections.get(key)
        if coll is None:
            self._collections[key] = _Collection(rtype)
        else:
            coll.rtype = rtype
        self._served[key] = rtype

    def _serve_crd(self, crd: Obj) -> None:
        rtype = resource_types_from_crd(crd)
        key = (rtype.group, rtype.plural)
        existing = self._served.get(key)
        if existing is not None and existing.builtin:
            log.warning(
                "CRD %s shadows a built-in resource; ignored", crd["metadata"]["name"]
            )
            return
        if not rtype.versions:
            self._served.pop(key, None)
            return
        self._register(rtype)
        storage = rtype.version(rtype.storage_version)
        defaulter = SchemaDefaulter(storage.schema if storage else None)
        if defaulter.active:
            self._defaulters[key] = defaulter
        else:
            self._defaulters.pop(key, None)

    def _unserve_crd(self, crd: Obj) -> None:
        spec = crd.get("spec") or {}
        key = (str(spec.get("group")), str((spec.get("names") or {}).get("plural")))
        coll = self._collections.get(key)
        if coll is None or coll.rtype.builtin:
            return
        for obj in coll.items(None):
            self._remove(coll, obj)
        self._served.pop(key, None)
        self._defaulters.pop(key, None)
        del self._collections[key]

    def _emit(self, event: WatchEvent) -> None:
        self._history.append(event)
        self._history_rvs.append(self._rv)
        if len(self._history) - self._history_head > self._history_limit:
            self._history_floor = self._history_rvs[self._history_head]
            self._history_head += 1
            if self._history_head >= self._history_limit:
                del self._history[: self._history_head]
                del self._history_rvs[: self._history_head]
                self._history_head = 0
        for callback in list(self._subscribers):
            try:
                callback(event)
            except Exception:  # a subscriber must never break a committed write
                log.exception("store subscriber failed")

    def load(self, group: str, plural: str, objects: Iterable[Obj]) -> int:
        """Create many objects (scenario loading); returns how many were created."""
        count = 0
        for obj in objects:
            self.create_shared(group, plural, obj)
            count += 1
        return count


def _spec_changed(old: Obj, new: Obj, status_subresource: bool) -> bool:
    skip = ("metadata", "status") if status_subresource else ("metadata",)
    old_rest = {k: v for k, v in old.items() if k not in skip}
    new_rest = {k: v for k, v in new.items() if k not in skip}
    return old_rest != new_rest


__all__ = ["EventType", "PatchType", "Store", "StoreError", "WatchEvent"]
