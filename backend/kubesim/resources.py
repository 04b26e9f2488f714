"""The resource types kubesim serves: built-ins, and the kinds of live CRDs.

A :class:`ResourceType` is one ``(group, plural)`` with everything discovery, the store
and the table printer need: served versions, scope, names, verbs, subresources and
printer columns.  :func:`builtin_resource_types` lists the built-in kinds;
:func:`resource_types_from_crd` turns a ``CustomResourceDefinition`` into the types it
serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STANDARD_VERBS: tuple[str, ...] = (
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
)
CREATE_ONLY: tuple[str, ...] = ("create",)


@dataclass(frozen=True)
class ServedVersion:
    """One served version of a resource type."""

    name: str
    storage: bool = False
    deprecated: bool = False
    deprecation_warning: str | None = None
    status_subresource: bool = False
    printer_columns: tuple[dict[str, Any], ...] = ()
    schema: dict[str, Any] | None = None


@dataclass(frozen=True)
class ResourceType:
    """A served resource, e.g. ``kustomize.toolkit.fluxcd.io`` / ``kustomizations``."""

    group: str
    plural: str
    singular: str
    kind: str
    namespaced: bool
    versions: tuple[ServedVersion, ...]
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    verbs: tuple[str, ...] = STANDARD_VERBS
    builtin: bool = True
    tracks_generation: bool = False
    stored: bool = True
    """False for review APIs (SelfSubjectAccessReview, …) that answer but keep nothing."""
    extra_subresources: tuple[str, ...] = field(default=())

    @property
    def list_kind(self) -> str:
        return f"{self.kind}List"

    @property
    def storage_version(self) -> str:
        for version in self.versions:
            if version.storage:
                return version.name
        return self.versions[0].name

    @property
    def status_subresource(self) -> bool:
        """Whether ``/status`` is a separate subresource (from the storage version)."""
        return self.version(self.storage_version).status_subresource  # type: ignore[union-attr]  # storage_version is always one of versions

    def version(self, name: str) -> ServedVersion | None:
        for version in self.versions:
            if version.name == name:
                return version
        return None

    def api_version(self, version: str | None = None) -> str:
        name = version or self.storage_version
        return f"{self.group}/{name}" if self.group else name

    @property
    def qualified(self) -> str:
        """``plural.group`` (core: ``plural``), as messages and RBAC name the resource."""
        return f"{self.plural}.{self.group}" if self.group else self.plural


def _builtin(
    group: str,
    version: str,
    plural: str,
    kind: str,
    *,
    namespaced: bool = True,
    short_names: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    status: bool = False,
    verbs: tuple[str, ...] = STANDARD_VERBS,
    generation: bool = False,
    stored: bool = True,
    extra_subresources: tuple[str, ...] = (),
) -> ResourceType:
    return ResourceType(
        group=group,
        plural=plural,
        singular=kind.lower(),
        kind=kind,
        namespaced=namespaced,
        versions=(ServedVersion(version, storage=True, status_subresource=status),),
        short_names=short_names,
        categories=categories,
        verbs=verbs,
        builtin=True,
        tracks_generation=generation,
        stored=stored,
        extra_subresources=extra_subresources,
    )


def builtin_resource_types() -> list[ResourceType]:
    """The kinds a fresh kubesim serves before any CRD exists."""
    rbac = "rbac.authorization.k8s.io"
    authz = "authorization.k8s.io"
    return [
        _builtin(
            "",
            "v1",
            "namespaces",
            "Namespace",
            namespaced=False,
            short_names=("ns",),
            status=True,
            verbs=("create", "delete", "get", "list", "patch", "update", "watch"),
        ),
        _builtin("", "v1", "events", "Event", short_names=("ev",)),
        _builtin("", "v1", "secrets", "Secret"),
        _builtin("", "v1", "configmaps", "ConfigMap", short_names=("cm",)),
        _builtin("", "v1", "serviceaccounts", "ServiceAccount", short_names=("sa",)),
        _builtin(
            "apps",
            "v1",
            "deployments",
            "Deployment",
            short_names=("deploy",),
            categories=("all",),
            status=True,
            generation=True,
        ),
        _builtin(
            "apiextensions.k8s.io",
            "v1",
            "customresourcedefinitions",
            "CustomResourceDefinition",
            namespaced=False,
            short_names=("crd", "crds"),
            categories=("api-extensions",),
            status=True,
            generation=True,
        ),
        _builtin(rbac, "v1", "roles", "Role"),
        _builtin(rbac, "v1", "rolebindings", "RoleBinding"),
        _builtin(rbac, "v1", "clusterroles", "ClusterRole", namespaced=False),
        _builtin(
            rbac, "v1", "clusterrolebindings", "ClusterRoleBinding", namespaced=False
        ),
        _builtin(
            authz,
            "v1",
            "selfsubjectaccessreviews",
            "SelfSubjectAccessReview",
            namespaced=False,
            verbs=CREATE_ONLY,
            stored=False,
        ),
        _builtin(
            authz,
            "v1",
            "selfsubjectrulesreviews",
            "SelfSubjectRulesReview",
            namespaced=False,
            verbs=CREATE_ONLY,
            stored=False,
        ),
        _builtin(
            authz,
            "v1",
            "subjectaccessreviews",
            "SubjectAccessReview",
            namespaced=False,
            verbs=CREATE_ONLY,
            stored=False,
        ),
        _builtin(
            authz,
            "v1",
            "localsubjectaccessreviews",
            "LocalSubjectAccessReview",
            verbs=CREATE_ONLY,
            stored=False,
        ),
    ]


def resource_types_from_crd(crd: dict[str, Any]) -> ResourceType:
    """The resource a (validated) CRD serves."""
    spec = crd["spec"]
    names = spec["names"]
    versions: list[ServedVersion] = []
    for version in spec.get("versions") or []:
        if not version.get("served", False):
            continue
        subresources = version.get("subresources") or {}
        schema = (version.get("schema") or {}).get("openAPIV3Schema")
        versions.append(
            ServedVersion(
                name=version["name"],
                storage=bool(version.get("storage", False)),
                deprecated=bool(version.get("deprecated", False)),
                deprecation_warning=version.get("deprecationWarning"),
                status_subresource="status" in subresources,
                printer_columns=tuple(version.get("additionalPrinterColumns") or ()),
                schema=schema if isinstance(schema, dict) else None,
            )
        )
    return ResourceType(
        group=spec["group"],
        plural=names["plural"],
        singular=names.get("singular") or names["kind"].lower(),
        kind=names["kind"],
        namespaced=spec.get("scope", "Namespaced") == "Namespaced",
        versions=tuple(versions),
        short_names=tuple(names.get("shortNames") or ()),
        categories=tuple(names.get("categories") or ()),
        verbs=STANDARD_VERBS,
        builtin=False,
        tracks_generation=True,
    )
