"""Waiting for an asynchronous system to reach a state, with a hard deadline."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


async def until(
    predicate: Callable[[], bool | Awaitable[bool]],
    within: float = 5.0,
    every: float = 0.01,
) -> None:
    """Poll ``predicate`` until it holds; fail with TimeoutError after ``within`` seconds."""
    async with asyncio.timeout(within):
        while True:
            result = predicate()
            if isinstance(result, Awaitable):
                result = await result
            if result:
                return
            await asyncio.sleep(every)
