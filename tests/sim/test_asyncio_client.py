"""kubernetes-asyncio against kubesim: lists, watches, expiry, bookmarks, paging, RBAC."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from kubernetes_asyncio import client, config, watch
from kubernetes_asyncio.client.exceptions import ApiException

from kubesim.server import KubeSim

from .support import require_openssl

KS_GROUP, KS_VERSION, KS_PLURAL = "kustomize.toolkit.fluxcd.io", "v1", "kustomizations"


def kustomization(name: str, namespace: str = "apps", **labels: str) -> dict[str, Any]:
    return {
        "apiVersion": f"{KS_GROUP}/{KS_VERSION}",
        "kind": "Kustomization",
        "metadata": {"name": name, "namespace": namespace, "labels": labels},
        "spec": {
            "interval": "5m",
            "prune": True,
            "sourceRef": {"kind": "GitRepository", "name": "repo"},
        },
    }


def status_of(exc: ApiException) -> dict[str, Any]:
    """The Kubernetes Status object an ApiException carries."""
    assert exc.body is not None
    body: dict[str, Any] = json.loads(exc.body)
    return body


async def start_sim(flux_crds: list[dict[str, Any]], **kwargs: Any) -> KubeSim:
    sim = KubeSim("empty", **kwargs)
    await sim.start()
    for crd in flux_crds:
        sim.store.create("apiextensions.k8s.io", "customresourcedefinitions", crd)
    for namespace in ("apps", "infra"):
        sim.store.create("", "namespaces", {"metadata": {"name": namespace}})
    return sim


@pytest.fixture
async def flux_sim(flux_crds: list[dict[str, Any]]) -> AsyncIterator[KubeSim]:
    sim = await start_sim(flux_crds)
    try:
        yield sim
    finally:
        await sim.stop()


async def api_client(
    sim: KubeSim, token: str | None = None, impersonate: str | None = None
) -> client.ApiClient:
    api = await config.new_client_from_config_dict(sim.kubeconfig(token=token))
    if impersonate:
        api.set_default_header("Impersonate-User", impersonate)
    return api


async def collect(stream: Any, count: int, limit: float = 10) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []

    async def run() -> None:
        async for event in stream:
            events.append(event)
            if len(events) >= count:
                return

    await asyncio.wait_for(run(), limit)
    return events


async def test_list_and_get(flux_sim: KubeSim) -> None:
    for i in range(3):
        flux_sim.store.create(
            KS_GROUP, KS_PLURAL, kustomization(f"app-{i}", team="a" if i else "b")
        )
    async with await api_client(flux_sim) as api:
        custom = client.CustomObjectsApi(api)
        listed = await custom.list_cluster_custom_object(
            KS_GROUP, KS_VERSION, KS_PLURAL
        )
        assert [o["metadata"]["name"] for o in listed["items"]] == [
            "app-0",
            "app-1",
            "app-2",
        ]
        assert listed["kind"] == "KustomizationList"
        assert listed["metadata"]["resourceVersion"] == flux_sim.store.resource_version
        selected = await custom.list_namespaced_custom_object(
            KS_GROUP, KS_VERSION, "apps", KS_PLURAL, label_selector="team=a"
        )
        assert [o["metadata"]["name"] for o in selected["items"]] == ["app-1", "app-2"]
        one = await custom.get_namespaced_custom_object(
            KS_GROUP, KS_VERSION, "apps", KS_PLURAL, "app-1"
        )
        assert one["metadata"]["generation"] == 1
        with pytest.raises(ApiException) as missing:
            await custom.get_namespaced_custom_object(
                KS_GROUP, KS_VERSION, "apps", KS_PLURAL, "nope"
            )
        assert missing.value.status == 404
        status = status_of(missing.value)
        assert status["reason"] == "NotFound"
        assert status["details"] == {
            "name": "nope",
            "group": KS_GROUP,
            "kind": KS_PLURAL,
        }
        # kubernetes-asyncio labels a dict body as JSON patch unless told otherwise; like
        # kube-apiserver, kubesim rejects that, and accepts an explicit merge patch
        with pytest.raises(ApiException) as not_json_patch:
            await custom.patch_namespaced_custom_object(
                KS_GROUP,
                KS_VERSION,
                "apps",
                KS_PLURAL,
                "app-1",
                {"spec": {"suspend": True}},
            )
        assert not_json_patch.value.status == 400
        patched = await custom.patch_namespaced_custom_object(  # type: ignore[call-arg]  # _content_type is accepted at runtime, missing from the stub
            KS_GROUP,
            KS_VERSION,
            "apps",
            KS_PLURAL,
            "app-1",
            {"spec": {"suspend": True}},
            _content_type="application/merge-patch+json",
        )
        assert patched["metadata"]["generation"] == 2
        status = await custom.patch_namespaced_custom_object_status(
            KS_GROUP,
            KS_VERSION,
            "apps",
            KS_PLURAL,
            "app-1",
            [{"op": "add", "path": "/status/lastHandledReconcileAt", "value": "now"}],
        )
        assert status["status"]["lastHandledReconcileAt"] == "now"
        assert status["metadata"]["generation"] == 2
        namespaces = await client.CoreV1Api(api).list_namespace()
        assert {"apps", "default", "kube-system"} <= {
            n.metadata.name for n in namespaces.items
        }


async def test_watch_from_list_resource_version(flux_sim: KubeSim) -> None:
    store = flux_sim.store
    store.create(KS_GROUP, KS_PLURAL, kustomization("before"))
    async with await api_client(flux_sim) as api:
        custom = client.CustomObjectsApi(api)
        listed = await custom.list_namespaced_custom_object(
            KS_GROUP, KS_VERSION, "apps", KS_PLURAL
        )
        rv = listed["metadata"]["resourceVersion"]
        # changes made after the list must all arrive, in order, and nothing before it
        store.create(KS_GROUP, KS_PLURAL, kustomization("after"))
        store.patch(KS_GROUP, KS_PLURAL, "apps", "before", {"spec": {"suspend": True}})
        store.delete(KS_GROUP, KS_PLURAL, "apps", "after")
        store.create(KS_GROUP, KS_PLURAL, kustomization("elsewhere", namespace="infra"))
        w = watch.Watch()
        stream = w.stream(
            custom.list_namespaced_custom_object,
            KS_GROUP,
            KS_VERSION,
            "apps",
            KS_PLURAL,
            resource_version=rv,
            timeout_seconds=5,
        )
        events = await collect(stream, 3)
        await w.close()
    assert [(e["type"], e["object"]["metadata"]["name"]) for e in events] == [
        ("ADDED", "after"),
        ("MODIFIED", "before"),
        ("DELETED", "after"),
    ]
    assert events[1]["object"]["metadata"]["generation"] == 2
    versions = [int(e["object"]["metadata"]["resourceVersion"]) for e in events]
    assert versions == sorted(versions)
    assert versions[0] > int(rv)


async def test_watch_without_resource_version_starts_with_added(
    flux_sim: KubeSim,
) -> None:
    flux_sim.store.create(KS_GROUP, KS_PLURAL, kustomization("a"))
    flux_sim.store.create(KS_GROUP, KS_PLURAL, kustomization("b"))
    async with await api_client(flux_sim) as api:
        custom = client.CustomObjectsApi(api)
        w = watch.Watch()
        stream = w.stream(
            custom.list_cluster_custom_object,
            KS_GROUP,
            KS_VERSION,
            KS_PLURAL,
            timeout_seconds=5,
        )
        events = await collect(stream, 2)
        await w.close()
    assert [(e["type"], e["object"]["metadata"]["name"]) for e in events] == [
        ("ADDED", "a"),
        ("ADDED", "b"),
    ]


async def test_watch_label_selector_transitions(flux_sim: KubeSim) -> None:
    store = flux_sim.store
    store.create(KS_GROUP, KS_PLURAL, kustomization("x", team="a"))
    rv = store.resource_version
    store.patch(
        KS_GROUP, KS_PLURAL, "apps", "x", {"metadata": {"labels": {"team": "b"}}}
    )
    store.patch(
        KS_GROUP, KS_PLURAL, "apps", "x", {"metadata": {"labels": {"team": "a"}}}
    )
    async with await api_client(flux_sim) as api:
        custom = client.CustomObjectsApi(api)
        w = watch.Watch()
        stream = w.stream(
            custom.list_namespaced_custom_object,
            KS_GROUP,
            KS_VERSION,
            "apps",
            KS_PLURAL,
            resource_version=rv,
            label_selector="team=a",
            timeout_seconds=5,
        )
        events = await collect(stream, 2)
        await w.close()
    # leaving the selector reads as DELETED, entering it again as ADDED
    assert [e["type"] for e in events] == ["DELETED", "ADDED"]


async def test_expired_resource_version_in_stream_and_at_connect(
    flux_crds: list[dict[str, Any]],
) -> None:
    sim = await start_sim(flux_crds, watch_history=5)
    try:
        old_rv = sim.store.resource_version
        for i in range(10):
            sim.store.create(KS_GROUP, KS_PLURAL, kustomization(f"k{i}"))
        async with await api_client(sim) as api:
            custom = client.CustomObjectsApi(api)
            # like kube-apiserver's watch cache: 200, then an ERROR event carrying a 410 Status
            w = watch.Watch()
            stream = w.stream(
                custom.list_namespaced_custom_object,
                KS_GROUP,
                KS_VERSION,
                "apps",
                KS_PLURAL,
                resource_version=old_rv,
                timeout_seconds=5,
            )
            with pytest.raises(ApiException) as in_stream:
                await collect(stream, 1)
            assert in_stream.value.status == 410
            assert "Expired: too old resource version" in str(in_stream.value.reason)
            await w.close()
            # the same expiry reported as an HTTP 410 at connect
            sim.faults.expired_watch_response = "connect"
            raw = await custom.list_namespaced_custom_object(
                KS_GROUP,
                KS_VERSION,
                "apps",
                KS_PLURAL,
                watch=True,
                resource_version=old_rv,
                timeout_seconds=5,
                _preload_content=False,
            )
            assert raw.status == 410
            assert json.loads(await raw.read())["reason"] == "Expired"
            raw.release()
            w = watch.Watch()
            stream = w.stream(
                custom.list_namespaced_custom_object,
                KS_GROUP,
                KS_VERSION,
                "apps",
                KS_PLURAL,
                resource_version=old_rv,
                timeout_seconds=5,
            )
            with pytest.raises(ApiException) as at_connect:
                await collect(stream, 1)
            assert at_connect.value.status == 410
            await w.close()
            # paging with a continue token older than the window is 410 too
            page = await custom.list_namespaced_custom_object(
                KS_GROUP, KS_VERSION, "apps", KS_PLURAL, limit=3
            )
            for i in range(10):
                sim.store.patch(
                    KS_GROUP,
                    KS_PLURAL,
                    "apps",
                    "k9",
                    {"metadata": {"labels": {"n": str(i)}}},
                )
            with pytest.raises(ApiException) as old_page:
                await custom.list_namespaced_custom_object(
                    KS_GROUP,
                    KS_VERSION,
                    "apps",
                    KS_PLURAL,
                    limit=3,
                    _continue=page["metadata"]["continue"],
                )
            assert old_page.value.status == 410
    finally:
        await sim.stop()


async def test_forced_expiry_faults(flux_sim: KubeSim) -> None:
    async with await api_client(flux_sim) as api:
        custom = client.CustomObjectsApi(api)
        rv = flux_sim.store.resource_version
        flux_sim.faults.expire_next_watches(1, mode="connect")
        raw = await custom.list_cluster_custom_object(
            KS_GROUP,
            KS_VERSION,
            KS_PLURAL,
            watch=True,
            resource_version=rv,
            timeout_seconds=5,
            _preload_content=False,
        )
        assert raw.status == 410
        raw.release()
        flux_sim.faults.expire_next_watches(1, mode="stream")
        w = watch.Watch()
        with pytest.raises(ApiException) as in_stream:
            await collect(
                w.stream(
                    custom.list_cluster_custom_object,
                    KS_GROUP,
                    KS_VERSION,
                    KS_PLURAL,
                    resource_version=rv,
                    timeout_seconds=5,
                ),
                1,
            )
        assert in_stream.value.status == 410
        await w.close()
        # an open watch receives an injected ERROR 410 event
        w = watch.Watch()
        stream = w.stream(
            custom.list_cluster_custom_object,
            KS_GROUP,
            KS_VERSION,
            KS_PLURAL,
            resource_version=rv,
            timeout_seconds=10,
        )
        task = asyncio.create_task(collect(stream, 1))
        while flux_sim.hub.count() == 0:  # noqa: ASYNC110  # polls kubesim's own state, no event to wait on
            await asyncio.sleep(0.01)
        flux_sim.faults.expire_open_watches()
        with pytest.raises(ApiException) as injected:
            await task
        assert injected.value.status == 410
        await w.close()


async def test_bookmarks(flux_sim: KubeSim) -> None:
    flux_sim.bookmark_interval = 0.2
    flux_sim.store.create(KS_GROUP, KS_PLURAL, kustomization("a"))
    rv = flux_sim.store.resource_version
    async with await api_client(flux_sim) as api:
        custom = client.CustomObjectsApi(api)
        w = watch.Watch()
        stream = w.stream(
            custom.list_namespaced_custom_object,
            KS_GROUP,
            KS_VERSION,
            "apps",
            KS_PLURAL,
            resource_version=rv,
            allow_watch_bookmarks=True,
            timeout_seconds=1,
        )
        task = asyncio.create_task(collect(stream, 3))
        await asyncio.sleep(0.05)
        flux_sim.store.create(
            KS_GROUP, KS_PLURAL, kustomization("other", namespace="infra")
        )
        events = await task
        await w.close()
    assert [e["type"] for e in events] == ["BOOKMARK"] * 3
    first = events[0]["raw_object"]
    assert first["kind"] == "Kustomization"
    assert first["apiVersion"] == f"{KS_GROUP}/{KS_VERSION}"
    # bookmarks advance past changes the watch filtered out
    assert int(events[-1]["raw_object"]["metadata"]["resourceVersion"]) > int(rv)


async def test_paging_with_continue_is_a_consistent_snapshot(flux_sim: KubeSim) -> None:
    for i in range(25):
        flux_sim.store.create(
            KS_GROUP,
            KS_PLURAL,
            kustomization(f"k{i:02d}", namespace="apps" if i % 2 else "infra"),
        )
    async with await api_client(flux_sim) as api:
        custom = client.CustomObjectsApi(api)
        first = await custom.list_cluster_custom_object(
            KS_GROUP, KS_VERSION, KS_PLURAL, limit=10
        )
        assert len(first["items"]) == 10
        assert first["metadata"]["remainingItemCount"] == 15
        list_rv = first["metadata"]["resourceVersion"]
        # changes after the first page must not show in the later pages
        flux_sim.store.delete(KS_GROUP, KS_PLURAL, "infra", "k24")
        flux_sim.store.create(KS_GROUP, KS_PLURAL, kustomization("k99"))
        names = [
            (o["metadata"]["namespace"], o["metadata"]["name"]) for o in first["items"]
        ]
        token = first["metadata"]["continue"]
        pages = 1
        while token:
            page = await custom.list_cluster_custom_object(
                KS_GROUP, KS_VERSION, KS_PLURAL, limit=10, _continue=token
            )
            assert page["metadata"]["resourceVersion"] == list_rv
            names += [
                (o["metadata"]["namespace"], o["metadata"]["name"])
                for o in page["items"]
            ]
            token = page["metadata"].get("continue")
            pages += 1
    assert pages == 3
    assert len(names) == len(set(names)) == 25
    assert names == sorted(names)
    assert ("infra", "k24") in names
    assert ("apps", "k99") not in names


async def test_rbac_impersonation_and_self_subject_access_review(
    flux_crds: list[dict[str, Any]],
) -> None:
    tokens = {
        "admin-token": ("admin", ["system:masters"]),
        "alice-token": ("alice", ["devs"]),
    }
    sim = await start_sim(flux_crds, rbac=True, tokens=tokens)
    try:
        sim.store.create(KS_GROUP, KS_PLURAL, kustomization("app"))
        sim.store.create(
            "rbac.authorization.k8s.io",
            "rolebindings",
            {
                "metadata": {"name": "devs-view", "namespace": "apps"},
                "roleRef": {
                    "apiGroup": "rbac.authorization.k8s.io",
                    "kind": "ClusterRole",
                    "name": "flux-view",
                },
                "subjects": [
                    {
                        "apiGroup": "rbac.authorization.k8s.io",
                        "kind": "Group",
                        "name": "devs",
                    }
                ],
            },
        )
        sim.store.create(
            "rbac.authorization.k8s.io",
            "clusterroles",
            {
                "metadata": {"name": "flux-view"},
                "rules": [
                    {
                        "apiGroups": [KS_GROUP],
                        "resources": ["kustomizations"],
                        "verbs": ["get", "list", "watch"],
                    }
                ],
            },
        )
        async with await api_client(sim, token="alice-token") as alice_api:
            alice = client.CustomObjectsApi(alice_api)
            listed = await alice.list_namespaced_custom_object(
                KS_GROUP, KS_VERSION, "apps", KS_PLURAL
            )
            assert len(listed["items"]) == 1
            with pytest.raises(ApiException) as denied:
                await alice.list_cluster_custom_object(KS_GROUP, KS_VERSION, KS_PLURAL)
            assert denied.value.status == 403
            status = status_of(denied.value)
            assert status["reason"] == "Forbidden"
            assert status["message"] == (
                f'kustomizations.{KS_GROUP} is forbidden: User "alice" cannot list resource "kustomizations" '
                f'in API group "{KS_GROUP}" at the cluster scope'
            )
            with pytest.raises(ApiException) as no_patch:
                await alice.patch_namespaced_custom_object(
                    KS_GROUP,
                    KS_VERSION,
                    "apps",
                    KS_PLURAL,
                    "app",
                    {"spec": {"suspend": True}},
                )
            assert no_patch.value.status == 403
            # alice may not impersonate anyone
            alice_api.set_default_header("Impersonate-User", "admin")
            with pytest.raises(ApiException) as no_impersonation:
                await alice.list_namespaced_custom_object(
                    KS_GROUP, KS_VERSION, "apps", KS_PLURAL
                )
            assert no_impersonation.value.status == 403
            assert (
                'cannot impersonate resource "users"'
                in status_of(no_impersonation.value)["message"]
            )

        async with await api_client(sim, token="admin-token") as admin_api:
            # the admin impersonating alice (and her group) gets alice's answers
            admin_api.set_default_header("Impersonate-User", "alice")
            admin_api.set_default_header("Impersonate-Group", "devs")
            authz = client.AuthorizationV1Api(admin_api)

            async def can(verb: str, namespace: str) -> bool:
                review = client.V1SelfSubjectAccessReview(
                    spec=client.V1SelfSubjectAccessReviewSpec(
                        resource_attributes=client.V1ResourceAttributes(
                            group=KS_GROUP,
                            resource="kustomizations",
                            verb=verb,
                            namespace=namespace,
                        )
                    )
                )
                answer = await authz.create_self_subject_access_review(review)
                return bool(answer.status.allowed)

            assert await can("list", "apps") is True
            assert await can("patch", "apps") is False
            assert await can("list", "infra") is False
            with pytest.raises(ApiException) as impersonated:
                await client.CustomObjectsApi(admin_api).list_namespaced_custom_object(
                    KS_GROUP, KS_VERSION, "infra", KS_PLURAL
                )
            assert impersonated.value.status == 403

        async with await api_client(sim) as anonymous_api:
            with pytest.raises(ApiException) as anonymous:
                await client.CustomObjectsApi(anonymous_api).list_cluster_custom_object(
                    KS_GROUP, KS_VERSION, KS_PLURAL
                )
            assert anonymous.value.status == 403
        async with await api_client(sim, token="wrong") as bad_api:
            with pytest.raises(ApiException) as unauthorized:
                await client.CoreV1Api(bad_api).list_namespace()
            assert unauthorized.value.status == 401
    finally:
        await sim.stop()


async def test_anonymous_is_admin_without_rbac(flux_sim: KubeSim) -> None:
    async with await api_client(flux_sim) as api:
        review = client.V1SelfSubjectAccessReview(
            spec=client.V1SelfSubjectAccessReviewSpec(
                resource_attributes=client.V1ResourceAttributes(
                    verb="delete", resource="namespaces"
                )
            )
        )
        answer = await client.AuthorizationV1Api(api).create_self_subject_access_review(
            review
        )
        assert answer.status.allowed is True


async def test_https_with_token(flux_crds: list[dict[str, Any]]) -> None:
    require_openssl()
    sim = await start_sim(
        flux_crds, tls=True, rbac=True, tokens={"t": ("admin", ["system:masters"])}
    )
    try:
        assert sim.url.startswith("https://")
        async with await api_client(sim, token="t") as api:
            namespaces = await client.CoreV1Api(api).list_namespace()
            assert "apps" in {n.metadata.name for n in namespaces.items}
    finally:
        await sim.stop()
