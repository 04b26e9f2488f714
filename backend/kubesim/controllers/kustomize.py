"""kustomize-controller, simulated: Kustomization.

Success applies the source's current artifact revision (``Applied revision: …``), keeps the
inventory and records a ``status.history`` snapshot; dependencies that are not ready give
``DependencyNotReady``; a missing source or artifact gives ``ArtifactFailed``.
"""

from __future__ import annotations

from typing import Any

from kubesim.controllers import conditions as cond
from kubesim.controllers.base import (
    EventSpec,
    KindController,
    Outcome,
    ReconcileContext,
)
from kubesim.controllers.clock import go_duration, parse_go_duration
from kubesim.controllers.dependencies import first_unready_dependency, resolve_ref
from kubesim.controllers.digests import sha256_hex

MAX_HISTORY = 5


def inventory_entry(
    namespace: str, name: str, group: str, kind: str, version: str
) -> dict[str, str]:
    """One ``status.inventory.entries`` item (FLUX.md §5.3): ``<ns>_<name>_<group>_<kind>``."""
    return {"id": f"{namespace}_{name.replace(':', '__')}_{group}_{kind}", "v": version}


def snapshot_digest(revision: str, generation: int) -> str:
    return f"sha256:{sha256_hex(f'manifests/{revision}/{generation}')}"


def record_history(
    history: list[dict[str, Any]],
    *,
    digest: str,
    revision: str,
    status: str,
    at: str,
    duration: float,
    origin_revision: str | None = None,
) -> list[dict[str, Any]]:
    """meta.History semantics: newest first, deduplicated by (digest, status), at most 5."""
    head = history[0] if history else None
    if (
        head is not None
        and head.get("digest") == digest
        and head.get("lastReconciledStatus") == status
    ):
        updated = dict(head)
        updated["lastReconciled"] = at
        updated["lastReconciledDuration"] = go_duration(duration)
        updated["totalReconciliations"] = int(head.get("totalReconciliations", 0)) + 1
        return [updated, *history[1:]]
    metadata = {"revision": revision}
    if origin_revision:
        metadata["originRevision"] = origin_revision
    entry = {
        "digest": digest,
        "firstReconciled": at,
        "lastReconciled": at,
        "lastReconciledDuration": go_duration(duration),
        "lastReconciledStatus": status,
        "metadata": metadata,
        "totalReconciliations": 1,
    }
    rest = [
        h
        for h in history
        if not (h.get("digest") == digest and h.get("lastReconciledStatus") == status)
    ]
    return [entry, *rest][:MAX_HISTORY]


def effective_timeout(spec: dict[str, Any]) -> str:
    """spec.timeout, else interval - 30s with a 30s minimum (FLUX.md §4.7)."""
    if spec.get("timeout"):
        return str(spec["timeout"])
    try:
        interval = parse_go_duration(str(spec.get("interval", "10m")))
    except ValueError:
        interval = 600.0
    return go_duration(max(interval - 30, 30))


