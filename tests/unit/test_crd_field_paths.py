"""Every field path of every model exists in the matching real Flux CRD schema.

A model path may come from the preferred version (latest CRDs) or, for kinds with fallback
versions, from the older version's schema (Flux 2.6 CRDs).
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel

from fluxdash.models.kinds import KINDS, KindInfo
from tests.unit.crd_schemas import (
    FLUX_26_DIR,
    LATEST_DIR,
    schema_has_path,
    version_schema,
)

Path = tuple[str, ...]


def _leaf_models(annotation: Any) -> list[tuple[Path, type[BaseModel]]]:
    """Models reachable from a field annotation, with the container steps to them."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _leaf_models(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        out: list[tuple[Path, type[BaseModel]]] = []
        for arg in get_args(annotation):
            out.extend(_leaf_models(arg))
        return out
    if origin is list:
        return [(("[]", *p), m) for p, m in _leaf_models(get_args(annotation)[0])]
    if origin is dict:
        return [(("{}", *p), m) for p, m in _leaf_models(get_args(annotation)[1])]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [((), annotation)]
    return []


def model_paths(model: type[BaseModel], prefix: Path = ()) -> list[Path]:
    """Every field path of `model`, by wire alias, recursing into nested models."""
    paths: list[Path] = []
    for name, field in model.model_fields.items():
        alias = field.alias or name
        path = (*prefix, alias)
        paths.append(path)
        for steps, sub in _leaf_models(field.annotation):
            if steps:
                paths.append((*path, *steps))
            paths.extend(model_paths(sub, (*path, *steps)))
    return paths


def _schemas(info: KindInfo) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    latest = version_schema(LATEST_DIR, info.kind, info.preferred_version)
    assert latest is not None, (
        f"{info.kind} {info.preferred_version} not served by latest CRDs"
    )
    found.append((f"{LATEST_DIR}:{info.preferred_version}", latest))
    for version in info.versions[1:]:
        old = version_schema(FLUX_26_DIR, info.kind, version)
        assert old is not None, f"{info.kind} {version} not served by the Flux 2.6 CRDs"
        found.append((f"{FLUX_26_DIR}:{version}", old))
    return found


def test_walker_sees_nested_models() -> None:
    from fluxdash.models.helm import HelmRelease

    paths = {".".join(p) for p in model_paths(HelmRelease)}
    assert "spec.chart.spec.sourceRef.namespace" in paths
    assert "status.history.[].chartVersion" in paths
    assert "status.inventory.entries.[].id" in paths


@pytest.mark.parametrize("info", KINDS, ids=lambda i: i.kind)
def test_every_model_path_exists_in_crd(info: KindInfo) -> None:
    schemas = _schemas(info)
    missing = [
        ".".join(path)
        for path in model_paths(info.model)
        # `kind` is the discriminator; `metadata` is standard ObjectMeta, not in CRD schemas.
        if path[0] not in ("kind", "metadata")
        and not any(schema_has_path(schema, path) for _, schema in schemas)
    ]
    assert not missing, f"{info.kind}: not in {[n for n, _ in schemas]}: {missing}"


@pytest.mark.parametrize("info", KINDS, ids=lambda i: i.kind)
def test_registry_matches_crd_identity(info: KindInfo) -> None:
    from tests.unit.crd_schemas import crds

    crd = crds(LATEST_DIR)[info.kind]
    names = crd["spec"]["names"]
    assert crd["spec"]["group"] == info.group
    assert names["plural"] == info.plural
    assert names["singular"] == info.singular
    assert tuple(names.get("shortNames") or ()) == info.short_names
    assert crd["spec"]["scope"] == "Namespaced"
    served = [v for v in crd["spec"]["versions"] if v["name"] == info.preferred_version]
    assert served, f"{info.kind}: {info.preferred_version} not in latest CRD"
    assert ("status" in (served[0].get("subresources") or {})) == info.has_status


def test_v1beta2_image_policy_fields_exist() -> None:
    """The v1beta2 names the ImagePolicy model maps from (`latestImage`) are real."""
    schema = version_schema(FLUX_26_DIR, "ImagePolicy", "v1beta2")
    assert schema is not None
    assert schema_has_path(schema, ("status", "latestImage"))
    assert schema_has_path(schema, ("status", "observedPreviousImage"))
