"""Deterministic, realistic-looking hashes and revision strings (FLUX.md §6).

Every value derives from a seed string, so a scenario builds the same revisions on every run and
tests can rely on them; living clusters mix a counter into the seed to publish new revisions.
"""

from __future__ import annotations

import hashlib


def sha1_hex(seed: str) -> str:
    return hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()


def sha256_hex(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def git_revision(ref: str, seed: str) -> str:
    """``main@sha1:<40 hex>`` for a branch or tag name (already shortened)."""
    return f"{ref}@sha1:{sha1_hex(seed)}"


def oci_revision(tag: str, seed: str) -> str:
    """``6.8.0@sha256:<64 hex>``."""
    return f"{tag}@sha256:{sha256_hex(seed)}"


def oci_chart_version(version: str, digest_hex: str) -> str:
    """The chart version helm-controller records for an OCI chart: ``6.8.0+<12 hex>``."""
    return f"{version}+{digest_hex[:12]}"


def digest_of_revision(revision: str) -> str:
    """The ``sha…:<hex>`` part of a revision, or a sha256 of the whole string."""
    _, sep, tail = revision.rpartition("@")
    if sep and ":" in tail:
        return tail
    if revision.startswith(("sha256:", "sha1:")):
        return revision
    return f"sha256:{sha256_hex(revision)}"
