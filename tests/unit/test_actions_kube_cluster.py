"""KubeActionCluster: what goes over the wire (impersonation, field manager, Events, SSAR)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import orjson
import pytest

from fluxdash.kube.action_cluster import KubeActionCluster
from fluxdash.kube.client import KubeClient
from fluxdash.kube.errors import ForbiddenByCluster
from fluxdash.models.identity import Identity
from tests.kube.fake_apiserver import FakeApiServer

KS_PATH = (
    "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps"
)
SSAR_PATH = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
JANE = Identity(user="jane", groups=("ops", "dev"), impersonate=True)


@pytest.fixture
async def server() -> AsyncIterator[FakeApiServer]:
    fake = FakeApiServer()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def cluster(server: FakeApiServer) -> AsyncIterator[KubeActionCluster]:
    client = await KubeClient.from_kubeconfig_dict(server.kubeconfig())
    yield KubeActionCluster(client)
    await client.close()


def header_values(headers: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in headers if key.lower() == name.lower()]


async def test_patch_as_the_user_with_the_fluxdash_field_manager(
    server: FakeApiServer, cluster: KubeActionCluster
) -> None:
    server.replies[("PATCH", KS_PATH)] = (
        200,
        {"kind": "Kustomization", "metadata": {"name": "apps"}},
        {},
    )
    await cluster.merge_patch(
        "kustomizations",
        "flux-system",
        "apps",
        {"spec": {"suspend": True}},
        JANE,
        "fluxdash",
    )
    [call] = server.captured
    assert call.query == {"fieldManager": "fluxdash"}
    assert header_values(call.headers, "Content-Type") == [
        "application/merge-patch+json"
    ]
    assert header_values(call.headers, "Impersonate-User") == ["jane"]
    assert header_values(call.headers, "Impersonate-Group") == ["ops", "dev"]
    assert orjson.loads(call.body) == {"spec": {"suspend": True}}


async def test_anonymous_reads_do_not_impersonate(
    server: FakeApiServer, cluster: KubeActionCluster
) -> None:
    server.replies[("GET", KS_PATH)] = (200, {"kind": "Kustomization"}, {})
    await cluster.get_object(
        "kustomizations", "flux-system", "apps", Identity.anonymous()
    )
    assert header_values(server.captured[0].headers, "Impersonate-User") == []


async def test_events_are_written_as_fluxdash(
    server: FakeApiServer, cluster: KubeActionCluster
) -> None:
    server.replies[("POST", "/api/v1/namespaces/flux-system/events")] = (
        201,
        {"kind": "Event"},
        {},
    )
    await cluster.create_event(
        "flux-system", {"kind": "Event", "reason": "SuspendRequested"}
    )
    [call] = server.captured
    assert header_values(call.headers, "Impersonate-User") == []
    assert orjson.loads(call.body)["reason"] == "SuspendRequested"


async def test_access_review_denial_names_verb_resource_and_namespace(
    server: FakeApiServer, cluster: KubeActionCluster
) -> None:
    server.replies[("POST", SSAR_PATH)] = (
        201,
        {"status": {"allowed": False, "reason": "no RBAC policy matched"}},
        {},
    )
    with pytest.raises(ForbiddenByCluster) as raised:
        await cluster.ensure_allowed("patch", "helmreleases", "team", JANE)
    assert raised.value.verb == "patch"
    assert raised.value.resource == "helmreleases.helm.toolkit.fluxcd.io"
    assert raised.value.namespace == "team"
    assert "no RBAC policy matched" in raised.value.detail
    spec = orjson.loads(server.captured[0].body)["spec"]["resourceAttributes"]
    assert spec == {
        "verb": "patch",
        "group": "helm.toolkit.fluxcd.io",
        "resource": "helmreleases",
        "namespace": "team",
    }
    assert header_values(server.captured[0].headers, "Impersonate-User") == ["jane"]


async def test_access_review_allowed(
    server: FakeApiServer, cluster: KubeActionCluster
) -> None:
    server.replies[("POST", SSAR_PATH)] = (201, {"status": {"allowed": True}}, {})
    await cluster.ensure_allowed("patch", "kustomizations", "flux-system", JANE)
