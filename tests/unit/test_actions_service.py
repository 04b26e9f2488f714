"""ActionService against an in-memory cluster: exact patches, records, refusals, audit."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from fluxdash.errors import Conflict, Forbidden, NotFound
from fluxdash.models.actions import ActionOptions, ActionRecord, BulkTarget
from fluxdash.models.identity import Identity
from fluxdash.services.action_errors import (
    ActionNotSupported,
    ResourceSuspended,
    UnknownKind,
)
from fluxdash.services.actions import ActionService
from tests.unit.actions_fake_cluster import FakeCluster, flux_object

ANON = Identity.anonymous()
REQUESTED_AT = "reconcile.fluxcd.io/requestedAt"


@pytest.fixture
def cluster() -> FakeCluster:
    fake = FakeCluster()
    fake.add(
        flux_object(
            "GitRepository", "flux-system", "repo", {"url": "https://git"}, handled="h0"
        )
    )
    fake.add(
        flux_object(
            "Kustomization",
            "flux-system",
            "apps",
            {"sourceRef": {"kind": "GitRepository", "name": "repo"}, "prune": True},
            handled="h0",
        )
    )
    fake.add(
        flux_object(
            "Kustomization",
            "flux-system",
            "infra",
            {"sourceRef": {"kind": "GitRepository", "name": "repo"}, "prune": True},
        )
    )
    fake.add(
        flux_object(
            "HelmRepository", "flux-system", "charts", {"url": "https://charts"}
        )
    )
    fake.add(
        flux_object(
            "HelmRepository", "flux-system", "oci", {"type": "oci", "url": "oci://x"}
        )
    )
    fake.add(
        flux_object(
            "HelmChart",
            "flux-system",
            "team-web",
            {"chart": "web", "sourceRef": {"kind": "HelmRepository", "name": "charts"}},
        )
    )
    fake.add(
        flux_object(
            "HelmRelease",
            "team",
            "web",
            {
                "chart": {
                    "spec": {
                        "chart": "web",
                        "sourceRef": {
                            "kind": "HelmRepository",
                            "name": "charts",
                            "namespace": "flux-system",
                        },
                    }
                }
            },
        )
    )
    fake.add(
        flux_object("Alert", "flux-system", "slack", {"providerRef": {"name": "slack"}})
    )
    return fake


@pytest.fixture
async def service(cluster: FakeCluster) -> AsyncIterator[ActionService]:
    svc = ActionService(cluster, cluster, timeout_seconds=2.0)
    svc.start()
    yield svc
    await svc.close()


async def submit(
    svc: ActionService, action: str, kind: str, ns: str, name: str, **options: Any
) -> ActionRecord:
    return await svc.submit(
        action,  # type: ignore[arg-type]  # tests pass the literal names as plain strings
        kind,
        ns,
        name,
        ActionOptions(**options),
        ANON,
        "req-1",
    )


async def test_suspend_patches_exactly_spec_suspend_with_fluxdash_field_manager(
    service: ActionService, cluster: FakeCluster
) -> None:
    record = await submit(service, "suspend", "kustomizations", "flux-system", "apps")
    assert [p.body for p in cluster.patches] == [{"spec": {"suspend": True}}]
    assert cluster.patches[0].field_manager == "fluxdash"
    assert record.cli == "flux suspend kustomization apps -n flux-system"
    final = await service.wait_final(record.id, 1)
    assert final.state == "succeeded"
    assert final.user == "anonymous"


async def test_suspend_reason_goes_into_the_same_patch(
    service: ActionService, cluster: FakeCluster
) -> None:
    await submit(
        service,
        "suspend",
        "kustomizations",
        "flux-system",
        "apps",
        reason="db migration",
    )
    assert cluster.patches[0].body == {
        "spec": {"suspend": True},
        "metadata": {"annotations": {"fluxdash.io/suspend-reason": "db migration"}},
    }


async def test_resume_is_exactly_spec_suspend_false_and_clears_our_reason(
    service: ActionService, cluster: FakeCluster
) -> None:
    cluster.objects["Kustomization/flux-system/infra"]["spec"]["suspend"] = True
    await submit(service, "resume", "kustomizations", "flux-system", "infra")
    assert cluster.patches[-1].body == {"spec": {"suspend": False}}
    cluster.objects["Kustomization/flux-system/apps"]["spec"]["suspend"] = True
    cluster.objects["Kustomization/flux-system/apps"]["metadata"]["annotations"] = {
        "fluxdash.io/suspend-reason": "x"
    }
    await submit(service, "resume", "kustomizations", "flux-system", "apps")
    assert cluster.patches[-1].body == {
        "spec": {"suspend": False},
        "metadata": {"annotations": {"fluxdash.io/suspend-reason": None}},
    }


async def test_resume_waits_for_readiness_of_the_new_generation(
    service: ActionService, cluster: FakeCluster
) -> None:
    cluster.objects["Kustomization/flux-system/apps"]["spec"]["suspend"] = True
    record = await submit(service, "resume", "kustomizations", "flux-system", "apps")
    await asyncio.sleep(0.01)
    assert service.get(record.id).state == "pending"
    cluster.settle(
        "Kustomization/flux-system/apps", ready=True, message="Applied revision: v2"
    )
    final = await service.wait_final(record.id, 1)
    assert (final.state, final.message) == ("succeeded", "Applied revision: v2")


async def test_reconcile_sets_requested_at_only_and_succeeds_when_handled(
    service: ActionService, cluster: FakeCluster
) -> None:
    record = await submit(service, "reconcile", "kustomizations", "flux-system", "apps")
    [patch] = cluster.patches
    token = patch.body["metadata"]["annotations"][REQUESTED_AT]
    assert patch.body == {"metadata": {"annotations": {REQUESTED_AT: token}}}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z", token)
    assert record.state == "pending"
    assert record.requested_at == token
    assert record.steps[0].requested_at == token
    cluster.settle(
        "Kustomization/flux-system/apps",
        ready=True,
        message="Applied revision: main@sha1:1",
    )
    final = await service.wait_final(record.id, 1)
    assert (final.state, final.message) == (
        "succeeded",
        "Applied revision: main@sha1:1",
    )
    assert final.finished_at is not None


async def test_reconcile_failure_carries_the_controller_message(
    service: ActionService, cluster: FakeCluster
) -> None:
    record = await submit(service, "reconcile", "kustomizations", "flux-system", "apps")
    cluster.settle(
        "Kustomization/flux-system/apps", ready=False, message="kustomize build failed"
    )
    final = await service.wait_final(record.id, 1)
    assert (final.state, final.message) == ("failed", "kustomize build failed")


async def test_reconcile_times_out(cluster: FakeCluster) -> None:
    svc = ActionService(cluster, cluster, timeout_seconds=0.05)
    svc.start()
    record = await submit(svc, "reconcile", "kustomizations", "flux-system", "apps")
    final = await svc.wait_final(record.id, 1)
    assert final.state == "timedOut"
    assert "no result within 0.05s" in final.message
    await svc.close()


async def test_deleted_object_fails_the_record(
    service: ActionService, cluster: FakeCluster
) -> None:
    record = await submit(service, "reconcile", "kustomizations", "flux-system", "apps")
    await asyncio.sleep(0.01)  # the runner is following the object now
    cluster.delete("Kustomization/flux-system/apps")
    final = await service.wait_final(record.id, 1)
    assert (final.state, final.message) == ("failed", "the object was deleted")


async def test_helmrelease_force_and_reset_use_the_same_value(
    service: ActionService, cluster: FakeCluster
) -> None:
    await submit(
        service, "reconcile", "helmreleases", "team", "web", force=True, reset=True
    )
    annotations = cluster.patches[0].body["metadata"]["annotations"]
    assert set(annotations) == {
        REQUESTED_AT,
        "reconcile.fluxcd.io/forceAt",
        "reconcile.fluxcd.io/resetAt",
    }
    assert len(set(annotations.values())) == 1


async def test_reconcile_refuses_suspended_objects_and_audits_it(
    service: ActionService, cluster: FakeCluster, caplog: pytest.LogCaptureFixture
) -> None:
    cluster.objects["Kustomization/flux-system/apps"]["spec"]["suspend"] = True
    with (
        caplog.at_level(logging.INFO, logger="fluxdash.audit"),
        pytest.raises(ResourceSuspended, match="resource is suspended") as raised,
    ):
        await submit(service, "reconcile", "kustomizations", "flux-system", "apps")
    assert raised.value.status_code == 409
    assert cluster.patches == []
    [record] = service.recent()
    assert (record.state, record.message) == ("refused", "resource is suspended")
    await service.drain()
    [event] = cluster.events
    assert event["type"] == "Warning"
    assert event["reason"] == "ReconcileRequested"
    assert "refused: resource is suspended" in event["message"]
    [line] = [r for r in caplog.records if r.name == "fluxdash.audit"]
    assert line.__dict__["outcome"] == "refused"
    assert line.__dict__["status"] == 409


@pytest.mark.parametrize(
    ("kind", "ns", "name"),
    [("alerts", "flux-system", "slack"), ("helmrepositories", "flux-system", "oci")],
)
async def test_reconcile_refuses_kinds_without_reconciliation(
    service: ActionService, cluster: FakeCluster, kind: str, ns: str, name: str
) -> None:
    with pytest.raises(ActionNotSupported) as raised:
        await submit(service, "reconcile", kind, ns, name)
    assert raised.value.status_code == 422
    assert cluster.patches == []


async def test_unknown_kind_and_object(service: ActionService) -> None:
    with pytest.raises(UnknownKind, match="valid kinds: gitrepositories"):
        await submit(service, "suspend", "deployments", "default", "x")
    with pytest.raises(NotFound):
        await submit(service, "suspend", "kustomizations", "default", "missing")


async def test_with_source_reconciles_the_source_first_then_the_target(
    service: ActionService, cluster: FakeCluster
) -> None:
    record = await submit(
        service, "reconcile", "kustomizations", "flux-system", "apps", with_source=True
    )
    assert [s.target.id for s in record.steps] == [
        "GitRepository/flux-system/repo",
        "Kustomization/flux-system/apps",
    ]
    assert [s.state for s in record.steps] == ["pending", "waiting"]
    assert [p.name for p in cluster.patches] == ["repo"]
    cluster.settle("GitRepository/flux-system/repo")
    for _ in range(20):
        await asyncio.sleep(0)
        if len(cluster.patches) == 2:
            break
    assert [p.name for p in cluster.patches] == ["repo", "apps"]
    cluster.settle(
        "Kustomization/flux-system/apps", message="Applied revision: main@sha1:2"
    )
    final = await service.wait_final(record.id, 1)
    assert final.state == "succeeded"
    assert [s.state for s in final.steps] == ["succeeded", "succeeded"]
    assert final.cli == "flux reconcile kustomization apps -n flux-system --with-source"


async def test_with_source_helmrelease_goes_repository_chart_release(
    service: ActionService, cluster: FakeCluster
) -> None:
    cluster.auto_settle = True
    record = await submit(
        service, "reconcile", "helmreleases", "team", "web", with_source=True
    )
    final = await service.wait_final(record.id, 1)
    assert final.state == "succeeded", final.message
    assert [(p.plural, p.namespace, p.name) for p in cluster.patches] == [
        ("helmrepositories", "flux-system", "charts"),
        ("helmcharts", "flux-system", "team-web"),
        ("helmreleases", "team", "web"),
    ]
    assert [s.role for s in final.steps] == ["source", "chart", "target"]


async def test_with_source_skips_a_static_oci_helm_repository(
    service: ActionService, cluster: FakeCluster
) -> None:
    cluster.objects["HelmChart/flux-system/team-web"]["spec"]["sourceRef"]["name"] = (
        "oci"
    )
    cluster.auto_settle = True
    record = await submit(
        service, "reconcile", "helmcharts", "flux-system", "team-web", with_source=True
    )
    final = await service.wait_final(record.id, 1)
    assert final.state == "succeeded"
    assert [s.state for s in final.steps] == ["skipped", "succeeded"]
    assert [p.name for p in cluster.patches] == ["team-web"]


async def test_with_source_failing_half_way_leaves_the_target_as_it_was(
    service: ActionService, cluster: FakeCluster
) -> None:
    before = json.dumps(
        cluster.objects["Kustomization/flux-system/apps"], sort_keys=True
    )
    record = await submit(
        service, "reconcile", "kustomizations", "flux-system", "apps", with_source=True
    )
    cluster.settle(
        "GitRepository/flux-system/repo", ready=False, message="authentication required"
    )
    final = await service.wait_final(record.id, 1)
    assert final.state == "failed"
    assert final.message.startswith(
        "step 1 of 2 (source GitRepository/flux-system/repo) failed"
    )
    assert "authentication required" in final.message
    assert "left unchanged: Kustomization/flux-system/apps" in final.message
    assert [s.state for s in final.steps] == ["failed", "cancelled"]
    assert (
        json.dumps(cluster.objects["Kustomization/flux-system/apps"], sort_keys=True)
        == before
    )


async def test_with_source_refuses_a_suspended_source_before_patching(
    service: ActionService, cluster: FakeCluster
) -> None:
    cluster.objects["GitRepository/flux-system/repo"]["spec"]["suspend"] = True
    with pytest.raises(
        ResourceSuspended, match="source GitRepository/flux-system/repo is suspended"
    ):
        await submit(
            service,
            "reconcile",
            "kustomizations",
            "flux-system",
            "apps",
            with_source=True,
        )
    assert cluster.patches == []


async def test_with_source_checks_rbac_of_later_steps_before_patching(
    service: ActionService, cluster: FakeCluster
) -> None:
    cluster.denied.add(("patch", "kustomizations", "flux-system"))
    with pytest.raises(Forbidden, match="patch kustomizations"):
        await submit(
            service,
            "reconcile",
            "kustomizations",
            "flux-system",
            "apps",
            with_source=True,
        )
    assert cluster.patches == []


async def test_rbac_refusal_of_the_patch_passes_through(
    service: ActionService, cluster: FakeCluster
) -> None:
    cluster.denied.add(("patch", "kustomizations", "flux-system"))
    with pytest.raises(Forbidden) as raised:
        await submit(service, "suspend", "kustomizations", "flux-system", "apps")
    assert raised.value.status_code == 403
    assert service.recent()[0].state == "refused"


async def test_conflict_is_retried_once_then_reported(
    service: ActionService, cluster: FakeCluster
) -> None:
    cluster.conflicts = 1
    record = await submit(service, "suspend", "kustomizations", "flux-system", "apps")
    assert record.state == "pending"
    assert len(cluster.patches) == 1
    cluster.conflicts = 2
    with pytest.raises(Conflict, match="retried once"):
        await submit(service, "suspend", "kustomizations", "flux-system", "infra")


async def test_accepted_actions_write_an_event_and_one_audit_line(
    service: ActionService, cluster: FakeCluster, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="fluxdash.audit"):
        record = await service.submit(
            "reconcile",
            "kustomizations",
            "flux-system",
            "apps",
            ActionOptions(),
            Identity(user="jane", groups=("ops",), impersonate=True),
            "req-9",
        )
    await service.drain()
    [event] = cluster.events
    assert event["reason"] == "ReconcileRequested"
    assert event["type"] == "Normal"
    assert event["source"]["component"] == "fluxdash"
    assert event["reportingComponent"] == "fluxdash"
    assert event["involvedObject"]["kind"] == "Kustomization"
    assert event["involvedObject"]["uid"] == "uid-Kustomization-flux-system-apps"
    assert "jane" in event["message"]
    assert event["metadata"]["namespace"] == "flux-system"
    assert event["metadata"]["name"].startswith("apps.")
    lines = [r for r in caplog.records if r.name == "fluxdash.audit"]
    assert len(lines) == 1
    fields = lines[0].__dict__
    assert fields["user"] == "jane"
    assert fields["action"] == "reconcile"
    assert fields["outcome"] == "accepted"
    assert fields["requestId"] == "req-9"
    assert fields["actionId"] == record.id
    assert fields["target"]["id"] == "Kustomization/flux-system/apps"
    assert cluster.patches[0].identity.user == "jane"


async def test_subscribers_see_every_change_and_recent_is_newest_first(
    service: ActionService, cluster: FakeCluster
) -> None:
    seen: list[tuple[str, str]] = []
    unsubscribe = service.subscribe(lambda r: seen.append((r.id, r.state)))
    first = await submit(service, "suspend", "kustomizations", "flux-system", "apps")
    second = await submit(
        service, "reconcile", "gitrepositories", "flux-system", "repo"
    )
    cluster.settle("GitRepository/flux-system/repo")
    await service.wait_final(second.id, 1)
    await service.wait_final(first.id, 1)
    assert (first.id, "pending") in seen
    assert (second.id, "succeeded") in seen
    assert [r.id for r in service.recent()] == [second.id, first.id]
    assert [r.id for r in service.recent(1)] == [second.id]
    unsubscribe()
    count = len(seen)
    await submit(service, "suspend", "kustomizations", "flux-system", "infra")
    assert len(seen) == count


async def test_history_is_bounded(cluster: FakeCluster) -> None:
    svc = ActionService(cluster, cluster, timeout_seconds=1, history_size=3)
    svc.start()
    ids = [
        (await submit(svc, "suspend", "kustomizations", "flux-system", "apps")).id
        for _ in range(5)
    ]
    assert [r.id for r in svc.recent()] == ids[:-4:-1]
    await svc.close()


async def test_bulk_resume_runs_in_dependency_order(
    service: ActionService, cluster: FakeCluster
) -> None:
    for object_id in (
        "Kustomization/flux-system/apps",
        "Kustomization/flux-system/infra",
        "GitRepository/flux-system/repo",
    ):
        cluster.objects[object_id]["spec"]["suspend"] = True
    cluster.objects["Kustomization/flux-system/apps"]["spec"]["dependsOn"] = [
        {"name": "infra"}
    ]
    targets = [
        BulkTarget(kind="kustomizations", namespace="flux-system", name="apps"),
        BulkTarget(kind="Kustomization", namespace="flux-system", name="infra"),
        BulkTarget(kind="gitrepositories", namespace="flux-system", name="repo"),
        BulkTarget(kind="gitrepositories", namespace="flux-system", name="repo"),
        BulkTarget(kind="alerts", namespace="flux-system", name="missing"),
        BulkTarget(kind="widgets", namespace="flux-system", name="w"),
    ]
    records = await service.submit_bulk(
        "resume", targets, ActionOptions(), ANON, "req-b"
    )
    assert [p.name for p in cluster.patches] == ["repo", "infra", "apps"]
    assert [(r.target.id, r.state) for r in records] == [
        ("GitRepository/flux-system/repo", "pending"),
        ("Kustomization/flux-system/infra", "pending"),
        ("Kustomization/flux-system/apps", "pending"),
        ("Alert/flux-system/missing", "refused"),
        ("widgets/flux-system/w", "refused"),
    ]


async def test_bulk_suspend_goes_consumers_first(
    service: ActionService, cluster: FakeCluster
) -> None:
    targets = [
        BulkTarget(kind="gitrepositories", namespace="flux-system", name="repo"),
        BulkTarget(kind="kustomizations", namespace="flux-system", name="apps"),
    ]
    await service.submit_bulk("suspend", targets, ActionOptions(), ANON, "req-b")
    assert [p.name for p in cluster.patches] == ["apps", "repo"]


async def test_two_quick_reconciles_both_finish(
    service: ActionService, cluster: FakeCluster
) -> None:
    first = await submit(service, "reconcile", "kustomizations", "flux-system", "apps")
    second = await submit(service, "reconcile", "kustomizations", "flux-system", "apps")
    cluster.settle("Kustomization/flux-system/apps")  # handles the latest request only
    assert (await service.wait_final(first.id, 1)).state == "succeeded"
    assert (await service.wait_final(second.id, 1)).state == "succeeded"


async def test_a_reconcile_finishing_between_get_and_patch_is_not_taken_for_ours(
    service: ActionService, cluster: FakeCluster
) -> None:
    object_id = "Kustomization/flux-system/apps"

    def earlier_request_finishes(patched_id: str) -> None:
        cluster.objects[patched_id]["status"]["lastHandledReconcileAt"] = "someone-else"
        cluster.before_patch = None

    cluster.before_patch = earlier_request_finishes
    record = await submit(service, "reconcile", "kustomizations", "flux-system", "apps")
    cluster.touch(
        object_id
    )  # the cache shows our annotation and the other handled value
    await asyncio.sleep(0.01)
    assert service.get(record.id).state == "pending"
    cluster.settle(object_id)
    assert (await service.wait_final(record.id, 1)).state == "succeeded"
