from __future__ import annotations

import pytest

from fluxdash.services.revision import (
    Revision,
    display_revision,
    parse_revision,
    shorten_revision,
)
from tests.unit.flux_objects import SHA1, SHA256


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            f"main@sha1:{SHA1}",
            Revision(f"main@sha1:{SHA1}", ref="main", algorithm="sha1", hex=SHA1),
        ),
        (
            f"refs/pull/420/head@sha1:{SHA1}",
            Revision(
                f"refs/pull/420/head@sha1:{SHA1}",
                ref="refs/pull/420/head",
                algorithm="sha1",
                hex=SHA1,
            ),
        ),
        (f"sha1:{SHA1}", Revision(f"sha1:{SHA1}", algorithm="sha1", hex=SHA1)),
        (
            f"sha256:{SHA256}",
            Revision(f"sha256:{SHA256}", algorithm="sha256", hex=SHA256),
        ),
        (
            f"6.1.6@sha256:{SHA256}",
            Revision(
                f"6.1.6@sha256:{SHA256}", ref="6.1.6", algorithm="sha256", hex=SHA256
            ),
        ),
        ("6.0.3", Revision("6.0.3", version="6.0.3")),
        ("6.0.3+4", Revision("6.0.3+4", version="6.0.3", build="4")),
        (
            "6.5.4+a2e4b9c4f4e1",
            Revision("6.5.4+a2e4b9c4f4e1", version="6.5.4", build="a2e4b9c4f4e1"),
        ),
        ("v1.2.3", Revision("v1.2.3", version="v1.2.3")),
        (
            f"main/{SHA1}",
            Revision(
                f"main/{SHA1}", ref="main", algorithm="sha1", hex=SHA1, legacy=True
            ),
        ),
        (
            f"feature/x/{SHA1}",
            Revision(
                f"feature/x/{SHA1}",
                ref="feature/x",
                algorithm="sha1",
                hex=SHA1,
                legacy=True,
            ),
        ),
        ("latest", Revision("latest")),
    ],
)
def test_parse_revision(raw: str, expected: Revision) -> None:
    assert parse_revision(raw) == expected


def test_digest_and_canonical_forms() -> None:
    legacy = parse_revision(f"main/{SHA1}")
    assert legacy.canonical == f"main@sha1:{SHA1}"
    assert legacy.digest == f"sha1:{SHA1}"
    assert legacy.short == "main@sha1:696f056d"
    assert parse_revision(SHA1).canonical == f"sha1:{SHA1}"
    assert parse_revision("6.0.3").digest is None


def test_shorten_like_the_cli() -> None:
    assert shorten_revision(f"main@sha1:{SHA1}") == "main@sha1:696f056d"
    assert shorten_revision(f"sha256:{SHA256}") == "sha256:a2e4b9c4"
    assert (
        shorten_revision(f"stored artifact for revision 'main@sha1:{SHA1}'")
        == "stored artifact for revision 'main@sha1:696f056d'"
    )
    # 39 hex chars, uppercase hex, and hex glued to word characters stay untouched
    assert shorten_revision(SHA1[:39]) == SHA1[:39]
    assert shorten_revision(SHA1.upper()) == SHA1.upper()
    assert shorten_revision("x" + SHA1) == "x" + SHA1
    # 12-hex chart build metadata is not shortened
    assert shorten_revision("6.5.4+a2e4b9c4f4e1") == "6.5.4+a2e4b9c4f4e1"
    # 129+ hex chars are not a digest
    assert shorten_revision("a" * 129) == "a" * 129
    assert shorten_revision("") == ""


def test_display_revision_keeps_helmchart_revisions() -> None:
    long_chart = f"6.0.3+{SHA1}"
    assert display_revision("HelmChart", long_chart) == long_chart
    assert (
        display_revision("GitRepository", f"main@sha1:{SHA1}") == "main@sha1:696f056d"
    )
    assert display_revision("GitRepository", "") is None
    assert display_revision("GitRepository", None) is None
