"""Discovery: served versions (newest known first, fallback), controllers, Flux version."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from fluxdash.models.kinds import KINDS
from fluxdash.services.discovery import (
    choose_version,
    flux_controllers,
    flux_version,
    kinds_from_api,
    kinds_from_crds,
    parse_crd,
)
from fluxdash.services.workloads import parse_workload
from tests.cache import objects as o

REPO = Path(__file__).resolve().parents[2]
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def shared_dir() -> Path | None:
    env = os.environ.get("FLUXDASH_SHARED_DIR")
    candidate = Path(env) if env else REPO.parent / "shared"
    if candidate.is_dir():
        return candidate
    if os.environ.get("CI") == "true":
        pytest.fail(f"the shared Flux CRDs are required in CI (looked in {candidate})")
    return None


def _crds(folder: str) -> list[dict[str, Any]]:
    root = shared_dir()
    if root is None:
        pytest.skip(
            "../shared (or FLUXDASH_SHARED_DIR) with the real Flux CRDs is missing"
        )
    docs: list[dict[str, Any]] = []
    for path in sorted((root / folder).glob("*.yaml")):
        docs.extend(d for d in yaml.load_all(path.read_text(), Loader=_LOADER) if d)
    return docs


def _crd(
    group: str, plural: str, versions: list[tuple[str, bool]], **status: Any
) -> dict[str, Any]:
    return {
        "metadata": {"name": f"{plural}.{group}"},
        "spec": {
            "group": group,
            "names": {"plural": plural},
            "versions": [{"name": v, "served": s} for v, s in versions],
        },
        "status": status,
    }


def test_latest_crds_serve_every_kind_at_its_preferred_version() -> None:
    crds = [c for c in (parse_crd(raw) for raw in _crds("flux-crds")) if c is not None]
    states = kinds_from_crds(crds)
    for info in KINDS:
        assert states[info.plural].served_version == info.preferred_version, info.plural


def test_flux_26_falls_back_to_older_served_versions() -> None:
    crds = [
        c for c in (parse_crd(raw) for raw in _crds("flux-crds-2.6")) if c is not None
    ]
    states = kinds_from_crds(crds)
    assert states["imagepolicies"].served_version == "v1beta2"
    assert states["imagerepositories"].served_version == "v1beta2"
    assert states["imageupdateautomations"].served_version == "v1beta2"
    assert states["kustomizations"].served_version == "v1"
    assert states["ocirepositories"].served_version == "v1"
    assert not states["externalartifacts"].available
    assert "not installed" in (states["externalartifacts"].reason or "")


def test_synthetic_crds() -> None:
    crds = [
        parse_crd(
            _crd(
                "kustomize.toolkit.fluxcd.io",
                "kustomizations",
                [("v1beta2", True), ("v1", False)],
            )
        ),
        parse_crd(
            _crd(
                "source.toolkit.fluxcd.io",
                "gitrepositories",
                [("v1", True)],
                conditions=[{"type": "Established", "status": "False"}],
            )
        ),
        parse_crd(_crd("example.com", "widgets", [("v1", True)])),
    ]
    assert crds[2] is None  # not a Flux group
    states = kinds_from_crds([c for c in crds if c is not None])
    assert states["kustomizations"].served_version is None
    assert "serves v1beta2" in (states["kustomizations"].reason or "")
    assert states["gitrepositories"].served_version is None
    assert "not established" in (states["gitrepositories"].reason or "")
    info = next(i for i in KINDS if i.plural == "ocirepositories")
    assert choose_version(info, ["v1beta2"]) == ("v1beta2", None)
    assert choose_version(info, ["v1", "v1beta2"]) == ("v1", None)
    api = kinds_from_api(
        {"image.toolkit.fluxcd.io/imagepolicies": ["v1beta2", "v1beta1"]}
    )
    assert api["imagepolicies"].served_version == "v1beta2"
    assert not api["kustomizations"].available


def test_controllers_and_flux_version() -> None:
    labels = {"app.kubernetes.io/part-of": "flux"}
    workloads = [
        parse_workload(
            o.deployment(
                "source-controller",
                "flux-system",
                labels=labels,
                image="ghcr.io/fluxcd/source-controller:v1.6.2",
            )
        ),
        parse_workload(
            o.deployment(
                "helm-controller",
                "flux-system",
                labels=labels,
                image="ghcr.io/fluxcd/helm-controller:v1.3.0",
                ready_replicas=0,
            )
        ),
        parse_workload(
            o.deployment("app", "apps", labels={"helm.toolkit.fluxcd.io/name": "x"})
        ),
    ]
    present = [w for w in workloads if w is not None]
    controllers = flux_controllers(present)
    assert [(c.name, c.version, c.ready) for c in controllers] == [
        ("helm-controller", "v1.3.0", False),
        ("source-controller", "v1.6.2", True),
    ]
    assert flux_version(present, controllers) == "2.6"
    labelled = [
        w
        for w in (
            parse_workload(
                o.deployment(
                    "kustomize-controller",
                    "flux-system",
                    labels={**labels, "app.kubernetes.io/version": "v2.9.4"},
                )
            ),
        )
        if w is not None
    ]
    assert flux_version(labelled, flux_controllers(labelled)) == "v2.9.4"
    assert flux_version([], []) is None
