"""List-then-watch in kopf's three layers.

* :func:`watch_forever` never returns: it retries with exponential backoff and jitter, honours
  ``Retry-After`` on 429, and reports trouble and recovery as items in the stream.
* :func:`list_then_watch` lists (paged), yields a :class:`Snapshot`, then watches from the LIST's
  resourceVersion with bookmarks, a server timeout and a client read timeout. On 410 (at connect
  or as an in-stream ``ERROR``) it returns with the cursor cleared so the outer loop lists THAT
  resource again. It also returns (cursor cleared) at the jittered periodic relist deadline.
* :meth:`KubeClient.open_watch` is the one streaming call.

resourceVersions are opaque strings: stored, passed back, compared for nothing. A watch resumes
from the last resourceVersion the *stream* (or the LIST) reported, never from a listed item's.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any

from fluxdash.errors import (
    AppError,
    Forbidden,
    KubeError,
    KubeUnavailable,
    TooManyRequests,
)
from fluxdash.kube.client import KubeClient, WatchEvent
from fluxdash.kube.errors import (
    RequestContext,
    ResourceVersionExpired,
    error_from_status,
)
from fluxdash.kube.resource import ApiResource

log = logging.getLogger("fluxdash.kube.watch")

_MAX_RETRY_AFTER = 300.0
_SHORT_WATCH = 1.0  # a watch that ends this fast without an event counts as a failure
_STABLE_WATCH = 10.0  # a watch that lived this long resets the failure count


@dataclass(frozen=True, slots=True)
class WatchPolicy:
    """Timeouts and retry policy (from Settings; data, not code)."""

    server_timeout_seconds: int = 290
    read_timeout_seconds: float = 330.0
    relist_interval_seconds: float = 1800.0
    backoff_initial_seconds: float = 0.5
    backoff_max_seconds: float = 30.0
    page_size: int = 500

    @classmethod
    def from_settings(cls, settings: Any) -> WatchPolicy:
        return cls(
            server_timeout_seconds=settings.watch_timeout_seconds,
            read_timeout_seconds=settings.watch_read_timeout_seconds,
            relist_interval_seconds=settings.relist_interval_seconds,
            backoff_initial_seconds=settings.backoff_initial_seconds,
            backoff_max_seconds=settings.backoff_max_seconds,
            page_size=settings.list_page_size,
        )

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Delay before retry number ``attempt`` (1-based): exponential, capped, equal jitter."""
        base = min(
            self.backoff_max_seconds,
            self.backoff_initial_seconds * (2 ** max(0, attempt - 1)),
        )
        return float(base / 2 + rng.uniform(0, base / 2))

    def server_timeout(self, rng: random.Random) -> int:
        return max(1, round(self.server_timeout_seconds * rng.uniform(0.8, 1.0)))

    def relist_after(self, rng: random.Random) -> float:
        return self.relist_interval_seconds * rng.uniform(0.85, 1.15)


