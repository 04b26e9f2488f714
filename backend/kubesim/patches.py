"""Patch formats: JSON merge patch (RFC 7386), JSON patch (RFC 6902), strategic merge.

Strategic merge patch is accepted for built-in kinds only (custom resources answer 415,
as kube-apiserver does).  It is the JSON merge patch plus the rules kubectl relies on:
lists whose Go type declares a ``patchMergeKey`` are merged by that key (containers by
``name``, conditions by ``type``, …), ``$patch: delete|replace`` directives, and
``$deleteFromPrimitiveList/<field>`` / ``$setElementOrder/<field>`` keys.
"""

from __future__ import annotations

import copy
from typing import Any

from kubesim.errors import BadRequest, Invalid

MERGE_KEYS: dict[str, str] = {
    "containers": "name",
    "initContainers": "name",
    "ephemeralContainers": "name",
    "env": "name",
    "ports": "containerPort",
    "volumeMounts": "mountPath",
    "volumes": "name",
    "volumeDevices": "devicePath",
    "imagePullSecrets": "name",
    "conditions": "type",
    "ownerReferences": "uid",
    "tolerations": "key",
    "hostAliases": "ip",
    "topologySpreadConstraints": "topologyKey",
    "secrets": "name",
}
"""Field name → merge key for list fields of the built-in kinds kubesim serves."""

