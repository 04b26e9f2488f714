"""`build_row`: one raw Flux object → its `ResourceRow` (never raises, always masked)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fluxdash.models.helm import HelmRelease, Snapshot
from fluxdash.models.image import (
    GitCheckoutRef,
    ImagePolicy,
    ImagePolicyChoice,
    ImageRepository,
    ImageUpdateAutomation,
)
from fluxdash.models.keys import ObjectKey
from fluxdash.models.kinds import KindInfo
from fluxdash.models.kustomize import Kustomization
from fluxdash.models.notification import Alert, Provider, Receiver
from fluxdash.models.objects import FluxObject, parse_object
from fluxdash.models.source import (
    Bucket,
    ExternalArtifact,
    GitRepository,
    GitRepositoryRef,
    HelmChart,
    HelmRepository,
    OCIRepository,
    OCIRepositoryRef,
)
from fluxdash.models.views import ResourceRow
from fluxdash.services import refs
from fluxdash.services.health import extract_facts, health_from_facts, one_line
from fluxdash.services.masking import mask_text, mask_url
from fluxdash.services.revision import display_revision, shorten_revision

MAX_MESSAGE_LENGTH = 1024
"""Row messages are cut here (kustomize messages can reach 20,000 chars); the detail view
carries the full conditions."""
_RELEASE_NAME_MAX = 53

Columns = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Summary:
    """An object parsed once: its model (None if unreadable), the parse problem, its row."""

    model: FluxObject | None
    problem: str | None
    row: ResourceRow


# Status fields no column reads, left out of the parse behind a row: Kustomization inventories
# (5-500 entries) and histories are most of a fleet's parse time. The detail view parses the
# whole object; `problem` of a row does not cover these fields.
_UNREAD_STATUS: dict[str, tuple[str, ...]] = {
    "Kustomization": ("inventory", "history"),
    "HelmRelease": ("inventory",),
}


def _row_view(kind_info: KindInfo, raw: Mapping[str, Any]) -> Mapping[str, Any]:
    """`raw` without the status fields rows never read (shallow copies; `raw` untouched)."""
    unread = _UNREAD_STATUS.get(kind_info.kind)
    status = raw.get("status") if unread and isinstance(raw, Mapping) else None
    if not isinstance(status, Mapping) or not any(
        key in status for key in unread or ()
    ):
        return raw
    view = dict(raw)
    view["status"] = {k: v for k, v in status.items() if k not in (unread or ())}
    return view


def summarize(
    kind_info: KindInfo, raw: Mapping[str, Any], *, provider_exists: bool | None = None
) -> Summary:
    """Parse `raw` once and build its row (what the cache stores). Never raises.

    `model` is parsed from the row's view of the object (see `_UNREAD_STATUS`): read its
    columns, not its inventory."""
    model, problem = parse_object(kind_info, _row_view(kind_info, raw))
    return Summary(
        model, problem, _build_row(kind_info, raw, model, problem, provider_exists)
    )


def build_row(
    kind_info: KindInfo, raw: Mapping[str, Any], *, provider_exists: bool | None = None
) -> ResourceRow:
    """The summary row of a raw object of `kind_info`. Never raises.

    Health comes from the raw object (metadata, `spec.suspend`, `status.conditions`), so a
    health field with a wrong type gives Unknown with a message naming it. Other unreadable
    fields leave health alone: their columns stay empty and `problem` names them.
    `provider_exists` is passed to `compute_health` (Alerts).
    """
    model, problem = parse_object(kind_info, _row_view(kind_info, raw))
    return _build_row(kind_info, raw, model, problem, provider_exists)


def _build_row(
    kind_info: KindInfo,
    raw: Mapping[str, Any],
    model: FluxObject | None,
    problem: str | None,
    provider_exists: bool | None,
) -> ResourceRow:
    source: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    facts = extract_facts(kind_info, source)
    health = health_from_facts(kind_info, facts, provider_exists=provider_exists)
    namespace, name, uid, labels, created = _identity(model, source)
    kind = kind_info.kind
    ready = facts.conditions.get("Ready")
    last_reconciled = ready.last_transition_time if ready else None
    row: Columns = {
        "id": ObjectKey(kind, namespace, name).id,
        "kind": kind,
        "plural": kind_info.plural,
        "category": kind_info.category,
        "namespace": namespace,
        "name": name,
        "uid": uid,
        "health": health.health,
        "health_reason": health.reason,
        "message": _row_message(kind, health.message),
        "suspended": facts.suspend,
        "generation": facts.generation,
        "observed_generation": facts.observed_generation,
        "created_at": created,
        "labels": labels,
        "problem": mask_text(problem) if problem else None,
        "last_reconciled": last_reconciled,
    }
    if model is not None:
        status = getattr(model, "status", None)
        row["last_handled_reconcile_at"] = getattr(
            status, "last_handled_reconcile_at", None
        )
        builder = _COLUMN_BUILDERS.get(type(model))
        if builder is not None:
            row.update(builder(model))
        if last_reconciled is None:
            artifact = getattr(status, "artifact", None)
            row["last_reconciled"] = getattr(artifact, "last_update_time", None)
    revision_full = row.get("revision_full")
    row["revision"] = (
        display_revision(kind, revision_full)
        if isinstance(revision_full, str)
        else None
    )
    try:
        return ResourceRow.model_validate(row)
    except ValueError as exc:  # defensive: a column builder produced an odd value
        return ResourceRow(
            id=row["id"],
            kind=kind,
            plural=kind_info.plural,
            category=kind_info.category,
            namespace=namespace,
            name=name,
            health=health.health,
            health_reason=health.reason,
            message=row["message"],
            problem=mask_text(f"cannot summarise object: {exc}"),
        )


def _row_message(kind: str, message: str) -> str:
    text = mask_text(one_line(message))
    if kind != "HelmChart":
        text = shorten_revision(text)
    if len(text) > MAX_MESSAGE_LENGTH:
        text = text[: MAX_MESSAGE_LENGTH - 1] + "…"
    return text


def _identity(
    model: FluxObject | None, raw: Mapping[str, Any]
) -> tuple[str, str, str | None, dict[str, str], datetime | None]:
    if model is not None:
        m = model.metadata
        return m.namespace, m.name, m.uid, dict(m.labels), m.creation_timestamp
    meta = raw.get("metadata") if isinstance(raw, Mapping) else None
    meta = meta if isinstance(meta, Mapping) else {}
    namespace = meta.get("namespace")
    name = meta.get("name")
    uid = meta.get("uid")
    labels = meta.get("labels")
    return (
        namespace if isinstance(namespace, str) else "",
        name if isinstance(name, str) else "",
        uid if isinstance(uid, str) else None,
        {k: v for k, v in labels.items() if isinstance(k, str) and isinstance(v, str)}
        if isinstance(labels, Mapping)
        else {},
        None,
    )


# --- display helpers ---------------------------------------------------------------------


def git_ref_display(ref: GitRepositoryRef | GitCheckoutRef | None) -> str:
    """`spec.ref` by precedence commit > name > semver > tag > branch (default `master`)."""
    if ref is None:
        return "branch master"
    if ref.commit:
        return f"commit {ref.commit[:8]}"
    if ref.name:
        return f"name {ref.name}"
    if ref.semver:
        return f"semver {ref.semver}"
    if ref.tag:
        return f"tag {ref.tag}"
    return f"branch {ref.branch or 'master'}"


def oci_ref_display(ref: OCIRepositoryRef | None) -> str:
    """`spec.ref` by precedence digest > semver > tag (default `tag latest`)."""
    if ref is None:
        return "tag latest"
    if ref.digest:
        return f"digest {shorten_revision(ref.digest)}"
    if ref.semver:
        suffix = f" (filter {ref.semver_filter})" if ref.semver_filter else ""
        return f"semver {ref.semver}{suffix}"
    return f"tag {ref.tag or 'latest'}"


def policy_display(policy: ImagePolicyChoice) -> str | None:
    if policy.semver is not None:
        return f"semver {policy.semver.range}"
    if policy.alphabetical is not None:
        return f"alphabetical {policy.alphabetical.order or 'asc'}"
    if policy.numerical is not None:
        return f"numerical {policy.numerical.order or 'asc'}"
    return None


def release_name_of(release: HelmRelease) -> str:
    """The Helm release name: the latest snapshot's, else `spec.releaseName`, else
    `[<targetNamespace>-]<name>` shortened to 53 chars like helm-controller."""
    if release.status is not None and release.status.history:
        return release.status.history[0].name
    if release.spec.release_name:
        return release.spec.release_name
    name = release.metadata.name
    if release.spec.target_namespace:
        name = f"{release.spec.target_namespace}-{name}"
    if len(name) <= _RELEASE_NAME_MAX:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:12]
    return f"{name[: _RELEASE_NAME_MAX - 13]}-{digest}"


def _artifact_columns(artifact: Any) -> Columns:
    if artifact is None:
        return {}
    return {"revision_full": artifact.revision or None, "artifact_size": artifact.size}


def _git(obj: GitRepository) -> Columns:
    return {
        "url": mask_url(obj.spec.url),
        "ref": git_ref_display(obj.spec.ref),
        "provider": obj.spec.provider,
        "interval": obj.spec.interval,
        **_artifact_columns(obj.status.artifact if obj.status else None),
    }


def _oci(obj: OCIRepository) -> Columns:
    return {
        "url": mask_url(obj.spec.url),
        "ref": oci_ref_display(obj.spec.ref),
        "provider": obj.spec.provider,
        "interval": obj.spec.interval,
        **_artifact_columns(obj.status.artifact if obj.status else None),
    }


def _helm_repository(obj: HelmRepository) -> Columns:
    return {
        "url": mask_url(obj.spec.url),
        "repo_type": "oci" if obj.spec.type == "oci" else "default",
        "provider": obj.spec.provider,
        "interval": obj.spec.interval,
        **_artifact_columns(obj.status.artifact if obj.status else None),
    }


def _helm_chart(obj: HelmChart) -> Columns:
    src = refs.source_of(obj)
    return {
        "chart": obj.spec.chart,
        "chart_version": obj.spec.version or "*",
        "source": src.id if src else None,
        "interval": obj.spec.interval,
        **_artifact_columns(obj.status.artifact if obj.status else None),
    }


def _bucket(obj: Bucket) -> Columns:
    return {
        "endpoint": mask_text(obj.spec.endpoint),
        "bucket_name": obj.spec.bucket_name,
        "provider": obj.spec.provider,
        "interval": obj.spec.interval,
        **_artifact_columns(obj.status.artifact if obj.status else None),
    }


def _external_artifact(obj: ExternalArtifact) -> Columns:
    src = refs.source_of(obj)
    return {
        "source": src.id if src else None,
        **_artifact_columns(obj.status.artifact if obj.status else None),
    }


def _kustomization(obj: Kustomization) -> Columns:
    src = refs.source_of(obj)
    last_applied = obj.status.last_applied_revision if obj.status else None
    return {
        "source": src.id if src else None,
        "path": obj.spec.path or "./",
        "prune": obj.spec.prune,
        "target_namespace": obj.spec.target_namespace,
        "interval": obj.spec.interval,
        "depends_on": [key.id for key in refs.depends_on(obj)],
        "revision_full": last_applied or None,
        "last_applied_revision": shorten_revision(last_applied)
        if last_applied
        else None,
    }


def _latest_deployed(history: list[Snapshot]) -> Snapshot | None:
    return next((snap for snap in history if snap.status == "deployed"), None)


def _helm_release(obj: HelmRelease) -> Columns:
    status = obj.status
    history = status.history if status else []
    latest = history[0] if history else None
    template = obj.spec.chart.spec if obj.spec.chart else None
    chart_source = refs.chart_source_of(obj)
    helm_chart = refs.helm_chart_of(obj)
    revision = (
        latest.chart_version
        if latest
        else (status.last_attempted_revision if status else None)
    )
    deployed = _latest_deployed(history)
    return {
        "chart": template.chart
        if template
        else (latest.chart_name if latest else None),
        "chart_version": (template.version or "*") if template else None,
        "source": chart_source.id if chart_source else None,
        "helm_chart": helm_chart.id if helm_chart else None,
        "target_namespace": obj.spec.target_namespace,
        "interval": obj.spec.interval,
        "depends_on": [key.id for key in refs.depends_on(obj)],
        "revision_full": revision or None,
        "last_applied_revision": deployed.chart_version if deployed else None,
        "failures": status.failures if status else None,
        "release_name": release_name_of(obj),
    }


def _alert(obj: Alert) -> Columns:
    return {
        "provider_ref": refs.provider_ref(obj).id,
        "event_sources": [sel.display() for sel in refs.event_sources(obj)],
        "event_severity": obj.spec.event_severity or "info",
    }


def _provider(obj: Provider) -> Columns:
    # Never the address: it is (or contains) the webhook secret.
    return {"provider_type": obj.spec.type, "channel": obj.spec.channel}


def _receiver(obj: Receiver) -> Columns:
    return {
        "receiver_type": obj.spec.type,
        "webhook_path": obj.status.webhook_path if obj.status else None,
        "resources": [sel.display() for sel in refs.receiver_targets(obj)],
        "interval": obj.spec.interval,
    }


def _image_repository(obj: ImageRepository) -> Columns:
    scan = obj.status.last_scan_result if obj.status else None
    return {
        "image": mask_text(obj.spec.image),
        "provider": obj.spec.provider,
        "interval": obj.spec.interval,
        "last_scan": scan.scan_time if scan else None,
        "tag_count": scan.tag_count if scan else None,
        "revision_full": scan.revision if scan and scan.revision else None,
    }


def _image_policy(obj: ImagePolicy) -> Columns:
    latest = obj.status.latest_ref if obj.status else None
    return {
        "image": latest.name if latest else None,
        "latest_tag": f"{latest.name}:{latest.tag}" if latest else None,
        "revision_full": latest.tag + (f"@{latest.digest}" if latest.digest else "")
        if latest
        else None,
        "image_repository": refs.image_repository_ref(obj).id,
        "policy": policy_display(obj.spec.policy),
        "interval": obj.spec.interval,
    }


def _image_update(obj: ImageUpdateAutomation) -> Columns:
    status = obj.status
    checkout = obj.spec.git.checkout if obj.spec.git else None
    return {
        "source": refs.update_source_ref(obj).id,
        "ref": git_ref_display(checkout.ref) if checkout else None,
        "interval": obj.spec.interval,
        "last_run": status.last_automation_run_time if status else None,
        "last_push_commit": shorten_revision(status.last_push_commit)
        if status and status.last_push_commit
        else None,
        "revision_full": status.last_push_commit
        if status and status.last_push_commit
        else None,
    }


_COLUMN_BUILDERS: dict[type, Callable[[Any], Columns]] = {
    GitRepository: _git,
    OCIRepository: _oci,
    HelmRepository: _helm_repository,
    HelmChart: _helm_chart,
    Bucket: _bucket,
    ExternalArtifact: _external_artifact,
    Kustomization: _kustomization,
    HelmRelease: _helm_release,
    Alert: _alert,
    Provider: _provider,
    Receiver: _receiver,
    ImageRepository: _image_repository,
    ImagePolicy: _image_policy,
    ImageUpdateAutomation: _image_update,
}
