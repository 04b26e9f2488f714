"""Who may use the demo cluster: bearer tokens and the RBAC behind them.

Anonymous requests are cluster-admin unless kubesim runs with ``rbac=True``; these tokens make
RBAC tests meaningful (``KubeSim("demo", rbac=True)``):

* ``kubesim-admin-token``: ``admin@acme.example.com`` in ``system:masters`` (everything);
* ``kubesim-fluxdash-token``: ``system:serviceaccount:flux-system:fluxdash``, bound to ClusterRole
  ``fluxdash``: read Flux objects, Events, Deployments, CRDs and namespaces; patch Flux objects;
  create Events; impersonate users and groups (what a fluxdash install needs);
* ``kubesim-viewer-token``: ``viewer@acme.example.com`` in ``flux-viewers`` (ClusterRole view);
* ``kubesim-team-a-token``: ``alice@acme.example.com`` in ``team-a-devs`` (ClusterRole edit in
  namespace team-a only).
"""

from __future__ import annotations

from typing import Any

from kubesim.crds import FluxLine, flux_kinds
from kubesim.store import Store

RBAC = "rbac.authorization.k8s.io"
FLUXDASH_USER = "system:serviceaccount:flux-system:fluxdash"

DEMO_TOKENS: dict[str, tuple[str, list[str]]] = {
    "kubesim-admin-token": ("admin@acme.example.com", ["system:masters"]),
    "kubesim-fluxdash-token": (
        FLUXDASH_USER,
        ["system:serviceaccounts", "system:serviceaccounts:flux-system"],
    ),
    "kubesim-viewer-token": ("viewer@acme.example.com", ["flux-viewers"]),
    "kubesim-team-a-token": ("alice@acme.example.com", ["team-a-devs"]),
}


def _subject(kind: str, name: str) -> dict[str, str]:
    return {"apiGroup": RBAC, "kind": kind, "name": name}


def _fluxdash_role(line: FluxLine) -> dict[str, Any]:
    groups = sorted({k.group for k in flux_kinds(line)})
    plurals = sorted({k.plural for k in flux_kinds(line)})
    return {
        "apiVersion": f"{RBAC}/v1",
        "kind": "ClusterRole",
        "metadata": {"name": "fluxdash", "labels": {"app.kubernetes.io/name": "fluxdash"}},
        "rules": [
            {"apiGroups": groups, "resources": plurals, "verbs": ["get", "list", "watch", "patch"]},
            {"apiGroups": [""], "resources": ["events"], "verbs": ["get", "list", "watch", "create", "patch"]},
            {"apiGroups": [""], "resources": ["namespaces"], "verbs": ["get", "list", "watch"]},
            {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "list", "watch"]},
            {"apiGroups": ["apiextensions.k8s.io"], "resources": ["customresourcedefinitions"], "verbs": ["get", "list", "watch"]},
            {"apiGroups": [""], "resources": ["users", "groups", "serviceaccounts"], "verbs": ["impersonate"]},
        ],
    }  # fmt: skip


def install_demo_access(
    store: Store, line: FluxLine
) -> dict[str, tuple[str, list[str]]]:
    """Create the demo's roles and bindings; returns the token table for kubesim."""
    store.create_shared(RBAC, "clusterroles", _fluxdash_role(line))
    bindings: list[tuple[str, dict[str, Any]]] = [
        (
            "clusterrolebindings",
            {
                "metadata": {"name": "fluxdash"},
                "roleRef": {
                    "apiGroup": RBAC,
                    "kind": "ClusterRole",
                    "name": "fluxdash",
                },
                "subjects": [_subject("User", FLUXDASH_USER)],
            },
        ),
        (
            "clusterrolebindings",
            {
                "metadata": {"name": "flux-viewers"},
                "roleRef": {"apiGroup": RBAC, "kind": "ClusterRole", "name": "view"},
                "subjects": [_subject("Group", "flux-viewers")],
            },
        ),
        (
            "rolebindings",
            {
                "metadata": {"name": "team-a-devs", "namespace": "team-a"},
                "roleRef": {"apiGroup": RBAC, "kind": "ClusterRole", "name": "edit"},
                "subjects": [_subject("Group", "team-a-devs")],
            },
        ),
    ]
    for plural, body in bindings:
        kind = (
            "ClusterRoleBinding" if plural == "clusterrolebindings" else "RoleBinding"
        )
        store.create_shared(
            RBAC, plural, {"apiVersion": f"{RBAC}/v1", "kind": kind, **body}
        )
    return {
        token: (user, list(groups)) for token, (user, groups) in DEMO_TOKENS.items()
    }
