"""kubesim's own Flux CustomResourceDefinitions, for the latest Flux line (2.9) and Flux 2.6.

>>> crds = flux_crds("2.9")        # list of CRD dicts, ready for store.create(...)
>>> kind_def("HelmRelease").api_version
'helm.toolkit.fluxcd.io/v2'
"""

from __future__ import annotations

from typing import Any

from kubesim.crds.catalog import (
    FLUX_LINES,
    Column,
    FluxLine,
    KindDef,
    VersionDef,
    flux_kinds,
    kind_by_plural,
    kind_def,
)
from kubesim.crds.render import FLUX_VERSIONS, render_crd

CRD_GROUP = "apiextensions.k8s.io"
CRD_PLURAL = "customresourcedefinitions"


def flux_crds(line: FluxLine = "2.9") -> list[dict[str, Any]]:
    """The CRDs of every Flux kind served by ``line``."""
    return [render_crd(k, FLUX_VERSIONS[line]) for k in flux_kinds(line)]


__all__ = [
    "CRD_GROUP",
    "CRD_PLURAL",
    "FLUX_LINES",
    "FLUX_VERSIONS",
    "Column",
    "FluxLine",
    "KindDef",
    "VersionDef",
    "flux_crds",
    "flux_kinds",
    "kind_by_plural",
    "kind_def",
    "render_crd",
]
