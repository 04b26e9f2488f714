"""Scenarios: named starting states of kubesim, with simulated Flux controllers.

``apply_scenario(name, store)`` fills ``store`` and returns a :class:`ScenarioRuntime`; its
``start()`` launches the simulated Flux controllers as asyncio tasks on the running loop and
``stop()`` cancels them. Names:

* ``empty``: a cluster without Flux (system namespaces only, no Flux CRDs, no controllers);
* ``demo``: the busy production fleet of :mod:`kubesim.scenarios.demo` (living on), with
  the bearer tokens and RBAC of :mod:`kubesim.scenarios.access`;
* ``flux-2.6``: the same fleet served at Flux 2.6's API versions (image kinds v1beta2);
* ``scale:N``: N Flux objects over 50 namespaces (:mod:`kubesim.scenarios.scale`);
* ``cycle``: a small fleet with a dependsOn loop (:mod:`kubesim.scenarios.cycle`).

Environment knobs: ``KUBESIM_RECONCILE_DELAY`` (global delay override, seconds) and
``KUBESIM_LIVING`` (``0``/``1``; force the periodic activity off or on). Living is also off by
default under pytest (``PYTEST_CURRENT_TEST`` set) unless ``KUBESIM_LIVING=1``.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from kubesim.bootstrap import create_system_namespaces
from kubesim.controllers import LIVING_ENV, FluxControllers
from kubesim.crds import FluxLine
from kubesim.scenarios.access import DEMO_TOKENS, install_demo_access
from kubesim.scenarios.cycle import build_cycle
from kubesim.scenarios.demo import build_demo
from kubesim.scenarios.fleet import Fleet, ScenarioError
from kubesim.scenarios.runtime import ScenarioRuntime
from kubesim.scenarios.scale import LARGE_INVENTORY, allocation, build_scale
from kubesim.store import Store

SCALE_PREFIX = "scale:"


def _living_default(scenario_wants: bool) -> bool:
    forced = os.environ.get(LIVING_ENV)
    if forced not in (None, ""):
        return forced.lower() in ("1", "true", "yes", "on")
    if os.environ.get("PYTEST_CURRENT_TEST"):
        return False
    return scenario_wants


def _runtime(
    name: str,
    fleet: Fleet | None,
    store: Store,
    *,
    line: FluxLine = "2.9",
    living: bool = False,
) -> ScenarioRuntime:
    controllers = FluxControllers(store, line=line, living=_living_default(living))
    if fleet is not None:
        for key, script in fleet.scripts.items():
            controllers.set_script(key, script)
    return ScenarioRuntime(name, controllers)


def _empty(store: Store) -> ScenarioRuntime:
    # No Flux, so no Flux controllers: CRDs applied later are served but nothing reconciles.
    create_system_namespaces(store)
    return ScenarioRuntime("empty")


def _demo(store: Store, line: FluxLine, name: str) -> ScenarioRuntime:
    create_system_namespaces(store)
    fleet = Fleet(store, line=line)
    build_demo(fleet)
    runtime = _runtime(name, fleet, store, line=line, living=True)
    runtime.tokens = install_demo_access(store, line)
    return runtime


def _cycle(store: Store) -> ScenarioRuntime:
    create_system_namespaces(store)
    fleet = Fleet(store)
    build_cycle(fleet)
    return _runtime("cycle", fleet, store)


def _scale(store: Store, n: int) -> ScenarioRuntime:
    create_system_namespaces(store)
    fleet = Fleet(store)
    build_scale(fleet, n)
    return _runtime(f"{SCALE_PREFIX}{n}", fleet, store)


SCENARIOS: dict[str, Callable[[Store], ScenarioRuntime]] = {
    "empty": _empty,
    "demo": lambda store: _demo(store, "2.9", "demo"),
    "flux-2.6": lambda store: _demo(store, "2.6", "flux-2.6"),
    "cycle": _cycle,
}


def scenario_names() -> list[str]:
    """Valid names; ``scale:N`` stands for any N >= 1."""
    return [*sorted(SCENARIOS), f"{SCALE_PREFIX}N"]


def parse_scale(name: str) -> int | None:
    """N of ``scale:N``; None for other names; ValueError for a malformed N."""
    if not name.startswith(SCALE_PREFIX):
        return None
    raw = name[len(SCALE_PREFIX) :]
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(
            f"invalid scenario {name!r}: scale:N needs a whole number N >= 1"
        )
    return int(raw)


def apply_scenario(name: str, store: Store) -> ScenarioRuntime:
    """Load scenario ``name`` into ``store``; ``ValueError`` naming the valid ones otherwise."""
    n = parse_scale(name)
    if n is not None:
        return _scale(store, n)
    builder = SCENARIOS.get(name)
    if builder is None:
        raise ValueError(
            f"unknown kubesim scenario {name!r}; valid scenarios: {', '.join(scenario_names())}"
        )
    return builder(store)


__all__ = [
    "DEMO_TOKENS",
    "LARGE_INVENTORY",
    "SCENARIOS",
    "Fleet",
    "ScenarioError",
    "ScenarioRuntime",
    "allocation",
    "apply_scenario",
    "parse_scale",
    "scenario_names",
]
