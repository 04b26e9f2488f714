"""The health a scenario asks an object to be in; :class:`~kubesim.scenarios.fleet.Fleet`
produces the matching status with the simulated controllers' own logic."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ready:
    """Reconciled successfully (the default)."""


@dataclass(frozen=True)
class Unknown:
    """Never reconciled yet: no conditions ("waiting to be reconciled")."""


@dataclass(frozen=True)
class Progressing:
    """A reconcile is running now: Ready=Unknown/Progressing and Reconciling=True.

    ``previously_ready``: the object had reconciled before (it has an artifact/history).
    """

    previously_ready: bool = True


@dataclass(frozen=True)
class Failed:
    """Ready=False with this reason and message; reconciles keep failing the same way
    (a fail script is registered) unless ``sticky`` is False.

    ``count`` is how many Warning events the failure has produced so far.
    """

    reason: str
    message: str
    previously_ready: bool = True
    sticky: bool = True
    count: int = 5


@dataclass(frozen=True)
class Stalled:
    """Stalled=True after ``attempts`` failed attempts with Ready=False ``reason``/``message``
    (a HelmRelease: Stalled ``RetriesExceeded`` "Failed to upgrade after N attempt(s)");
    stays stalled until a reset or a new generation, then reconciles normally."""

    reason: str
    message: str
    attempts: int = 4


@dataclass(frozen=True)
class DependencyNotReady:
    """Ready=False/DependencyNotReady, computed from the object's real ``dependsOn``: the
    fleet checks that a dependency is indeed not ready."""

    previously_ready: bool = True


State = Ready | Unknown | Progressing | Failed | Stalled | DependencyNotReady

READY = Ready()
UNKNOWN = Unknown()
