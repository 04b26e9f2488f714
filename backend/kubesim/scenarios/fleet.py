"""Load a scenario's objects into the store, with status made by the simulated controllers.

A scenario says *what* an object is (``objects.*`` builders) and *which state* it is in
(``states.*``); :meth:`Fleet.add` creates it, runs the kind controller's own logic at a past
moment to produce that state's status (so scenario objects look exactly like reconciled
ones), writes the status through the status subresource, seeds Flux-style Events, and
registers the scripts that keep the state sticky (a failing object keeps failing when
reconciled, a stalled one stays stalled until reset).
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from kubesim.controllers import FLUX_FINALIZER, ObjectKey, Script
from kubesim.controllers.base import (
    Outcome,
    ReconcileContext,
    finish_status,
    progressing_conditions,
)
from kubesim.controllers.clock import rfc3339, utcnow
from kubesim.controllers.cluster import Cluster, group_plural
from kubesim.controllers.digests import sha1_hex, sha256_hex
from kubesim.controllers.events import flux_event
from kubesim.controllers.helm import chart_template_ref
from kubesim.controllers.kustomize import (
    inventory_entry,
    record_history,
    snapshot_digest,
)
from kubesim.controllers.registry import KIND_CONTROLLERS
from kubesim.controllers.scripts import Failure
from kubesim.controllers.sources import artifact, bump_patch
from kubesim.crds import FluxLine, kind_def
from kubesim.scenarios.install import deployment_status
from kubesim.scenarios.objects import helm_chart
from kubesim.scenarios.states import (
    READY,
    DependencyNotReady,
    Failed,
    Progressing,
    Ready,
    Stalled,
    State,
    Unknown,
)
from kubesim.store import Obj, Store


class ScenarioError(ValueError):
    """A scenario asks for a state its objects cannot be in (e.g. Ready with a failing dependency)."""


# A Flux object (built or added), an ``entry(...)`` tuple, or a ready ``{"id", "v"}`` entry.
InventoryItem = Obj | tuple[str, str, str, str, str]


def entry(
    kind: str, namespace: str, name: str, *, group: str = "", version: str = "v1"
) -> tuple[str, str, str, str, str]:
    """An inventory item for an object kubesim does not hold (Service, ClusterRole, …)."""
    return (namespace, name, group, kind, version)


class Fleet:
    """Builds one scenario into ``store`` (see the module docstring)."""

    def __init__(
        self, store: Store, *, line: FluxLine = "2.9", now: datetime | None = None
    ) -> None:
        self.store = store
        self.line: FluxLine = line
        self.cluster = Cluster(store, line, copy=False)
        self.now = now or utcnow()
        self.scripts: dict[ObjectKey, Script] = {}
        self.counts: Counter[str] = Counter()
        self.seed_events = True

    def created_at(self, key: str, age: timedelta | None = None) -> str:
        """When an object was created: ``age`` ago, else a stable 30-330 days ago per ``key``."""
        if age is None:
            age = timedelta(
                days=30 + int(sha1_hex(key)[:6], 16) % 300,
                minutes=int(sha1_hex(key)[6:9], 16) % 1440,
            )
        return rfc3339(self.now - age)

    # -- plain Kubernetes objects -------------------------------------------------------
    def namespace(self, name: str, labels: dict[str, str] | None = None) -> Obj:
        existing = self.store.get("", "namespaces", None, name)
        if existing is not None:
            return existing
        return self.store.create_shared(
            "",
            "namespaces",
            {
                "apiVersion": "v1",
                "kind": "Namespace",
                "metadata": {
                    "name": name,
                    "labels": {"kubernetes.io/metadata.name": name, **(labels or {})},
                },
            },
            created=self.created_at(name),
        )

    def secret(
        self,
        namespace: str,
        name: str,
        data: dict[str, str],
        *,
        type_: str = "Opaque",
        labels: dict[str, str] | None = None,
    ) -> Obj:
        meta: dict[str, Any] = {"name": name, "namespace": namespace}
        if labels:
            meta["labels"] = labels
        return self.store.create_shared(
            "",
            "secrets",
            {
                "apiVersion": "v1",
                "kind": "Secret",
                "metadata": meta,
                "type": type_,
                "data": {
                    k: base64.b64encode(v.encode()).decode() for k, v in data.items()
                },
            },
            created=self.created_at(f"{namespace}/{name}"),
        )

    def config_map(self, namespace: str, name: str, data: dict[str, str]) -> Obj:
        return self.store.create_shared(
            "",
            "configmaps",
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {"name": name, "namespace": namespace},
                "data": data,
            },
            created=self.created_at(f"{namespace}/{name}"),
        )

    def deployment(
        self,
        namespace: str,
        name: str,
        *,
        image: str,
        replicas: int = 1,
        managed_by: Obj | None = None,
        labels: dict[str, str] | None = None,
        ready: bool = True,
    ) -> Obj:
        """A workload Deployment; ``managed_by`` adds Flux's owner labels for that
        Kustomization or HelmRelease (FLUX.md §9)."""
        all_labels = {"app.kubernetes.io/name": name, **(labels or {})}
        if managed_by is not None:
            prefix = "kustomize" if managed_by["kind"] == "Kustomization" else "helm"
            all_labels[f"{prefix}.toolkit.fluxcd.io/name"] = managed_by["metadata"][
                "name"
            ]
            all_labels[f"{prefix}.toolkit.fluxcd.io/namespace"] = managed_by[
                "metadata"
            ]["namespace"]
        created = self.store.create_shared(
            "apps",
            "deployments",
            created=self.created_at(f"{namespace}/{name}"),
            obj={
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "metadata": {
                    "name": name,
                    "namespace": namespace,
                    "labels": all_labels,
                },
                "spec": {
                    "replicas": replicas,
                    "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
                    "template": {
                        "metadata": {"labels": {"app.kubernetes.io/name": name}},
                        "spec": {
                            "containers": [{"name": name.split("-")[0], "image": image}]
                        },
                    },
                },
            },
        )
        self.counts["Deployment"] += 1
        return self.store.update_shared(
            "apps",
            "deployments",
            {
                **created,
                "status": deployment_status(replicas, ready=ready, at=self.ago(days=3)),
            },
            subresource="status",
        )

    # -- Flux objects -------------------------------------------------------------------
    def add(
        self,
        obj: Obj,
        *,
        state: State = READY,
        suspended: bool = False,
        age: timedelta = timedelta(minutes=4),
        history: int = 1,
        inventory: list[InventoryItem] | None = None,
        status: dict[str, Any] | None = None,
        flaky: Failure | None = None,
        events: bool = True,
        observed: dict[str, Any] | None = None,
        created: timedelta | None = None,
    ) -> Obj:
        """Create ``obj`` in ``state`` and return it as stored (with status).

        ``age``: how long ago its last reconcile ran. ``history``: how many Kustomization
        snapshots / HelmRelease releases it has (older ones are synthesised).
        ``inventory``: what a Kustomization applied. ``status``: extra fields merged last.
        ``observed``: status fields from an earlier run, seen by the controller logic (e.g. an
        ImageRepository's ``lastScanResult``). ``created``: how long ago it was created.
        """
        kind = str(obj["kind"])
        obj = dict(obj)
        obj["apiVersion"] = kind_def(kind, self.line).api_version
        if kind == "HelmRelease":
            self._ensure_helm_chart(obj)
        group, plural = group_plural(kind)
        meta = obj["metadata"]
        if created is None and isinstance(state, Unknown):
            created = timedelta(minutes=3)  # never reconciled: created a moment ago
        stored = self.store.create_shared(
            group,
            plural,
            obj,
            created=self.created_at(
                f"{kind}/{meta.get('namespace')}/{meta['name']}", created
            ),
        )
        self.counts[kind] += 1
        key = ObjectKey.of(stored)
        controller = KIND_CONTROLLERS.get(kind)
        at = self.now - age
        current: Obj = stored
        if kind == "ExternalArtifact":
            current = self._write_status(
                stored, self._external_artifact_status(stored, at)
            )
        elif (
            controller is not None
            and controller.reconcilable(stored)
            and not isinstance(state, Unknown)
        ):
            start = (
                {**stored, "status": {**(stored.get("status") or {}), **observed}}
                if observed
                else stored
            )
            current = self._reconcile_into(
                start, state, at, history=history, inventory=inventory, events=events
            )
        if status:
            current = self._write_status(
                current, {**(current.get("status") or {}), **status}
            )
        if suspended:
            current = self.store.patch_shared(
                group, plural, key.namespace, key.name, {"spec": {"suspend": True}}
            )
        script = self._script_for(state, flaky)
        if script is not None:
            self.scripts[key] = script
        return current

    def _ensure_helm_chart(self, release: Obj) -> None:
        """Add the HelmChart ``<hr-ns>-<hr-name>`` a chart template needs, as helm-controller would."""
        ref = chart_template_ref(release)
        if ref is None or self.cluster.get("HelmChart", *ref) is not None:
            return
        template = release["spec"]["chart"]["spec"]
        source_ref = template["sourceRef"]
        source = self.cluster.get(source_ref["kind"], ref[0], source_ref["name"])
        if source is None:
            raise ScenarioError(
                f"HelmRelease {release['metadata']['name']}: source {source_ref} not found"
            )
        chart = helm_chart(
            ref[0],
            ref[1],
            chart=template["chart"],
            version=template.get("version", "*"),
            source=source,
            interval=template.get("interval", "10m0s"),
            reconcile_strategy=template.get("reconcileStrategy", "ChartVersion"),
        )
        self.add(chart, age=timedelta(minutes=30))

    def _script_for(self, state: State, flaky: Failure | None) -> Script | None:
        script = Script()
        if isinstance(state, Failed) and state.sticky:
            script = replace(script, fail=Failure(state.reason, state.message))
        if isinstance(state, Stalled):
            script = replace(script, stall=Failure(state.reason, state.message))
        if flaky is not None:
            script = replace(script, flaky=flaky)
        return None if script.is_default else script

    # -- status production --------------------------------------------------------------
    def ago(self, **kwargs: float) -> str:
        """RFC3339 of a moment before the fleet's now."""
        return rfc3339(self.now - timedelta(**kwargs))

    def _write_status(self, obj: Obj, status: dict[str, Any]) -> Obj:
        group, plural = group_plural(str(obj["kind"]))
        return self.store.update_shared(
            group, plural, {**obj, "status": status}, subresource="status"
        )

    def _context(self, obj: Obj, at: datetime, **kwargs: Any) -> ReconcileContext:
        # A plausible, deterministic run time between 0.8 s and 2.8 s.
        duration = 0.8 + (int(at.timestamp() * 1000) * 7919 % 2000) / 1000
        return ReconcileContext(obj, self.cluster, at, duration=duration, **kwargs)

    def _run(self, obj: Obj, outcome: Outcome, ctx: ReconcileContext) -> Obj:
        """``obj`` with ``outcome`` folded into its status (not written)."""
        return {
            **obj,
            "status": {**(obj.get("status") or {}), **finish_status(ctx, outcome)},
        }

    def _reconcile_into(
        self,
        stored: Obj,
        state: State,
        at: datetime,
        *,
        history: int,
        inventory: list[InventoryItem] | None,
        events: bool,
    ) -> Obj:
        kind = str(stored["kind"])
        controller = KIND_CONTROLLERS[kind]
        obj = stored
        previously_ready = not isinstance(state, Ready) and getattr(
            state, "previously_ready", True
        )
        if isinstance(state, Stalled):
            previously_ready = True
        first_success = at - timedelta(hours=6) if previously_ready else at
        if previously_ready or isinstance(state, Ready):
            ctx = self._context(
                obj,
                first_success,
                check_dependencies=isinstance(state, Ready),
            )
            outcome = controller.reconcile(ctx)
            if outcome.result != "ready":
                raise ScenarioError(
                    f"{ObjectKey.of(stored)} cannot be Ready: {outcome.reason}: {outcome.message}"
                )
            obj = self._run(obj, outcome, ctx)
            obj = self._enrich(
                obj, history=history, inventory=inventory, at=first_success
            )
            if events and outcome.event is not None:
                self._event(obj, controller.controller, outcome, first_success)
        if isinstance(state, Ready):
            if at != first_success:
                ctx = self._context(obj, at)
                obj = self._run(obj, controller.reconcile(ctx), ctx)
        elif isinstance(state, Progressing):
            ctx = self._context(obj, at)
            obj = {
                **obj,
                "status": {
                    **(obj.get("status") or {}),
                    "conditions": progressing_conditions(
                        list((obj.get("status") or {}).get("conditions") or []),
                        generation=ctx.generation,
                        at=ctx.at,
                        message=controller.progress_message(ctx),
                    ),
                },
            }
        elif isinstance(state, Failed):
            ctx = self._context(obj, at)
            outcome = controller.failure(ctx, Failure(state.reason, state.message))
            obj = self._run(obj, outcome, ctx)
            if events:
                self._event(obj, controller.controller, outcome, at, count=state.count)
        elif isinstance(state, Stalled):
            failure = Failure(state.reason, state.message)
            for attempt in range(state.attempts):
                when = at - timedelta(minutes=5 * (state.attempts - 1 - attempt))
                ctx = self._context(obj, when)
                if attempt < state.attempts - 1:
                    outcome = controller.failure(ctx, failure)
                else:
                    outcome = controller.stall(ctx, failure)
                obj = self._run(obj, outcome, ctx)
                if events:
                    self._event(obj, controller.controller, outcome, when)
        elif isinstance(state, DependencyNotReady):
            ctx = self._context(obj, at)
            outcome = controller.reconcile(ctx)
            if outcome.reason != "DependencyNotReady":
                raise ScenarioError(
                    f"{ObjectKey.of(stored)} has no unready dependency ({outcome.reason}: {outcome.message})"
                )
            obj = self._run(obj, outcome, ctx)
            if events:
                self._event(obj, controller.controller, outcome, at, count=12)
        return self._write_status(stored, obj.get("status") or {})

    def _enrich(
        self,
        obj: Obj,
        *,
        history: int,
        inventory: list[InventoryItem] | None,
        at: datetime,
    ) -> Obj:
        """Older history entries and the inventory, as a long-lived object would have."""
        status = dict(obj.get("status") or {})
        kind = obj["kind"]
        if kind == "Kustomization":
            if inventory is not None:
                status["inventory"] = {
                    "entries": [
                        i
                        if isinstance(i, dict) and "id" in i
                        else self._inventory_entry(i)
                        for i in inventory
                    ]
                }
            entries = list(status.get("history") or [])
            current = entries[0] if entries else None
            if current is not None:
                prefix = str(current["metadata"]["revision"]).split("@")[0]
                for n in range(1, history):
                    when = at - timedelta(days=n * 2)
                    revision = (
                        f"{prefix}@sha1:{sha1_hex(obj['metadata']['name'] + f'/{n}')}"
                    )
                    entries = [
                        *entries,
                        *record_history(
                            [],
                            digest=snapshot_digest(revision, n),
                            revision=revision,
                            status="ReconciliationSucceeded",
                            at=rfc3339(when),
                            duration=1.2 + n / 10,
                        ),
                    ]
                for n, e in enumerate(entries):
                    total = 3 + (n * 37 + len(obj["metadata"]["name"])) % 120
                    e["totalReconciliations"] = total
                    # The same manifests were applied at every interval since then.
                    last = datetime.fromisoformat(
                        e["lastReconciled"].replace("Z", "+00:00")
                    )
                    first = last - timedelta(minutes=10 * (total - 1))
                    if n + 1 < len(entries):
                        older = entries[n + 1]["lastReconciled"]
                        first = max(
                            first,
                            datetime.fromisoformat(older.replace("Z", "+00:00"))
                            + timedelta(minutes=1),
                        )
                    e["firstReconciled"] = rfc3339(first)
                status["history"] = entries[:5]
        elif kind == "HelmRelease" and history > 1 and status.get("history"):
            latest = dict(status["history"][0])
            releases = [latest]
            version = str(latest["chartVersion"])
            older_versions: list[str] = []
            for _ in range(1, history):
                core, _, build = version.partition("+")
                parts = core.split(".")
                if len(parts) == 3 and parts[2].isdigit() and int(parts[2]) > 0:
                    core = f"{parts[0]}.{parts[1]}.{int(parts[2]) - 1}"
                elif len(parts) == 3 and parts[1].isdigit() and int(parts[1]) > 0:
                    core = f"{parts[0]}.{int(parts[1]) - 1}.9"
                version = f"{core}+{sha256_hex(core)[:12]}" if build else core
                older_versions.append(version)
            number = int(latest["version"])
            latest["version"] = number + len(older_versions)
            releases = [latest]
            for n, older in enumerate(older_versions, start=1):
                deployed = rfc3339(at - timedelta(days=7 * n))
                releases.append(
                    {
                        **latest,
                        "version": latest["version"] - n,
                        "status": "superseded",
                        "action": "upgrade" if n < len(older_versions) else "install",
                        "chartVersion": older,
                        "digest": f"sha256:{sha256_hex(str(latest['name']) + f'/{older}/{n}')}",
                        "lastDeployed": deployed,
                    }
                )
            first = releases[-1]["lastDeployed"]
            for r in releases:
                r["firstDeployed"] = first
            latest["action"] = "upgrade"
            status["history"] = releases[:5]
            status["lastAttemptedReleaseAction"] = "upgrade"
            msg = (
                f"Helm upgrade succeeded for release {latest['namespace']}/{latest['name']}.v{latest['version']} "
                f"with chart {latest['chartName']}@{latest['chartVersion']}"
            )
            status["conditions"] = [
                {**c, "reason": "UpgradeSucceeded", "message": msg}
                if c["type"] in ("Ready", "Released")
                else c
                for c in status.get("conditions") or []
            ]
        return {**obj, "status": status}

    def _inventory_entry(self, item: InventoryItem) -> dict[str, str]:
        if isinstance(item, tuple):
            return inventory_entry(*item)
        if "id" in item:  # already an entry
            return {"id": str(item["id"]), "v": str(item["v"])}
        api_version = item.get("apiVersion")
        if not api_version:  # a Flux object built but not added yet
            api_version = kind_def(str(item["kind"]), self.line).api_version
        group, _, version = str(api_version).rpartition("/")
        return inventory_entry(
            str(item["metadata"].get("namespace", "")),
            str(item["metadata"]["name"]),
            group,
            str(item["kind"]),
            version,
        )

    def _external_artifact_status(self, obj: Obj, at: datetime) -> dict[str, Any]:
        meta = obj["metadata"]
        revision = f"latest@sha256:{sha256_hex(meta['namespace'] + meta['name'])}"
        art = artifact(
            "ExternalArtifact",
            meta["namespace"],
            meta["name"],
            revision,
            at=at,
            seed=meta["name"],
        )
        art["url"] = art["url"].replace("source-controller", "source-watcher")
        message = f"stored artifact for revision '{revision}'"
        return {
            "artifact": art,
            "conditions": [
                {
                    "type": "Ready",
                    "status": "True",
                    "reason": "Succeeded",
                    "message": message,
                    "lastTransitionTime": rfc3339(at),
                    "observedGeneration": meta.get("generation", 1),
                }
            ],
        }

    # -- events -------------------------------------------------------------------------
    def _event(
        self,
        obj: Obj,
        controller: str,
        outcome: Outcome,
        at: datetime,
        *,
        count: int = 1,
    ) -> None:
        if not self.seed_events or outcome.event is None:
            return
        spec = outcome.event
        first = at - timedelta(minutes=10 * (count - 1)) if count > 1 else at
        event = flux_event(
            obj,
            controller=controller,
            type_=spec.type,
            reason=spec.reason,
            message=spec.message,
            annotations=spec.annotations,
            first=first,
            last=at,
            count=count,
            backdated=True,
        )
        self.store.create_shared("", "events", event)
        self.counts["Event"] += 1

    def event(
        self,
        obj: Obj,
        *,
        type_: str,
        reason: str,
        message: str,
        age: timedelta,
        count: int = 1,
        annotations: dict[str, str] | None = None,
    ) -> None:
        """Seed one extra Event about ``obj`` (e.g. an older failure now resolved)."""
        kd = kind_def(str(obj["kind"]), self.line)
        at = self.now - age
        event = flux_event(
            obj,
            controller=kd.controller,
            type_=type_,
            reason=reason,
            message=message,
            annotations=annotations,
            first=at - timedelta(minutes=10 * (count - 1)),
            last=at,
            count=count,
            backdated=True,
        )
        self.store.create_shared("", "events", event)
        self.counts["Event"] += 1


__all__ = [
    "FLUX_FINALIZER",
    "DependencyNotReady",
    "Failed",
    "Fleet",
    "InventoryItem",
    "Progressing",
    "Ready",
    "ScenarioError",
    "Stalled",
    "Unknown",
    "bump_patch",
    "entry",
]
