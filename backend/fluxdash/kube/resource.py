"""Which Kubernetes collection a request is about, and the URL paths that follow from it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True, slots=True)
class ApiResource:
    """One served resource type: group ("" for core), version, plural, kind, scope."""

    group: str
    version: str
    plural: str
    kind: str
    namespaced: bool = True

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def qualified_name(self) -> str:
        """``plural.group`` as Kubernetes names it in RBAC messages (``plural`` for core)."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    def path(
        self,
        namespace: str | None = None,
        name: str | None = None,
        subresource: str | None = None,
    ) -> str:
        """The URL path of the collection (all namespaces when ``namespace`` is None) or object."""
        base = f"/apis/{self.group}/{self.version}" if self.group else "/api/v1"
        parts = [base]
        if namespace is not None and self.namespaced:
            parts.append(f"namespaces/{quote(namespace, safe='')}")
        parts.append(self.plural)
        if name is not None:
            parts.append(quote(name, safe=""))
            if subresource:
                parts.append(subresource)
        return "/".join(parts)

    def with_version(self, version: str) -> ApiResource:
        return ApiResource(self.group, version, self.plural, self.kind, self.namespaced)


EVENTS = ApiResource("", "v1", "events", "Event")
NAMESPACES = ApiResource("", "v1", "namespaces", "Namespace", namespaced=False)
DEPLOYMENTS = ApiResource("apps", "v1", "deployments", "Deployment")
CRDS = ApiResource(
    "apiextensions.k8s.io",
    "v1",
    "customresourcedefinitions",
    "CustomResourceDefinition",
    namespaced=False,
)
SELF_SUBJECT_ACCESS_REVIEWS = ApiResource(
    "authorization.k8s.io",
    "v1",
    "selfsubjectaccessreviews",
    "SelfSubjectAccessReview",
    namespaced=False,
)
