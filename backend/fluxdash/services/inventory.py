"""Inventory entry ids (FLUX.md §5.3): `<namespace>_<name>_<group>_<kind>` plus `v`.

Parsed like fluxcd/cli-utils `ParseObjMetadata`: namespace up to the first `_` (empty for
cluster-scoped objects), kind after the last `_`, group between the last two (empty for the
core group), the rest is the name with `__` turned back into `:` (RBAC names such as
`system:controller:x` are stored as `system__controller__x`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fluxdash.models.base import Inventory, InventoryEntry
from fluxdash.models.keys import ObjectKey
from fluxdash.models.kinds import KindInfo, find_kind

_SEP = "_"
_COLON_ENCODED = "__"


class InventoryIdError(ValueError):
    """An inventory id that does not have the `<ns>_<name>_<group>_<kind>` shape."""


@dataclass(frozen=True, slots=True)
class InventoryRef:
    namespace: str
    name: str
    group: str
    kind: str
    version: str

    @property
    def api_version(self) -> str:
        """`group/version`, or just `version` for the core group (`v1`)."""
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def key(self) -> ObjectKey:
        return ObjectKey(self.kind, self.namespace, self.name)

    @property
    def id(self) -> str:
        """`Kind/namespace/name`, or `Kind/name` when cluster-scoped (as `flux tree` prints)."""
        return self.key.id

    @property
    def cluster_scoped(self) -> bool:
        return self.namespace == ""

    @property
    def flux_kind(self) -> KindInfo | None:
        """The Flux kind of this entry (matching kind *and* API group), else None."""
        return find_kind(self.kind, self.group)


def parse_inventory_id(entry_id: str, version: str = "") -> InventoryRef:
    """Parse one inventory id; raises InventoryIdError when it is malformed."""
    index = entry_id.find(_SEP)
    if index == -1:
        raise InventoryIdError(f"unable to parse inventory id: {entry_id!r}")
    namespace, rest = entry_id[:index], entry_id[index + 1 :]
    index = rest.rfind(_SEP)
    if index == -1:
        raise InventoryIdError(f"unable to parse inventory id: {entry_id!r}")
    kind, rest = rest[index + 1 :], rest[:index]
    index = rest.rfind(_SEP)
    if index == -1:
        raise InventoryIdError(f"unable to parse inventory id: {entry_id!r}")
    group, name = rest[index + 1 :], rest[:index]
    name = name.replace(_COLON_ENCODED, ":")
    if _SEP in name or not name or not kind:
        raise InventoryIdError(f"unable to parse inventory id: {entry_id!r}")
    return InventoryRef(namespace, name, group, kind, version)


def flux_plural_of(ref: InventoryRef) -> str | None:
    """The lowercase plural when the entry is a Flux object (to link it), else None."""
    info = ref.flux_kind
    return info.plural if info else None


@dataclass(frozen=True, slots=True)
class ParsedInventory:
    refs: tuple[InventoryRef, ...]
    """Valid entries, in stored (apply) order."""
    invalid: tuple[str, ...]
    """Ids that could not be parsed."""

    @property
    def flux_refs(self) -> tuple[InventoryRef, ...]:
        return tuple(ref for ref in self.refs if ref.flux_kind is not None)


def parse_inventory(
    inventory: Inventory | Iterable[InventoryEntry] | None,
) -> ParsedInventory:
    """Parse all entries of an inventory, keeping their order and reporting bad ids."""
    if inventory is None:
        return ParsedInventory((), ())
    entries = inventory.entries if isinstance(inventory, Inventory) else inventory
    refs: list[InventoryRef] = []
    invalid: list[str] = []
    for entry in entries:
        try:
            refs.append(parse_inventory_id(entry.id, entry.v))
        except InventoryIdError:
            invalid.append(entry.id)
    return ParsedInventory(tuple(refs), tuple(invalid))
