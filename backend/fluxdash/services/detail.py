"""The detail of one Flux object, assembled from the cache (no request to the cluster).

Masked object, conditions, events of the object and of its source, artifact, inventory resolved
to Flux objects (with health) and other entries (Deployments with readiness), dependsOn and
dependents with health, source/chart/provider with health, HelmRelease history, Kustomization
reconcile history and when the next reconcile is expected.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from fluxdash.errors import NotFound
from fluxdash.models.api_views import (
    ArtifactView,
    ConditionView,
    HelmReleaseRevision,
    InventoryEntryView,
    InventoryView,
    ReconcileRecord,
    RelatedObject,
    ResourceDetail,
)
from fluxdash.models.duration import try_parse_duration
from fluxdash.models.keys import ObjectKey as RefKey
from fluxdash.models.kinds import find_kind, kind_by_plural
from fluxdash.models.objects import parse_object
from fluxdash.services.cache import CachedObject, FluxCache
from fluxdash.services.inventory import InventoryIdError, parse_inventory_id
from fluxdash.services.masking import mask_object, mask_text

MAX_INVENTORY_ENTRIES = 5000
MAX_DETAIL_EVENTS = 100


def _time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _map(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def related(cache: FluxCache, object_id: str, relation: str) -> RelatedObject:
    """A reference by id, resolved against the cache (missing when not there)."""
    try:
        ref = RefKey.parse(object_id)
    except ValueError:
        ref = RefKey(object_id, "", "")
    info = find_kind(ref.kind)
    obj = cache.get_by_id(object_id)
    if obj is None:
        return RelatedObject(
            id=object_id,
            kind=ref.kind,
            plural=info.plural if info else None,
            namespace=ref.namespace,
            name=ref.name,
            relation=relation,
            missing=True,
        )
    row = obj.row
    return RelatedObject(
        id=object_id,
        kind=row.kind,
        plural=row.plural,
        namespace=row.namespace,
        name=row.name,
        relation=relation,
        missing=False,
        health=row.health,
        health_reason=row.health_reason,
        message=row.message,
        suspended=row.suspended,
    )


def _conditions(raw: Mapping[str, Any]) -> list[ConditionView]:
    out: list[ConditionView] = []
    for cond in _list(_map(raw.get("status")).get("conditions")):
        if not isinstance(cond, Mapping) or not isinstance(cond.get("type"), str):
            continue
        generation = cond.get("observedGeneration")
        out.append(
            ConditionView(
                type=cond["type"],
                status=str(cond.get("status") or "Unknown"),
                reason=str(cond["reason"]) if cond.get("reason") else None,
                message=mask_text(str(cond.get("message") or "")),
                last_transition_time=_time(cond.get("lastTransitionTime")),
                observed_generation=generation
                if isinstance(generation, int) and not isinstance(generation, bool)
                else None,
            )
        )
    return out


def _artifact(raw: Mapping[str, Any]) -> ArtifactView | None:
    artifact = _map(raw.get("status")).get("artifact")
    if not isinstance(artifact, Mapping):
        return None
    size = artifact.get("size")
    metadata = _map(artifact.get("metadata"))
    return ArtifactView(
        revision=mask_text(str(artifact["revision"]))
        if artifact.get("revision")
        else None,
        digest=str(artifact["digest"]) if artifact.get("digest") else None,
        size=size if isinstance(size, int) and not isinstance(size, bool) else None,
        last_update_time=_time(artifact.get("lastUpdateTime")),
        url=mask_text(str(artifact["url"])) if artifact.get("url") else None,
        metadata={str(k): mask_text(str(v)) for k, v in metadata.items()},
    )


def _inventory(cache: FluxCache, raw: Mapping[str, Any]) -> InventoryView | None:
    inventory = _map(raw.get("status")).get("inventory")
    if not isinstance(inventory, Mapping):
        return None
    entries_raw = _list(inventory.get("entries"))
    views: list[InventoryEntryView] = []
    invalid: list[str] = []
    flux_count = 0
    for entry in entries_raw[:MAX_INVENTORY_ENTRIES]:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
            continue
        try:
            ref = parse_inventory_id(entry["id"], str(entry.get("v") or ""))
        except InventoryIdError:
            invalid.append(entry["id"])
            continue
        view: dict[str, Any] = {
            "id": ref.id,
            "kind": ref.kind,
            "group": ref.group,
            "version": ref.version,
            "namespace": ref.namespace,
            "name": ref.name,
            "flux": False,
        }
        info = ref.flux_kind
        if info is not None:
            flux_count += 1
            found = cache.get(info.plural, ref.namespace, ref.name)
            view.update(flux=True, plural=info.plural, missing=found is None)
            if found is not None:
                view.update(health=found.row.health, message=found.row.message)
        elif ref.kind == "Deployment" and ref.group == "apps":
            workload = cache.workload(ref.namespace, ref.name)
            if workload is not None:
                view.update(status=workload.summary, ready=workload.ready)
        views.append(InventoryEntryView(**view))
    return InventoryView(
        entries=views,
        total=len(entries_raw),
        flux_objects=flux_count,
        invalid=invalid,
        truncated=len(entries_raw) > MAX_INVENTORY_ENTRIES,
    )


def _helm_history(raw: Mapping[str, Any]) -> list[HelmReleaseRevision]:
    out: list[HelmReleaseRevision] = []
    for snap in _list(_map(raw.get("status")).get("history")):
        if not isinstance(snap, Mapping):
            continue
        try:
            out.append(
                HelmReleaseRevision.model_validate(
                    {
                        k: snap.get(k)
                        for k in (
                            "version",
                            "status",
                            "action",
                            "chartName",
                            "chartVersion",
                            "appVersion",
                            "configDigest",
                            "firstDeployed",
                            "lastDeployed",
                            "deleted",
                            "ociDigest",
                        )
                        if snap.get(k) is not None
                    }
                )
            )
        except ValidationError:
            continue
    return out


def _reconcile_history(raw: Mapping[str, Any]) -> list[ReconcileRecord]:
    out: list[ReconcileRecord] = []
    for snap in _list(_map(raw.get("status")).get("history")):
        if not isinstance(snap, Mapping) or not isinstance(snap.get("digest"), str):
            continue
        total = snap.get("totalReconciliations")
        revision = _map(snap.get("metadata")).get("revision")
        out.append(
            ReconcileRecord(
                digest=snap["digest"],
                revision=mask_text(revision) if isinstance(revision, str) else None,
                first_reconciled=_time(snap.get("firstReconciled")),
                last_reconciled=_time(snap.get("lastReconciled")),
                last_reconciled_duration=str(snap.get("lastReconciledDuration") or "")
                or None,
                last_reconciled_status=str(snap.get("lastReconciledStatus") or "")
                or None,
                total_reconciliations=total if isinstance(total, int) else None,
            )
        )
    return out


def next_reconcile_at(
    obj: CachedObject, now: datetime | None = None
) -> datetime | None:
    """When the controller should reconcile next: the last reconcile we can see plus the
    interval (retryInterval while failing), rolled forward past `now`. None when suspended,
    static or without a readable interval."""
    row = obj.row
    if row.suspended or not row.interval:
        return None
    raw = obj.raw
    spec = _map(raw.get("spec"))
    interval = try_parse_duration(row.interval)
    if row.health == "Failed":
        retry = spec.get("retryInterval")
        interval = (
            try_parse_duration(retry if isinstance(retry, str) else None) or interval
        )
    if interval is None or interval <= timedelta(0):
        return None
    status = _map(raw.get("status"))
    candidates = [
        row.last_reconciled,
        _time(_map(status.get("artifact")).get("lastUpdateTime")),
        _time(status.get("lastHandledReconcileAt")),
    ]
    history = _list(status.get("history"))
    if history and isinstance(history[0], Mapping):
        candidates.append(_time(history[0].get("lastReconciled")))
    known = [c for c in candidates if c is not None]
    if not known:
        return None
    moment = max(known) + interval
    now = now or datetime.now(UTC)
    if moment <= now:
        periods = (now - moment) // interval + 1
        moment += interval * periods
    return moment


def build_detail(
    cache: FluxCache, plural: str, namespace: str, name: str
) -> ResourceDetail:
    """The detail of one object; NotFound when the cache does not hold it."""
    obj = cache.get(plural, namespace, name)
    info = kind_by_plural(plural)
    if obj is None:
        raise NotFound(f"{info.kind} {namespace}/{name} not found")
    raw, row = obj.raw, obj.row
    masked = mask_object(raw)
    masked.setdefault("kind", info.kind)
    typed, _ = parse_object(info, masked)
    refs = cache.references_of(row.id)
    source_id = next((oid for rel, oid in refs if rel == "source"), None)
    if row.kind == "ImageUpdateAutomation":
        source_id = next((oid for rel, oid in refs if rel == "imageUpdateSource"), None)
    if row.kind == "ImagePolicy":
        source_id = next((oid for rel, oid in refs if rel == "imageRepository"), None)
    chart_id = next((oid for rel, oid in refs if rel == "chart"), None)
    provider_id = next((oid for rel, oid in refs if rel == "provider"), None)
    upstream = [oid for oid in (source_id, chart_id) if oid]
    if (
        chart_id is not None
    ):  # a HelmRelease's chart: its events and its own source's too
        chart = cache.get_by_id(chart_id)
        if chart is not None and chart.row.source:
            upstream.append(chart.row.source)
    events = cache.recent_events(
        object_ids=[row.id, *upstream], limit=MAX_DETAIL_EVENTS
    )
    return ResourceDetail(
        row=row,
        resource=typed,
        manifest=masked,
        conditions=_conditions(raw),
        events=events,
        artifact=_artifact(raw),
        inventory=_inventory(cache, raw),
        source=related(cache, source_id, "source") if source_id else None,
        chart=related(cache, chart_id, "chart") if chart_id else None,
        depends_on=[related(cache, oid, "dependsOn") for oid in row.depends_on],
        dependents=[
            related(cache, oid, rel)
            for rel, oid in cache.dependents_by_relation(row.id)
        ],
        managed_by=[
            related(cache, oid, "managedBy") for oid in cache.managers_of(row.id)
        ],
        provider=related(cache, provider_id, "provider") if provider_id else None,
        history=_helm_history(raw) if row.kind == "HelmRelease" else [],
        reconcile_history=_reconcile_history(raw)
        if row.kind == "Kustomization"
        else [],
        next_reconcile_at=next_reconcile_at(obj),
    )
