"""image-reflector-controller and image-automation-controller, simulated."""

from __future__ import annotations

import re
from typing import Any

from kubesim.controllers.base import (
    EventSpec,
    KindController,
    Outcome,
    ReconcileContext,
)
from kubesim.controllers.dependencies import is_ready, resolve_ref
from kubesim.controllers.digests import sha256_hex
from kubesim.controllers.scripts import Failure
from kubesim.store import Obj


def canonical_image_name(image: str) -> str:
    """``nginx`` → ``index.docker.io/library/nginx``; registries with a host are kept."""
    first = image.split("/")[0]
    if "." in first or ":" in first or first == "localhost":
        return image
    if "/" not in image:
        return f"index.docker.io/library/{image}"
    return f"index.docker.io/{image}"


def _semver_key(tag: str) -> tuple[int, ...] | None:
    m = re.fullmatch(r"v?(\d+)\.(\d+)\.(\d+)", tag)
    return tuple(int(p) for p in m.groups()) if m else None


def select_tag(tags: list[str], policy: dict[str, Any]) -> str | None:
    """A simplified policy: semver → highest x.y.z tag; alphabetical/numerical → by order."""
    if "alphabetical" in policy or "numerical" in policy:
        key = "alphabetical" if "alphabetical" in policy else "numerical"
        order = (policy.get(key) or {}).get("order", "asc")
        ordered = sorted(tags, key=lambda t: (len(t), t) if key == "numerical" else t)
        if not ordered:
            return None
        return ordered[-1] if order == "asc" else ordered[0]
    candidates = [(k, t) for t in tags if (k := _semver_key(t)) is not None]
    return max(candidates)[1] if candidates else None


class ImageRepositoryController(KindController):
    kind = "ImageRepository"
    controller = "image-reflector-controller"
    default_delay = 1.0

    def reconcile(self, ctx: ReconcileContext) -> Outcome:
        previous = ctx.status.get("lastScanResult") or {}
        tags = list(previous.get("latestTags") or []) or initial_tags(
            str(ctx.spec.get("image", ""))
        )
        count = int(
            previous.get("tagCount")
            or len(tags) + int(sha256_hex(str(ctx.spec.get("image")))[:2], 16)
        )
        if ctx.publish and tags:
            newest = _bump(tags[0])
            tags = [newest, *tags][:10]
            count += 1
        message = f"successful scan: found {count} tags"
        result: dict[str, Any] = {"scanTime": ctx.at, "tagCount": count}
        if tags:
            result["latestTags"] = tags
        result["revision"] = f"sha256:{sha256_hex('/'.join(tags))}"
        return Outcome(
            "ready",
            "Succeeded",
            message,
            status={
                "canonicalImageName": canonical_image_name(
                    str(ctx.spec.get("image", ""))
                ),
                "lastScanResult": result,
            },
            event=EventSpec("Normal", "Succeeded", message),
        )

    def default_failure(self, ctx: ReconcileContext) -> tuple[str, str]:
        image = canonical_image_name(str(ctx.spec.get("image", "")))
        host, _, path = image.partition("/")
        return (
            "ReadOperationFailed",
            f"failed to scan image: GET https://{host}/v2/{path}/tags/list: UNAUTHORIZED: authentication required",
        )


def initial_tags(image: str) -> list[str]:
    """Ten plausible newest-first semver tags for an image never scanned before."""
    h = int(sha256_hex(image)[:8], 16)
    major, minor, top = 1 + h % 7, h % 12, 3 + h % 7
    return [f"{major}.{minor}.{p}" for p in range(top, -1, -1)][:10]


def _bump(tag: str) -> str:
    key = _semver_key(tag)
    if key is None:
        return tag
    prefix = "v" if tag.startswith("v") else ""
    return f"{prefix}{key[0]}.{key[1]}.{key[2] + 1}"


