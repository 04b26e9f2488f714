"""Actions against the embedded cluster with its simulated Flux controllers (delay 0).

Each check diffs the raw object in the cluster before and after, ignoring resourceVersion,
managedFields and the controllers' status writes: exactly the expected fields change.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from fluxdash.models.identity import Identity
from fluxdash.models.kinds import kind_by_name
from fluxdash.services.health import is_static
from fluxdash.settings import Settings
from tests.api.actions_stack import VIEWER_TOKEN, Stack, running_stack
from tests.polling import until

pytestmark = pytest.mark.asyncio(loop_scope="module")

REQUESTED_AT = "reconcile.fluxcd.io/requestedAt"
FORCE_AT = "reconcile.fluxcd.io/forceAt"
RESET_AT = "reconcile.fluxcd.io/resetAt"

RECONCILABLE = [
    ("GitRepository", "flux-system", "repo"),
    ("OCIRepository", "flux-system", "manifests"),
    ("HelmRepository", "flux-system", "charts"),
    ("HelmChart", "flux-system", "team-web"),
    ("Bucket", "flux-system", "bucket"),
    ("Kustomization", "flux-system", "apps"),
    ("HelmRelease", "team", "web"),
    ("Receiver", "flux-system", "github"),
    ("ImageRepository", "flux-system", "podinfo"),
    ("ImagePolicy", "flux-system", "podinfo"),
    ("ImageUpdateAutomation", "flux-system", "podinfo"),
]
SUSPENDABLE = [
    *RECONCILABLE,
    ("HelmRepository", "flux-system", "oci-charts"),
    ("Alert", "flux-system", "on-call"),
    ("Provider", "flux-system", "slack"),
]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def stack() -> AsyncIterator[Stack]:
    async with running_stack() as running:
        yield running


def comparable(obj: dict[str, Any]) -> dict[str, Any]:
    """The object without what the API server and the controllers change on their own."""
    out = copy.deepcopy(obj)
    out.pop("status", None)
    for key in ("resourceVersion", "managedFields"):
        out["metadata"].pop(key, None)
    return out


def changes(before: Any, after: Any, prefix: str = "") -> dict[str, Any]:
    """Flattened ``path -> (old, new)`` of every leaf that differs."""
    if isinstance(before, dict) or isinstance(after, dict):
        old_map = before if isinstance(before, dict) else {}
        new_map = after if isinstance(after, dict) else {}
        found: dict[str, Any] = {}
        for key in sorted(set(old_map) | set(new_map)):
            path = f"{prefix}.{key}" if prefix else key
            found.update(changes(old_map.get(key), new_map.get(key), path))
        return found
    return {} if before == after else {prefix: (before, after)}


def plural(kind: str) -> str:
    return kind_by_name(kind).plural


def ready_message(obj: dict[str, Any]) -> str:
    for condition in obj.get("status", {}).get("conditions", []):
        if condition["type"] == "Ready":
            return str(condition.get("message", ""))
    return ""


@pytest.mark.parametrize(("kind", "namespace", "name"), RECONCILABLE)
async def test_reconcile_changes_only_requested_at_and_succeeds(
    stack: Stack, kind: str, namespace: str, name: str
) -> None:
    await stack.settled()
    before = stack.raw(kind, namespace, name)
    response = await stack.post(
        f"resources/{plural(kind)}/{namespace}/{name}/reconcile"
    )
    assert response.status_code == 202, response.text
    assert response.json()["state"] == "pending"
    record = await stack.record(response.json()["id"])
    assert record["state"] == "succeeded", record
    after = stack.raw(kind, namespace, name)
    token = after["metadata"]["annotations"][REQUESTED_AT]
    assert changes(comparable(before), comparable(after)) == {
        f"metadata.annotations.{REQUESTED_AT}": (None, token)
    }
    assert record["requestedAt"] == token
    assert after["status"]["lastHandledReconcileAt"] == token
    assert record["message"] == ready_message(after)
    # Again: the value must change, or the controller would not act.
    again = await stack.post(f"resources/{plural(kind)}/{namespace}/{name}/reconcile")
    second = await stack.record(again.json()["id"])
    assert second["state"] == "succeeded"
    assert second["requestedAt"] != token


@pytest.mark.parametrize(("kind", "namespace", "name"), SUSPENDABLE)
async def test_suspend_then_resume_change_only_spec_suspend(
    stack: Stack, kind: str, namespace: str, name: str
) -> None:
    await stack.settled()
    before = stack.raw(kind, namespace, name)
    generation = before["metadata"]["generation"]
    response = await stack.post(f"resources/{plural(kind)}/{namespace}/{name}/suspend")
    assert response.status_code == 202, response.text
    assert (await stack.record(response.json()["id"]))["state"] == "succeeded"
    suspended = stack.raw(kind, namespace, name)
    assert changes(comparable(before), comparable(suspended)) == {
        "metadata.generation": (generation, generation + 1),
        "spec.suspend": (None, True),
    }
    response = await stack.post(f"resources/{plural(kind)}/{namespace}/{name}/resume")
    assert response.status_code == 202, response.text
    record = await stack.record(response.json()["id"])
    assert record["state"] == "succeeded", record
    resumed = stack.raw(kind, namespace, name)
    assert changes(comparable(suspended), comparable(resumed)) == {
        "metadata.generation": (generation + 1, generation + 2),
        "spec.suspend": (True, False),
    }
    if not is_static(kind_by_name(kind), resumed):
        # Like `flux resume`: ready at the resumed generation, not just patched.
        assert resumed["status"]["observedGeneration"] == generation + 2
        assert record["message"] == ready_message(resumed)


async def test_suspend_reason_is_stored_in_the_same_patch_and_cleared_on_resume(
    stack: Stack,
) -> None:
    await stack.settled()
    before = stack.raw("Kustomization", "flux-system", "infra")
    response = await stack.post(
        "resources/kustomizations/flux-system/infra/suspend",
        {"reason": "database migration"},
    )
    assert (await stack.record(response.json()["id"]))["state"] == "succeeded"
    suspended = stack.raw("Kustomization", "flux-system", "infra")
    assert changes(comparable(before), comparable(suspended)) == {
        "metadata.annotations.fluxdash.io/suspend-reason": (None, "database migration"),
        "metadata.generation": (
            before["metadata"]["generation"],
            before["metadata"]["generation"] + 1,
        ),
        "spec.suspend": (None, True),
    }
    response = await stack.post("resources/kustomizations/flux-system/infra/resume")
    assert (await stack.record(response.json()["id"]))["state"] == "succeeded"
    resumed = stack.raw("Kustomization", "flux-system", "infra")
    assert "fluxdash.io/suspend-reason" not in resumed["metadata"].get(
        "annotations", {}
    )


async def test_helmrelease_force_and_reset_carry_the_requested_at_value(
    stack: Stack,
) -> None:
    await stack.settled()
    before = stack.raw("HelmRelease", "team", "web")
    response = await stack.post(
        "resources/helmreleases/team/web/reconcile", {"force": True, "reset": True}
    )
    record = await stack.record(response.json()["id"])
    assert record["state"] == "succeeded", record
    assert record["cli"] == "flux reconcile helmrelease web -n team --force --reset"
    after = stack.raw("HelmRelease", "team", "web")
    token = after["metadata"]["annotations"][REQUESTED_AT]
    previous = before["metadata"].get("annotations", {}).get(REQUESTED_AT)
    assert changes(comparable(before), comparable(after)) == {
        f"metadata.annotations.{FORCE_AT}": (None, token),
        f"metadata.annotations.{REQUESTED_AT}": (previous, token),
        f"metadata.annotations.{RESET_AT}": (None, token),
    }
    assert after["status"]["lastHandledForceAt"] == token
    assert after["status"]["lastHandledResetAt"] == token


async def test_a_failing_object_fails_with_the_controller_message(stack: Stack) -> None:
    assert stack.sim.scenario is not None
    stack.sim.scenario.script(
        "Kustomization",
        "flux-system",
        "broken",
        fail={
            "reason": "BuildFailed",
            "message": "kustomize build failed: accumulating resources",
        },
    )
    try:
        response = await stack.post(
            "resources/kustomizations/flux-system/broken/reconcile"
        )
        record = await stack.record(response.json()["id"])
        assert record["state"] == "failed"
        assert record["message"] == "kustomize build failed: accumulating resources"
        assert record["message"] == ready_message(
            stack.raw("Kustomization", "flux-system", "broken")
        )
    finally:
        stack.sim.scenario.clear_script("Kustomization", "flux-system", "broken")
    response = await stack.post("resources/kustomizations/flux-system/broken/reconcile")
    assert (await stack.record(response.json()["id"]))["state"] == "succeeded"


async def test_a_stalled_helmrelease_fails_fast_and_reset_recovers_it(
    stack: Stack,
) -> None:
    assert stack.sim.scenario is not None
    stack.sim.scenario.script(
        "HelmRelease",
        "team",
        "stuck",
        stall={"reason": "RetriesExceeded", "message": "install retries exhausted"},
    )
    response = await stack.post("resources/helmreleases/team/stuck/reconcile")
    record = await stack.record(response.json()["id"])
    assert record["state"] == "failed"
    assert "install retries exhausted" in record["message"]
    stack.sim.scenario.clear_script("HelmRelease", "team", "stuck")
    response = await stack.post(
        "resources/helmreleases/team/stuck/reconcile", {"reset": True}
    )
    record = await stack.record(response.json()["id"])
    assert record["state"] == "succeeded", record


async def test_reconcile_of_a_suspended_object_is_refused_and_leaves_it_alone(
    stack: Stack,
) -> None:
    await stack.settled()
    suspend = await stack.post("resources/buckets/flux-system/bucket/suspend")
    assert (await stack.record(suspend.json()["id"]))["state"] == "succeeded"
    before = stack.raw("Bucket", "flux-system", "bucket")
    response = await stack.post("resources/buckets/flux-system/bucket/reconcile")
    assert response.status_code == 409
    assert response.json() == {
        "type": "ResourceSuspended",
        "detail": "resource is suspended",
    }
    assert stack.raw("Bucket", "flux-system", "bucket") == before
    assert stack.runtime.actions is not None
    await stack.runtime.actions.drain()
    warnings = [
        e
        for e in stack.core("events", "flux-system")
        if e["involvedObject"]["name"] == "bucket" and e["type"] == "Warning"
    ]
    assert warnings
    assert "refused: resource is suspended" in warnings[-1]["message"]
    resume = await stack.post("resources/buckets/flux-system/bucket/resume")
    assert (await stack.record(resume.json()["id"]))["state"] == "succeeded"


@pytest.mark.parametrize(
    "kind_path",
    [
        "alerts/flux-system/on-call",
        "providers/flux-system/slack",
        "helmrepositories/flux-system/oci-charts",
    ],
)
async def test_kinds_without_reconciliation_are_refused(
    stack: Stack, kind_path: str
) -> None:
    response = await stack.post(f"resources/{kind_path}/reconcile")
    assert response.status_code == 422
    assert response.json()["type"] == "ActionNotSupported"
    assert "reconciliation not supported" in response.json()["detail"]


def first_patch_order(stack: Stack, since: int, token_of: dict[str, str]) -> list[str]:
    """Ids in the order the cluster first stored their requestedAt value."""
    order: list[str] = []
    for _, obj in stack.modified[since:]:
        meta = obj["metadata"]
        oid = f"{obj['kind']}/{meta['namespace']}/{meta['name']}"
        value = meta.get("annotations", {}).get(REQUESTED_AT)
        if oid in token_of and value == token_of[oid] and oid not in order:
            order.append(oid)
    return order


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "kustomizations/flux-system/apps",
            ["GitRepository/flux-system/repo", "Kustomization/flux-system/apps"],
        ),
        (
            "helmreleases/team/web",
            [
                "HelmRepository/flux-system/charts",
                "HelmChart/flux-system/team-web",
                "HelmRelease/team/web",
            ],
        ),
        (
            "helmreleases/team/api",
            ["OCIRepository/flux-system/manifests", "HelmRelease/team/api"],
        ),
    ],
)
async def test_with_source_reconciles_sources_first_in_order(
    stack: Stack, path: str, expected: list[str]
) -> None:
    await stack.settled()
    since = len(stack.modified)
    response = await stack.post(f"resources/{path}/reconcile", {"withSource": True})
    assert response.status_code == 202, response.text
    record = await stack.record(response.json()["id"])
    assert record["state"] == "succeeded", record
    assert [step["target"]["id"] for step in record["steps"]] == expected
    assert all(step["state"] == "succeeded" for step in record["steps"])
    tokens = {step["target"]["id"]: step["requestedAt"] for step in record["steps"]}
    assert first_patch_order(stack, since, tokens) == expected
    assert sorted(tokens.values()) == [
        tokens[i] for i in expected
    ]  # increasing, like the CLI


async def test_with_source_failing_half_way_leaves_the_object_as_it_was(
    stack: Stack,
) -> None:
    assert stack.sim.scenario is not None
    await stack.settled()
    before = stack.raw("Kustomization", "flux-system", "apps")
    stack.sim.scenario.script(
        "GitRepository",
        "flux-system",
        "repo",
        fail={"message": "authentication required"},
    )
    try:
        response = await stack.post(
            "resources/kustomizations/flux-system/apps/reconcile", {"withSource": True}
        )
        record = await stack.record(response.json()["id"])
    finally:
        stack.sim.scenario.clear_script("GitRepository", "flux-system", "repo")
    assert record["state"] == "failed"
    assert record["message"].startswith(
        "step 1 of 2 (source GitRepository/flux-system/repo) failed"
    )
    assert "authentication required" in record["message"]
    assert [s["state"] for s in record["steps"]] == ["failed", "cancelled"]
    after = stack.raw("Kustomization", "flux-system", "apps")
    assert comparable(after)["metadata"].get("annotations") == comparable(before)[
        "metadata"
    ].get("annotations")
    fix = await stack.post("resources/gitrepositories/flux-system/repo/reconcile")
    assert (await stack.record(fix.json()["id"]))["state"] == "succeeded"


async def test_bulk_resume_runs_in_dependency_order(stack: Stack) -> None:
    await stack.settled()
    ids = [
        ("kustomizations", "apps"),
        ("gitrepositories", "repo"),
        ("kustomizations", "infra"),
    ]
    suspend = await stack.post(
        "actions",
        {
            "action": "suspend",
            "targets": [
                {"kind": k, "namespace": "flux-system", "name": n} for k, n in ids
            ],
        },
    )
    assert suspend.status_code == 202, suspend.text
    # Suspend goes consumers first.
    assert [i["target"]["id"] for i in suspend.json()["items"]] == [
        "Kustomization/flux-system/apps",
        "Kustomization/flux-system/infra",
        "GitRepository/flux-system/repo",
    ]
    for item in suspend.json()["items"]:
        assert (await stack.record(item["id"]))["state"] == "succeeded"
    since = len(stack.modified)
    resume = await stack.post(
        "actions",
        {
            "action": "resume",
            "targets": [
                {"kind": k, "namespace": "flux-system", "name": n} for k, n in ids
            ],
        },
    )
    expected = [
        "GitRepository/flux-system/repo",
        "Kustomization/flux-system/infra",
        "Kustomization/flux-system/apps",
    ]
    assert [i["target"]["id"] for i in resume.json()["items"]] == expected
    resumed_order: list[str] = []
    for _, obj in stack.modified[since:]:
        oid = f"{obj['kind']}/{obj['metadata']['namespace']}/{obj['metadata']['name']}"
        if obj["spec"].get("suspend") is False and oid not in resumed_order:
            resumed_order.append(oid)
    assert resumed_order == expected
    for item in resume.json()["items"]:
        assert (await stack.record(item["id"]))["state"] == "succeeded"


async def test_every_action_is_audited_with_an_event_and_one_log_line(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="fluxdash.audit"):
        response = await stack.http.post(
            "/api/v1/resources/imagerepositories/flux-system/podinfo/reconcile",
            headers={"X-Requested-By": "fluxdash", "X-Request-ID": "req-audit-1"},
        )
    record = await stack.record(response.json()["id"])
    assert stack.runtime.actions is not None
    await stack.runtime.actions.drain()
    events = [
        e
        for e in stack.core("events", "flux-system")
        if e["reason"] == "ReconcileRequested"
        and e["involvedObject"]["kind"] == "ImageRepository"
    ]
    assert events
    event = events[-1]
    assert event["type"] == "Normal"
    assert event["source"]["component"] == "fluxdash"
    assert event["reportingComponent"] == "fluxdash"
    assert event["message"] == "reconcile requested by anonymous via fluxdash"
    assert event["involvedObject"]["name"] == "podinfo"
    assert (
        event["involvedObject"]["uid"]
        == stack.raw("ImageRepository", "flux-system", "podinfo")["metadata"]["uid"]
    )
    lines = [r for r in caplog.records if r.name == "fluxdash.audit"]
    assert len(lines) == 1
    assert lines[0].__dict__["requestId"] == "req-audit-1"
    assert lines[0].__dict__["actionId"] == record["id"]
    assert lines[0].__dict__["outcome"] == "accepted"

    # The trail is visible to anyone reading events, through fluxdash's own feed too.
    async def in_feed() -> bool:
        listed = await stack.http.get(
            "/api/v1/events",
            params={
                "namespace": "flux-system",
                "kind": "imagerepositories",
                "name": "podinfo",
            },
        )
        return any(e["reason"] == "ReconcileRequested" for e in listed.json()["items"])

    await until(in_feed)


async def test_csrf_and_origin_refusals_touch_nothing(stack: Stack) -> None:
    before = stack.raw("Kustomization", "flux-system", "apps")
    missing = await stack.http.post(
        "/api/v1/resources/kustomizations/flux-system/apps/suspend"
    )
    foreign = await stack.http.post(
        "/api/v1/resources/kustomizations/flux-system/apps/suspend",
        headers={"X-Requested-By": "fluxdash", "Origin": "https://evil.example"},
    )
    assert (missing.status_code, missing.json()["type"]) == (403, "CsrfRejected")
    assert (foreign.status_code, foreign.json()["type"]) == (403, "CsrfRejected")
    assert stack.raw("Kustomization", "flux-system", "apps") == before


async def test_impact_of_a_source(stack: Stack) -> None:
    response = await stack.http.get(
        "/api/v1/resources/gitrepositories/flux-system/repo/impact"
    )
    assert response.status_code == 200
    found = {(i["id"], i["relation"]) for i in response.json()["items"]}
    assert ("Kustomization/flux-system/apps", "source") in found
    assert ("Kustomization/flux-system/infra", "source") in found
    assert ("ImageUpdateAutomation/flux-system/podinfo", "imageUpdateSource") in found


async def test_read_only_mode_refuses_against_a_real_cluster() -> None:
    settings = Settings(cluster_mode="none", read_only=True)
    async with running_stack(settings=settings, objects=[]) as stack:
        response = await stack.post(
            "resources/kustomizations/flux-system/apps/reconcile"
        )
        assert (response.status_code, response.json()["type"]) == (403, "ReadOnly")
        capabilities = (await stack.http.get("/api/v1/capabilities")).json()
        assert capabilities["readOnly"] is True


async def test_rbac_403_passes_through_with_verb_resource_and_namespace() -> None:
    async with running_stack(rbac=True, token=VIEWER_TOKEN) as stack:
        before = stack.raw("Kustomization", "flux-system", "apps")
        response = await stack.post("resources/kustomizations/flux-system/apps/suspend")
        assert response.status_code == 403, response.text
        detail = response.json()["detail"]
        assert "patch" in detail
        assert "kustomizations.kustomize.toolkit.fluxcd.io" in detail
        assert "flux-system" in detail
        assert stack.raw("Kustomization", "flux-system", "apps") == before
        with_source = await stack.post(
            "resources/kustomizations/flux-system/apps/reconcile", {"withSource": True}
        )
        assert with_source.status_code == 403
        assert (
            stack.raw("GitRepository", "flux-system", "repo")["metadata"].get(
                "annotations"
            )
            is None
        )


async def test_flux_2_6_image_kinds_are_patched_at_their_served_version() -> None:
    async with running_stack(scenario="flux-2.6") as stack:
        policies = stack.sim.store.list(
            "image.toolkit.fluxcd.io", "imagepolicies", None
        )
        repositories = stack.sim.store.list(
            "image.toolkit.fluxcd.io", "imagerepositories", None
        )
        assert policies
        assert repositories
        assert policies[0]["apiVersion"] == "image.toolkit.fluxcd.io/v1beta2"
        policy = policies[0]["metadata"]
        refused = await stack.post(
            f"resources/imagepolicies/{policy['namespace']}/{policy['name']}/suspend"
        )
        assert refused.status_code == 422
        assert "v1beta2" in refused.json()["detail"]
        repo = repositories[0]["metadata"]
        response = await stack.post(
            f"resources/imagerepositories/{repo['namespace']}/{repo['name']}/reconcile"
        )
        assert response.status_code == 202, response.text
        record = await stack.record(response.json()["id"])
        assert record["state"] == "succeeded", record


async def test_an_authenticated_user_is_impersonated_so_their_rbac_applies() -> None:
    async with running_stack(rbac=True) as stack:  # fluxdash itself is cluster-admin
        stack.app.state.identity_resolver = lambda _: Identity(
            user="jane", groups=("viewers",), impersonate=True
        )
        response = await stack.post(
            "resources/kustomizations/flux-system/apps/reconcile"
        )
        assert response.status_code == 403, response.text
        assert "patch" in response.json()["detail"]
        assert (
            stack.raw("Kustomization", "flux-system", "apps")["metadata"].get(
                "annotations"
            )
            is None
        )
        stack.app.state.identity_resolver = lambda _: Identity(
            user="root", groups=("system:masters",), impersonate=True
        )
        allowed = await stack.post(
            "resources/kustomizations/flux-system/apps/reconcile"
        )
        assert allowed.status_code == 202, allowed.text
        record = await stack.record(allowed.json()["id"])
        assert record["state"] == "succeeded"
        assert record["user"] == "root"
