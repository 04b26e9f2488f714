"""The authorization review APIs: SelfSubjectAccessReview, SubjectAccessReview,
LocalSubjectAccessReview and SelfSubjectRulesReview (answered, never stored)."""

from __future__ import annotations

from typing import Any

from kubesim.errors import BadRequest
from kubesim.rbac import Attributes, Authorizer, UserInfo

Obj = dict[str, Any]


def _attributes(spec: Obj, namespace_override: str | None = None) -> Attributes:
    resource = spec.get("resourceAttributes")
    non_resource = spec.get("nonResourceAttributes")
    if isinstance(resource, dict):
        return Attributes(
            verb=str(resource.get("verb") or ""),
            group=str(resource.get("group") or ""),
            resource=str(resource.get("resource") or ""),
            subresource=str(resource.get("subresource") or ""),
            namespace=namespace_override
            if namespace_override is not None
            else str(resource.get("namespace") or ""),
            name=str(resource.get("name") or ""),
        )
    if isinstance(non_resource, dict):
        return Attributes(
            verb=str(non_resource.get("verb") or ""),
            path=str(non_resource.get("path") or ""),
            resource_request=False,
        )
    raise BadRequest(
        "spec.resourceAttributes or spec.nonResourceAttributes is required"
    )


def _answer(body: Obj, allowed: bool, reason: str) -> Obj:
    status: Obj = {"allowed": allowed}
    if reason:
        status["reason"] = reason
    meta = dict(body.get("metadata") or {})
    meta.setdefault("creationTimestamp", None)
    return {**body, "metadata": meta, "status": status}


def review(
    kind: str,
    body: Obj,
    caller: UserInfo,
    authorizer: Authorizer | None,
    namespace: str | None,
) -> Obj:
    """Answer a review of ``kind``; ``authorizer`` is ``None`` when RBAC is off (allow all)."""
    spec = body.get("spec")
    if not isinstance(spec, dict):
        raise BadRequest("spec is required")
    if kind == "SelfSubjectRulesReview":
        ns = str(spec.get("namespace") or "")
        if authorizer is None:
            resource_rules: list[Obj] = [
                {"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}
            ]
            non_resource: list[Obj] = [{"verbs": ["*"], "nonResourceURLs": ["*"]}]
        else:
            resource_rules, non_resource = authorizer.rules_for(caller, ns)
        meta = dict(body.get("metadata") or {})
        meta.setdefault("creationTimestamp", None)
        return {
            **body,
            "metadata": meta,
            "status": {
                "resourceRules": resource_rules,
                "nonResourceRules": non_resource,
                "incomplete": False,
            },
        }
    if kind == "SelfSubjectAccessReview":
        subject = caller
        attrs = _attributes(spec)
    else:
        user = spec.get("user")
        groups = spec.get("groups") or []
        if not user and not groups:
            raise BadRequest("at least one of user or group must be specified")
        subject = UserInfo(
            str(user or ""), tuple(str(g) for g in groups), str(spec.get("uid") or "")
        )
        if kind == "LocalSubjectAccessReview":
            resource = spec.get("resourceAttributes") or {}
            if resource.get("namespace") not in (None, "", namespace):
                raise BadRequest(
                    "spec.resourceAttributes.namespace must match metadata.namespace"
                )
            attrs = _attributes(spec, namespace_override=namespace or "")
        else:
            attrs = _attributes(spec)
    if authorizer is None:
        return _answer(body, True, "")
    decision = authorizer.authorize(subject, attrs)
    return _answer(body, decision.allowed, decision.reason)
