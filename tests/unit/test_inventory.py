from __future__ import annotations

import pytest

from fluxdash.models.base import Inventory, InventoryEntry
from fluxdash.models.keys import ObjectKey
from fluxdash.services.inventory import (
    InventoryIdError,
    InventoryRef,
    flux_plural_of,
    parse_inventory,
    parse_inventory_id,
)


@pytest.mark.parametrize(
    ("entry_id", "version", "expected"),
    [
        (
            "_flux-system__Namespace",
            "v1",
            InventoryRef("", "flux-system", "", "Namespace", "v1"),
        ),
        (
            "default_podinfo__Service",
            "v1",
            InventoryRef("default", "podinfo", "", "Service", "v1"),
        ),
        (
            "flux-system_helm-controller_apps_Deployment",
            "v1",
            InventoryRef("flux-system", "helm-controller", "apps", "Deployment", "v1"),
        ),
        (
            "flux-system_infrastructure_kustomize.toolkit.fluxcd.io_Kustomization",
            "v1beta2",
            InventoryRef(
                "flux-system",
                "infrastructure",
                "kustomize.toolkit.fluxcd.io",
                "Kustomization",
                "v1beta2",
            ),
        ),
        (
            "_system__controller__flux_rbac.authorization.k8s.io_ClusterRole",
            "v1",
            InventoryRef(
                "",
                "system:controller:flux",
                "rbac.authorization.k8s.io",
                "ClusterRole",
                "v1",
            ),
        ),
        (
            "kube-system_crd-controller-flux-system_rbac.authorization.k8s.io_RoleBinding",
            "v1",
            InventoryRef(
                "kube-system",
                "crd-controller-flux-system",
                "rbac.authorization.k8s.io",
                "RoleBinding",
                "v1",
            ),
        ),
    ],
)
def test_parse_inventory_id(
    entry_id: str, version: str, expected: InventoryRef
) -> None:
    assert parse_inventory_id(entry_id, version) == expected


def test_ref_properties() -> None:
    ns = parse_inventory_id("_flux-system__Namespace", "v1")
    assert ns.cluster_scoped
    assert ns.id == "Namespace/flux-system"
    assert ns.api_version == "v1"
    assert ns.flux_kind is None
    assert flux_plural_of(ns) is None
    gr = parse_inventory_id(
        "flux-system_flux-system_source.toolkit.fluxcd.io_GitRepository", "v1"
    )
    assert gr.key == ObjectKey("GitRepository", "flux-system", "flux-system")
    assert gr.api_version == "source.toolkit.fluxcd.io/v1"
    assert flux_plural_of(gr) == "gitrepositories"
    # same Kind name in another group is not Flux
    other = parse_inventory_id(
        "apps_x_kustomize.config.k8s.io_Kustomization", "v1beta1"
    )
    assert flux_plural_of(other) is None


@pytest.mark.parametrize(
    "entry_id",
    ["", "nounderscore", "ns_kind", "ns_a_b_c_Kind", "ns___Kind", "ns_a_grp_"],
)
def test_malformed_ids_raise(entry_id: str) -> None:
    with pytest.raises(InventoryIdError):
        parse_inventory_id(entry_id)


def test_parse_inventory_keeps_order_and_reports_invalid() -> None:
    inv = Inventory(
        entries=[
            InventoryEntry(id="_flux-system__Namespace", v="v1"),
            InventoryEntry(id="garbage", v="v1"),
            InventoryEntry(
                id="flux-system_apps_kustomize.toolkit.fluxcd.io_Kustomization", v="v1"
            ),
            InventoryEntry(id="flux-system_source-controller_apps_Deployment", v="v1"),
        ]
    )
    parsed = parse_inventory(inv)
    assert [r.id for r in parsed.refs] == [
        "Namespace/flux-system",
        "Kustomization/flux-system/apps",
        "Deployment/flux-system/source-controller",
    ]
    assert parsed.invalid == ("garbage",)
    assert [r.kind for r in parsed.flux_refs] == ["Kustomization"]
    assert parse_inventory(None).refs == ()
