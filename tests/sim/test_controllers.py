"""The simulated Flux controllers, observed through the Kubernetes API only (FLUX.md §5, §7)."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Callable

import pytest

from .scenario_support import (
    FORCE_AT,
    REQUESTED_AT,
    RESET_AT,
    SCRIPT,
    Cluster,
    Obj,
    conditions,
    health,
    poll,
    running,
)

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def demo() -> AsyncIterator[Cluster]:
    async with running("demo") as cluster:
        yield cluster


def settled(token: str) -> Callable[[Obj], bool]:
    """The reconcile requested with ``token`` has finished (successfully or not)."""

    def check(obj: Obj) -> bool:
        status = obj.get("status") or {}
        if status.get("lastHandledReconcileAt") != token:
            return False
        reconciling = conditions(obj).get("Reconciling")
        return reconciling is None or reconciling["reason"] == "ProgressingWithRetry"

    return check


async def test_reconcile_request_is_handled_within_the_scripted_delay(
    demo: Cluster,
) -> None:
    before = await demo.get("Kustomization", "apps", "frontend")
    await demo.annotate(
        "Kustomization", "apps", "frontend", **{SCRIPT: json.dumps({"delay": 0.6})}
    )
    started = time.monotonic()
    await demo.annotate(
        "Kustomization",
        "apps",
        "frontend",
        **{REQUESTED_AT: "2026-08-07T10:00:00.123456789Z"},
    )

    progressing = await demo.wait_for(
        "Kustomization",
        "apps",
        "frontend",
        lambda o: "Reconciling" in conditions(o),
        within=2,
    )
    ready = conditions(progressing)["Ready"]
    assert (ready["status"], ready["reason"]) == ("Unknown", "Progressing")
    assert conditions(progressing)["Reconciling"]["status"] == "True"
    assert conditions(progressing)["Reconciling"]["reason"] == "Progressing"
    assert health(progressing) == ("Progressing", "Progressing")
    assert progressing["status"].get("lastHandledReconcileAt") is None

    done = await demo.wait_for(
        "Kustomization",
        "apps",
        "frontend",
        settled("2026-08-07T10:00:00.123456789Z"),
        within=5,
    )
    elapsed = time.monotonic() - started
    assert elapsed >= 0.6, "the outcome must not come before the scripted delay"
    ready = conditions(done)["Ready"]
    assert (ready["status"], ready["reason"]) == ("True", "ReconciliationSucceeded")
    revision = done["status"]["lastAppliedRevision"]
    assert ready["message"] == f"Applied revision: {revision}"
    assert done["status"]["observedGeneration"] == done["metadata"]["generation"]
    assert len(done["status"]["history"]) >= len(before["status"]["history"])
    assert done["status"]["history"][0]["metadata"]["revision"] == revision

    events = await demo.events_for("apps", "frontend", "Kustomization")
    normal = [
        e
        for e in events
        if e["reason"] == "ReconciliationSucceeded" and e["type"] == "Normal"
    ]
    assert normal, events
    event = normal[-1]
    assert re.fullmatch(r"frontend\.[0-9a-f]+", event["metadata"]["name"])
    assert event["source"]["component"] == "kustomize-controller"
    assert event["reportingComponent"] == "kustomize-controller"
    assert event["involvedObject"]["uid"] == done["metadata"]["uid"]
    assert (
        event["metadata"]["annotations"]["kustomize.toolkit.fluxcd.io/revision"]
        == revision
    )
    assert re.fullmatch(
        r"Reconciliation finished in [0-9.]+m?s, next run in 5m0s", event["message"]
    )


async def test_suspended_object_ignores_requested_at(demo: Cluster) -> None:
    before = await demo.get("HelmRelease", "infrastructure", "velero")
    assert health(before)[0] == "Suspended"
    events_before = await demo.events_for("infrastructure", "velero", "HelmRelease")
    await demo.annotate(
        "HelmRelease", "infrastructure", "velero", **{REQUESTED_AT: "suspended-1"}
    )
    # Give the controllers ample time to (wrongly) act: delays are 0 in this fixture.
    await asyncio.sleep(0.5)
    after = await demo.get("HelmRelease", "infrastructure", "velero")
    assert after["status"] == before["status"]
    assert (
        await demo.events_for("infrastructure", "velero", "HelmRelease")
        == events_before
    )


async def test_resume_bumps_generation_and_reconciles(demo: Cluster) -> None:
    before = await demo.get("HelmRelease", "infrastructure", "velero")
    assert before["status"]["observedGeneration"] < before["metadata"]["generation"]
    resumed = await demo.patch(
        "HelmRelease", "infrastructure", "velero", {"spec": {"suspend": False}}
    )
    generation = resumed["metadata"]["generation"]
    assert generation == before["metadata"]["generation"] + 1
    done = await demo.wait_for(
        "HelmRelease",
        "infrastructure",
        "velero",
        lambda o: (
            o["status"].get("observedGeneration") == generation
            and "Reconciling" not in conditions(o)
        ),
    )
    assert health(done) == ("Ready", conditions(done)["Ready"]["reason"])
    assert "lastHandledReconcileAt" not in done["status"], "resume sets no requestedAt"


async def test_spec_change_reconciles_and_advances_observed_generation(
    demo: Cluster,
) -> None:
    changed = await demo.patch(
        "Kustomization", "team-b", "team-b-apps", {"spec": {"interval": "7m0s"}}
    )
    generation = changed["metadata"]["generation"]
    done = await demo.wait_for(
        "Kustomization",
        "team-b",
        "team-b-apps",
        lambda o: o["status"].get("observedGeneration") == generation,
    )
    assert conditions(done)["Ready"]["status"] == "True"


async def test_scripted_failure_keeps_observed_generation_and_sets_last_handled(
    demo: Cluster,
) -> None:
    script = {
        "fail": {
            "reason": "HealthCheckFailed",
            "message": "timeout waiting for: [Deployment/apps/frontend]",
        }
    }
    await demo.annotate(
        "Kustomization", "apps", "frontend", **{SCRIPT: json.dumps(script)}
    )
    changed = await demo.patch(
        "Kustomization", "apps", "frontend", {"spec": {"timeout": "3m0s"}}
    )
    generation = changed["metadata"]["generation"]
    await demo.annotate("Kustomization", "apps", "frontend", **{REQUESTED_AT: "fail-1"})
    failed = await demo.wait_for("Kustomization", "apps", "frontend", settled("fail-1"))
    ready = conditions(failed)["Ready"]
    assert (ready["status"], ready["reason"], ready["message"]) == (
        "False",
        "HealthCheckFailed",
        "timeout waiting for: [Deployment/apps/frontend]",
    )
    reconciling = conditions(failed)["Reconciling"]
    assert (reconciling["status"], reconciling["reason"]) == (
        "True",
        "ProgressingWithRetry",
    )
    assert failed["status"]["observedGeneration"] == generation - 1, (
        "no success, no new observedGeneration"
    )
    assert health(failed) == ("Failed", "HealthCheckFailed")
    warnings = [
        e
        for e in await demo.events_for("apps", "frontend", "Kustomization")
        if e["type"] == "Warning" and e["reason"] == "HealthCheckFailed"
    ]
    assert warnings
    assert warnings[-1]["message"] == ready["message"]

    # Dropping the script and asking again succeeds and catches up with the generation.
    await demo.annotate(
        "Kustomization", "apps", "frontend", **{SCRIPT: None, REQUESTED_AT: "ok-1"}
    )
    fixed = await demo.wait_for("Kustomization", "apps", "frontend", settled("ok-1"))
    assert conditions(fixed)["Ready"]["status"] == "True"
    assert fixed["status"]["observedGeneration"] == generation


async def test_stall_script_and_python_scripting_api(demo: Cluster) -> None:
    await demo.annotate("GitRepository", "team-a", "team-a-repo", **{SCRIPT: "stall"})
    await demo.annotate(
        "GitRepository", "team-a", "team-a-repo", **{REQUESTED_AT: "stall-1"}
    )
    stalled = await demo.wait_for(
        "GitRepository", "team-a", "team-a-repo", settled("stall-1")
    )
    assert conditions(stalled)["Stalled"]["status"] == "True"
    assert health(stalled)[0] == "Failed"

    demo.runtime.script(
        "GitRepository",
        "flux-system",
        "flux-monitoring",
        fail={"reason": "GitOperationFailed", "message": "boom"},
    )
    await demo.annotate(
        "GitRepository", "flux-system", "flux-monitoring", **{REQUESTED_AT: "py-1"}
    )
    failed = await demo.wait_for(
        "GitRepository", "flux-system", "flux-monitoring", settled("py-1")
    )
    assert (
        conditions(failed)["Ready"]["reason"],
        conditions(failed)["Ready"]["message"],
    ) == (
        "GitOperationFailed",
        "boom",
    )
    assert conditions(failed)["FetchFailed"]["status"] == "True"
    assert failed["status"]["artifact"], "a failing source keeps its last artifact"


async def test_force_is_honoured_only_when_equal_to_requested_at(demo: Cluster) -> None:
    before = await demo.get("HelmRelease", "apps", "podinfo")
    releases = len(before["status"]["history"])
    latest = before["status"]["history"][0]["version"]

    await demo.annotate(
        "HelmRelease", "apps", "podinfo", **{REQUESTED_AT: "t1", FORCE_AT: "t0"}
    )
    plain = await demo.wait_for("HelmRelease", "apps", "podinfo", settled("t1"))
    assert plain["status"]["lastHandledForceAt"] == "t0", "updated regardless"
    assert plain["status"]["history"][0]["version"] == latest, "no forced release"
    assert len(plain["status"]["history"]) == releases

    await demo.annotate(
        "HelmRelease", "apps", "podinfo", **{REQUESTED_AT: "t2", FORCE_AT: "t2"}
    )
    forced = await demo.wait_for("HelmRelease", "apps", "podinfo", settled("t2"))
    history = forced["status"]["history"]
    assert forced["status"]["lastHandledForceAt"] == "t2"
    assert history[0]["version"] == latest + 1
    assert history[0]["status"] == "deployed"
    assert all(h["status"] != "deployed" for h in history[1:])
    assert [h["version"] for h in history] == sorted(
        (h["version"] for h in history), reverse=True
    )
    ready = conditions(forced)["Ready"]
    assert ready["status"] == "True"
    assert ready["message"].startswith(
        f"Helm upgrade succeeded for release apps/podinfo.v{latest + 1} with chart podinfo@"
    )


async def test_reset_clears_failure_counters_and_unstalls(demo: Cluster) -> None:
    hr = ("HelmRelease", "infrastructure", "kube-prometheus-stack")
    before = await demo.get(*hr)
    assert health(before) == ("Failed", "RetriesExceeded")
    assert before["status"]["upgradeFailures"] == before["status"]["failures"] == 4

    # A plain request (or a reset that does not equal requestedAt) stays stalled.
    await demo.annotate(*hr, **{REQUESTED_AT: "r1", RESET_AT: "r0"})
    still = await demo.wait_for(*hr, settled("r1"))
    assert conditions(still)["Stalled"]["reason"] == "RetriesExceeded"
    assert still["status"]["lastHandledResetAt"] == "r0"
    assert still["status"]["failures"] == 5

    await demo.annotate(*hr, **{REQUESTED_AT: "r2", RESET_AT: "r2"})
    reset = await demo.wait_for(*hr, settled("r2"))
    status = reset["status"]
    assert status["lastHandledResetAt"] == "r2"
    assert "Stalled" not in conditions(reset)
    assert conditions(reset)["Ready"]["status"] == "True"
    for counter in ("failures", "upgradeFailures", "installFailures"):
        assert not status.get(counter), counter
    assert status["history"][0]["status"] == "deployed"
    assert health(reset)[0] == "Ready"


async def test_dependency_not_ready_persists(demo: Cluster) -> None:
    await demo.annotate(
        "Kustomization", "flux-system", "apps", **{REQUESTED_AT: "dep-1"}
    )
    done = await demo.wait_for("Kustomization", "flux-system", "apps", settled("dep-1"))
    ready = conditions(done)["Ready"]
    assert (ready["reason"], ready["message"]) == (
        "DependencyNotReady",
        "dependency 'flux-system/infra-configs' is not ready",
    )


async def test_new_source_revision_is_followed_by_consumers(demo: Cluster) -> None:
    repo = await demo.get("GitRepository", "flux-system", "flux-system")
    old = repo["status"]["artifact"]["revision"]
    demo.runtime.publish("GitRepository", "flux-system", "flux-system")
    published = await demo.wait_for(
        "GitRepository",
        "flux-system",
        "flux-system",
        lambda o: o["status"]["artifact"]["revision"] != old,
    )
    new = published["status"]["artifact"]["revision"]
    assert re.fullmatch(r"main@sha1:[0-9a-f]{40}", new)
    assert (
        conditions(published)["Ready"]["message"]
        == f"stored artifact for revision '{new}'"
    )
    for name in ("tenants", "infra-controllers", "flux-system"):
        followed = await demo.wait_for(
            "Kustomization",
            "flux-system",
            name,
            lambda o: o["status"].get("lastAppliedRevision") == new,
        )
        assert followed["status"]["history"][0]["metadata"]["revision"] == new
    events = await demo.events_for("flux-system", "flux-system", "GitRepository")
    assert any(
        e["reason"] == "NewArtifact"
        and e["message"].startswith("stored artifact for commit '")
        for e in events
    )


async def test_helm_chart_version_flows_to_release(demo: Cluster) -> None:
    chart = await demo.get("OCIRepository", "apps", "podinfo")
    before = await demo.get("HelmRelease", "apps", "podinfo")
    demo.runtime.publish("OCIRepository", "apps", "podinfo")
    published = await demo.wait_for(
        "OCIRepository",
        "apps",
        "podinfo",
        lambda o: (
            o["status"]["artifact"]["revision"]
            != chart["status"]["artifact"]["revision"]
        ),
    )
    digest = published["status"]["artifact"]["revision"].split("@sha256:")[1]
    released = await demo.wait_for(
        "HelmRelease",
        "apps",
        "podinfo",
        lambda o: o["status"]["history"][0]["chartVersion"] == f"6.8.0+{digest[:12]}",
    )
    assert (
        released["status"]["history"][0]["version"]
        == before["status"]["history"][0]["version"] + 1
    )
    assert released["status"]["lastAttemptedRevision"] == f"6.8.0+{digest[:12]}"


async def test_created_objects_are_reconciled(demo: Cluster) -> None:
    await demo.create(
        {
            "kind": "GitRepository",
            "metadata": {"name": "new-repo", "namespace": "apps"},
            "spec": {
                "url": "https://github.com/acme/new",
                "interval": "1m",
                "ref": {"branch": "dev"},
            },
        }
    )
    await demo.create(
        {
            "kind": "Kustomization",
            "metadata": {"name": "new-app", "namespace": "apps"},
            "spec": {
                "interval": "5m",
                "path": "./",
                "prune": True,
                "sourceRef": {"kind": "GitRepository", "name": "new-repo"},
            },
        }
    )
    repo = await demo.wait_for(
        "GitRepository", "apps", "new-repo", lambda o: health(o)[0] == "Ready"
    )
    assert repo["status"]["artifact"]["revision"].startswith("dev@sha1:")
    app = await demo.wait_for(
        "Kustomization", "apps", "new-app", lambda o: health(o)[0] == "Ready"
    )
    assert (
        app["status"]["lastAppliedRevision"] == repo["status"]["artifact"]["revision"]
    )

    # A chart template gets its HelmChart <ns>-<name> in the source namespace.
    await demo.create(
        {
            "kind": "HelmRelease",
            "metadata": {"name": "trust-manager", "namespace": "apps"},
            "spec": {
                "interval": "10m",
                "chart": {
                    "spec": {
                        "chart": "trust-manager",
                        "version": "0.12.0",
                        "sourceRef": {
                            "kind": "HelmRepository",
                            "name": "jetstack",
                            "namespace": "infrastructure",
                        },
                    }
                },
            },
        }
    )
    release = await demo.wait_for(
        "HelmRelease", "apps", "trust-manager", lambda o: health(o)[0] == "Ready"
    )
    assert release["status"]["helmChart"] == "infrastructure/apps-trust-manager"
    assert release["status"]["history"][0]["chartVersion"] == "0.12.0"
    assert conditions(release)["Ready"]["reason"] == "InstallSucceeded"
    chart = await demo.get("HelmChart", "infrastructure", "apps-trust-manager")
    assert chart["status"]["artifact"]["revision"] == "0.12.0"


async def test_deleting_removes_the_flux_finalizer(demo: Cluster) -> None:
    obj = await demo.get("Kustomization", "team-b", "team-b-staging")
    assert obj["metadata"]["finalizers"] == ["finalizers.fluxcd.io"]
    k = demo.kind("Kustomization")
    await demo.custom.delete_namespaced_custom_object(
        k.group, k.storage_version, "team-b", k.plural, "team-b-staging"
    )

    async def gone() -> bool:
        return not await demo.exists("Kustomization", "team-b", "team-b-staging")

    assert await poll(gone, bool, within=5)


async def test_living_cluster_publishes_and_flips_the_flaky_object() -> None:
    async with running("demo") as cluster:
        before = {
            (o["kind"], o["metadata"]["namespace"], o["metadata"]["name"]): (
                o["status"].get("artifact") or {}
            ).get("revision")
            for kind in ("GitRepository", "OCIRepository", "HelmRepository", "Bucket")
            for o in await cluster.list_kind(kind)
        }
        cluster.runtime.set_living(True, interval=(0.05, 0.1))
        seen: set[str] = set()

        async def flips() -> set[str]:
            seen.add(health(await cluster.get("Kustomization", "apps", "backend"))[0])
            return seen

        await poll(flips, lambda s: {"Ready", "Failed"} <= s, within=10)
        changed = 0
        for kind in ("GitRepository", "OCIRepository", "HelmRepository", "Bucket"):
            for o in await cluster.list_kind(kind):
                key = (o["kind"], o["metadata"]["namespace"], o["metadata"]["name"])
                if (o["status"].get("artifact") or {}).get("revision") != before.get(
                    key
                ):
                    changed += 1
        assert changed >= 1, "some source published a new revision"
