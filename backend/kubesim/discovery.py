"""Discovery documents: ``/version``, ``/api``, ``/api/v1``, ``/apis``, ``/apis/{g}``,
``/apis/{g}/{v}`` (the legacy, non-aggregated form, which every client falls back to)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from kubesim.resources import ResourceType

Obj = dict[str, Any]

KUBE_VERSION = {
    "major": "1",
    "minor": "32",
    "gitVersion": "v1.32.4+kubesim",
    "gitCommit": "0000000000000000000000000000000000000000",
    "gitTreeState": "clean",
    "buildDate": "2025-04-22T00:00:00Z",
    "goVersion": "go1.23.8",
    "compiler": "gc",
    "platform": "linux/amd64",
}

_VERSION_RE = re.compile(r"^v(\d+)(?:(alpha|beta)(\d+))?$")


def version_priority(version: str) -> tuple[int, int, int, str]:
    """Sort key: GA before beta before alpha, higher numbers first, others last (A→Z)."""
    match = _VERSION_RE.match(version)
    if match is None:
        return (3, 0, 0, version)
    major = int(match.group(1))
    stage = {None: 0, "beta": 1, "alpha": 2}[match.group(2)]
    minor = int(match.group(3) or 0)
    return (stage, -major, -minor, "")


def _hash(rtype: ResourceType) -> str:
    digest = hashlib.sha256(
        f"{rtype.group}/{rtype.storage_version}/{rtype.plural}".encode()
    ).digest()
    import base64

    return base64.b64encode(digest[:8]).decode()


def api_versions(server_address: str) -> Obj:
    return {
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [
            {"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}
        ],
    }


def group_versions(types: list[ResourceType]) -> dict[str, list[str]]:
    """group → served versions, most preferred first (core group excluded)."""
    groups: dict[str, set[str]] = {}
    for rtype in types:
        if rtype.group == "":
            continue
        groups.setdefault(rtype.group, set()).update(v.name for v in rtype.versions)
    return {
        group: sorted(versions, key=version_priority)
        for group, versions in groups.items()
    }


def _group_entry(group: str, versions: list[str]) -> Obj:
    entries = [{"groupVersion": f"{group}/{v}", "version": v} for v in versions]
    return {"name": group, "versions": entries, "preferredVersion": entries[0]}


def api_group_list(types: list[ResourceType]) -> Obj:
    groups = group_versions(types)
    builtin_order = [t.group for t in types if t.builtin and t.group]
    ordered = list(dict.fromkeys(builtin_order)) + sorted(
        g for g in groups if g not in builtin_order
    )
    return {
        "kind": "APIGroupList",
        "apiVersion": "v1",
        "groups": [_group_entry(g, groups[g]) for g in ordered if g in groups],
    }


def api_group(types: list[ResourceType], group: str) -> Obj | None:
    versions = group_versions(types).get(group)
    if not versions:
        return None
    return {"kind": "APIGroup", "apiVersion": "v1", **_group_entry(group, versions)}


def api_resource_list(
    types: list[ResourceType], group: str, version: str
) -> Obj | None:
    resources: list[Obj] = []
    found = False
    for rtype in types:
        if rtype.group != group:
            continue
        served = rtype.version(version)
        if served is None:
            continue
        found = True
        entry: Obj = {
            "name": rtype.plural,
            "singularName": rtype.singular,
            "namespaced": rtype.namespaced,
            "kind": rtype.kind,
            "verbs": list(rtype.verbs),
        }
        if rtype.short_names:
            entry["shortNames"] = list(rtype.short_names)
        if rtype.categories:
            entry["categories"] = list(rtype.categories)
        if rtype.stored:
            entry["storageVersionHash"] = _hash(rtype)
        resources.append(entry)
        if served.status_subresource:
            resources.append(
                {
                    "name": f"{rtype.plural}/status",
                    "singularName": "",
                    "namespaced": rtype.namespaced,
                    "kind": rtype.kind,
                    "verbs": ["get", "patch", "update"],
                }
            )
    if not found:
        return None
    return {
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": f"{group}/{version}" if group else version,
        "resources": resources,
    }
