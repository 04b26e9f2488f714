"""The in-memory, watch-fed cache of every Flux object: the heart of fluxdash.

One list-then-watch per Flux kind feeds it (`services.sync`); every request and every WebSocket
client is served from here, so the cost of a request never grows with the number of sessions.
Objects are parsed ONCE per change into a `ResourceRow`; indexes by kind and namespace, by
reference (sources → consumers, dependsOn reversed, Alert → Provider ...) and by inventory make
filters and dependents O(result).

Everything runs on the event loop: no locks. Subscribers are called synchronously after each
applied change (a snapshot, a watch event) and must not block.

Contract relied on by the actions, WebSocket and graph layers: `ObjectKey`, `CachedObject`,
`CacheChange`, `KindState` and the public methods of `FluxCache` (the `apply_*`/`replace_*`/
`mark_*` methods are for the sync layer only).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from fluxdash.models.events import FluxEvent
from fluxdash.models.kinds import KINDS, KindInfo, kind_by_name, kind_by_plural
from fluxdash.models.objects import FluxObject, parse_object
from fluxdash.models.views import ResourceRow
from fluxdash.services.events import EventBuffer, parse_event
from fluxdash.services.inventory import InventoryIdError, parse_inventory_id
from fluxdash.services.rows import Summary, summarize
from fluxdash.services.workloads import Workload, parse_workload

log = logging.getLogger("fluxdash.cache")

T = TypeVar("T")
_MEMO_LIMIT = 64

Relation = Literal[
    "source",
    "chart",
    "dependsOn",
    "provider",
    "imageRepository",
    "imageUpdateSource",
    "inventory",
]
WatchEventType = Literal["ADDED", "MODIFIED", "DELETED"]


@dataclass(frozen=True, slots=True)
class ObjectKey:
    """Where an object lives in the cache: kind (as its lowercase plural), namespace, name."""

    plural: str
    namespace: str
    name: str

    @property
    def kind(self) -> str:
        return kind_by_plural(self.plural).kind

    @property
    def id(self) -> str:
        """`Kind/namespace/name`, the id every API and the graph use."""
        return f"{self.kind}/{self.namespace}/{self.name}"

    @classmethod
    def from_id(cls, object_id: str) -> ObjectKey | None:
        """Inverse of `id` for Flux kinds; None when it names no Flux object."""
        parts = object_id.split("/")
        if len(parts) != 3 or not all(parts):
            return None
        try:
            info = kind_by_name(parts[0])
        except KeyError:
            return None
        return cls(info.plural, parts[1], parts[2])


@dataclass(slots=True)
class CachedObject:
    """One Flux object as received (unmasked: never serve `raw` directly) and its row.

    `raw` is the object as the API server sent it, minus `metadata.managedFields` (never
    shown, and often a third of an object's size: informers strip it the same way)."""

    key: ObjectKey
    raw: dict[str, Any]
    row: ResourceRow
    resource_version: str
    _model: FluxObject | None = field(default=None, repr=False)
    _parsed: bool = field(default=False, repr=False)

    @property
    def model(self) -> FluxObject | None:
        """The typed model, parsed on first use and kept (None if it cannot be modelled)."""
        if not self._parsed:
            self._model = parse_object(kind_by_plural(self.key.plural), self.raw)[0]
            self._parsed = True
        return self._model


@dataclass(frozen=True, slots=True)
class CacheChange:
    """What one applied watch event or snapshot changed.

    `resync` is True after a (re)list of a kind or a discovery change: `upserts`/`deletes`
    still hold the difference, but a subscriber that keeps per-client views may prefer to
    resend a full snapshot.
    """

    upserts: list[ResourceRow]
    deletes: list[str]
    resync: bool = False


@dataclass(frozen=True, slots=True)
class KindState:
    """Per kind: the served version in use (None: unavailable, see `reason`) and sync state."""

    served_version: str | None
    synced: bool = False
    error: str | None = None
    reason: str | None = None

    @property
    def available(self) -> bool:
        return self.served_version is not None


@dataclass(frozen=True, slots=True)
class AuxState:
    """Sync state of a supporting watch (CRDs, Events, Deployments)."""

    synced: bool = False
    error: str | None = None


_UNDISCOVERED = KindState(None, reason="not discovered yet")


def _references(row: ResourceRow) -> list[tuple[Relation, str]]:
    """Edges from an object to what it uses, read from its row (parsed once)."""
    refs: list[tuple[Relation, str]] = []
    if row.kind == "HelmRelease":
        if row.helm_chart:
            refs.append(("chart", row.helm_chart))
        if row.source and row.source != row.helm_chart:
            refs.append(("source" if row.helm_chart else "chart", row.source))
    elif row.kind == "ImageUpdateAutomation":
        if row.source:
            refs.append(("imageUpdateSource", row.source))
    elif row.source:
        refs.append(("source", row.source))
    if row.image_repository:
        refs.append(("imageRepository", row.image_repository))
    if row.provider_ref:
        refs.append(("provider", row.provider_ref))
    refs.extend(("dependsOn", dep) for dep in row.depends_on)
    return refs


def _inventory_children(raw: Mapping[str, Any]) -> tuple[str, ...]:
    """Ids of the Flux objects in `status.inventory` (stored order, duplicates dropped)."""
    status = raw.get("status")
    inventory = status.get("inventory") if isinstance(status, Mapping) else None
    entries = inventory.get("entries") if isinstance(inventory, Mapping) else None
    if not isinstance(entries, list):
        return ()
    children: dict[str, None] = {}
    for entry in entries:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
            continue
        if ".fluxcd.io_" not in entry["id"]:
            continue  # fast path: only Flux API groups can name a Flux object
        try:
            ref = parse_inventory_id(entry["id"], str(entry.get("v") or ""))
        except InventoryIdError:
            continue
        if ref.flux_kind is not None and ref.namespace:
            children[ref.id] = None
    return tuple(children)


def _ingest(item: Mapping[str, Any]) -> dict[str, Any]:
    raw = dict(item)
    meta = raw.get("metadata")
    if isinstance(meta, Mapping) and "managedFields" in meta:
        raw["metadata"] = {k: v for k, v in meta.items() if k != "managedFields"}
    return raw


def _meta(raw: Mapping[str, Any]) -> tuple[str, str, str] | None:
    meta = raw.get("metadata")
    if not isinstance(meta, Mapping):
        return None
    name, namespace = meta.get("name"), meta.get("namespace")
    if (
        not isinstance(name, str)
        or not name
        or not isinstance(namespace, str)
        or not namespace
    ):
        return None
    return namespace, name, str(meta.get("resourceVersion") or "")


class FluxCache:
    """Every Flux object of the cluster, kept current by watches. See the module docstring."""

    def __init__(self, *, event_capacity: int = 2000) -> None:
        self.epoch = secrets.token_hex(4)
        """Changes when the process restarts, so ETags of two processes never collide."""
        self.version = 0
        self._objects: dict[ObjectKey, CachedObject] = {}
        self._by_id: dict[str, CachedObject] = {}
        self._index: dict[str, dict[str, dict[str, CachedObject]]] = {
            info.plural: {} for info in KINDS
        }
        self._refs_out: dict[str, tuple[tuple[Relation, str], ...]] = {}
        self._refs_in: dict[str, dict[str, Relation]] = {}
        self._inv_out: dict[str, tuple[str, ...]] = {}
        self._inv_in: dict[str, set[str]] = {}
        self._states: dict[str, KindState] = {
            info.plural: _UNDISCOVERED for info in KINDS
        }
        self._listed: set[str] = set()
        self.discovered = False
        """True once the served Flux kinds are known (CRDs listed, or discovery answered)."""
        self.aux: dict[str, AuxState] = {}
        self._events = EventBuffer(event_capacity)
        self._workloads: dict[tuple[str, str], Workload] = {}
        self._subscribers: list[Callable[[CacheChange], None]] = []
        self._event_subscribers: list[Callable[[FluxEvent], None]] = []
        self._state_subscribers: list[Callable[[], None]] = []
        self._memo: dict[Hashable, Any] = {}
        self._memo_version = -1
        self._ordered: dict[tuple[str, str | None], list[CachedObject]] = {}
        self._failing: dict[str, CachedObject] = {}
        self._bucket_versions: dict[tuple[str, str], int] = {}
        self._bucket_serial = 0
        self._bucket_memo: dict[Hashable, tuple[Hashable, Any]] = {}

    # ---- reads -----------------------------------------------------------------------------

    @property
    def kinds_state(self) -> dict[str, KindState]:
        return dict(self._states)

    @property
    def synced(self) -> bool:
        """Discovery done and every available kind listed and live."""
        return self.discovered and all(
            s.synced for s in self._states.values() if s.available
        )

    def __len__(self) -> int:
        return len(self._objects)

    def objects(
        self, plurals: Iterable[str] | None = None, namespace: str | None = None
    ) -> Iterator[CachedObject]:
        """Cached objects of these kinds (all when None) in this namespace (all when None)."""
        for plural in self._index if plurals is None else dict.fromkeys(plurals):
            by_ns = self._index.get(plural)
            if not by_ns:
                continue
            if namespace is None:
                for names in by_ns.values():
                    yield from names.values()
            else:
                yield from by_ns.get(namespace, {}).values()

    def rows(
        self, plurals: Iterable[str] | None = None, namespace: str | None = None
    ) -> list[ResourceRow]:
        return [obj.row for obj in self.objects(plurals, namespace)]

    def namespaces(self) -> list[str]:
        """Namespaces holding at least one Flux object, sorted."""
        return sorted(
            {
                ns
                for by_ns in self._index.values()
                for ns, names in by_ns.items()
                if names
            }
        )

    def ordered(self, plural: str, namespace: str | None = None) -> list[CachedObject]:
        """Objects of a kind sorted by (namespace, name); kept until an object comes or goes
        (updates happen in place), so listing never sorts on the hot path. Do not mutate."""
        cached = self._ordered.get((plural, namespace))
        if cached is not None:
            return cached
        by_ns = self._index.get(plural, {})
        if namespace is None:
            result = [o for ns in sorted(by_ns) for o in self.ordered(plural, ns)]
        else:
            names = by_ns.get(namespace)
            if not names:
                return []  # not cached: any namespace may be asked for
            result = [names[n] for n in sorted(names)]
        self._ordered[(plural, namespace)] = result
        return result

    def failing(self, namespace: str | None = None) -> list[CachedObject]:
        """Objects whose health is Failed (kept as an index: O(failing))."""
        return [
            o
            for o in self._failing.values()
            if namespace is None or o.key.namespace == namespace
        ]

    def buckets(self, namespace: str | None = None) -> Iterator[tuple[str, str, int]]:
        """(plural, namespace, version) of every non-empty (kind, namespace) bucket; the
        version changes whenever an object in that bucket changes."""
        for plural, by_ns in self._index.items():
            for ns in (
                by_ns
                if namespace is None
                else ([namespace] if namespace in by_ns else [])
            ):
                yield plural, ns, self._bucket_versions.get((plural, ns), 0)

    def bucket_memo(
        self, key: tuple[str, str, str], version: Hashable, build: Callable[[], T]
    ) -> T:
        """A value derived from one (kind, namespace) bucket, rebuilt only when it changed
        (`version` compares equal while the inputs are the same, e.g. bucket versions)."""
        hit = self._bucket_memo.get(key)
        if hit is not None and hit[0] == version:
            value: T = hit[1]
            return value
        value = build()
        self._bucket_memo[key] = (version, value)
        return value

    def count(self, plural: str) -> int:
        return sum(len(names) for names in self._index.get(plural, {}).values())

    def get(self, plural: str, namespace: str, name: str) -> CachedObject | None:
        return self._objects.get(ObjectKey(plural, namespace, name))

    def get_by_id(self, id: str) -> CachedObject | None:
        return self._by_id.get(id)

    def references_of(self, id: str) -> list[tuple[Relation, str]]:
        """What an object uses (its source, chart, dependsOn, provider ...), as (relation, id)."""
        return list(self._refs_out.get(id, ()))

    def dependents_by_relation(self, id: str) -> list[tuple[Relation, str]]:
        """Who is affected by an object: consumers of a source or chart, objects that depend on
        it, Alerts using a Provider, ... and the Flux objects in its inventory (`inventory`)."""
        found: dict[str, Relation] = dict(self._refs_in.get(id, {}))
        for child in self._inv_out.get(id, ()):
            found.setdefault(child, "inventory")
        return sorted(
            ((rel, oid) for oid, rel in found.items()), key=lambda p: (p[1], p[0])
        )

    def dependents_of(self, id: str) -> list[str]:
        return [oid for _, oid in self.dependents_by_relation(id)]

    def managers_of(self, id: str) -> list[str]:
        """The Kustomizations/HelmReleases whose inventory holds this object."""
        return sorted(self._inv_in.get(id, ()))

    def inventory_children(self, id: str) -> list[str]:
        return list(self._inv_out.get(id, ()))

    def workload(self, namespace: str, name: str) -> Workload | None:
        return self._workloads.get((namespace, name))

    def workloads(self) -> list[Workload]:
        return list(self._workloads.values())

    def recent_events(
        self,
        *,
        namespace: str | None = None,
        kind: str | None = None,
        name: str | None = None,
        type: str | None = None,
        limit: int = 100,
        object_ids: Iterable[str] | None = None,
    ) -> list[FluxEvent]:
        """Flux events, newest first. `kind` is a Kind (`Kustomization`) or plural."""
        kind_name: str | None = None
        if kind is not None:
            try:
                kind_name = kind_by_plural(kind).kind
            except KeyError:
                kind_name = kind
        return self._events.query(
            object_ids=object_ids,
            namespace=namespace,
            kind=kind_name,
            name=name,
            type=type,
            limit=limit,
        )

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """A value derived from the cache, built once per cache version (summaries, sorted
        lists): concurrent and repeated requests share it; any change invalidates it."""
        if self._memo_version != self.version:
            self._memo.clear()
            self._memo_version = self.version
        if key in self._memo:
            value: T = self._memo[key]
            return value
        value = build()
        if len(self._memo) < _MEMO_LIMIT:
            self._memo[key] = value
        return value

    # ---- subscriptions ---------------------------------------------------------------------

    def subscribe(self, callback: Callable[[CacheChange], None]) -> Callable[[], None]:
        self._subscribers.append(callback)
        return lambda: self._unsubscribe(self._subscribers, callback)

    def subscribe_events(
        self, callback: Callable[[FluxEvent], None]
    ) -> Callable[[], None]:
        self._event_subscribers.append(callback)
        return lambda: self._unsubscribe(self._event_subscribers, callback)

    def subscribe_state(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Called when sync state changes (a kind synced, went stale, appeared or vanished)."""
        self._state_subscribers.append(callback)
        return lambda: self._unsubscribe(self._state_subscribers, callback)

    @staticmethod
    def _unsubscribe(callbacks: list[Any], callback: Any) -> None:
        if callback in callbacks:
            callbacks.remove(callback)

    def _notify(self, callbacks: list[Callable[..., None]], *args: Any) -> None:
        for callback in list(callbacks):
            try:
                callback(*args)
            except Exception:
                log.exception("cache subscriber failed")

    def _emit(self, change: CacheChange) -> None:
        if not change.upserts and not change.deletes and not change.resync:
            return
        self.version += 1
        self._notify(self._subscribers, change)

    def _set_state(self, plural: str, state: KindState) -> None:
        if self._states.get(plural) != state:
            self._states[plural] = state
            self.version += 1
            self._notify(self._state_subscribers)

    # ---- internal mutation ----------------------------------------------------------------

    def _provider_exists(
        self, row_kind: str, raw: Mapping[str, Any], namespace: str
    ) -> bool | None:
        if row_kind != "Alert" or not self._states["providers"].synced:
            return None
        spec = raw.get("spec")
        ref = spec.get("providerRef") if isinstance(spec, Mapping) else None
        name = ref.get("name") if isinstance(ref, Mapping) else None
        if not isinstance(name, str):
            return None
        return ObjectKey("providers", namespace, name) in self._objects

    def _build(self, info: KindInfo, raw: dict[str, Any], namespace: str) -> Summary:
        """Parse once into the row. The model is not kept (it would double the memory at
        10,000 objects, and rows parse only the fields they read: `rows.summarize`);
        `CachedObject.model` parses the whole object on first use and keeps it."""
        return summarize(
            info, raw, provider_exists=self._provider_exists(info.kind, raw, namespace)
        )

    def _put(
        self, key: ObjectKey, raw: dict[str, Any], rv: str, row: ResourceRow
    ) -> None:
        """Insert, or update in place (so ordered views stay valid until a key comes or goes)."""
        obj = self._objects.get(key)
        if obj is None:
            obj = CachedObject(key, raw, row, rv)
            self._objects[key] = obj
            self._by_id[row.id] = obj
            self._index[key.plural].setdefault(key.namespace, {})[key.name] = obj
            self._ordered.pop((key.plural, key.namespace), None)
            self._ordered.pop((key.plural, None), None)
        else:
            self._unindex_refs(obj.row.id)
            obj.raw, obj.row, obj.resource_version = raw, row, rv
            obj._model, obj._parsed = None, False
        self._bucket_serial += 1
        self._bucket_versions[(key.plural, key.namespace)] = self._bucket_serial
        if row.health == "Failed":
            self._failing[row.id] = obj
        else:
            self._failing.pop(row.id, None)
        refs = tuple(_references(row))
        self._refs_out[row.id] = refs
        for relation, target in refs:
            self._refs_in.setdefault(target, {})[row.id] = relation
        children = _inventory_children(raw)
        if children:
            self._inv_out[row.id] = children
            for child in children:
                self._inv_in.setdefault(child, set()).add(row.id)

    def _unindex_refs(self, oid: str) -> None:
        for _, target in self._refs_out.pop(oid, ()):
            consumers = self._refs_in.get(target)
            if consumers is not None:
                consumers.pop(oid, None)
                if not consumers:
                    del self._refs_in[target]
        for child in self._inv_out.pop(oid, ()):
            parents = self._inv_in.get(child)
            if parents is not None:
                parents.discard(oid)
                if not parents:
                    del self._inv_in[child]

    def _remove(self, key: ObjectKey) -> str | None:
        obj = self._objects.pop(key, None)
        if obj is None:
            return None
        oid = obj.row.id
        self._by_id.pop(oid, None)
        self._failing.pop(oid, None)
        self._ordered.pop((key.plural, key.namespace), None)
        self._ordered.pop((key.plural, None), None)
        self._bucket_serial += 1
        self._bucket_versions[(key.plural, key.namespace)] = self._bucket_serial
        by_ns = self._index[key.plural]
        names = by_ns.get(key.namespace)
        if names is not None:
            names.pop(key.name, None)
            if not names:
                del by_ns[key.namespace]
        self._unindex_refs(oid)
        return oid

    def _rebuild_alerts(self, provider_ids: Iterable[str] | None) -> list[ResourceRow]:
        """Alert health depends on whether their Provider exists: rebuild the affected ones."""
        info = kind_by_plural("alerts")
        if provider_ids is None:
            alerts = list(self.objects(["alerts"]))
        else:
            alerts = [
                self._by_id[oid]
                for pid in provider_ids
                for oid, rel in self._refs_in.get(pid, {}).items()
                if rel == "provider" and oid in self._by_id
            ]
        changed: list[ResourceRow] = []
        for alert in alerts:
            row = self._build(info, alert.raw, alert.key.namespace).row
            if row != alert.row:
                self._put(alert.key, alert.raw, alert.resource_version, row)
                changed.append(row)
        return changed

    # ---- mutation: Flux kinds (sync layer only) --------------------------------------------

    def configure_kinds(self, states: Mapping[str, KindState]) -> None:
        """Discovery's verdict for every kind; objects of kinds no longer served are dropped."""
        deletes: list[str] = []
        for info in KINDS:
            new = states.get(
                info.plural, KindState(None, reason="not served by the cluster")
            )
            old = self._states[info.plural]
            if not new.available and old.available:
                deletes.extend(
                    oid
                    for oid in (
                        self._remove(o.key) for o in list(self.objects([info.plural]))
                    )
                    if oid is not None
                )
            if old.available and new.served_version == old.served_version:
                new = KindState(new.served_version, old.synced, old.error, new.reason)
            else:
                self._listed.discard(info.plural)
            self._set_state(info.plural, new)
        self.discovered = True
        upserts = self._rebuild_alerts(None) if deletes else []
        self._emit(CacheChange(upserts, deletes, resync=bool(deletes)))
        self._notify(self._state_subscribers)

    def replace_kind(
        self, plural: str, items: Iterable[Mapping[str, Any]]
    ) -> CacheChange:
        """A fresh LIST of one kind: keep unchanged objects, rebuild changed, drop vanished."""
        info = kind_by_plural(plural)
        seen: set[ObjectKey] = set()
        upserts: list[ResourceRow] = []
        for item in items:
            ident = _meta(item)
            if ident is None:
                continue
            namespace, name, rv = ident
            key = ObjectKey(plural, namespace, name)
            seen.add(key)
            old = self._objects.get(key)
            if old is not None and rv and old.resource_version == rv:
                continue
            raw = _ingest(item)
            built = self._build(info, raw, namespace)
            row = built.row
            self._put(key, raw, rv, row)
            upserts.append(row)
        deletes = [
            oid
            for oid in (
                self._remove(o.key)
                for o in list(self.objects([plural]))
                if o.key not in seen
            )
            if oid is not None
        ]
        state = self._states[plural]
        self._listed.add(plural)
        self._set_state(
            plural, KindState(state.served_version, True, None, state.reason)
        )
        if plural == "providers":
            upserts.extend(self._rebuild_alerts(None))
        change = CacheChange(upserts, deletes, resync=True)
        self._emit(change)
        return change

    def apply(
        self, plural: str, event_type: str, item: Mapping[str, Any]
    ) -> CacheChange | None:
        """One watch event (ADDED / MODIFIED / DELETED); None when it changed nothing."""
        ident = _meta(item)
        if ident is None or event_type not in ("ADDED", "MODIFIED", "DELETED"):
            return None
        namespace, name, rv = ident
        key = ObjectKey(plural, namespace, name)
        info = kind_by_plural(plural)
        upserts: list[ResourceRow] = []
        deletes: list[str] = []
        existed = key in self._objects
        if event_type == "DELETED":
            oid = self._remove(key)
            if oid is None:
                return None
            deletes.append(oid)
        else:
            old = self._objects.get(key)
            if old is not None and rv and old.resource_version == rv:
                return None  # a repeated delivery
            raw = _ingest(item)
            built = self._build(info, raw, namespace)
            row = built.row
            self._put(key, raw, rv, row)
            upserts.append(row)
        if plural == "providers" and existed != (key in self._objects):
            upserts.extend(self._rebuild_alerts([key.id]))
        change = CacheChange(upserts, deletes)
        self._emit(change)
        return change

    def mark_trouble(self, plural: str, error: str) -> None:
        """The kind's watch failed: its objects may be stale until it recovers."""
        state = self._states[plural]
        self._set_state(
            plural, KindState(state.served_version, False, error, state.reason)
        )

    def mark_live(self, plural: str) -> None:
        """The kind's watch is established again (resumed without a relist)."""
        state = self._states[plural]
        if state.available and state.error is not None and plural in self._listed:
            self._set_state(
                plural, KindState(state.served_version, True, None, state.reason)
            )

    # ---- mutation: events and workloads (sync layer only) ----------------------------------

    def set_aux(self, name: str, *, synced: bool, error: str | None = None) -> None:
        new = AuxState(synced, error)
        if self.aux.get(name) != new:
            self.aux[name] = new
            self._notify(self._state_subscribers)

    def replace_events(self, items: Iterable[Mapping[str, Any]]) -> None:
        self._events.replace(
            e for e in (parse_event(i) for i in items) if e is not None
        )

    def apply_event(self, event_type: str, item: Mapping[str, Any]) -> FluxEvent | None:
        event = parse_event(item)
        if event is None:
            return None
        if event_type == "DELETED":
            self._events.remove(event.id)
            return None
        if not self._events.put(event):
            return None
        self._notify(self._event_subscribers, event)
        return event

    def replace_workloads(self, items: Iterable[Mapping[str, Any]]) -> None:
        self._workloads = {
            (w.namespace, w.name): w
            for w in (parse_workload(i) for i in items)
            if w is not None
        }
        self._notify(self._state_subscribers)

    def apply_workload(self, event_type: str, item: Mapping[str, Any]) -> None:
        ident = _meta(item)
        if ident is None:
            return
        namespace, name, _ = ident
        workload = None if event_type == "DELETED" else parse_workload(item)
        old = self._workloads.pop((namespace, name), None)
        if workload is not None:
            self._workloads[(namespace, name)] = workload
        if (old is not None and old.is_flux_component) or (
            workload is not None and workload.is_flux_component
        ):
            self._notify(self._state_subscribers)
