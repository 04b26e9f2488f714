"""Request counts by (verb, group, plural), so tests can assert what a client asked for."""

from __future__ import annotations

import threading
from collections import Counter


class RequestStats:
    """Counts API requests; verbs are kube's (get, list, watch, create, update, patch,
    delete, deletecollection) plus ``discovery`` for discovery documents."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str, str]] = Counter()

    def record(self, verb: str, group: str = "", plural: str = "") -> None:
        with self._lock:
            self._counts[(verb, group, plural)] += 1

    def count(
        self,
        verb: str | None = None,
        group: str | None = None,
        plural: str | None = None,
    ) -> int:
        """Requests matching every given field (``None`` matches anything)."""
        with self._lock:
            return sum(
                n
                for (v, g, p), n in self._counts.items()
                if (verb is None or v == verb)
                and (group is None or g == group)
                and (plural is None or p == plural)
            )

    @property
    def total(self) -> int:
        return self.count()

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()

    def snapshot(self) -> dict[str, int]:
        """``{"list kustomize.toolkit.fluxcd.io/kustomizations": 3, ...}``."""
        with self._lock:
            return {
                f"{verb} {group + '/' if group else ''}{plural}".rstrip(): n
                for (verb, group, plural), n in sorted(self._counts.items())
            }
