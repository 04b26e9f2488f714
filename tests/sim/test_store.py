"""Unit tests of kubesim's Store: object semantics without HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from kubesim.bootstrap import create_system_namespaces
from kubesim.errors import (
    AlreadyExists,
    BadRequest,
    Conflict,
    Expired,
    Forbidden,
    Invalid,
    NotFound,
    UnsupportedMediaType,
)
from kubesim.store import Store, WatchEvent

GROUP, PLURAL = "example.com", "widgets"
CRD_GROUP, CRDS = "apiextensions.k8s.io", "customresourcedefinitions"


def widget_crd(*, status: bool = True, scope: str = "Namespaced") -> dict[str, Any]:
    version: dict[str, Any] = {
        "name": "v1",
        "served": True,
        "storage": True,
        "schema": {
            "openAPIV3Schema": {
                "type": "object",
                "properties": {
                    "spec": {
                        "type": "object",
                        "properties": {"size": {"type": "integer", "default": 3}},
                    },
                    "status": {"type": "object", "default": {"observedGeneration": -1}},
                },
            }
        },
        "additionalPrinterColumns": [
            {"name": "Size", "type": "integer", "jsonPath": ".spec.size"}
        ],
    }
    if status:
        version["subresources"] = {"status": {}}
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{PLURAL}.{GROUP}"},
        "spec": {
            "group": GROUP,
            "scope": scope,
            "names": {"plural": PLURAL, "kind": "Widget", "shortNames": ["wd"]},
            "versions": [version],
        },
    }


def widget(
    name: str = "w", namespace: str = "default", **labels: str
) -> dict[str, Any]:
    return {
        "apiVersion": f"{GROUP}/v1",
        "kind": "Widget",
        "metadata": {"name": name, "namespace": namespace, "labels": labels},
        "spec": {"color": "blue"},
    }


@pytest.fixture
def store() -> Store:
    s = Store(watch_history=50)
    create_system_namespaces(s)
    s.create(CRD_GROUP, CRDS, widget_crd())
    return s


def test_create_assigns_server_fields_and_defaults(store: Store) -> None:
    created = store.create(GROUP, PLURAL, {**widget(), "status": {"ignored": True}})
    meta = created["metadata"]
    assert meta["uid"]
    assert meta["creationTimestamp"].endswith("Z")
    assert meta["resourceVersion"] == store.resource_version
    assert meta["generation"] == 1
    assert created["spec"] == {"color": "blue", "size": 3}
    # status is dropped on create (status subresource), then schema-defaulted
    assert created["status"] == {"observedGeneration": -1}
    with pytest.raises(AlreadyExists, match=r'widgets.example.com "w" already exists'):
        store.create(GROUP, PLURAL, widget())


def test_returned_objects_are_copies(store: Store) -> None:
    created = store.create(GROUP, PLURAL, widget())
    created["spec"]["color"] = "mutated"
    fetched = store.get(GROUP, PLURAL, "default", "w")
    assert fetched is not None
    assert fetched["spec"]["color"] == "blue"


def test_generation_bumps_on_spec_changes_only(store: Store) -> None:
    store.create(GROUP, PLURAL, widget())
    labelled = store.patch(
        GROUP, PLURAL, "default", "w", {"metadata": {"labels": {"a": "b"}}}
    )
    assert labelled["metadata"]["generation"] == 1
    changed = store.patch(GROUP, PLURAL, "default", "w", {"spec": {"color": "red"}})
    assert changed["metadata"]["generation"] == 2
    status = store.patch(
        GROUP, PLURAL, "default", "w", {"status": {"ok": True}}, subresource="status"
    )
    assert status["metadata"]["generation"] == 2


def test_status_subresource_rules(store: Store) -> None:
    store.create(GROUP, PLURAL, widget())
    ignored = store.patch(GROUP, PLURAL, "default", "w", {"status": {"ready": True}})
    assert ignored["status"] == {"observedGeneration": -1}
    current = store.get(GROUP, PLURAL, "default", "w")
    assert current is not None
    current["status"] = {"ready": True}
    current["spec"]["color"] = "green"
    updated = store.update(GROUP, PLURAL, current, subresource="status")
    # the status write takes only status; spec changes in the same body are ignored
    assert updated["status"] == {"ready": True}
    assert updated["spec"]["color"] == "blue"


def test_without_status_subresource_status_is_plain_content(store: Store) -> None:
    store.delete(CRD_GROUP, CRDS, None, f"{PLURAL}.{GROUP}")
    store.create(CRD_GROUP, CRDS, widget_crd(status=False))
    created = store.create(GROUP, PLURAL, {**widget(), "status": {"phase": "x"}})
    assert created["status"] == {"phase": "x"}
    with pytest.raises(NotFound):
        store.patch(GROUP, PLURAL, "default", "w", {"status": {}}, subresource="status")


def test_update_conflicts_and_noop(store: Store) -> None:
    created = store.create(GROUP, PLURAL, widget())
    store.patch(GROUP, PLURAL, "default", "w", {"spec": {"color": "red"}})
    with pytest.raises(Conflict, match="the object has been modified"):
        store.update(GROUP, PLURAL, created)
    current = store.get(GROUP, PLURAL, "default", "w")
    assert current is not None
    rv = store.resource_version
    same = store.update(GROUP, PLURAL, current)
    assert same["metadata"]["resourceVersion"] == rv
    assert store.resource_version == rv
    with pytest.raises(Conflict):
        store.patch(
            GROUP, PLURAL, "default", "w", {"metadata": {"resourceVersion": "1"}}
        )


def test_patch_types(store: Store) -> None:
    store.create(GROUP, PLURAL, widget(team="a"))
    merged = store.patch(
        GROUP,
        PLURAL,
        "default",
        "w",
        {"metadata": {"labels": {"team": None, "x": "y"}}},
    )
    assert merged["metadata"]["labels"] == {"x": "y"}
    patched = store.patch(
        GROUP,
        PLURAL,
        "default",
        "w",
        [
            {"op": "add", "path": "/spec/tags", "value": ["a"]},
            {"op": "add", "path": "/spec/tags/-", "value": "b"},
            {"op": "replace", "path": "/spec/color", "value": "red"},
            {"op": "test", "path": "/spec/size", "value": 3},
        ],
        patch_type="json",
    )
    assert patched["spec"] == {"color": "red", "size": 3, "tags": ["a", "b"]}
    with pytest.raises(Invalid):
        store.patch(
            GROUP,
            PLURAL,
            "default",
            "w",
            [{"op": "remove", "path": "/spec/nope"}],
            patch_type="json",
        )
    with pytest.raises(Invalid, match="test failed"):
        store.patch(
            GROUP,
            PLURAL,
            "default",
            "w",
            [{"op": "test", "path": "/spec/size", "value": 4}],
            patch_type="json",
        )
    with pytest.raises(UnsupportedMediaType):
        store.patch(GROUP, PLURAL, "default", "w", {"spec": {}}, patch_type="strategic")


def test_strategic_merge_for_builtins(store: Store) -> None:
    store.create(
        "apps",
        "deployments",
        {
            "metadata": {"name": "web", "namespace": "default"},
            "spec": {
                "template": {
                    "spec": {
                        "containers": [
                            {"name": "a", "image": "a:1"},
                            {"name": "b", "image": "b:1"},
                        ]
                    }
                }
            },
        },
    )
    patched = store.patch(
        "apps",
        "deployments",
        "default",
        "web",
        {
            "spec": {
                "template": {"spec": {"containers": [{"name": "b", "image": "b:2"}]}}
            }
        },
        patch_type="strategic",
    )
    containers = patched["spec"]["template"]["spec"]["containers"]
    assert containers == [{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:2"}]
    assert patched["metadata"]["generation"] == 2


def test_name_and_namespace_validation(store: Store) -> None:
    with pytest.raises(
        Invalid, match=r'Widget.example.com "Bad_Name" is invalid: metadata.name'
    ):
        store.create(GROUP, PLURAL, widget("Bad_Name"))
    with pytest.raises(Invalid, match="RFC 1123 label"):
        store.create("", "namespaces", {"metadata": {"name": "a.b"}})
    with pytest.raises(NotFound, match=r'namespaces "ghost" not found'):
        store.create(GROUP, PLURAL, widget(namespace="ghost"))
    with pytest.raises(BadRequest):
        store.create(GROUP, PLURAL, {**widget(), "kind": "Gadget"})
    with pytest.raises(NotFound, match="could not find the requested resource"):
        store.create("nope.io", "things", widget())
    generated = store.create(
        GROUP, PLURAL, {"metadata": {"generateName": "w-", "namespace": "default"}}
    )
    assert generated["metadata"]["name"].startswith("w-")


def test_finalizers_and_deletion(store: Store) -> None:
    store.create(
        GROUP,
        PLURAL,
        {**widget(), "metadata": {**widget()["metadata"], "finalizers": ["keep"]}},
    )
    marked = store.delete(GROUP, PLURAL, "default", "w")
    assert marked is not None
    assert marked["metadata"]["deletionTimestamp"]
    assert store.get(GROUP, PLURAL, "default", "w") is not None
    with pytest.raises(Invalid, match="no new finalizers"):
        store.patch(
            GROUP,
            PLURAL,
            "default",
            "w",
            {"metadata": {"finalizers": ["keep", "more"]}},
        )
    gone = store.patch(
        GROUP, PLURAL, "default", "w", {"metadata": {"finalizers": None}}
    )
    assert gone["metadata"]["deletionTimestamp"]
    assert store.get(GROUP, PLURAL, "default", "w") is None
    assert store.delete(GROUP, PLURAL, "default", "w") is None


def test_namespace_deletion_cascades(store: Store) -> None:
    store.create("", "namespaces", {"metadata": {"name": "team"}})
    store.create(GROUP, PLURAL, widget("a", "team"))
    store.create(
        GROUP,
        PLURAL,
        {
            **widget("b", "team"),
            "metadata": {**widget("b", "team")["metadata"], "finalizers": ["f"]},
        },
    )
    store.create("", "configmaps", {"metadata": {"name": "c", "namespace": "team"}})
    terminating = store.delete("", "namespaces", None, "team")
    assert terminating is not None
    assert terminating["status"]["phase"] == "Terminating"
    assert [o["metadata"]["name"] for o in store.list(GROUP, PLURAL, "team")] == ["b"]
    with pytest.raises(Forbidden, match="being terminated"):
        store.create(GROUP, PLURAL, widget("c", "team"))
    store.patch(GROUP, PLURAL, "team", "b", {"metadata": {"finalizers": None}})
    assert store.get("", "namespaces", None, "team") is None
    with pytest.raises(Forbidden, match="may not be deleted"):
        store.delete("", "namespaces", None, "default")


def test_crd_lifecycle(store: Store) -> None:
    crd = store.get(CRD_GROUP, CRDS, None, f"{PLURAL}.{GROUP}")
    assert crd is not None
    conditions = {c["type"]: c["status"] for c in crd["status"]["conditions"]}
    assert conditions == {"NamesAccepted": "True", "Established": "True"}
    assert crd["status"]["storedVersions"] == ["v1"]
    assert crd["spec"]["names"]["listKind"] == "WidgetList"
    rtype = store.resource_type(GROUP, PLURAL)
    assert rtype is not None
    assert rtype.short_names == ("wd",)
    store.create(GROUP, PLURAL, widget())
    events: list[WatchEvent] = []
    store.subscribe(events.append)
    store.delete(CRD_GROUP, CRDS, None, f"{PLURAL}.{GROUP}")
    assert [(e.type, e.plural) for e in events] == [
        ("DELETED", PLURAL),
        ("DELETED", CRDS),
    ]
    assert store.resource_type(GROUP, PLURAL) is None
    with pytest.raises(NotFound):
        store.list(GROUP, PLURAL)
    with pytest.raises(Invalid, match=r"must be spec\.names\.plural"):
        store.create(CRD_GROUP, CRDS, {**widget_crd(), "metadata": {"name": "wrong"}})


def test_cluster_scoped_custom_resources(store: Store) -> None:
    store.delete(CRD_GROUP, CRDS, None, f"{PLURAL}.{GROUP}")
    store.create(CRD_GROUP, CRDS, widget_crd(scope="Cluster"))
    created = store.create(GROUP, PLURAL, widget())
    assert "namespace" not in created["metadata"]
    assert store.get(GROUP, PLURAL, None, "w") is not None


def test_subscribe_and_history(store: Store) -> None:
    events: list[WatchEvent] = []
    unsubscribe = store.subscribe(events.append)
    start = int(store.resource_version)
    store.create(GROUP, PLURAL, widget())
    store.patch(GROUP, PLURAL, "default", "w", {"spec": {"color": "red"}})
    store.delete(GROUP, PLURAL, "default", "w")
    unsubscribe()
    store.create(GROUP, PLURAL, widget("other"))
    assert [e.type for e in events] == ["ADDED", "MODIFIED", "DELETED"]
    assert events[1].old is not None
    assert events[1].old["spec"]["color"] == "blue"
    assert events[2].resource_version > events[1].resource_version
    assert [e.type for e in store.events_since(start)] == [
        "ADDED",
        "MODIFIED",
        "DELETED",
        "ADDED",
    ]
    for i in range(60):
        store.create(GROUP, PLURAL, widget(f"n{i}"))
    with pytest.raises(Expired, match="too old resource version"):
        store.events_since(start)
    assert len(store.events_since(store.history_floor)) == 50


def test_items_at_reconstructs_old_state(store: Store) -> None:
    store.create(GROUP, PLURAL, widget("a"))
    store.create(GROUP, PLURAL, widget("b"))
    rv = int(store.resource_version)
    store.patch(GROUP, PLURAL, "default", "a", {"spec": {"color": "red"}})
    store.delete(GROUP, PLURAL, "default", "b")
    store.create(GROUP, PLURAL, widget("c"))
    then = store.items_at(GROUP, PLURAL, None, rv)
    assert [(o["metadata"]["name"], o["spec"]["color"]) for o in then] == [
        ("a", "blue"),
        ("b", "blue"),
    ]


def test_load_is_fast_enough_for_scale_scenarios(store: Store) -> None:
    created = store.load(GROUP, PLURAL, (widget(f"w{i}") for i in range(2000)))
    assert created == 2000
    assert store.count(GROUP, PLURAL) == 2000
