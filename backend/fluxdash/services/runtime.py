"""The running state of one fluxdash process: which cluster, and whether the cache is synced.

Later layers (cache, watchers, actions) hang off this object; the API reaches it via deps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ClusterMode = Literal["kubeconfig", "incluster", "embedded", "none"]


@dataclass
class Runtime:
    mode: ClusterMode = "none"
    server: str | None = None
    message: str = "no cluster configured"
    synced: bool = False
    extras: dict[str, object] = field(default_factory=dict)

    def readiness(self) -> tuple[bool, str]:
        if self.mode == "none":
            return False, self.message
        if not self.synced:
            return False, "cache not synced yet"
        return True, "cache synced"
