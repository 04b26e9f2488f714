"""The kube client: request shapes (patch, create, access review, impersonation) and error mapping."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import orjson
import pytest
import yaml

from fluxdash.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    KubeError,
    KubeUnavailable,
    NotFound,
    TooManyRequests,
    Unprocessable,
)
from fluxdash.kube.client import FIELD_MANAGER, KubeClient, KubeConfigError
from fluxdash.kube.errors import (
    ForbiddenByCluster,
    RequestContext,
    ResourceVersionExpired,
    error_from_status,
    parse_retry_after,
)
from fluxdash.kube.resource import CRDS, EVENTS, ApiResource
from tests.kube.fake_apiserver import FakeApiServer

KUSTOMIZATIONS = ApiResource(
    "kustomize.toolkit.fluxcd.io", "v1", "kustomizations", "Kustomization"
)
CTX = RequestContext(
    "patch", "kustomizations.kustomize.toolkit.fluxcd.io", "apps", "podinfo"
)


@pytest.fixture
async def server() -> AsyncIterator[FakeApiServer]:
    fake = FakeApiServer()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def client(server: FakeApiServer) -> AsyncIterator[KubeClient]:
    kube = await KubeClient.from_kubeconfig_dict(server.kubeconfig())
    yield kube
    await kube.close()


def test_paths() -> None:
    assert (
        KUSTOMIZATIONS.path() == "/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations"
    )
    assert (
        KUSTOMIZATIONS.path("flux-system", "apps")
        == "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps"
    )
    assert EVENTS.path("a b") == "/api/v1/namespaces/a%20b/events"
    assert CRDS.path("ignored", "x.y") == (
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x.y"
    )
    assert KUSTOMIZATIONS.path("ns", "../x") == (
        "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/ns/kustomizations/..%2Fx"
    )


async def test_merge_patch_uses_the_fluxdash_field_manager(
    server: FakeApiServer, client: KubeClient
) -> None:
    path = KUSTOMIZATIONS.path("apps", "podinfo")
    server.replies[("PATCH", path)] = (200, {"metadata": {"name": "podinfo"}}, {})
    result = await client.merge_patch(
        KUSTOMIZATIONS, "apps", "podinfo", {"spec": {"suspend": True}}
    )
    assert result == {"metadata": {"name": "podinfo"}}
    request = server.captured[-1]
    headers = dict(request.headers)
    assert headers["Content-Type"] == "application/merge-patch+json"
    assert request.query == {"fieldManager": FIELD_MANAGER}
    assert not FIELD_MANAGER.startswith("kubectl")
    assert orjson.loads(request.body) == {"spec": {"suspend": True}}
    assert headers["Authorization"] == "Bearer fake-token"


async def test_create_and_impersonation_headers(
    server: FakeApiServer, client: KubeClient
) -> None:
    path = EVENTS.path("apps")
    server.replies[("POST", path)] = (201, {"kind": "Event"}, {})
    alice = client.impersonating("alice", ["devs", "ops"])
    await alice.create(EVENTS, "apps", {"kind": "Event", "reason": "X"})
    request = server.captured[-1]
    assert ("Impersonate-User", "alice") in request.headers
    groups = [v for k, v in request.headers if k == "Impersonate-Group"]
    assert groups == ["devs", "ops"]
    assert request.query == {"fieldManager": FIELD_MANAGER}
    await alice.close()  # a view never closes the shared pool
    assert (await client.server_version())["gitVersion"] == "v1.32.0-fake"


async def test_access_review(server: FakeApiServer, client: KubeClient) -> None:
    path = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
    server.replies[("POST", path)] = (
        201,
        {"status": {"allowed": False, "reason": "no RBAC policy matched"}},
        {},
    )
    review = await client.access_review(
        verb="patch",
        group="kustomize.toolkit.fluxcd.io",
        resource="kustomizations",
        namespace="apps",
    )
    assert not review.allowed
    assert review.reason == "no RBAC policy matched"
    sent = orjson.loads(server.captured[-1].body)
    assert sent["spec"]["resourceAttributes"] == {
        "verb": "patch",
        "group": "kustomize.toolkit.fluxcd.io",
        "resource": "kustomizations",
        "namespace": "apps",
    }


async def test_http_errors_are_mapped(
    server: FakeApiServer, client: KubeClient
) -> None:
    path = KUSTOMIZATIONS.path("apps", "podinfo")
    server.replies[("PATCH", path)] = (
        403,
        {
            "kind": "Status",
            "code": 403,
            "reason": "Forbidden",
            "message": 'kustomizations "podinfo" is forbidden: User "bob" cannot patch',
        },
        {},
    )
    with pytest.raises(ForbiddenByCluster) as denied:
        await client.merge_patch(KUSTOMIZATIONS, "apps", "podinfo", {"spec": {}})
    assert denied.value.verb == "patch"
    assert denied.value.namespace == "apps"
    assert "kustomizations" in denied.value.detail
    assert "'apps'" in denied.value.detail
    with pytest.raises(NotFound) as missing:
        await client.get(KUSTOMIZATIONS, "apps", "nope")
    assert "'nope'" in missing.value.detail


async def test_unreachable_server_is_kube_unavailable() -> None:
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "c", "cluster": {"server": "http://127.0.0.1:9"}}],
        "users": [{"name": "u", "user": {}}],
        "contexts": [{"name": "x", "context": {"cluster": "c", "user": "u"}}],
        "current-context": "x",
    }
    kube = await KubeClient.from_kubeconfig_dict(config)
    try:
        with pytest.raises(KubeUnavailable) as down:
            await kube.list_all(KUSTOMIZATIONS)
        assert "127.0.0.1:9" in down.value.detail
    finally:
        await kube.close()


async def test_kubeconfig_file_and_context(
    tmp_path: Path, server: FakeApiServer
) -> None:
    config = server.kubeconfig()
    config["contexts"].append(
        {"name": "other", "context": {"cluster": "fake", "user": "fake"}}
    )
    config["current-context"] = "other"
    file = tmp_path / "config"
    file.write_text(yaml.safe_dump(config))
    kube = await KubeClient.from_kubeconfig(file, context="fake")
    try:
        assert kube.context == "fake"
        assert kube.server == server.url
        assert (await kube.server_version())["major"] == "1"
    finally:
        await kube.close()
    with pytest.raises(KubeConfigError):
        await KubeClient.from_kubeconfig(tmp_path / "missing")
    with pytest.raises(KubeConfigError):
        await KubeClient.from_kubeconfig(file, context="no-such-context")


async def test_server_url_never_shows_credentials() -> None:
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {
                "name": "c",
                "cluster": {"server": "https://user:secret@k8s.example:6443/"},
            }
        ],
        "users": [{"name": "u", "user": {}}],
        "contexts": [{"name": "x", "context": {"cluster": "c", "user": "u"}}],
        "current-context": "x",
    }
    kube = await KubeClient.from_kubeconfig_dict(config)
    try:
        assert kube.server == "https://k8s.example:6443"
    finally:
        await kube.close()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, BadRequest),
        (401, KubeError),
        (403, Forbidden),
        (404, NotFound),
        (409, Conflict),
        (410, ResourceVersionExpired),
        (415, Unprocessable),
        (422, Unprocessable),
        (429, TooManyRequests),
        (500, KubeUnavailable),
        (503, KubeUnavailable),
        (504, KubeUnavailable),
        (418, KubeError),
    ],
)
def test_status_mapping(status: int, expected: type[Exception]) -> None:
    body = {"kind": "Status", "code": status, "message": "the message"}
    error = error_from_status(status, orjson.dumps(body), CTX)
    assert type(error) is expected or isinstance(error, expected)
    if status == 404:  # names the missing object instead
        assert "'podinfo'" in error.detail
    else:
        assert "the message" in error.detail


def test_retry_after_from_header_or_status_details() -> None:
    error = error_from_status(429, b"{}", CTX, {"Retry-After": "7"})
    assert isinstance(error, TooManyRequests)
    assert error.retry_after == 7
    assert error.headers() == {"Retry-After": "7"}
    body = orjson.dumps({"kind": "Status", "details": {"retryAfterSeconds": 4}})
    error = error_from_status(429, body, CTX)
    assert isinstance(error, TooManyRequests)
    assert error.retry_after == 4
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("nonsense") is None
    assert parse_retry_after("-5") == 0.0


def test_non_json_error_bodies_are_kept_short() -> None:
    error = error_from_status(502, b"<html>" + b"x" * 5000, CTX)
    assert isinstance(error, KubeUnavailable)
    assert len(error.detail) < 800
