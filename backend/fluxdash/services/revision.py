"""Flux revision strings: parsing and the CLI's short display form (FLUX.md §6).

Formats: `<ref>@<algo>:<hex>` (Git `main@sha1:…`, OCI `<tag>@sha256:…`), bare digests
`sha1:…`/`sha256:…`, chart versions `6.0.3` / `6.0.3+<build>` (`+<12 hex>` of an OCI digest or
a source revision, `+<generation>`), and the legacy pre-2.0 Git form `main/<40 hex>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEX_RUN = re.compile(r"\b[a-f0-9]{40,128}\b", re.ASCII)
_DIGEST = re.compile(
    r"(?P<algo>sha1|sha256|sha384|sha512|blake3):(?P<hex>[a-f0-9]+)", re.ASCII
)
_LEGACY = re.compile(r"(?P<ref>.+)/(?P<hex>[a-f0-9]{40})", re.ASCII)
_BARE_SHA1 = re.compile(r"[a-f0-9]{40}", re.ASCII)
SHORT_HEX_LENGTH = 8


@dataclass(frozen=True, slots=True)
class Revision:
    """A parsed revision. Fields that do not apply are None."""

    raw: str
    ref: str | None = None
    """Branch/tag/full ref (`main`, `v1.0.0`, `refs/pull/1/head`) or OCI tag."""
    algorithm: str | None = None
    """Digest algorithm: `sha1`, `sha256`, …"""
    hex: str | None = None
    version: str | None = None
    """Chart version without build metadata (`6.0.3`)."""
    build: str | None = None
    """Build metadata after `+` (`abcdef123456`, a generation number)."""
    legacy: bool = False
    """Pre-Flux-2.0 Git form `<ref>/<hex>`."""

    @property
    def digest(self) -> str | None:
        """`<algo>:<hex>` when the revision carries a digest."""
        return f"{self.algorithm}:{self.hex}" if self.algorithm and self.hex else None

    @property
    def canonical(self) -> str:
        """The current form (legacy `main/<hex>` becomes `main@sha1:<hex>`)."""
        if not self.legacy:
            return self.raw
        return f"{self.ref}@{self.digest}" if self.ref else (self.digest or self.raw)

    @property
    def short(self) -> str:
        return shorten_revision(self.canonical)


def parse_revision(value: str) -> Revision:
    """Parse any Flux revision string; unknown shapes come back with only `raw` set."""
    text = value.strip()
    ref, at, rest = text.rpartition("@")
    if at and (m := _DIGEST.fullmatch(rest)):
        return Revision(value, ref=ref or None, algorithm=m["algo"], hex=m["hex"])
    if m := _DIGEST.fullmatch(text):
        return Revision(value, algorithm=m["algo"], hex=m["hex"])
    if m := _LEGACY.fullmatch(text):
        return Revision(
            value, ref=m["ref"], algorithm="sha1", hex=m["hex"], legacy=True
        )
    if _BARE_SHA1.fullmatch(text):
        return Revision(value, algorithm="sha1", hex=text, legacy=True)
    version, plus, build = text.partition("+")
    if (version and version[0].isdigit()) or (
        version.startswith("v") and version[1:2].isdigit()
    ):
        return Revision(value, version=version, build=build if plus else None)
    return Revision(value)


def shorten_revision(value: str) -> str:
    """Shorten every 40-128 char lowercase hex run to 8 chars, like the flux CLI's
    `TruncateHex` (used on revisions and one-line messages)."""
    if not value:
        return value
    return _HEX_RUN.sub(lambda m: m.group(0)[:SHORT_HEX_LENGTH], value)


def display_revision(kind: str, value: str | None) -> str | None:
    """The revision column as `flux get` prints it: shortened, except HelmChart revisions."""
    if value is None or value == "":
        return None
    return value if kind == "HelmChart" else shorten_revision(value)
