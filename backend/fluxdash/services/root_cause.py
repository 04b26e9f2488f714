"""Root-cause analysis over the dependency edges of the Flux graph (pure).

Edges point from a dependent to what it depends on (Kustomization → GitRepository, apps →
infra). Walking upstream from an object that is not Ready, the *first* failing objects met on
each path block it (`blocked_by`); the walk does not go past a failing object, and stops at
Ready ones (a Ready dependency blocks nothing). An object is a *root cause* when it fails and
nothing upstream of it fails. Members of one dependency cycle do not block each other: the
cycle itself is the cause, so a failing member with no failing upstream outside its cycle is
a root cause.

One pass over the strongly connected components, dependencies first, so the whole analysis
is O(nodes + edges) plus the size of the blocker sets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from fluxdash.services.graph_cycles import strongly_connected_components

BlockState = Literal["ready", "failing", "waiting"]
"""How an object looks to its dependents: Ready; failing (Failed, or a missing object that is
needed); waiting (anything else: Progressing, Suspended, Unknown)."""

_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class BlockerAnalysis:
    blocked_by: Mapping[str, tuple[str, ...]]
    """Non-Ready object → its nearest failing upstream objects (sorted); absent when none."""
    root_causes: frozenset[str]
    """Failing objects with no failing upstream."""
    roots_of: Mapping[str, tuple[str, ...]]
    """Blocked object → the root causes at the end of its chains (sorted)."""

    def blocked_count(self) -> dict[str, int]:
        """Root cause → how many objects it blocks, directly or through others."""
        counts = dict.fromkeys(self.root_causes, 0)
        for roots in self.roots_of.values():
            for root in roots:
                counts[root] += 1
        return counts


def analyse_blockers(
    nodes: Iterable[str],
    state: Callable[[str], BlockState],
    upstream: Callable[[str], Sequence[str]],
) -> BlockerAnalysis:
    """Blockers, root causes and their transitive closure for every node.

    `upstream(v)` lists what `v` depends on (its dependsOn, source and chart targets).
    """
    passes: dict[str, frozenset[str]] = {}
    blocked_by: dict[str, tuple[str, ...]] = {}
    roots: set[str] = set()
    roots_of: dict[str, tuple[str, ...]] = {}

    for component in strongly_connected_components(nodes, upstream):
        members = set(component) if len(component) > 1 else {component[0]}
        contributions: list[frozenset[str]] = []
        for node in component:
            for dep in upstream(node):
                if dep in members:
                    continue
                seen = passes[dep]
                if seen:
                    contributions.append(seen)
        external = _union(contributions)
        ordered = tuple(sorted(external))
        for node in component:
            node_state = state(node)
            if node_state != "ready" and external:
                blocked_by[node] = ordered
                roots_of[node] = _roots_through(ordered, roots, roots_of)
            if node_state == "failing":
                passes[node] = frozenset((node,))
                if not external:
                    roots.add(node)
            elif node_state == "ready":
                passes[node] = _NONE
            else:
                passes[node] = external
    return BlockerAnalysis(
        blocked_by=blocked_by, root_causes=frozenset(roots), roots_of=roots_of
    )


def _union(parts: list[frozenset[str]]) -> frozenset[str]:
    if not parts:
        return _NONE
    first = parts[0]
    if all(part is first or part == first for part in parts[1:]):
        return first
    return frozenset().union(*parts)


def _roots_through(
    blockers: tuple[str, ...], roots: set[str], roots_of: dict[str, tuple[str, ...]]
) -> tuple[str, ...]:
    if len(blockers) == 1:
        only = blockers[0]
        return (only,) if only in roots else roots_of.get(only, ())
    found: set[str] = set()
    for blocker in blockers:
        if blocker in roots:
            found.add(blocker)
        else:
            found.update(roots_of.get(blocker, ()))
    return tuple(sorted(found))


def blocking_chain(start: str, analysis: BlockerAnalysis) -> list[str]:
    """`start`, then its first blocker, that one's first blocker, … down to a root cause."""
    chain = [start]
    seen = {start}
    current = start
    while True:
        blockers = analysis.blocked_by.get(current)
        if not blockers:
            return chain
        # Prefer a blocker that is itself a root cause: the shortest story.
        nxt = next((b for b in blockers if b in analysis.root_causes), blockers[0])
        if nxt in seen:
            return chain
        chain.append(nxt)
        seen.add(nxt)
        current = nxt


def explain(
    start: str,
    analysis: BlockerAnalysis,
    label: Callable[[str], str],
    failure: Callable[[str], str],
    cycle_of: Callable[[str], Sequence[str] | None] = lambda _: None,
) -> str | None:
    """One sentence that reads down the chain, or None when `start` is neither blocked nor a
    root cause.

    "Kustomization flux-system/apps waits on Kustomization flux-system/infra; Kustomization
    flux-system/infra waits on GitRepository flux-system/flux-system; GitRepository
    flux-system/flux-system fails: authentication required".
    `failure(id)` says why a failing object fails ("fails: …" or "does not exist");
    `cycle_of(id)` names the dependsOn cycle a root cause sits in, if any.
    """
    chain = blocking_chain(start, analysis)
    if len(chain) == 1 and start not in analysis.root_causes:
        return None
    parts: list[str] = []
    for here, there in pairwise(chain):
        others = len(analysis.blocked_by.get(here, ())) - 1
        more = f" (and {others} more)" if others > 0 else ""
        parts.append(f"{label(here)} waits on {label(there)}{more}")
    last = chain[-1]
    if last in analysis.root_causes:
        parts.append(f"{label(last)} {failure(last)}")
    text = "; ".join(parts)
    cycle = cycle_of(last) if last in analysis.root_causes else None
    if cycle:
        ring = " → ".join(label(member) for member in [*cycle, cycle[0]])
        text += f" (dependsOn cycle: {ring})"
    return text
