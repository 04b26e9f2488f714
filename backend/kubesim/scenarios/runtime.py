"""What a loaded scenario leaves running: its simulated Flux controllers, and the knobs tests
and benchmarks use (scripts, global delay, living activity)."""

from __future__ import annotations

from kubesim.controllers import Failure, FluxControllers, ObjectKey, Script


class ScenarioRuntime:
    """Returned by ``apply_scenario``; ``start()``/``stop()`` run the controllers on the loop.

    Scripting works before ``start()`` too (scenarios register their scripts at load time).
    """

    def __init__(
        self,
        name: str,
        controllers: FluxControllers | None = None,
        tokens: dict[str, tuple[str, list[str]]] | None = None,
    ) -> None:
        self.name = name
        self.controllers = controllers
        # Bearer tokens kubesim accepts for this scenario: token -> (user, groups).
        self.tokens: dict[str, tuple[str, list[str]]] = dict(tokens or {})

    async def start(self) -> None:
        """Start the scenario's controllers as tasks of the current event loop."""
        if self.controllers is not None:
            await self.controllers.start()

    async def stop(self) -> None:
        """Stop everything :meth:`start` started."""
        if self.controllers is not None:
            await self.controllers.stop()

    def _require(self) -> FluxControllers:
        if self.controllers is None:
            raise RuntimeError(f"scenario {self.name!r} runs no simulated controllers")
        return self.controllers

    # -- knobs for tests and benchmarks ------------------------------------------------------
    def script(
        self,
        kind: str,
        namespace: str,
        name: str,
        *,
        delay: float | None = None,
        fail: Failure | dict[str, str] | bool | None = None,
        stall: Failure | dict[str, str] | bool | None = None,
        flaky: Failure | dict[str, str] | bool | None = None,
    ) -> Script:
        """Script how the controllers treat one object from now on (replaces its script).

        ``fail``/``stall``/``flaky``: ``True`` for the kind's usual failure, or
        ``{"reason": ..., "message": ...}``. An object annotation
        ``kubesim.fluxdash.io/script`` takes precedence over this.
        """
        return self._require().script(
            kind, namespace, name, delay=delay, fail=fail, stall=stall, flaky=flaky
        )

    def clear_script(self, kind: str, namespace: str, name: str) -> None:
        self._require().clear_script(kind, namespace, name)

    def scripts(self) -> dict[ObjectKey, Script]:
        return self._require().scripts

    def set_delay(self, seconds: float | None) -> None:
        """Global reconcile delay (0 for tests and benchmarks; None for the kinds' defaults).
        A per-object scripted delay still wins."""
        self._require().delay_override = seconds

    def set_living(
        self, enabled: bool, interval: tuple[float, float] | None = None
    ) -> None:
        """Turn the periodic activity (new revisions, flaky flips) on or off."""
        self._require().set_living(enabled, interval)

    def publish(self, kind: str, namespace: str, name: str) -> None:
        """Make a source publish a new revision now (its consumers follow). Needs ``start()``."""
        self._require().publish(kind, namespace, name)

    def request(self, kind: str, namespace: str, name: str) -> None:
        """Reconcile one object now, as its interval would. Needs ``start()``."""
        self._require().request(kind, namespace, name)

    async def wait_idle(self) -> None:
        """Wait until no simulated reconcile is queued or running."""
        await self._require().wait_idle()
