"""`/cluster`: the connection, Flux discovery and sync state, in one report."""

from __future__ import annotations

from fluxdash.models.api_views import (
    ClusterInfo,
    ControllerInfo,
    KindAvailability,
    WatchInfo,
)
from fluxdash.models.kinds import KINDS
from fluxdash.services.discovery import INSTALL_HINT, flux_controllers, flux_version
from fluxdash.services.runtime import Runtime

_AUX_WATCHES = ("customresourcedefinitions", "events", "deployments")


def describe_cluster(runtime: Runtime) -> ClusterInfo:
    _, ready_detail = runtime.readiness()
    cache, sync = runtime.cache, runtime.sync
    if cache is None:
        return ClusterInfo(
            mode=runtime.mode,
            connected=False,
            server=runtime.server,
            context=runtime.context,
            message=runtime.message,
            scenario=runtime.scenario,
            synced=False,
            degraded=False,
            ready_detail=ready_detail,
        )
    states = cache.kinds_state
    kinds = [
        KindAvailability(
            kind=info.kind,
            plural=info.plural,
            group=info.group,
            served_version=states[info.plural].served_version,
            known_versions=list(info.versions),
            available=states[info.plural].available,
            reason=states[info.plural].reason,
            synced=states[info.plural].synced,
            error=states[info.plural].error,
            count=cache.count(info.plural),
        )
        for info in KINDS
    ]
    installed = any(k.available for k in kinds) if cache.discovered else None
    workloads = cache.workloads()
    controllers = flux_controllers(workloads)
    connected = sync.connected if sync is not None else False
    watches = [
        WatchInfo(name=name, synced=state.synced, error=state.error)
        for name in _AUX_WATCHES
        if (state := cache.aux.get(name)) is not None
    ]
    degraded = bool(sync is not None and sync.troubles) or any(
        k.error for k in kinds if k.available
    )
    return ClusterInfo(
        mode=runtime.mode,
        connected=connected,
        server=runtime.server,
        context=runtime.context,
        message=runtime.message,
        scenario=runtime.scenario,
        kubernetes_version=sync.kubernetes_version if sync is not None else None,
        flux_installed=installed,
        flux_version=flux_version(workloads, controllers) if installed else None,
        install_hint=INSTALL_HINT if installed is False else None,
        controllers=[
            ControllerInfo(
                name=c.name,
                namespace=c.namespace,
                image=c.image,
                version=c.version,
                ready=c.ready,
                replicas=c.replicas,
                ready_replicas=c.ready_replicas,
            )
            for c in controllers
        ],
        kinds=kinds,
        watches=watches,
        discovery="api"
        if sync is not None and sync.discovery_mode == "api"
        else "crds",
        synced=cache.synced,
        degraded=degraded,
        ready_detail=ready_detail,
        objects=len(cache),
    )
