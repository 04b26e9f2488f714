"""The client side of the WebSocket benchmark, in its own process (kept light on imports).

``python -m tests.bench.ws_clients URL COUNT [NAMESPACE]``: connects COUNT clients, each
subscribed to the Kustomizations of NAMESPACE (default: the bench namespace), prints ``READY`` once every snapshot arrived, records the
latency of every ``bench:<seq>:<unix time>`` row it receives, and on a ``STOP`` line on stdin
prints ``{"latencies": [ms, ...]}`` and exits.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

import orjson
from websockets.asyncio.client import connect

NAMESPACE = "bench"
CONNECT_BATCH = 50


async def _client(
    url: str, index: int, ready: asyncio.Event, out: list[float], namespace: str
) -> None:
    compression = None if os.environ.get("BENCH_WS_NO_DEFLATE") else "deflate"
    async with connect(
        url, proxy=None, max_size=None, open_timeout=60, compression=compression
    ) as ws:
        subscribe = {
            "type": "subscribe",
            "id": f"c{index}",
            "namespace": namespace,
            "kinds": ["kustomizations"],
        }
        await ws.send(orjson.dumps(subscribe).decode())
        async for text in ws:
            frame = orjson.loads(text)
            kind = frame["type"]
            if kind == "snapshot":
                ready.set()
            elif kind == "changes":
                now = time.time()
                for row in frame["upserts"]:
                    message = row.get("message", "")
                    if message.startswith("bench:"):
                        out.append((now - float(message.split(":")[2])) * 1000)


async def _worker(url: str, count: int, namespace: str) -> None:
    latencies: list[float] = []
    tasks: list[asyncio.Task[None]] = []
    for start in range(0, count, CONNECT_BATCH):
        batch = []
        for index in range(start, min(count, start + CONNECT_BATCH)):
            ready = asyncio.Event()
            tasks.append(
                asyncio.create_task(_client(url, index, ready, latencies, namespace))
            )
            batch.append(ready.wait())
        await asyncio.wait_for(asyncio.gather(*batch), 120)
    print("READY", flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.readline)  # STOP
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(json.dumps({"latencies": latencies}), flush=True)


if __name__ == "__main__":
    asyncio.run(
        _worker(
            sys.argv[1],
            int(sys.argv[2]),
            sys.argv[3] if len(sys.argv) > 3 else NAMESPACE,
        )
    )
