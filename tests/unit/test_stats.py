from __future__ import annotations

import pytest

from fluxdash.models.kinds import KINDS, kind_by_name
from fluxdash.services.rows import build_row
from fluxdash.services.stats import compute_stats, format_storage
from tests.unit.flux_objects import (
    cond,
    git_repository,
    git_repository_failed,
    kustomization,
)


def test_counts_per_kind_like_flux_stats() -> None:
    gr, ks = kind_by_name("GitRepository"), kind_by_name("Kustomization")
    suspended_failed = git_repository_failed("sf")
    suspended_failed["spec"]["suspend"] = True
    progressing = kustomization("p")
    progressing["status"]["conditions"] = [
        cond("Ready", "Unknown", "Progressing", "Reconciliation in progress")
    ]
    waiting = kustomization("w")
    del waiting["status"]
    rows = [
        build_row(gr, git_repository("a")),
        build_row(gr, git_repository("b")),
        build_row(gr, git_repository_failed("f")),
        build_row(gr, suspended_failed),
        build_row(ks, kustomization("ok")),
        build_row(ks, progressing),
        build_row(ks, waiting),
    ]
    stats = {s.kind: s for s in compute_stats(rows)}
    assert [s.kind for s in compute_stats(rows)] == [k.kind for k in KINDS]
    g = stats["GitRepository"]
    assert (
        g.total,
        g.ready,
        g.failed,
        g.progressing,
        g.suspended,
        g.unknown,
        g.running,
    ) == (4, 2, 1, 0, 1, 0, 3)
    assert g.storage_bytes == 2 * 1024  # failed ones have no artifact
    k = stats["Kustomization"]
    assert (k.total, k.ready, k.failed, k.progressing, k.suspended, k.unknown) == (
        3,
        1,
        0,
        1,
        0,
        1,
    )
    assert stats["Alert"].total == 0
    dumped = g.model_dump(mode="json")
    assert dumped["storageBytes"] == 2048


def test_kinds_filter() -> None:
    rows = [build_row(kind_by_name("GitRepository"), git_repository())]
    only = compute_stats(rows, [kind_by_name("Kustomization")])
    assert [(s.kind, s.total) for s in only] == [("Kustomization", 0)]


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "-"),
        (512, "512 B"),
        (1024, "1.0 KiB"),
        (1536, "1.5 KiB"),
        (5 * 1024**2, "5.0 MiB"),
        (3 * 1024**3, "3.0 GiB"),
    ],
)
def test_format_storage(size: int, shown: str) -> None:
    assert format_storage(size) == shown
