"""Cycles and root-cause analysis on small hand-made dependency graphs."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from fluxdash.services.graph_cycles import find_cycles, strongly_connected_components
from fluxdash.services.root_cause import (
    BlockerAnalysis,
    BlockState,
    analyse_blockers,
    blocking_chain,
    explain,
)


def _graph(edges: dict[str, list[str]]) -> tuple[list[str], dict[str, list[str]]]:
    nodes = sorted({*edges, *(t for ts in edges.values() for t in ts)})
    return nodes, {n: edges.get(n, []) for n in nodes}


def _analyse(
    edges: dict[str, list[str]], states: dict[str, BlockState]
) -> BlockerAnalysis:
    nodes, adj = _graph(edges)
    return analyse_blockers(nodes, lambda n: states.get(n, "ready"), lambda n: adj[n])


def test_scc_order_puts_dependencies_first() -> None:
    nodes, adj = _graph({"apps": ["infra"], "infra": ["git"], "other": ["git"]})
    order = [c[0] for c in strongly_connected_components(nodes, lambda n: adj[n])]
    assert order.index("git") < order.index("infra") < order.index("apps")
    assert order.index("git") < order.index("other")


def test_scc_handles_a_chain_deeper_than_the_recursion_limit() -> None:
    n = 5000
    adj = {f"k{i}": [f"k{i + 1}"] for i in range(n)}
    adj[f"k{n}"] = []
    comps = strongly_connected_components(list(adj), lambda v: adj[v])
    assert len(comps) == n + 1
    assert comps[0] == [f"k{n}"]


def test_find_cycles_lists_rings_in_edge_order_and_self_loops() -> None:
    nodes, adj = _graph(
        {"c": ["a"], "a": ["b"], "b": ["c"], "self": ["self"], "x": ["a"]}
    )
    assert find_cycles(nodes, lambda n: adj[n]) == [["a", "b", "c"], ["self"]]


def test_find_cycles_sorts_a_tangle() -> None:
    nodes, adj = _graph({"a": ["b", "c"], "b": ["a"], "c": ["a"]})
    assert find_cycles(nodes, lambda n: adj[n]) == [["a", "b", "c"]]


def test_no_cycles_in_a_dag() -> None:
    nodes, adj = _graph({"a": ["b", "c"], "b": ["c"]})
    assert find_cycles(nodes, lambda n: adj[n]) == []


def test_chain_apps_waits_on_infra_which_fails_because_of_git() -> None:
    result = _analyse(
        {"apps": ["infra", "git"], "infra": ["git"]},
        {"apps": "failing", "infra": "failing", "git": "failing"},
    )
    assert result.blocked_by == {"apps": ("git", "infra"), "infra": ("git",)}
    assert result.root_causes == {"git"}
    assert result.roots_of == {"apps": ("git",), "infra": ("git",)}
    assert result.blocked_count() == {"git": 2}


def test_walk_passes_through_waiting_objects_and_stops_at_ready_ones() -> None:
    result = _analyse(
        {"a": ["b"], "b": ["c"], "c": ["d"], "x": ["ready"], "ready": ["d"]},
        {
            "a": "waiting",
            "b": "waiting",
            "c": "failing",
            "d": "failing",
            "x": "waiting",
        },
    )
    assert result.blocked_by["a"] == ("c",)
    assert result.blocked_by["b"] == ("c",)
    assert result.blocked_by["c"] == ("d",)
    # x depends on a Ready object whose own source fails: x is not blocked by it.
    assert "x" not in result.blocked_by
    assert "ready" not in result.blocked_by
    assert result.root_causes == {"d"}
    assert result.roots_of["a"] == ("d",)


def test_failing_object_with_healthy_upstream_is_a_root_cause() -> None:
    result = _analyse({"hr": ["chart"], "chart": ["repo"]}, {"hr": "failing"})
    assert result.root_causes == {"hr"}
    assert result.blocked_by == {}


def test_several_root_causes_are_all_reported() -> None:
    result = _analyse(
        {"app": ["a", "b"], "a": ["ga"], "b": ["gb"]},
        {
            "app": "failing",
            "a": "waiting",
            "b": "waiting",
            "ga": "failing",
            "gb": "failing",
        },
    )
    assert result.blocked_by["app"] == ("ga", "gb")
    assert result.roots_of["app"] == ("ga", "gb")
    assert result.blocked_count() == {"ga": 2, "gb": 2}


def test_cycle_members_do_not_block_each_other_and_are_the_cause() -> None:
    result = _analyse(
        {"a": ["b"], "b": ["a"], "dependent": ["a"]},
        {"a": "failing", "b": "failing", "dependent": "failing"},
    )
    assert result.root_causes == {"a", "b"}
    assert "a" not in result.blocked_by
    assert result.blocked_by["dependent"] == ("a",)


def test_cycle_with_a_failing_source_outside_is_blocked_by_it() -> None:
    result = _analyse(
        {"a": ["b", "git"], "b": ["a"]},
        {"a": "failing", "b": "failing", "git": "failing"},
    )
    assert result.root_causes == {"git"}
    assert result.blocked_by["a"] == ("git",)
    assert result.blocked_by["b"] == ("git",)


def _labels(n: str) -> str:
    return f"K/{n}"


def _failure(n: str) -> str:
    return "does not exist" if n == "gone" else f"fails: {n} broke"


def test_explanation_reads_down_the_chain() -> None:
    result = _analyse(
        {"apps": ["infra"], "infra": ["git"]},
        {"apps": "failing", "infra": "failing", "git": "failing"},
    )
    assert blocking_chain("apps", result) == ["apps", "infra", "git"]
    assert explain("apps", result, _labels, _failure) == (
        "K/apps waits on K/infra; K/infra waits on K/git; K/git fails: git broke"
    )
    assert explain("git", result, _labels, _failure) == "K/git fails: git broke"


def test_explanation_mentions_other_blockers_and_missing_objects() -> None:
    result = _analyse(
        {"apps": ["gone", "bad"]},
        {"apps": "failing", "gone": "failing", "bad": "failing"},
    )
    assert explain("apps", result, _labels, _failure) == (
        "K/apps waits on K/bad (and 1 more); K/bad fails: bad broke"
    )


def test_explanation_of_a_cycle_root_names_the_ring() -> None:
    result = _analyse({"a": ["b"], "b": ["a"]}, {"a": "failing", "b": "failing"})

    def cycle_of(n: str) -> Sequence[str] | None:
        return ["a", "b"] if n in {"a", "b"} else None

    assert explain("a", result, _labels, _failure, cycle_of) == (
        "K/a fails: a broke (dependsOn cycle: K/a → K/b → K/a)"
    )


@pytest.mark.parametrize("state", ["ready", "waiting"])
def test_nothing_to_explain_for_unblocked_objects(state: BlockState) -> None:
    result = _analyse({"a": ["b"]}, {"a": state})
    assert explain("a", result, _labels, _failure) is None
