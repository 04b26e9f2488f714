"""The slice of kubesim's Store that scenarios and simulated controllers use.

Kept as a Protocol so this package depends on behaviour, not on the Store class (unit tests
of pure pieces can pass a small fake).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, Protocol

Obj = dict[str, Any]


class WatchEventLike(Protocol):
    @property
    def type(self) -> Literal["ADDED", "MODIFIED", "DELETED"]: ...
    @property
    def group(self) -> str: ...
    @property
    def plural(self) -> str: ...
    @property
    def obj(self) -> Obj: ...
    @property
    def old(self) -> Obj | None: ...


class StoreAPI(Protocol):
    def create(self, group: str, plural: str, obj: Obj) -> Obj: ...
    def get(
        self, group: str, plural: str, namespace: str | None, name: str
    ) -> Obj | None: ...
    def list(
        self, group: str, plural: str, namespace: str | None = None
    ) -> list[Obj]: ...
    def update(
        self, group: str, plural: str, obj: Obj, *, subresource: str | None = None
    ) -> Obj: ...
    def patch(
        self,
        group: str,
        plural: str,
        namespace: str | None,
        name: str,
        patch: Any,
        *,
        patch_type: str = "merge",
        subresource: str | None = None,
    ) -> Obj: ...
    def delete(
        self, group: str, plural: str, namespace: str | None, name: str
    ) -> Obj | None: ...
    def subscribe(self, callback: Callable[[Any], None]) -> Callable[[], None]: ...
