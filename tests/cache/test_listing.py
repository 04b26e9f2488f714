"""Listing: filters, failing-first order, keyset paging that survives concurrent changes."""

from __future__ import annotations

import pytest

from fluxdash.errors import Unprocessable
from fluxdash.services.cache import FluxCache, KindState
from fluxdash.services.listing import ListQuery, list_rows
from fluxdash.services.summary import build_summary
from tests.cache import objects as o


def _cache() -> FluxCache:
    cache = FluxCache()
    cache.configure_kinds(
        {"gitrepositories": KindState("v1"), "kustomizations": KindState("v1")}
    )
    cache.replace_kind(
        "gitrepositories",
        [
            o.git_repository("flux-system"),
            o.git_repository("broken", "team-a", ok=False),
            o.git_repository("private", url="https://user:s3cret@git.example.com/repo"),
        ],
    )
    cache.replace_kind(
        "kustomizations",
        [
            o.kustomization(f"ks-{i:02d}", "team-a" if i % 2 else "team-b")
            for i in range(10)
        ]
        + [
            o.kustomization("bad", "team-b", ok=False),
            o.kustomization("off", suspend=True),
        ],
    )
    return cache


def test_failing_first_then_kind_namespace_name() -> None:
    cache = _cache()
    page = list_rows(cache, ListQuery(), limit=100)
    ids = [r.id for r in page.items]
    assert page.total == 15
    assert ids[:2] == ["GitRepository/team-a/broken", "Kustomization/team-b/bad"]
    rest = page.items[2:]
    assert [(r.kind, r.namespace, r.name) for r in rest] == sorted(
        ((r.kind, r.namespace, r.name) for r in rest),
        key=lambda t: (t[0] != "GitRepository", t[1], t[2]),
    )
    assert page.continue_token is None


def test_filters() -> None:
    cache = _cache()
    only = list_rows(cache, ListQuery(plurals=("gitrepositories",)), limit=100)
    assert {r.kind for r in only.items} == {"GitRepository"}
    team_a = list_rows(cache, ListQuery(namespace="team-a"), limit=100)
    assert {r.namespace for r in team_a.items} == {"team-a"}
    assert team_a.total == 6
    failed = list_rows(cache, ListQuery(health=("Failed",)), limit=100)
    assert [r.name for r in failed.items] == ["broken", "bad"]
    suspended = list_rows(cache, ListQuery(health=("Suspended", "Failed")), limit=100)
    assert suspended.total == 3
    by_message = list_rows(cache, ListQuery(q="AUTHENTICATION"), limit=100)
    assert [r.name for r in by_message.items] == ["broken"]
    by_url = list_rows(cache, ListQuery(q="git.example.com"), limit=100)
    assert [r.name for r in by_url.items] == ["private"]
    assert "s3cret" not in (by_url.items[0].url or "")
    assert (
        list_rows(cache, ListQuery(q="s3cret"), limit=100).total == 0
    )  # masked: not searchable
    by_revision = list_rows(cache, ListQuery(q="main@sha1:0123"), limit=100)
    assert by_revision.total == 14  # 2 sources with an artifact, 12 Kustomizations


def test_paging_is_stable_while_the_cache_changes() -> None:
    cache = _cache()
    query = ListQuery(plurals=("kustomizations",))
    first = list_rows(cache, query, limit=5)
    assert first.total == 12
    assert first.continue_token
    # objects appear before and after the cursor, one served row disappears
    cache.apply("kustomizations", "ADDED", o.kustomization("aaa", "team-a"))
    cache.apply("kustomizations", "ADDED", o.kustomization("zzz", "team-b"))
    cache.apply("kustomizations", "DELETED", o.kustomization("ks-01", "team-a"))
    second = list_rows(cache, query, limit=5, continue_token=first.continue_token)
    third = list_rows(cache, query, limit=5, continue_token=second.continue_token)
    seen = [r.id for r in first.items + second.items + third.items]
    assert len(seen) == len(set(seen))  # no duplicates
    everything_now = [r.id for r in list_rows(cache, query, limit=100).items]
    after_cursor = everything_now[everything_now.index(first.items[-1].id) + 1 :]
    assert seen[5:] == after_cursor  # nothing after the cursor was skipped
    assert third.continue_token is None


def test_bad_and_foreign_continue_tokens_are_422() -> None:
    cache = _cache()
    first = list_rows(cache, ListQuery(), limit=2)
    assert first.continue_token
    with pytest.raises(Unprocessable):
        list_rows(
            cache,
            ListQuery(namespace="team-a"),
            limit=2,
            continue_token=first.continue_token,
        )
    for bad in ("not-base64!!", "W10", "eyJhIjoxfQ"):
        with pytest.raises(Unprocessable):
            list_rows(cache, ListQuery(), limit=2, continue_token=bad)


def test_summary_counts_equal_counting_by_hand() -> None:
    cache = _cache()
    summary = build_summary(cache)
    rows = cache.rows()
    for stats in summary.kinds:
        mine = [r for r in rows if r.kind == stats.kind]
        assert stats.total == len(mine)
        assert stats.failed == sum(r.health == "Failed" for r in mine)
        assert stats.ready == sum(r.health == "Ready" for r in mine)
        assert stats.suspended == sum(r.suspended for r in mine)
    assert [k.plural for k in summary.kinds] == ["gitrepositories", "kustomizations"]
    assert {r.name for r in summary.failing} == {"broken", "bad"}
    assert summary.failing_total == 2
    assert build_summary(cache, "team-a").total == 6
    assert build_summary(cache) is summary  # shared until the next change
