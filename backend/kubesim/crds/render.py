"""Render :class:`~kubesim.crds.catalog.KindDef` entries as CustomResourceDefinition objects.

Schemas are deliberately permissive (``x-kubernetes-preserve-unknown-fields``): kubesim checks
names, versions and subresources, not field shapes. Status-bearing kinds default ``status`` to
``{observedGeneration: -1}`` like Flux's CRDs (ExternalArtifact has no such default).
"""

from __future__ import annotations

from typing import Any

from kubesim.crds.catalog import KindDef, VersionDef

# Flux's install manifests label every CRD with these (plus the component).
FLUX_VERSIONS = {"2.9": "v2.9.4", "2.6": "v2.6.4"}


def _schema(kind: KindDef, version: VersionDef) -> dict[str, Any]:
    preserve: dict[str, Any] = {
        "type": "object",
        "x-kubernetes-preserve-unknown-fields": True,
    }
    properties: dict[str, Any] = {
        "apiVersion": {"type": "string"},
        "kind": {"type": "string"},
        "metadata": {"type": "object"},
        "spec": dict(preserve),
    }
    if version.status:
        status = dict(preserve)
        if kind.kind != "ExternalArtifact":
            status["default"] = {"observedGeneration": -1}
        properties["status"] = status
    return {
        "openAPIV3Schema": {
            "description": f"{kind.kind} ({kind.group}/{version.name}); kubesim's permissive schema.",
            "type": "object",
            "properties": properties,
        }
    }


def _version(kind: KindDef, version: VersionDef) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": version.name,
        "served": True,
        "storage": version.storage,
        "schema": _schema(kind, version),
        "additionalPrinterColumns": [
            {
                "name": c.name,
                "type": c.type,
                "jsonPath": c.json_path,
                **({"priority": c.priority} if c.priority else {}),
            }
            for c in version.columns
        ],
    }
    if version.status:
        out["subresources"] = {"status": {}}
    warning = version.deprecation_warning(kind.kind, kind.storage_version)
    if warning is not None:
        out["deprecated"] = True
        out["deprecationWarning"] = warning
    return out


def render_crd(kind: KindDef, flux_version: str) -> dict[str, Any]:
    """The CustomResourceDefinition serving ``kind`` (all its versions)."""
    names: dict[str, Any] = {
        "kind": kind.kind,
        "listKind": f"{kind.kind}List",
        "plural": kind.plural,
        "singular": kind.singular,
    }
    if kind.short_names:
        names["shortNames"] = list(kind.short_names)
    if kind.categories:
        names["categories"] = list(kind.categories)
    metadata: dict[str, Any] = {
        "name": kind.crd_name,
        "labels": {
            "app.kubernetes.io/component": kind.controller,
            "app.kubernetes.io/instance": "flux-system",
            "app.kubernetes.io/part-of": "flux",
            "app.kubernetes.io/version": flux_version,
        },
    }
    if kind.annotations:
        metadata["annotations"] = dict(kind.annotations)
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": metadata,
        "spec": {
            "group": kind.group,
            "names": names,
            "scope": "Namespaced",
            "versions": [_version(kind, v) for v in kind.versions],
        },
    }
