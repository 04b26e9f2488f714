"""helm-controller, simulated: HelmRelease (FLUX.md §4.8, §7.2).

A release is (re)made when there is none yet, the chart version changed, the spec changed
(new generation), the last release failed, or a honoured ``forceAt`` asks for it; each release
prepends a ``status.history`` snapshot (newest first, at most ``maxHistory``). Scripted
failures count ``failures`` and ``installFailures``/``upgradeFailures``; a honoured ``resetAt``
or a new generation clears those counters. Chart templates get their HelmChart
``<hr-ns>-<hr-name>`` created in the source namespace, as helm-controller does.
"""

from __future__ import annotations

import json
from typing import Any

from kubesim.controllers import conditions as cond
from kubesim.controllers.base import (
    EventSpec,
    KindController,
    Outcome,
    ReconcileContext,
)
from kubesim.controllers.dependencies import first_unready_dependency, resolve_ref
from kubesim.controllers.digests import sha256_hex
from kubesim.controllers.scripts import Failure
from kubesim.store import Obj

DEFAULT_MAX_HISTORY = 5


def release_name(obj: Obj) -> str:
    spec = obj.get("spec") or {}
    if spec.get("releaseName"):
        return str(spec["releaseName"])
    name = str(obj["metadata"]["name"])
    target = spec.get("targetNamespace")
    return f"{target}-{name}" if target else name


def release_namespace(obj: Obj) -> str:
    spec = obj.get("spec") or {}
    return str(spec.get("targetNamespace") or obj["metadata"].get("namespace", ""))


def chart_template_ref(obj: Obj) -> tuple[str, str] | None:
    """``(namespace, name)`` of the HelmChart a ``spec.chart`` template makes, or None."""
    spec = obj.get("spec") or {}
    template = (spec.get("chart") or {}).get("spec")
    if not template:
        return None
    namespace = str(obj["metadata"].get("namespace", ""))
    source_ns = (template.get("sourceRef") or {}).get("namespace") or namespace
    return str(source_ns), f"{namespace}-{obj['metadata']['name']}"


def config_digest(obj: Obj) -> str:
    """Digest of the release configuration (values and where they come from)."""
    spec = obj.get("spec") or {}
    config = {k: spec.get(k) for k in ("values", "valuesFrom", "postRenderers")}
    return f"sha256:{sha256_hex(json.dumps(config, sort_keys=True, default=str))}"


def snapshot(
    obj: Obj,
    *,
    version: int,
    status: str,
    action: str,
    chart_name: str,
    chart_version: str,
    app_version: str,
    first_deployed: str,
    last_deployed: str,
    oci_digest: str | None = None,
    config: str | None = None,
    helm_v4: bool = True,
) -> dict[str, Any]:
    """One ``status.history`` entry (a helm-controller Snapshot)."""
    name = release_name(obj)
    out: dict[str, Any] = {
        "action": action,
        "appVersion": app_version,
        "chartName": chart_name,
        "chartVersion": chart_version,
        "configDigest": config or config_digest(obj),
        "digest": f"sha256:{sha256_hex(f'release/{name}/{version}/{chart_version}')}",
        "firstDeployed": first_deployed,
        "lastDeployed": last_deployed,
        "name": name,
        "namespace": release_namespace(obj),
        "status": status,
        "version": version,
    }
    if helm_v4:
        out["apiVersion"] = "v2"
    if oci_digest:
        out["ociDigest"] = oci_digest
    return out


class Chart:
    """The chart a HelmRelease would install right now."""

    def __init__(
        self, name: str, version: str, app_version: str, oci_digest: str | None = None
    ) -> None:
        self.name = name
        self.version = version
        self.app_version = app_version
        self.oci_digest = oci_digest