SET_LISTS = {"finalizers"}
"""Primitive lists merged as sets (``patchStrategy: merge`` without a key)."""


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: objects merge recursively, ``null`` deletes, everything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict):
            result[key] = merge_patch(result.get(key), value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def strategic_merge_patch(target: Any, patch: Any) -> Any:
    """Strategic merge for built-in kinds (see module docstring)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if patch.get("$patch") == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    if patch.get("$patch") == "delete":
        return None
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if (
            key == "$patch"
            or key.startswith("$setElementOrder/")
            or key.startswith("$retainKeys")
        ):
            continue
        if key.startswith("$deleteFromPrimitiveList/"):
            field = key.split("/", 1)[1]
            current = result.get(field)
            if isinstance(current, list) and isinstance(value, list):
                result[field] = [item for item in current if item not in value]
            continue
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict):
            merged = strategic_merge_patch(result.get(key), value)
            if merged is None:
                result.pop(key, None)
            else:
                result[key] = merged
        elif isinstance(value, list) and key in MERGE_KEYS:
            result[key] = _merge_keyed_list(result.get(key), value, MERGE_KEYS[key])
        elif isinstance(value, list) and key in SET_LISTS:
            current = result.get(key)
            merged_set = list(current) if isinstance(current, list) else []
            for item in value:
                if item not in merged_set:
                    merged_set.append(item)
            result[key] = merged_set
        else:
            result[key] = copy.deepcopy(value)
    return result


def _merge_keyed_list(current: Any, patch: list[Any], key: str) -> list[Any]:
    items = (
        [copy.deepcopy(item) for item in current] if isinstance(current, list) else []
    )
    if any(isinstance(p, dict) and p.get("$patch") == "replace" for p in patch):
        return [
            copy.deepcopy(p)
            for p in patch
            if not (isinstance(p, dict) and "$patch" in p)
        ]
    for entry in patch:
        if not isinstance(entry, dict) or key not in entry:
            items.append(copy.deepcopy(entry))
            continue
        idx = next(
            (
                i
                for i, item in enumerate(items)
                if isinstance(item, dict) and item.get(key) == entry[key]
            ),
            None,
        )
        if entry.get("$patch") == "delete":
            if idx is not None:
                items.pop(idx)
            continue
        if idx is None:
            items.append(
                {k: copy.deepcopy(v) for k, v in entry.items() if k != "$patch"}
            )
        else:
            items[idx] = strategic_merge_patch(items[idx], entry)
    return items


# ------------------------------------------------------------------ JSON patch


def _unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _split_pointer(pointer: Any) -> list[str]:
    if not isinstance(pointer, str):
        raise BadRequest(f"invalid JSON patch path {pointer!r}")
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise BadRequest(f"JSON pointer must start with '/': {pointer!r}")
    return [_unescape_token(t) for t in pointer[1:].split("/")]


def _rejected(message: str) -> Invalid:
    return Invalid(
        f"the server rejected our request due to an error in our request: {message}",
        causes=[{"message": message}],
    )


def _parent(doc: Any, tokens: list[str], path: str) -> Any:
    node = doc
    for token in tokens[:-1]:
        if isinstance(node, dict):
            if token not in node:
                raise _rejected(f'doc is missing path: "{path}": missing value')
            node = node[token]
        elif isinstance(node, list):
            node = node[_index(node, token, path, allow_end=False)]
        else:
            raise _rejected(f'doc is missing path: "{path}": missing value')
    return node


def _index(node: list[Any], token: str, path: str, *, allow_end: bool) -> int:
    if token == "-" and allow_end:
        return len(node)
    if not token.isdigit() or (len(token) > 1 and token.startswith("0")):
        raise _rejected(f'invalid array index {token!r} in "{path}"')
    idx = int(token)
    limit = len(node) if allow_end else len(node) - 1
    if idx > limit:
        raise _rejected(f'unable to access invalid index: {idx} in "{path}"')
    return idx


def _get(doc: Any, path: str) -> Any:
    node = doc
    for token in _split_pointer(path):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list):
            node = node[_index(node, token, path, allow_end=False)]
        else:
            raise _rejected(f'doc is missing path: "{path}": missing value')
    return node


def _add(doc: Any, path: str, value: Any) -> Any:
    tokens = _split_pointer(path)
    if not tokens:
        return value
    parent = _parent(doc, tokens, path)
    last = tokens[-1]
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list):
        parent.insert(_index(parent, last, path, allow_end=True), value)
    else:
        raise _rejected(f'doc is missing path: "{path}": missing value')
    return doc


def _remove(doc: Any, path: str) -> tuple[Any, Any]:
    tokens = _split_pointer(path)
    if not tokens:
        raise _rejected("cannot remove the whole document")
    parent = _parent(doc, tokens, path)
    last = tokens[-1]
    if isinstance(parent, dict):
        if last not in parent:
            raise _rejected(f"unable to remove nonexistent key: {last}: missing value")
        return doc, parent.pop(last)
    if isinstance(parent, list):
        return doc, parent.pop(_index(parent, last, path, allow_end=False))
    raise _rejected(f'doc is missing path: "{path}": missing value')


def json_patch(doc: Any, operations: Any) -> Any:
    """Apply an RFC 6902 patch to a deep copy of ``doc``."""
    if not isinstance(operations, list):
        raise BadRequest("json patch must be a JSON array of operations")
    result = copy.deepcopy(doc)
    for op in operations:
        if not isinstance(op, dict) or "op" not in op:
            raise BadRequest(f"invalid JSON patch operation: {op!r}")
        kind = op["op"]
        path = op.get("path")
        if not isinstance(path, str):
            raise BadRequest(f"invalid JSON patch path in {op!r}")
        source = op.get("from")
        if kind in ("move", "copy") and not isinstance(source, str):
            raise BadRequest(f"invalid JSON patch 'from' in {op!r}")
        if kind == "add":
            if "value" not in op:
                raise BadRequest("add operation does not apply: missing value")
            result = _add(result, path, copy.deepcopy(op["value"]))
        elif kind == "remove":
            result, _ = _remove(result, path)
        elif kind == "replace":
            if "value" not in op:
                raise BadRequest("replace operation does not apply: missing value")
            tokens = _split_pointer(path)
            if not tokens:
                result = copy.deepcopy(op["value"])
                continue
            _get(result, path)
            result, _ = _remove(result, path)
            result = _add(result, path, copy.deepcopy(op["value"]))
        elif kind == "move":
            result, value = _remove(result, str(source))
            result = _add(result, path, value)
        elif kind == "copy":
            value = copy.deepcopy(_get(result, str(source)))
            result = _add(result, path, value)
        elif kind == "test":
            if _get(result, path) != op.get("value"):
                raise _rejected(f"testing value {path} failed: test failed")
        else:
            raise BadRequest(f"Unexpected kind: {kind}")
    return result
