"""Field validation of built-in kinds whose content kubesim itself interprets (RBAC
objects, Events), so malformed input is a 422 at write time, never a failure later."""

from __future__ import annotations

from typing import Any

from kubesim.errors import invalid
from kubesim.resources import ResourceType

Obj = dict[str, Any]
Cause = tuple[str, str, str]

RBAC = "rbac.authorization.k8s.io"


def _string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _rules(rules: Any, causes: list[Cause]) -> None:
    if rules is None:
        return
    if not isinstance(rules, list):
        causes.append(
            (
                "FieldValueInvalid",
                "rules",
                "Invalid value: must be a list of PolicyRules",
            )
        )
        return
    for idx, rule in enumerate(rules):
        path = f"rules[{idx}]"
        if not isinstance(rule, dict):
            causes.append(
                ("FieldValueInvalid", path, "Invalid value: must be an object")
            )
            continue
        if not rule.get("verbs") or not _string_list(rule.get("verbs")):
            causes.append(
                (
                    "FieldValueRequired",
                    f"{path}.verbs",
                    "Required value: verbs must contain at least one value",
                )
            )
        for key in ("apiGroups", "resources", "resourceNames", "nonResourceURLs"):
            if key in rule and rule[key] is not None and not _string_list(rule[key]):
                causes.append(
                    (
                        "FieldValueInvalid",
                        f"{path}.{key}",
                        "Invalid value: must be a list of strings",
                    )
                )
        if rule.get("nonResourceURLs") and (
            rule.get("resources") or rule.get("apiGroups")
        ):
            causes.append(
                (
                    "FieldValueInvalid",
                    f"{path}.nonResourceURLs",
                    "Invalid value: rules cannot apply to both regular resources and non-resource URLs",
                )
            )
        if not rule.get("nonResourceURLs") and (
            not rule.get("resources") or "apiGroups" not in rule
        ):
            causes.append(
                (
                    "FieldValueRequired",
                    f"{path}.resources",
                    "Required value: resource rules must supply at least one api group and resource",
                )
            )


def _binding(obj: Obj, causes: list[Cause], *, namespaced: bool) -> None:
    ref = obj.get("roleRef")
    if not isinstance(ref, dict):
        causes.append(("FieldValueRequired", "roleRef", "Required value"))
    else:
        allowed = ("Role", "ClusterRole") if namespaced else ("ClusterRole",)
        if ref.get("kind") not in allowed:
            causes.append(
                (
                    "FieldValueNotSupported",
                    "roleRef.kind",
                    f'Unsupported value: "{ref.get("kind")}": supported values: '
                    + ", ".join(f'"{a}"' for a in allowed),
                )
            )
        if not isinstance(ref.get("name"), str) or not ref.get("name"):
            causes.append(("FieldValueRequired", "roleRef.name", "Required value"))
    subjects = obj.get("subjects")
    if subjects is None:
        return
    if not isinstance(subjects, list):
        causes.append(
            (
                "FieldValueInvalid",
                "subjects",
                "Invalid value: must be a list of subjects",
            )
        )
        return
    for idx, subject in enumerate(subjects):
        path = f"subjects[{idx}]"
        if not isinstance(subject, dict):
            causes.append(
                ("FieldValueInvalid", path, "Invalid value: must be an object")
            )
            continue
        if subject.get("kind") not in ("User", "Group", "ServiceAccount"):
            causes.append(
                (
                    "FieldValueNotSupported",
                    f"{path}.kind",
                    f'Unsupported value: "{subject.get("kind")}": supported values: "ServiceAccount", "User", "Group"',
                )
            )
        if not isinstance(subject.get("name"), str) or not subject.get("name"):
            causes.append(("FieldValueRequired", f"{path}.name", "Required value"))


def validate_builtin(rtype: ResourceType, obj: Obj) -> None:
    """Raise 422 Invalid when a built-in object kubesim interprets is malformed."""
    if not rtype.builtin:
        return
    causes: list[Cause] = []
    if rtype.group == RBAC:
        if rtype.plural in ("roles", "clusterroles"):
            _rules(obj.get("rules"), causes)
            aggregation = obj.get("aggregationRule")
            if aggregation is not None and (
                not isinstance(aggregation, dict)
                or not isinstance(aggregation.get("clusterRoleSelectors") or [], list)
                or not all(
                    isinstance(s, dict)
                    for s in aggregation.get("clusterRoleSelectors") or []
                )
            ):
                causes.append(
                    (
                        "FieldValueInvalid",
                        "aggregationRule",
                        "Invalid value: must hold a list of label selectors",
                    )
                )
        else:
            _binding(obj, causes, namespaced=rtype.plural == "rolebindings")
    elif (rtype.group, rtype.plural) == ("", "events"):
        involved = obj.get("involvedObject")
        if involved is not None and not isinstance(involved, dict):
            causes.append(
                (
                    "FieldValueInvalid",
                    "involvedObject",
                    "Invalid value: must be an object",
                )
            )
        for key in ("reason", "message", "type"):
            if key in obj and obj[key] is not None and not isinstance(obj[key], str):
                causes.append(
                    ("FieldValueInvalid", key, "Invalid value: must be a string")
                )
    elif (rtype.group, rtype.plural) == ("", "namespaces"):
        finalizers = (
            (obj.get("spec") or {}).get("finalizers")
            if isinstance(obj.get("spec"), dict)
            else None
        )
        if finalizers is not None and not _string_list(finalizers):
            causes.append(
                (
                    "FieldValueInvalid",
                    "spec.finalizers",
                    "Invalid value: must be a list of strings",
                )
            )
    if causes:
        meta = obj.get("metadata") or {}
        raise invalid(rtype.kind, rtype.group, str(meta.get("name") or ""), causes)
