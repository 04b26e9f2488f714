"""Rows are built from a partial parse (no inventory, no Kustomization history); the cached
object still gives the whole model, and the raw object is never touched."""

from __future__ import annotations

import copy

from fluxdash.models.kinds import kind_by_name
from fluxdash.models.kustomize import Kustomization
from fluxdash.services.cache import FluxCache, KindState
from fluxdash.services.rows import build_row, summarize
from tests.cache import objects as o

INVENTORY = [(f"apps_web-{i:03d}_apps_Deployment", "v1") for i in range(500)]


def test_row_ignores_the_inventory_and_leaves_raw_alone() -> None:
    info = kind_by_name("Kustomization")
    raw = o.kustomization("infra", inventory=INVENTORY)
    raw["status"]["history"] = [{"digest": "sha256:abc", "totalReconciliations": 3}]
    before = copy.deepcopy(raw)
    summary = summarize(info, raw)
    assert raw == before
    assert isinstance(summary.model, Kustomization)
    assert summary.model.status is not None
    assert summary.model.status.inventory is None
    assert summary.model.status.history == []
    without = copy.deepcopy(raw)
    del without["status"]["inventory"], without["status"]["history"]
    assert summary.row == build_row(info, without)
    assert summary.row.health == "Ready"


def test_an_unreadable_inventory_does_not_spoil_the_row() -> None:
    info = kind_by_name("Kustomization")
    raw = o.kustomization("infra")
    raw["status"]["inventory"] = {"entries": "not a list"}
    row = build_row(info, raw)
    assert row.problem is None
    assert row.health == "Ready"


def test_the_cached_object_parses_the_whole_model_on_demand() -> None:
    cache = FluxCache()
    cache.configure_kinds({"kustomizations": KindState("v1")})
    cache.replace_kind(
        "kustomizations", [o.kustomization("infra", inventory=INVENTORY)]
    )
    found = cache.get("kustomizations", "flux-system", "infra")
    assert found is not None
    model = found.model
    assert isinstance(model, Kustomization)
    assert model.status is not None
    assert model.status.inventory is not None
    assert len(model.status.inventory.entries) == 500
    assert found.model is model  # parsed once, then kept
