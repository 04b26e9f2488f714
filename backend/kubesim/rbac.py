"""RBAC authorization evaluated from the store's Roles, ClusterRoles and bindings.

Follows kube-apiserver's RBAC authorizer: a request is allowed when any rule reachable
from a ClusterRoleBinding (cluster-wide) or a RoleBinding in the request's namespace
matches its verb, API group, resource (``resource/subresource``, ``*``, ``*/sub``),
resource name (rules with ``resourceNames`` only match named requests) or non-resource
URL (``/path``, ``/prefix/*``, ``*``).  ClusterRole ``aggregationRule`` is honoured.
Members of ``system:masters`` are always allowed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kubesim.selectors import label_selector_from_dict
from kubesim.store import Store

RBAC = "rbac.authorization.k8s.io"
Obj = dict[str, Any]


@dataclass(frozen=True)
class UserInfo:
    name: str
    groups: tuple[str, ...] = ()
    uid: str = ""
    extra: dict[str, list[str]] = field(default_factory=dict)


ANONYMOUS = UserInfo("system:anonymous", ("system:unauthenticated",))


@dataclass(frozen=True)
class Attributes:
    """What a request does, in RBAC terms."""

    verb: str
    group: str = ""
    resource: str = ""
    subresource: str = ""
    namespace: str = ""
    name: str = ""
    path: str = ""
    resource_request: bool = True


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""


def _subject_matches(subject: Obj, user: UserInfo, binding_namespace: str) -> bool:
    kind = subject.get("kind")
    name = subject.get("name")
    if kind == "User":
        return name == user.name
    if kind == "Group":
        return name in user.groups
    if kind == "ServiceAccount":
        namespace = subject.get("namespace") or binding_namespace
        return user.name == f"system:serviceaccount:{namespace}:{name}"
    return False


def _rule_matches(rule: Obj, attrs: Attributes) -> bool:
    verbs = rule.get("verbs") or []
    if "*" not in verbs and attrs.verb not in verbs:
        return False
    if not attrs.resource_request:
        for url in rule.get("nonResourceURLs") or []:
            if (
                url == "*"
                or url == attrs.path
                or (url.endswith("*") and attrs.path.startswith(url[:-1]))
            ):
                return True
        return False
    groups = rule.get("apiGroups") or []
    if "*" not in groups and attrs.group not in groups:
        return False
    resources = rule.get("resources") or []
    combined = (
        f"{attrs.resource}/{attrs.subresource}" if attrs.subresource else attrs.resource
    )
    if not (
        "*" in resources
        or combined in resources
        or (attrs.subresource and f"*/{attrs.subresource}" in resources)
    ):
        return False
    names = rule.get("resourceNames") or []
    return not names or (bool(attrs.name) and attrs.name in names)


class Authorizer:
    """Evaluates RBAC against the live objects of a :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _role_rules(self, kind: str, name: str, namespace: str) -> list[Obj]:
        if kind == "ClusterRole":
            role = self._store.lookup(RBAC, "clusterroles", None, name)
            if role is None:
                return []
            rules = list(role.get("rules") or [])
            aggregation = role.get("aggregationRule")
            if aggregation:
                selectors = [
                    label_selector_from_dict(sel)
                    for sel in aggregation.get("clusterRoleSelectors") or []
                ]
                for other in self._store.items(RBAC, "clusterroles"):
                    if other is not role and any(
                        sel.matches(other) for sel in selectors
                    ):
                        rules.extend(other.get("rules") or [])
            return rules
        if kind == "Role" and namespace:
            role = self._store.lookup(RBAC, "roles", namespace, name)
            return list(role.get("rules") or []) if role else []
        return []

    def _applicable(
        self, user: UserInfo, namespace: str
    ) -> Iterator[tuple[str, Obj, list[Obj]]]:
        """(description, binding, rules) for every binding that applies to ``user``."""
        for binding in self._store.items(RBAC, "clusterrolebindings"):
            if any(
                _subject_matches(s, user, "") for s in binding.get("subjects") or []
            ):
                ref = binding.get("roleRef") or {}
                yield (
                    f'ClusterRoleBinding "{binding["metadata"]["name"]}" of ClusterRole "{ref.get("name")}"',
                    binding,
                    self._role_rules("ClusterRole", str(ref.get("name")), ""),
                )
        if not namespace:
            return
        for binding in self._store.items(RBAC, "rolebindings", namespace):
            if any(
                _subject_matches(s, user, namespace)
                for s in binding.get("subjects") or []
            ):
                ref = binding.get("roleRef") or {}
                kind = str(ref.get("kind"))
                yield (
                    f'RoleBinding "{binding["metadata"]["name"]}/{namespace}" of {kind} "{ref.get("name")}"',
                    binding,
                    self._role_rules(kind, str(ref.get("name")), namespace),
                )

    def authorize(self, user: UserInfo, attrs: Attributes) -> Decision:
        if "system:masters" in user.groups:
            return Decision(True, "")
        for description, _, rules in self._applicable(user, attrs.namespace):
            if any(_rule_matches(rule, attrs) for rule in rules):
                kind = "User"
                return Decision(
                    True, f'RBAC: allowed by {description} to {kind} "{user.name}"'
                )
        return Decision(False, "")

    def rules_for(self, user: UserInfo, namespace: str) -> tuple[list[Obj], list[Obj]]:
        """(resourceRules, nonResourceRules) for SelfSubjectRulesReview."""
        resource_rules: list[Obj] = []
        non_resource: list[Obj] = []
        if "system:masters" in user.groups:
            return (
                [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}],
                [{"verbs": ["*"], "nonResourceURLs": ["*"]}],
            )
        for _, _, rules in self._applicable(user, namespace):
            for rule in rules:
                if rule.get("nonResourceURLs"):
                    non_resource.append(
                        {
                            "verbs": list(rule.get("verbs") or []),
                            "nonResourceURLs": list(rule["nonResourceURLs"]),
                        }
                    )
                else:
                    entry: Obj = {
                        "verbs": list(rule.get("verbs") or []),
                        "apiGroups": list(rule.get("apiGroups") or []),
                        "resources": list(rule.get("resources") or []),
                    }
                    if rule.get("resourceNames"):
                        entry["resourceNames"] = list(rule["resourceNames"])
                    resource_rules.append(entry)
        return resource_rules, non_resource


def forbidden_message(user: UserInfo, attrs: Attributes) -> str:
    """kube-apiserver's wording for a 403."""
    if not attrs.resource_request:
        return f'forbidden: User "{user.name}" cannot {attrs.verb} path "{attrs.path}"'
    resource = (
        f"{attrs.resource}/{attrs.subresource}" if attrs.subresource else attrs.resource
    )
    qualified = f"{attrs.resource}.{attrs.group}" if attrs.group else attrs.resource
    subject = f'{qualified} "{attrs.name}"' if attrs.name else qualified
    scope = (
        f'in the namespace "{attrs.namespace}"'
        if attrs.namespace
        else "at the cluster scope"
    )
    return (
        f'{subject} is forbidden: User "{user.name}" cannot {attrs.verb} resource '
        f'"{resource}" in API group "{attrs.group}" {scope}'
    )