class ImagePolicyController(KindController):
    kind = "ImagePolicy"
    controller = "image-reflector-controller"
    default_delay = 0.5

    def _repository(self, ctx: ReconcileContext) -> tuple[str, Obj | None]:
        ref = dict(ctx.spec.get("imageRepositoryRef") or {})
        ref["kind"] = "ImageRepository"
        kind, ns, name = resolve_ref(ref, ctx.namespace)
        return f"{ns}/{name}", ctx.cluster.get(kind, ns, name)

    def reconcile(self, ctx: ReconcileContext) -> Outcome:
        ref, repo = self._repository(ctx)
        if repo is None or not is_ready(repo):
            message = f"retrying in 30s: ImageRepository '{ref}' is not ready"
            return Outcome(
                "failed",
                "DependencyNotReady",
                message,
                event=EventSpec("Warning", "DependencyNotReady", message),
            )
        repo_status = repo.get("status") or {}
        image = str((repo.get("spec") or {}).get("image", ""))
        tags = list((repo_status.get("lastScanResult") or {}).get("latestTags") or [])
        tag = select_tag(tags, ctx.spec.get("policy") or {})
        if tag is None:
            message = "unable to determine latest version from provided list"
            return Outcome(
                "failed",
                "PolicyEvaluationFailed",
                message,
                event=EventSpec("Warning", "PolicyEvaluationFailed", message),
            )
        latest: dict[str, Any] = {"name": image, "tag": tag}
        previous = ctx.status.get("latestRef")
        status: dict[str, Any] = {"latestRef": latest}
        if ctx.cluster.line == "2.6":
            status["latestImage"] = f"{image}:{tag}"
        if previous and previous.get("tag") != tag:
            status["observedPreviousRef"] = previous
            event_message = f"Latest image tag for {image} updated from {previous.get('tag')} to {tag}"
        else:
            event_message = f"Latest image tag for {image} resolved to {tag}"
        message = f"Latest image tag for {image} resolved to {tag}"
        return Outcome(
            "ready",
            "Succeeded",
            message,
            status=status,
            event=EventSpec("Normal", "Succeeded", event_message),
        )

    def default_failure(self, ctx: ReconcileContext) -> tuple[str, str]:
        return (
            "PolicyEvaluationFailed",
            "unable to determine latest version from provided list",
        )


class ImageUpdateAutomationController(KindController):
    kind = "ImageUpdateAutomation"
    controller = "image-automation-controller"
    default_delay = 1.5

    def reconcile(self, ctx: ReconcileContext) -> Outcome:
        ref = dict(ctx.spec.get("sourceRef") or {})
        ref.setdefault("kind", "GitRepository")
        kind, ns, name = resolve_ref(ref, ctx.namespace)
        source = ctx.cluster.get(kind, ns, name)
        art = ((source or {}).get("status") or {}).get("artifact")
        if source is None or not art:
            message = f"source '{kind}/{ns}/{name}' not ready"
            return Outcome(
                "failed",
                "DependencyNotReady",
                message,
                event=EventSpec("Warning", "DependencyNotReady", message),
            )
        status: dict[str, Any] = {
            "lastAutomationRunTime": ctx.at,
            "observedSourceRevision": art.get("revision"),
        }
        message = "repository up-to-date"
        return Outcome(
            "ready",
            "Succeeded",
            message,
            status=status,
            event=EventSpec(
                "Normal", "Succeeded", "no change since last reconciliation"
            ),
        )

    def failure(self, ctx: ReconcileContext, failure: Failure | None) -> Outcome:
        out = super().failure(ctx, failure)
        out.status["lastAutomationRunTime"] = ctx.at
        return out

    def default_failure(self, ctx: ReconcileContext) -> tuple[str, str]:
        branch = (
            ((ctx.spec.get("git") or {}).get("push") or {}).get("branch")
        ) or "main"
        return (
            "GitOperationFailed",
            f"failed to push to remote: unable to push to '{branch}': "
            "remote: Permission to acme/fleet-infra.git denied to flux-image-automation.",
        )


def observed_policies(policies: list[Obj]) -> dict[str, Any]:
    """``status.observedPolicies`` of an ImageUpdateAutomation from the policies it follows."""
    out: dict[str, Any] = {}
    for policy in policies:
        latest = (policy.get("status") or {}).get("latestRef")
        if latest:
            out[policy["metadata"]["name"]] = dict(latest)
    return out


__all__ = [
    "ImagePolicyController",
    "ImageRepositoryController",
    "ImageUpdateAutomationController",
    "canonical_image_name",
    "observed_policies",
    "select_tag",
]
