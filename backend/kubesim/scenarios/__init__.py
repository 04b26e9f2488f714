"""Scenarios: named starting states (and simulated controllers) for kubesim.

This is the minimal hook kubesim's server relies on; the scenarios helper extends it.
``apply_scenario(name, store)`` fills ``store`` and returns a :class:`ScenarioRuntime`
whose ``start()`` launches the scenario's controllers as asyncio tasks on the running
loop and whose ``stop()`` cancels them.
"""

from __future__ import annotations

from collections.abc import Callable

from kubesim.bootstrap import create_system_namespaces
from kubesim.store import Store


class ScenarioRuntime:
    """What a scenario leaves running; the base runs nothing."""

    name: str

    def __init__(self, name: str) -> None:
        self.name = name

    async def start(self) -> None:
        """Start the scenario's controllers on the current event loop."""

    async def stop(self) -> None:
        """Stop everything :meth:`start` started."""


def _empty(store: Store) -> ScenarioRuntime:
    create_system_namespaces(store)
    return ScenarioRuntime("empty")


SCENARIOS: dict[str, Callable[[Store], ScenarioRuntime]] = {"empty": _empty}


def scenario_names() -> list[str]:
    return sorted(SCENARIOS)


def apply_scenario(name: str, store: Store) -> ScenarioRuntime:
    """Load scenario ``name`` into ``store``; ``ValueError`` naming the valid ones otherwise."""
    builder = SCENARIOS.get(name)
    if builder is None:
        raise ValueError(
            f"unknown kubesim scenario {name!r}; valid scenarios: {', '.join(scenario_names())}"
        )
    return builder(store)
