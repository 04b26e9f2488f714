"""Strongly connected components and dependency cycles of a directed graph (pure).

Tarjan's algorithm, written iteratively so a 10,000-long `dependsOn` chain cannot hit the
recursion limit. Components come out in reverse topological order: every component is emitted
after all the components it can reach, so with edges pointing from a dependent to what it
depends on, dependencies come first. The root-cause analysis relies on that order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence


def strongly_connected_components(
    nodes: Iterable[str], successors: Callable[[str], Sequence[str]]
) -> list[list[str]]:
    """Tarjan's SCCs of the graph over `nodes`, dependencies (sinks) first.

    `successors(v)` may name ids outside `nodes`; they are treated as nodes too.
    """
    index_of: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0

    for root in nodes:
        if root in index_of:
            continue
        # Each frame: (node, its successors, position of the next successor to visit).
        work: list[tuple[str, Sequence[str], int]] = []
        index_of[root] = lowlink[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work.append((root, successors(root), 0))
        while work:
            node, succ, pos = work[-1]
            if pos < len(succ):
                work[-1] = (node, succ, pos + 1)
                nxt = succ[pos]
                if nxt not in index_of:
                    index_of[nxt] = lowlink[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, successors(nxt), 0))
                elif nxt in on_stack:
                    lowlink[node] = min(lowlink[node], index_of[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                lowlink[parent] = min(lowlink[parent], lowlink[node])
            if lowlink[node] == index_of[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components


def find_cycles(
    nodes: Iterable[str], successors: Callable[[str], Sequence[str]]
) -> list[list[str]]:
    """Every cycle-bearing component (two or more members, or one that names itself).

    Each cycle is listed in edge order starting from its smallest id when the component is a
    simple ring (`a → b → c → a` gives `[a, b, c]`); a tangle of several rings is listed sorted.
    Cycles are sorted by their first id, so the result is deterministic.
    """
    cycles: list[list[str]] = []
    for component in strongly_connected_components(nodes, successors):
        if len(component) == 1:
            only = component[0]
            if only in successors(only):
                cycles.append([only])
            continue
        cycles.append(_ring_order(component, successors))
    cycles.sort(key=lambda cycle: cycle[0])
    return cycles


def _ring_order(
    component: list[str], successors: Callable[[str], Sequence[str]]
) -> list[str]:
    members = set(component)
    start = min(component)
    ordered = [start]
    seen = {start}
    current = start
    while True:
        inside = [s for s in successors(current) if s in members]
        if len(inside) != 1:
            return sorted(component)
        current = inside[0]
        if current == start:
            break
        if current in seen:
            return sorted(component)
        seen.add(current)
        ordered.append(current)
    return ordered if len(ordered) == len(component) else sorted(component)
