"""The running state of one fluxdash process: which cluster, its cache and its watches.

Later layers (actions, WebSocket, graph) hang off this object; the API reaches it via deps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from fluxdash.kube.client import KubeClient
from fluxdash.services.actions import ActionService
from fluxdash.services.cache import FluxCache
from fluxdash.services.sync import ClusterSync

ClusterMode = Literal["kubeconfig", "incluster", "embedded", "none"]


@dataclass
class Runtime:
    mode: ClusterMode = "none"
    server: str | None = None
    context: str | None = None
    message: str = "no cluster configured"
    scenario: str | None = None
    """The embedded cluster's scenario (mode `embedded` only)."""
    cache: FluxCache | None = None
    sync: ClusterSync | None = None
    kube: KubeClient | None = None
    actions: ActionService | None = None
    """Created on first use by ``api.deps`` once ``cache`` and ``kube`` are set."""
    extras: dict[str, object] = field(default_factory=dict)

    @property
    def synced(self) -> bool:
        return self.cache is not None and self.cache.synced

    def readiness(self) -> tuple[bool, str]:
        """(ready, why): ready when every available Flux kind is listed and live."""
        if self.mode == "none":
            return False, self.message
        if self.cache is None:
            return False, "not connected to a cluster yet"
        cache = self.cache
        if not cache.discovered:
            sync = self.sync
            trouble = sync.troubles.get("crds") if sync is not None else None
            if trouble is not None:
                return False, f"cannot discover Flux kinds: {trouble.error.detail}"
            return False, "discovering the Flux kinds the cluster serves"
        states = {p: s for p, s in cache.kinds_state.items() if s.available}
        failing = {p: s.error for p, s in states.items() if s.error}
        if failing:
            plural, error = next(iter(failing.items()))
            more = f" (and {len(failing) - 1} more kinds)" if len(failing) > 1 else ""
            return False, f"degraded: watching {plural} fails: {error}{more}"
        pending = [p for p, s in states.items() if not s.synced]
        if pending:
            return False, f"syncing {', '.join(pending)}"
        if not states:
            return True, "Flux is not installed; nothing to sync"
        return True, f"cache synced: {len(cache)} Flux objects of {len(states)} kinds"
