"""source-controller, simulated: GitRepository, OCIRepository, HelmRepository, HelmChart, Bucket.

The artifact helpers here are also what scenarios use to build initial status, so a scenario's
objects and a reconciled object look alike.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from kubesim.controllers import conditions as cond
from kubesim.controllers.base import (
    EventSpec,
    KindController,
    Outcome,
    ReconcileContext,
)
from kubesim.controllers.clock import rfc3339
from kubesim.controllers.digests import sha1_hex, sha256_hex
from kubesim.store import Obj

STORAGE_HOST = "source-controller.flux-system.svc.cluster.local."

COMMIT_SUBJECTS = (
    "Merge pull request #{n} from acme/renovate/podinfo-6.x",
    "Merge pull request #{n} from acme/feat/ingress-timeouts",
    "chore(deps): update helm release cert-manager to v1.16.{m}",
    "Bump ingress-nginx replicas for the holiday traffic",
    "fix: raise memory limits of the api tier",
    "Merge branch 'release/2026-{n}'",
    "feat(monitoring): add alert rules for Flux reconciliation failures",
    'Revert "Bump chart to {m}.0.0"',
)


def commit_subject(seed: str) -> str:
    h = int(sha1_hex(seed)[:8], 16)
    template = COMMIT_SUBJECTS[h % len(COMMIT_SUBJECTS)]
    return template.format(n=100 + h % 900, m=h % 10)


def artifact(
    kind: str,
    namespace: str,
    name: str,
    revision: str,
    *,
    at: datetime,
    seed: str,
    size: int | None = None,
    metadata: dict[str, str] | None = None,
    file_name: str | None = None,
) -> dict[str, Any]:
    """A ``status.artifact`` (fluxcd/pkg meta.Artifact) for a source object."""
    digest_hex = sha256_hex(f"artifact/{seed}/{revision}")
    if file_name is None:
        tail = revision.rpartition(":")[2] if ":" in revision else digest_hex
        file_name = f"{tail}.tar.gz"
    path = f"{kind.lower()}/{namespace}/{name}/{file_name}"
    out: dict[str, Any] = {
        "digest": f"sha256:{digest_hex}",
        "lastUpdateTime": rfc3339(at),
        "path": path,
        "revision": revision,
        "size": size if size is not None else 2048 + int(digest_hex[:5], 16) % 600_000,
        "url": f"http://{STORAGE_HOST}/{path}",
    }
    if metadata:
        out["metadata"] = dict(metadata)
    return out


def git_ref_name(spec: dict[str, Any]) -> str:
    """The short ref a GitRepository revision starts with (FLUX.md §6)."""
    ref = spec.get("ref") or {}
    if ref.get("commit") and not (
        ref.get("name") or ref.get("tag") or ref.get("branch") or ref.get("semver")
    ):
        return ""
    if ref.get("name"):
        return str(ref["name"])
    if ref.get("tag"):
        return str(ref["tag"])
    if ref.get("semver"):
        return "v" + re.sub(r"[^0-9.]", "", str(ref["semver"])).strip(".") or "v1.0.0"
    return str(ref.get("branch") or "master")


def git_revision_for(spec: dict[str, Any], seed: str) -> str:
    ref = spec.get("ref") or {}
    short = git_ref_name(spec)
    commit = str(ref.get("commit") or sha1_hex(seed))
    return f"{short}@sha1:{commit}" if short else f"sha1:{commit}"


def oci_tag(spec: dict[str, Any]) -> str:
    ref = spec.get("ref") or {}
    if ref.get("tag"):
        return str(ref["tag"])
    if ref.get("semver"):
        return re.sub(r"[^0-9.]", "", str(ref["semver"])).strip(".") or "1.0.0"
    return "latest"


def oci_revision_for(spec: dict[str, Any], seed: str) -> str:
    ref = spec.get("ref") or {}
    if ref.get("digest"):
        return str(ref["digest"])
    return f"{oci_tag(spec)}@sha256:{sha256_hex(seed)}"


def _revision_digest(revision: str) -> str:
    return revision.rpartition(":")[2]


def oci_metadata(url: str, source_revision: str) -> dict[str, str]:
    """OCI annotations Flux copies into ``artifact.metadata`` (origin source and revision)."""
    repo = url.removeprefix("oci://")
    return {
        "org.opencontainers.image.created": "2026-07-28T09:14:03Z",
        "org.opencontainers.image.revision": source_revision,
        "org.opencontainers.image.source": f"https://{repo.split('/')[0]}/{'/'.join(repo.split('/')[1:3])}",
    }


def bump_patch(version: str) -> str:
    """``6.8.0`` → ``6.8.1`` (build metadata dropped)."""
    core = version.split("+")[0].lstrip("v")
    parts = core.split(".")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        prefix = "v" if version.startswith("v") else ""
        return f"{prefix}{parts[0]}.{parts[1]}.{int(parts[2]) + 1}"
    return version


def resolve_version(constraint: str, seed: str) -> str:
    """A concrete chart version satisfying a simple constraint (``4.11.x``, ``>=1.16.0 <1.17.0``,
    ``^6.0.0``, ``*``); exact versions are returned as they are."""
    if not is_version_range(constraint):
        return constraint
    numbers = re.findall(r"\d+", constraint)[:3]
    patch = int(sha1_hex(seed)[:4], 16) % 9
    if not numbers:
        return f"1.{patch}.0"
    if len(numbers) == 1:
        return f"{numbers[0]}.{patch}.0"
    return f"{numbers[0]}.{numbers[1]}.{max(patch, int(numbers[2]) if len(numbers) > 2 else 0)}"


def is_version_range(version: str) -> bool:
    return version in ("", "*") or any(ch in version for ch in "*xX^~<>=| ")


class SourceController(KindController):
    controller = "source-controller"
    default_delay = 1.0
    fetch_condition = "FetchFailed"
    default_stall = ("URLInvalid", "invalid URL: unsupported scheme")

    def progress_message(self, ctx: ReconcileContext) -> str:
        return "building artifact"

    def new_revision(self, ctx: ReconcileContext, seed: str) -> str:
        raise NotImplementedError

    def ready_message(self, ctx: ReconcileContext, revision: str) -> str:
        return f"stored artifact for revision '{revision}'"

    def new_artifact_event(self, ctx: ReconcileContext, art: dict[str, Any]) -> str:
        return f"stored artifact with revision '{art['revision']}'"

    def make_artifact(
        self, ctx: ReconcileContext, revision: str, seed: str
    ) -> dict[str, Any]:
        return artifact(
            ctx.obj["kind"], ctx.namespace, ctx.name, revision, at=ctx.now, seed=seed
        )

    def reconcile(self, ctx: ReconcileContext) -> Outcome:
        current = ctx.status.get("artifact")
        status: dict[str, Any] = {}
        if current is None or ctx.publish:
            seed = f"{ctx.namespace}/{ctx.name}/{ctx.now.timestamp()}"
            art = self.make_artifact(ctx, self.new_revision(ctx, seed), seed)
            status["artifact"] = art
            event = EventSpec(
                "Normal", "NewArtifact", self.new_artifact_event(ctx, art)
            )
        else:
            art = current
            event = EventSpec(
                "Normal",
                "ArtifactUpToDate",
                f"artifact up-to-date with remote revision: '{art['revision']}'",
            )
        event.annotations = {
            "source.toolkit.fluxcd.io/revision": str(art["revision"]),
            "source.toolkit.fluxcd.io/digest": str(art["digest"]),
        }
        message = self.ready_message(ctx, str(art["revision"]))
        return Outcome(
            "ready",
            "Succeeded",
            message,
            status=status,
            extra_conditions=[
                cond.condition(
                    "ArtifactInStorage",
                    "True",
                    "Succeeded",
                    message,
                    at=ctx.at,
                    generation=ctx.generation,
                )
            ],
            drop_conditions=(
                self.fetch_condition,
                "ArtifactOutdated",
                "StorageOperationFailed",
            ),
            event=event,
        )

    def failure(self, ctx: ReconcileContext, failure: Any) -> Outcome:
        out = super().failure(ctx, failure)
        out.extra_conditions.append(
            cond.condition(
                self.fetch_condition,
                "True",
                out.reason,
                out.message,
                at=ctx.at,
                generation=ctx.generation,
            )
        )
        return out


class GitRepositoryController(SourceController):
    kind = "GitRepository"

    def new_revision(self, ctx: ReconcileContext, seed: str) -> str:
        return git_revision_for(ctx.spec, seed)

    def new_artifact_event(self, ctx: ReconcileContext, art: dict[str, Any]) -> str:
        return f"stored artifact for commit '{commit_subject(str(art['revision']))}'"

    def make_artifact(
        self, ctx: ReconcileContext, revision: str, seed: str
    ) -> dict[str, Any]:
        return artifact(
            "GitRepository", ctx.namespace, ctx.name, revision, at=ctx.now, seed=seed,
            file_name=f"{_revision_digest(revision)}.tar.gz",
        )  # fmt: skip

    def default_failure(self, ctx: ReconcileContext) -> tuple[str, str]:
        branch = (ctx.spec.get("ref") or {}).get("branch", "main")
        return (
            "GitOperationFailed",
            f"failed to checkout and determine revision: unable to clone '{ctx.spec.get('url', '')}': "
            f'couldn\'t find remote ref "refs/heads/{branch}"',
        )


class OCIRepositoryController(SourceController):
    kind = "OCIRepository"

    def new_revision(self, ctx: ReconcileContext, seed: str) -> str:
        return oci_revision_for(ctx.spec, seed)

    def ready_message(self, ctx: ReconcileContext, revision: str) -> str:
        return f"stored artifact for digest '{revision}'"

    def make_artifact(
        self, ctx: ReconcileContext, revision: str, seed: str
    ) -> dict[str, Any]:
        url = str(ctx.spec.get("url", ""))
        return artifact(
            "OCIRepository", ctx.namespace, ctx.name, revision, at=ctx.now, seed=seed,
            metadata=oci_metadata(url, f"main@sha1:{sha1_hex(seed)}"),
            file_name=f"{_revision_digest(revision)}.tar.gz",
        )  # fmt: skip

    def new_artifact_event(self, ctx: ReconcileContext, art: dict[str, Any]) -> str:
        return f"stored artifact with revision '{art['revision']}' from '{ctx.spec.get('url', '')}'"

    def default_failure(self, ctx: ReconcileContext) -> tuple[str, str]:
        return (
            "OCIArtifactPullFailed",
            f"failed to determine artifact digest: GET {ctx.spec.get('url', '')}: MANIFEST_UNKNOWN: "
            f"manifest unknown; unknown tag={oci_tag(ctx.spec)}",
        )


class HelmRepositoryController(SourceController):
    kind = "HelmRepository"

    def reconcilable(self, obj: Obj) -> bool:
        # OCI HelmRepositories are static: no artifact, nothing to reconcile (FLUX.md §4.3).
        return (obj.get("spec") or {}).get("type") != "oci"

    def new_revision(self, ctx: ReconcileContext, seed: str) -> str:
        return f"sha256:{sha256_hex(seed)}"

    def ready_message(self, ctx: ReconcileContext, revision: str) -> str:
        return f"stored artifact: revision '{revision}'"

    def make_artifact(
        self, ctx: ReconcileContext, revision: str, seed: str
    ) -> dict[str, Any]:
        return artifact(
            "HelmRepository", ctx.namespace, ctx.name, revision, at=ctx.now, seed=seed,
            file_name=f"index-{_revision_digest(revision)}.yaml",
            size=1_000_000 + int(sha1_hex(seed)[:5], 16) % 9_000_000,
        )  # fmt: skip

    def new_artifact_event(self, ctx: ReconcileContext, art: dict[str, Any]) -> str:
        size_mb = int(art.get("size", 0)) / 1_000_000
        return f"stored fetched index of size {size_mb:.1f}MB from '{ctx.spec.get('url', '')}'"

    def default_failure(self, ctx: ReconcileContext) -> tuple[str, str]:
        url = str(ctx.spec.get("url", "")).rstrip("/")
        return (
            "IndexationFailed",
            f"failed to fetch Helm repository index: failed to cache index to temporary file: "
            f'Get "{url}/index.yaml": dial tcp: lookup {url.split("//")[-1].split("/")[0]}: no such host',
        )


class BucketController(SourceController):
    kind = "Bucket"

    def new_revision(self, ctx: ReconcileContext, seed: str) -> str:
        return f"sha256:{sha256_hex(seed)}"

    def new_artifact_event(self, ctx: ReconcileContext, art: dict[str, Any]) -> str:
        files = 3 + int(str(art["digest"])[-2:], 16) % 40
        return f"stored artifact with {files} fetched files from '{ctx.spec.get('bucketName', '')}' bucket"

    def default_failure(self, ctx: ReconcileContext) -> tuple[str, str]:
        return (
            "BucketOperationFailed",
            f"bucket '{ctx.spec.get('bucketName', '')}' does not exist",
        )


class HelmChartController(SourceController):
    kind = "HelmChart"
    fetch_condition = "BuildFailed"

    def _source(self, ctx: ReconcileContext) -> tuple[str, Obj | None]:
        ref = ctx.spec.get("sourceRef") or {}
        kind, name = str(ref.get("kind", "HelmRepository")), str(ref.get("name", ""))
        return f"{kind}/{name}", ctx.cluster.get(kind, ctx.namespace, name)

    def _pulled(self, ctx: ReconcileContext) -> tuple[str, str]:
        kind = (ctx.spec.get("sourceRef") or {}).get("kind", "HelmRepository")
        if kind == "HelmRepository":
            return "ChartPullSucceeded", "pulled"
        return "ChartPackageSucceeded", "packaged"

    def ready_message(self, ctx: ReconcileContext, revision: str) -> str:
        _, verb = self._pulled(ctx)
        return f"{verb} '{ctx.spec.get('chart', '')}' chart with version '{revision}'"

    def reconcile(self, ctx: ReconcileContext) -> Outcome:
        ref_text, source = self._source(ctx)
        kind = ref_text.split("/")[0]
        static_oci = (
            source is not None and (source.get("spec") or {}).get("type") == "oci"
        )
        if source is None:
            return self.failure_with(
                ctx, "SourceUnavailable", f"failed to get source: {ref_text} not found"
            )
        source_art = (source.get("status") or {}).get("artifact")
        if source_art is None and not static_oci:
            return self.failure_with(
                ctx,
                "SourceUnavailable",
                f"failed to get source artifact: {ref_text} is not ready",
            )
        current = ctx.status.get("artifact")
        version = str(ctx.spec.get("version") or "*")
        observed_source = ctx.status.get("observedSourceArtifactRevision")
        source_rev = str((source_art or {}).get("revision", ""))
        if current is None:
            new_version = resolve_version(version, f"{ctx.namespace}/{ctx.name}")
        elif source_rev and observed_source != source_rev and is_version_range(version):
            new_version = bump_patch(str(current["revision"]).split("+")[0])
        else:
            new_version = str(current["revision"])
        if (
            kind != "HelmRepository"
            and ctx.spec.get("reconcileStrategy") == "Revision"
            and source_rev
        ):
            new_version = (
                f"{new_version.split('+')[0]}+{source_rev.rpartition(':')[2][:12]}"
            )
        reason, _ = self._pulled(ctx)
        status: dict[str, Any] = {
            "observedChartName": ctx.spec.get("chart", ""),
            "observedSourceArtifactRevision": source_rev or None,
        }
        if current is None or new_version != current.get("revision"):
            chart = str(ctx.spec.get("chart", "chart"))
            art = artifact(
                "HelmChart", ctx.namespace, ctx.name, new_version, at=ctx.now,
                seed=f"{ctx.namespace}/{ctx.name}/{new_version}", file_name=f"{chart}-{new_version}.tgz",
                size=8_000 + int(sha1_hex(new_version)[:4], 16) % 200_000,
            )  # fmt: skip
            status["artifact"] = art
            event = EventSpec("Normal", reason, self.ready_message(ctx, new_version))
        else:
            art = current
            event = EventSpec(
                "Normal",
                "ArtifactUpToDate",
                f"artifact up-to-date with remote revision: '{new_version}'",
            )
        event.annotations = {"source.toolkit.fluxcd.io/revision": new_version}
        message = self.ready_message(ctx, new_version)
        return Outcome(
            "ready",
            reason,
            message,
            status=status,
            extra_conditions=[
                cond.condition(
                    "ArtifactInStorage",
                    "True",
                    reason,
                    message,
                    at=ctx.at,
                    generation=ctx.generation,
                )
            ],
            drop_conditions=("BuildFailed", "FetchFailed", "ArtifactOutdated"),
            event=event,
        )

    def failure_with(self, ctx: ReconcileContext, reason: str, message: str) -> Outcome:
        out = Outcome(
            "failed", reason, message, event=EventSpec("Warning", reason, message)
        )
        out.extra_conditions.append(
            cond.condition(
                "FetchFailed",
                "True",
                reason,
                message,
                at=ctx.at,
                generation=ctx.generation,
            )
        )
        return out

    def default_failure(self, ctx: ReconcileContext) -> tuple[str, str]:
        return (
            "ChartPullError",
            f"chart pull error: failed to get chart version for remote reference: no '{ctx.spec.get('chart', '')}' "
            f"chart with version matching '{ctx.spec.get('version', '*')}' found",
        )