@dataclass(frozen=True, slots=True)
class Selectors:
    namespace: str | None = None
    label_selector: str | None = None
    field_selector: str | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The full current state of the resource (after a LIST): replace everything held."""

    items: list[dict[str, Any]]
    resource_version: str


@dataclass(frozen=True, slots=True)
class Connected:
    """A watch is established: the held state is live again (after trouble, without a relist)."""


@dataclass(frozen=True, slots=True)
class WatchTrouble:
    """The list or watch failed; retrying in ``retry_in`` seconds. Held state may be stale."""

    error: AppError
    retry_in: float
    attempt: int


WatchItem = Snapshot | WatchEvent | Connected | WatchTrouble


@dataclass(slots=True)
class WatchCursor:
    """Where the stream is: the resourceVersion to resume from, or None to list again."""

    resource_version: str | None = None
    established: bool = field(default=False)
    connected_at: float = field(default=0.0)


def _event_rv(event: WatchEvent) -> str | None:
    meta = event.object.get("metadata")
    if isinstance(meta, dict):
        rv = meta.get("resourceVersion")
        if isinstance(rv, str) and rv:
            return rv
    return None


async def list_then_watch(
    client: KubeClient,
    resource: ApiResource,
    policy: WatchPolicy,
    cursor: WatchCursor,
    *,
    selectors: Selectors | None = None,
    rng: random.Random | None = None,
) -> AsyncGenerator[Snapshot | WatchEvent | Connected, None]:
    """List (unless the cursor can resume), then watch until 410 or the relist deadline."""
    rng = rng or random.Random()
    selectors = selectors or Selectors()
    loop = asyncio.get_running_loop()
    cursor.established = False
    if cursor.resource_version is None:
        result = await client.list_all(
            resource,
            namespace=selectors.namespace,
            page_size=policy.page_size,
            label_selector=selectors.label_selector,
            field_selector=selectors.field_selector,
        )
        cursor.resource_version = result.resource_version
        yield Snapshot(result.items, result.resource_version)
    relist_at = loop.time() + policy.relist_after(rng)
    ctx = RequestContext(
        "watch", resource.qualified_name, selectors.namespace, server=client.server
    )
    while True:
        remaining = relist_at - loop.time()
        if remaining <= 0:
            log.debug("periodic relist", extra={"resource": resource.qualified_name})
            cursor.resource_version = None
            return
        timeout = max(1, min(policy.server_timeout(rng), int(remaining) + 1))
        try:
            stream = await client.open_watch(
                resource,
                resource_version=cursor.resource_version or "",
                timeout_seconds=timeout,
                read_timeout=max(policy.read_timeout_seconds, timeout + 5.0),
                namespace=selectors.namespace,
                label_selector=selectors.label_selector,
                field_selector=selectors.field_selector,
            )
        except ResourceVersionExpired:
            cursor.resource_version = None
            return
        started = loop.time()
        seen = 0
        cursor.established = True
        cursor.connected_at = started
        yield Connected()
        async with stream:
            async for event in stream:
                seen += 1
                if event.type == "ERROR":
                    code = event.object.get("code")
                    if code == 410:
                        cursor.resource_version = None
                        return
                    raise error_from_status(
                        int(code) if isinstance(code, int) else 500, event.object, ctx
                    )
                rv = _event_rv(event)
                if rv is not None:
                    cursor.resource_version = rv
                if event.type == "BOOKMARK":
                    continue
                yield event
        if seen == 0 and loop.time() - started < _SHORT_WATCH:
            raise KubeUnavailable(
                f"the watch of {resource.qualified_name} closed at once"
            )


async def watch_forever(
    client: KubeClient,
    resource: ApiResource,
    policy: WatchPolicy,
    *,
    selectors: Selectors | None = None,
    rng: random.Random | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> AsyncGenerator[WatchItem, None]:
    """Keep ``resource`` in sync forever; ends only when cancelled (or the consumer stops).

    Yields snapshots and events to apply, :class:`Connected` when live, and
    :class:`WatchTrouble` before each backoff so the consumer can show the state as degraded.
    """
    rng = rng or random.Random()
    loop = asyncio.get_running_loop()
    cursor = WatchCursor()
    failures = 0
    expired_in_a_row = 0
    while True:
        try:
            async with aclosing(
                list_then_watch(
                    client, resource, policy, cursor, selectors=selectors, rng=rng
                )
            ) as items:
                async for item in items:
                    if isinstance(item, Snapshot | WatchEvent):
                        failures = 0
                        expired_in_a_row = 0
                    yield item
            continue  # 410 or periodic relist: list again at once
        except asyncio.CancelledError:
            raise
        except ResourceVersionExpired as exc:
            # an expired continue token while paging: list again from scratch (once at once)
            cursor.resource_version = None
            expired_in_a_row += 1
            if expired_in_a_row == 1:
                continue
            error: AppError = exc
        except AppError as exc:
            error = exc
        except Exception as exc:  # a bug or an unmapped failure: keep going, loudly
            log.exception(
                "unexpected watch failure", extra={"resource": resource.qualified_name}
            )
            error = KubeError(
                f"unexpected failure watching {resource.qualified_name}: {exc!r}"
            )
        was_live = cursor.established
        cursor.established = False
        if was_live and loop.time() - cursor.connected_at >= _STABLE_WATCH:
            failures = 0  # it had worked for a while: this is a fresh failure
        failures += 1
        if isinstance(error, Forbidden):
            # keep serving what a LIST may show: poll by listing on each retry
            cursor.resource_version = None
        if failures == 1 and was_live and not isinstance(error, TooManyRequests):
            # a live watch broke (dropped connection): resume at once, quietly
            log.info(
                "watch interrupted; resuming",
                extra={"resource": resource.qualified_name, "error": error.detail},
            )
            continue
        delay = policy.backoff(failures, rng)
        if isinstance(error, TooManyRequests) and error.retry_after is not None:
            delay = max(delay, min(error.retry_after, _MAX_RETRY_AFTER))
        log.warning(
            "watch failed; retrying",
            extra={
                "resource": resource.qualified_name,
                "error": error.detail,
                "retry_in": round(delay, 3),
                "attempt": failures,
            },
        )
        yield WatchTrouble(error, delay, failures)
        await sleep(delay)
