"""Which cluster to watch: kubeconfig, in-cluster, or the embedded kubesim (app wiring).

`Settings.cluster_mode`:
- `auto`: a kubeconfig when one is found (`FLUXDASH_KUBECONFIG`, `$KUBECONFIG`,
  `~/.kube/config`), else in-cluster configuration, else the embedded demo cluster;
- `kubeconfig` / `incluster` / `embedded`: exactly that;
- `none`: no cluster (the API says so; nothing crashes).

A configuration that is found but broken is reported (mode kept, no client), never silently
replaced by the demo cluster.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from fluxdash.errors import AppError
from fluxdash.kube.client import (
    KubeClient,
    default_kubeconfig_paths,
    incluster_available,
)
from fluxdash.services.runtime import ClusterMode
from fluxdash.settings import Settings

log = logging.getLogger("fluxdash.connection")


async def _nothing() -> None:
    return None


@dataclass
class Connection:
    mode: ClusterMode
    client: KubeClient | None
    message: str
    scenario: str | None = None
    close: Callable[[], Awaitable[None]] = field(default=_nothing)


async def _from_kubeconfig(settings: Settings) -> Connection:
    paths = [settings.kubeconfig] if settings.kubeconfig else default_kubeconfig_paths()
    existing = [p for p in paths if p.is_file()] or paths
    joined = os.pathsep.join(str(p) for p in existing)
    try:
        client = await KubeClient.from_kubeconfig(joined, settings.context)
    except AppError as exc:
        log.error("kubeconfig unusable", extra={"error": exc.detail})
        return Connection("kubeconfig", None, exc.detail)
    context = f" (context {client.context})" if client.context else ""
    return Connection(
        "kubeconfig",
        client,
        f"watching {client.server} from kubeconfig{context}",
        close=client.close,
    )


def _from_incluster() -> Connection:
    try:
        client = KubeClient.from_incluster()
    except AppError as exc:
        log.error("in-cluster configuration unusable", extra={"error": exc.detail})
        return Connection("incluster", None, exc.detail)
    return Connection(
        "incluster",
        client,
        f"watching {client.server} (in-cluster)",
        close=client.close,
    )


async def _embedded(settings: Settings) -> Connection:
    from kubesim.server import (
        ThreadedKubeSim,  # the CLI-style exception to the layering
    )

    scenario = settings.demo_scenario
    sim = ThreadedKubeSim(scenario=scenario)
    try:
        await asyncio.to_thread(sim.start)
    except (ValueError, OSError, RuntimeError, TimeoutError) as exc:
        log.error("embedded cluster failed to start", extra={"error": str(exc)})
        return Connection(
            "embedded", None, f"the embedded cluster failed to start: {exc}"
        )
    client = await KubeClient.from_kubeconfig_dict(sim.kubeconfig())

    async def close() -> None:
        await client.close()
        sim.stop()

    message = (
        f"no kubeconfig or in-cluster configuration: serving the embedded demo cluster "
        f"(kubesim, scenario {scenario!r}) at {sim.url}"
    )
    log.warning(message)
    return Connection("embedded", client, message, scenario=scenario, close=close)


def _kubeconfig_present(settings: Settings) -> bool:
    if settings.kubeconfig is not None:
        return True
    return any(p.is_file() for p in default_kubeconfig_paths())


async def connect(settings: Settings) -> Connection:
    """Decide the cluster per `settings.cluster_mode` and build its client."""
    mode = settings.cluster_mode
    if mode == "none":
        return Connection("none", None, "cluster mode is `none`: no cluster is watched")
    if mode == "kubeconfig" or (mode == "auto" and _kubeconfig_present(settings)):
        return await _from_kubeconfig(settings)
    if mode == "incluster" or (mode == "auto" and incluster_available()):
        return _from_incluster()
    return await _embedded(settings)