class KustomizationController(KindController):
    kind = "Kustomization"
    controller = "kustomize-controller"
    applier = True
    default_delay = 2.0
    default_stall = (
        "InvalidCELExpression",
        "failed to parse the CEL expression in healthCheckExprs: undeclared reference to 'stauts'",
    )

    def _source(self, ctx: ReconcileContext) -> tuple[str, dict[str, Any] | None]:
        kind, ns, name = resolve_ref(ctx.spec.get("sourceRef") or {}, ctx.namespace)
        source = ctx.cluster.get(kind, ns, name) if kind else None
        return f"{kind}/{ns}/{name}", source

    def _revision(self, ctx: ReconcileContext) -> str | None:
        _, source = self._source(ctx)
        art = ((source or {}).get("status") or {}).get("artifact") or {}
        return str(art["revision"]) if art.get("revision") else None

    def progress_message(self, ctx: ReconcileContext) -> str:
        revision = self._revision(ctx) or ctx.status.get("lastAttemptedRevision") or ""
        return f"Fetching manifests for revision {revision} with a timeout of {effective_timeout(ctx.spec)}"

    def _waits(self, ctx: ReconcileContext) -> bool:
        return bool(ctx.spec.get("wait") or ctx.spec.get("healthChecks"))

    def reconcile(self, ctx: ReconcileContext) -> Outcome:
        dep = (
            first_unready_dependency(ctx.cluster, "Kustomization", ctx.obj)
            if ctx.check_dependencies
            else None
        )
        if dep is not None:
            message = f"dependency '{dep}' is not ready"
            return Outcome(
                "failed",
                "DependencyNotReady",
                message,
                event=EventSpec(
                    "Normal",
                    "DependencyNotReady",
                    "Dependencies do not meet ready condition, retrying in 30s",
                ),
                retrying=True,
            )
        ref, source = self._source(ctx)
        if source is None:
            return self._artifact_failed(ctx, f"Source '{ref}' not found")
        art = (source.get("status") or {}).get("artifact")
        if not art:
            return self._artifact_failed(
                ctx, "Source artifact not found, retrying in 30s"
            )
        revision = str(art["revision"])
        origin = (art.get("metadata") or {}).get("org.opencontainers.image.revision")
        message = f"Applied revision: {revision}"
        status: dict[str, Any] = {
            "lastAppliedRevision": revision,
            "lastAttemptedRevision": revision,
            "history": record_history(
                list(ctx.status.get("history") or []),
                digest=snapshot_digest(revision, ctx.generation),
                revision=revision,
                status="ReconciliationSucceeded",
                at=ctx.at,
                duration=ctx.duration,
                origin_revision=origin,
            ),
        }
        if origin:
            status["lastAppliedOriginRevision"] = origin
        if "inventory" not in ctx.status:
            status["inventory"] = {"entries": []}
        extra = []
        if self._waits(ctx):
            extra.append(
                cond.condition(
                    "Healthy", "True", "Succeeded", f"Health check passed in {go_duration(ctx.duration * 0.6)}",
                    at=ctx.at, generation=ctx.generation,
                )
            )  # fmt: skip
        annotations = {
            "kustomize.toolkit.fluxcd.io/revision": revision,
            "kustomize.toolkit.fluxcd.io/commit_status": "update",
        }
        if origin:
            annotations["kustomize.toolkit.fluxcd.io/originRevision"] = origin
        interval = str(ctx.spec.get("interval", "10m0s"))
        return Outcome(
            "ready",
            "ReconciliationSucceeded",
            message,
            status=status,
            extra_conditions=extra,
            event=EventSpec(
                "Normal",
                "ReconciliationSucceeded",
                f"Reconciliation finished in {go_duration(ctx.duration)}, next run in {_normalise(interval)}",
                annotations,
            ),
        )

    def _artifact_failed(self, ctx: ReconcileContext, message: str) -> Outcome:
        return Outcome(
            "failed", "ArtifactFailed", message,
            event=EventSpec("Warning", "ArtifactFailed", message), retrying=True,
        )  # fmt: skip

    def default_failure(self, ctx: ReconcileContext) -> tuple[str, str]:
        path = str(ctx.spec.get("path", "./")).removeprefix("./")
        return (
            "BuildFailed",
            f"kustomize build failed: accumulating resources: accumulation err='accumulating resources from "
            f"'{path}/overlays/production': open /tmp/kustomization-1391478392/{path}/overlays/production: "
            f"no such file or directory'",
        )

    def failure(self, ctx: ReconcileContext, failure: Any) -> Outcome:
        out = super().failure(ctx, failure)
        revision = self._revision(ctx)
        if revision:
            out.status["lastAttemptedRevision"] = revision
            out.status["history"] = record_history(
                list(ctx.status.get("history") or []),
                digest=snapshot_digest(revision, ctx.generation),
                revision=revision,
                status="HealthCheckFailed"
                if out.reason == "HealthCheckFailed"
                else "ReconciliationFailed",
                at=ctx.at,
                duration=ctx.duration,
            )
            if out.event is not None:
                out.event.annotations = {
                    "kustomize.toolkit.fluxcd.io/revision": revision
                }
        if out.reason == "HealthCheckFailed" and self._waits(ctx):
            out.extra_conditions.append(
                cond.condition(
                    "Healthy",
                    "False",
                    "HealthCheckFailed",
                    out.message,
                    at=ctx.at,
                    generation=ctx.generation,
                )
            )
        return out


def _normalise(interval: str) -> str:
    try:
        return go_duration(parse_go_duration(interval))
    except ValueError:
        return interval


__all__ = [
    "KustomizationController",
    "effective_timeout",
    "inventory_entry",
    "record_history",
    "snapshot_digest",
]
