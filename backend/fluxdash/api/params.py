"""Shared, validated request parameters (bad values are 422 with a typed body)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from fluxdash.errors import NotFound
from fluxdash.models.kinds import FLUX_PLURALS, KindInfo, kind_by_plural

# Kubernetes names: namespaces are DNS-1123 labels, object names DNS-1123 subdomains.
NAMESPACE_PATTERN = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
NAME_PATTERN = r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"

NamespaceQuery = Annotated[
    str | None,
    Query(
        max_length=63,
        pattern=NAMESPACE_PATTERN,
        description="Only objects in this namespace.",
    ),
]
NamespacePath = Annotated[
    str, Path(max_length=63, pattern=NAMESPACE_PATTERN, description="Namespace.")
]
NamePath = Annotated[
    str, Path(max_length=253, pattern=NAME_PATTERN, description="Object name.")
]
KindPath = Annotated[
    str,
    Path(
        max_length=64,
        description="Lowercase plural of a Flux kind, e.g. `kustomizations`.",
        examples=["kustomizations"],
    ),
]


def resolve_kind(plural: str) -> KindInfo:
    """The kind named by a path segment; 404 naming the valid kinds when unknown."""
    try:
        return kind_by_plural(plural)
    except KeyError:
        raise NotFound(
            f"unknown kind {plural!r}; valid kinds: {', '.join(FLUX_PLURALS)}"
        ) from None
