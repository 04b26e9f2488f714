"""``cycle``: a tiny fleet whose Kustomizations depend on each other in a loop
(flux-system/cycle-a → cycle-b → cycle-c → cycle-a), plus a healthy chain
(flux-system/chain-base ← chain-middle ← chain-top), for dependency-graph tests.

Every member of the loop is Failed DependencyNotReady (none can ever become ready)."""

from __future__ import annotations

from datetime import timedelta

from kubesim.scenarios import objects as o
from kubesim.scenarios.fleet import Fleet
from kubesim.scenarios.install import FLUX_NAMESPACE, install_flux
from kubesim.scenarios.states import Failed


def build_cycle(fleet: Fleet) -> None:
    install_flux(fleet.store, fleet.line, at=fleet.ago(days=1))
    ns = FLUX_NAMESPACE
    repo = fleet.add(
        o.git_repository(ns, "flux-system", url="https://github.com/acme/cycle")
    )
    base = fleet.add(o.kustomization(ns, "chain-base", source=repo, path="./base"))
    middle = fleet.add(
        o.kustomization(
            ns, "chain-middle", source=repo, path="./middle", depends=[base]
        )
    )
    fleet.add(
        o.kustomization(ns, "chain-top", source=repo, path="./top", depends=[middle])
    )
    names = ("cycle-a", "cycle-b", "cycle-c")
    for index, name in enumerate(names):
        after = names[(index + 1) % len(names)]
        spec = o.kustomization(ns, name, source=repo, path=f"./{name}")
        spec["spec"]["dependsOn"] = [{"name": after}]
        fleet.add(
            spec,
            state=Failed(
                "DependencyNotReady",
                f"dependency '{ns}/{after}' is not ready",
                previously_ready=False,
                sticky=False,
            ),
            age=timedelta(seconds=30),
        )
