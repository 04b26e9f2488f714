"""What a fresh kube-apiserver creates by itself: the system namespaces and the default
RBAC roles and bindings (cluster-admin for ``system:masters``, discovery for everyone)."""

from __future__ import annotations

from typing import Any

from kubesim.store import Store

SYSTEM_NAMESPACE_NAMES = ("default", "kube-node-lease", "kube-public", "kube-system")
RBAC = "rbac.authorization.k8s.io"


def create_system_namespaces(store: Store) -> None:
    """Create ``default``, ``kube-system``, ``kube-public`` and ``kube-node-lease`` if absent."""
    for name in SYSTEM_NAMESPACE_NAMES:
        if store.lookup("", "namespaces", None, name) is None:
            store.create_shared(
                "",
                "namespaces",
                {
                    "metadata": {
                        "name": name,
                        "labels": {"kubernetes.io/metadata.name": name},
                    }
                },
            )


def _cluster_role(
    name: str, rules: list[dict[str, Any]], labels: dict[str, str] | None = None
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "name": name,
        "labels": {"kubernetes.io/bootstrapping": "rbac-defaults", **(labels or {})},
        "annotations": {"rbac.authorization.kubernetes.io/autoupdate": "true"},
    }
    return {
        "apiVersion": f"{RBAC}/v1",
        "kind": "ClusterRole",
        "metadata": meta,
        "rules": rules,
    }


def _binding(name: str, role: str, groups: list[str]) -> dict[str, Any]:
    return {
        "apiVersion": f"{RBAC}/v1",
        "kind": "ClusterRoleBinding",
        "metadata": {
            "name": name,
            "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"},
            "annotations": {"rbac.authorization.kubernetes.io/autoupdate": "true"},
        },
        "roleRef": {"apiGroup": RBAC, "kind": "ClusterRole", "name": role},
        "subjects": [
            {"apiGroup": RBAC, "kind": "Group", "name": group} for group in groups
        ],
    }


_READ = ["get", "list", "watch"]
_WRITE = ["create", "delete", "deletecollection", "patch", "update"]


def create_default_rbac(store: Store) -> None:
    """The bootstrap ClusterRoles/Bindings every cluster has (subset kubesim needs)."""
    roles = [
        _cluster_role(
            "cluster-admin",
            [
                {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
                {"nonResourceURLs": ["*"], "verbs": ["*"]},
            ],
        ),
        _cluster_role(
            "admin",
            [
                {"apiGroups": ["*"], "resources": ["*"], "verbs": [*_READ, *_WRITE]},
            ],
        ),
        _cluster_role(
            "edit",
            [
                {
                    "apiGroups": ["*"],
                    "resources": ["*"],
                    "verbs": [*_READ, *_WRITE],
                },
            ],
        ),
        _cluster_role(
            "view",
            [{"apiGroups": ["*"], "resources": ["*"], "verbs": _READ}],
        ),
        _cluster_role(
            "system:discovery",
            [
                {
                    "nonResourceURLs": [
                        "/api",
                        "/api/*",
                        "/apis",
                        "/apis/*",
                        "/healthz",
                        "/livez",
                        "/openapi",
                        "/openapi/*",
                        "/readyz",
                        "/version",
                        "/version/",
                    ],
                    "verbs": ["get"],
                }
            ],
        ),
        _cluster_role(
            "system:public-info-viewer",
            [
                {
                    "nonResourceURLs": [
                        "/healthz",
                        "/livez",
                        "/readyz",
                        "/version",
                        "/version/",
                    ],
                    "verbs": ["get"],
                }
            ],
        ),
        _cluster_role(
            "system:basic-user",
            [
                {
                    "apiGroups": ["authorization.k8s.io"],
                    "resources": [
                        "selfsubjectaccessreviews",
                        "selfsubjectrulesreviews",
                    ],
                    "verbs": ["create"],
                }
            ],
        ),
    ]
    bindings = [
        _binding("cluster-admin", "cluster-admin", ["system:masters"]),
        _binding("system:discovery", "system:discovery", ["system:authenticated"]),
        _binding(
            "system:public-info-viewer",
            "system:public-info-viewer",
            ["system:authenticated", "system:unauthenticated"],
        ),
        _binding("system:basic-user", "system:basic-user", ["system:authenticated"]),
    ]
    for role in roles:
        if store.lookup(RBAC, "clusterroles", None, role["metadata"]["name"]) is None:
            store.create_shared(RBAC, "clusterroles", role)
    for binding in bindings:
        if (
            store.lookup(RBAC, "clusterrolebindings", None, binding["metadata"]["name"])
            is None
        ):
            store.create_shared(RBAC, "clusterrolebindings", binding)