class HelmReleaseController(KindController):
    kind = "HelmRelease"
    controller = "helm-controller"
    applier = True
    default_delay = 3.0

    # -- chart resolution ---------------------------------------------------------------
    def _chart(self, ctx: ReconcileContext) -> tuple[Chart | None, str]:
        """The resolved chart, or None and the reason it is not available."""
        spec = ctx.spec
        if spec.get("chartRef"):
            kind, ns, name = resolve_ref(spec["chartRef"], ctx.namespace)
            source = ctx.cluster.get(kind, ns, name)
            if source is None:
                return (
                    None,
                    f"could not get {kind} '{ns}/{name}': {kind.lower()}s \"{name}\" not found",
                )
            art = (source.get("status") or {}).get("artifact")
            if not art:
                return None, f"{kind} '{ns}/{name}' is not ready: artifact not found"
            revision = str(art["revision"])
            if kind == "OCIRepository":
                tag, _, digest = revision.partition("@")
                digest = digest or revision
                url = str((source.get("spec") or {}).get("url", ""))
                chart_name = url.rstrip("/").rsplit("/", 1)[-1] or name
                hexpart = digest.rpartition(":")[2]
                return Chart(chart_name, f"{tag}+{hexpart[:12]}", tag, digest), ""
            if kind == "HelmChart":
                chart_name = str((source.get("spec") or {}).get("chart", name))
                return Chart(chart_name, revision, revision.split("+")[0]), ""
            tag = revision.partition("@")[0]
            return Chart(name, tag, tag), ""
        ref = chart_template_ref(ctx.obj)
        if ref is None:
            return None, "spec.chart or spec.chartRef must be set"
        chart_ns, chart_name = ref
        helm_chart = ctx.cluster.get("HelmChart", chart_ns, chart_name)
        if helm_chart is None:
            self._create_chart(ctx, chart_ns, chart_name)
            return (
                None,
                f"HelmChart '{chart_ns}/{chart_name}' is not ready: waiting to be reconciled",
            )
        art = (helm_chart.get("status") or {}).get("artifact")
        if not art:
            return (
                None,
                f"HelmChart '{chart_ns}/{chart_name}' is not ready: latest generation of object has not been reconciled",
            )
        version = str(art["revision"])
        template = ((ctx.spec.get("chart") or {}).get("spec")) or {}
        return Chart(
            str(template.get("chart", chart_name)), version, version.split("+")[0]
        ), ""

    def _create_chart(self, ctx: ReconcileContext, namespace: str, name: str) -> None:
        template = (ctx.spec.get("chart") or {}).get("spec") or {}
        source = dict(template.get("sourceRef") or {})
        source.pop("namespace", None)
        chart_spec: dict[str, Any] = {
            "chart": template.get("chart", ""),
            "version": template.get("version", "*"),
            "sourceRef": source,
            "interval": template.get("interval", ctx.spec.get("interval", "10m")),
            "reconcileStrategy": template.get("reconcileStrategy", "ChartVersion"),
        }
        if template.get("valuesFiles"):
            chart_spec["valuesFiles"] = template["valuesFiles"]
        try:
            ctx.cluster.create(
                {
                    "apiVersion": ctx.cluster.api_version("HelmChart"),
                    "kind": "HelmChart",
                    "metadata": {"name": name, "namespace": namespace},
                    "spec": chart_spec,
                }
            )
        except (
            Exception
        ):  # created concurrently, or the namespace is gone: retried next run
            return

    # -- helpers ------------------------------------------------------------------------
    def _history(self, ctx: ReconcileContext) -> list[dict[str, Any]]:
        return [dict(h) for h in ctx.status.get("history") or []]

    def _max_history(self, ctx: ReconcileContext) -> int:
        value = ctx.spec.get("maxHistory")
        return (
            int(value) if isinstance(value, int) and value > 0 else DEFAULT_MAX_HISTORY
        )

    def _action(self, history: list[dict[str, Any]]) -> str:
        return (
            "upgrade"
            if any(h.get("status") in ("deployed", "superseded") for h in history)
            else "install"
        )

    def _counters(self, ctx: ReconcileContext) -> dict[str, int]:
        if ctx.reset or ctx.new_generation:
            return {"failures": 0, "installFailures": 0, "upgradeFailures": 0}
        return {
            k: int(ctx.status.get(k) or 0)
            for k in ("failures", "installFailures", "upgradeFailures")
        }

    def _base_status(self, ctx: ReconcileContext) -> dict[str, Any]:
        status: dict[str, Any] = {
            "lastAttemptedGeneration": ctx.generation,
            "storageNamespace": ctx.spec.get("storageNamespace") or ctx.namespace,
            **{k: (v or None) for k, v in self._counters(ctx).items()},
        }
        ref = chart_template_ref(ctx.obj)
        if ref is not None:
            status["helmChart"] = f"{ref[0]}/{ref[1]}"
        return status

    def progress_message(self, ctx: ReconcileContext) -> str:
        timeout = ctx.spec.get("timeout") or "5m0s"
        return f"Running '{self._action(self._history(ctx))}' action with timeout of {timeout}"

    # -- outcomes -----------------------------------------------------------------------
    def reconcile(self, ctx: ReconcileContext) -> Outcome:
        dep = (
            first_unready_dependency(ctx.cluster, "HelmRelease", ctx.obj)
            if ctx.check_dependencies
            else None
        )
        if dep is not None:
            message = f"dependency '{dep}' is not ready"
            return Outcome(
                "failed", "DependencyNotReady", message,
                status=self._base_status(ctx),
                event=EventSpec("Normal", "DependencyNotReady", message), retrying=True,
            )  # fmt: skip
        chart, why = self._chart(ctx)
        if chart is None:
            return Outcome(
                "failed", "ArtifactFailed", why,
                status=self._base_status(ctx),
                event=EventSpec("Warning", "ArtifactFailed", why), retrying=True,
            )  # fmt: skip
        history = self._history(ctx)
        latest = history[0] if history else None
        needs_release = (
            latest is None
            or latest.get("status") != "deployed"
            or latest.get("chartVersion") != chart.version
            or latest.get("configDigest") != config_digest(ctx.obj)
            or ctx.force
        )
        status = self._base_status(ctx)
        status["lastAttemptedRevision"] = chart.version
        status["lastAttemptedConfigDigest"] = config_digest(ctx.obj)
        if chart.oci_digest:
            status["lastAttemptedRevisionDigest"] = chart.oci_digest
        target = f"{release_namespace(ctx.obj)}/{release_name(ctx.obj)}"
        if needs_release:
            action = self._action(history)
            number = int(latest["version"]) + 1 if latest else 1
            for h in history:
                if h.get("status") == "deployed":
                    h["status"] = "superseded"
            first = next(
                (
                    h["firstDeployed"]
                    for h in reversed(history)
                    if h.get("firstDeployed")
                ),
                ctx.at,
            )
            entry = snapshot(
                ctx.obj, version=number, status="deployed", action=action,
                chart_name=chart.name, chart_version=chart.version, app_version=chart.app_version,
                first_deployed=first, last_deployed=ctx.at, oci_digest=chart.oci_digest,
                helm_v4=ctx.cluster.line == "2.9",
            )  # fmt: skip
            status["history"] = [entry, *history][: self._max_history(ctx)]
            status["lastAttemptedReleaseAction"] = action
            status["lastAttemptedReleaseActionDuration"] = (
                f"{ctx.duration:.3f}s".replace(".000s", "s")
            )
            verb = "install" if action == "install" else "upgrade"
            reason = "InstallSucceeded" if action == "install" else "UpgradeSucceeded"
            message = f"Helm {verb} succeeded for release {target}.v{number} with chart {chart.name}@{chart.version}"
            event = EventSpec("Normal", reason, message)
        else:
            released = cond.find(ctx.status.get("conditions"), "Released")
            if released is not None and released.get("status") == "True":
                reason, message = str(released["reason"]), str(released["message"])
            else:
                reason = (
                    "UpgradeSucceeded"
                    if latest and latest.get("action") == "upgrade"
                    else "InstallSucceeded"
                )
                verb = "upgrade" if reason == "UpgradeSucceeded" else "install"
                number = int(latest["version"]) if latest else 1
                message = f"Helm {verb} succeeded for release {target}.v{number} with chart {chart.name}@{chart.version}"
            event = EventSpec(
                "Normal",
                "ReconciliationSucceeded",
                "release in-sync with desired state",
            )
        event.annotations = {
            "helm.toolkit.fluxcd.io/revision": chart.version,
            "helm.toolkit.fluxcd.io/token": config_digest(ctx.obj).removeprefix(
                "sha256:"
            )[:16],
            "helm.toolkit.fluxcd.io/app-version": chart.app_version,
        }
        if chart.oci_digest:
            event.annotations["helm.toolkit.fluxcd.io/oci-digest"] = chart.oci_digest
        return Outcome(
            "ready",
            reason,
            message,
            status=status,
            extra_conditions=[
                cond.condition(
                    "Released",
                    "True",
                    reason,
                    message,
                    at=ctx.at,
                    generation=ctx.generation,
                )
            ],
            drop_conditions=("Remediated",),
            event=event,
        )

    def _failed_release(
        self, ctx: ReconcileContext, failure: Failure | None
    ) -> tuple[Outcome, str, int]:
        chart, _ = self._chart(ctx)
        history = self._history(ctx)
        action = self._action(history)
        target = f"{release_namespace(ctx.obj)}/{release_name(ctx.obj)}"
        chart_text = f"{chart.name}@{chart.version}" if chart else "unknown"
        err = (
            "context deadline exceeded"
            if action == "upgrade"
            else "timed out waiting for the condition"
        )
        default_reason = "UpgradeFailed" if action == "upgrade" else "InstallFailed"
        reason = (failure.reason if failure else None) or default_reason
        message = (failure.message if failure else None) or (
            f"Helm {action} failed for release {target} with chart {chart_text}: {err}"
        )
        counters = self._counters(ctx)
        counters["failures"] += 1
        counters["upgradeFailures" if action == "upgrade" else "installFailures"] += 1
        status = self._base_status(ctx)
        status.update(counters)
        status["lastAttemptedReleaseAction"] = action
        if chart is not None:
            status["lastAttemptedRevision"] = chart.version
            latest = history[0] if history else None
            if (
                latest is None
                or latest.get("status") != "failed"
                or latest.get("chartVersion") != chart.version
            ):
                number = int(latest["version"]) + 1 if latest else 1
                entry = snapshot(
                    ctx.obj, version=number, status="failed", action=action,
                    chart_name=chart.name, chart_version=chart.version, app_version=chart.app_version,
                    first_deployed=ctx.at, last_deployed=ctx.at, oci_digest=chart.oci_digest,
                    helm_v4=ctx.cluster.line == "2.9",
                )  # fmt: skip
                status["history"] = [entry, *history][: self._max_history(ctx)]
        outcome = Outcome(
            "failed",
            reason,
            message,
            status=status,
            extra_conditions=[
                cond.condition(
                    "Released",
                    "False",
                    reason,
                    message,
                    at=ctx.at,
                    generation=ctx.generation,
                )
            ],
            event=EventSpec("Warning", reason, message),
            retrying=True,
        )
        if chart is not None and outcome.event is not None:
            outcome.event.annotations = {
                "helm.toolkit.fluxcd.io/revision": chart.version
            }
        attempts = counters[
            "upgradeFailures" if action == "upgrade" else "installFailures"
        ]
        return outcome, action, attempts

    def failure(self, ctx: ReconcileContext, failure: Failure | None) -> Outcome:
        outcome, _, _ = self._failed_release(ctx, failure)
        return outcome

    def stall(self, ctx: ReconcileContext, failure: Failure | None) -> Outcome:
        """Remediation retries exhausted: Ready=False with the release failure, and
        Stalled=True ``RetriesExceeded`` "Failed to <action> after N attempt(s)"."""
        outcome, action, attempts = self._failed_release(ctx, failure)
        outcome.result = "stalled"
        outcome.retrying = False
        outcome.stall_reason = "RetriesExceeded"
        outcome.stall_message = f"Failed to {action} after {attempts} attempt(s)"
        return outcome
