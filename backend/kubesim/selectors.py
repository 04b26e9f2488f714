"""Label and field selectors, parsed and matched the way kube-apiserver does.

Label selectors support ``=``, ``==``, ``!=``, ``in``, ``notin``, ``key`` (exists),
``!key`` (does not exist) and the integer comparisons ``>`` / ``<``.  Field selectors
support ``=``, ``==`` and ``!=`` on ``metadata.name`` and ``metadata.namespace`` for every
resource, plus the fields the real apiserver allows for some kinds (Event
``involvedObject.*``, ``reason``, ``type``…; Secret ``type``; Namespace ``status.phase``).
Parse errors raise :class:`~kubesim.errors.BadRequest`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kubesim.errors import BadRequest

Obj = dict[str, Any]

_SPECIAL = set(" \t,()=!<>")


@dataclass(frozen=True)
class LabelRequirement:
    key: str
    op: str  # "=", "!=", "in", "notin", "exists", "!", "gt", "lt"
    values: tuple[str, ...] = ()

    def matches(self, labels: dict[str, str]) -> bool:
        op = self.op
        if op == "exists":
            return self.key in labels
        if op == "!":
            return self.key not in labels
        if op in ("=", "in"):
            return self.key in labels and labels[self.key] in self.values
        if op in ("!=", "notin"):
            return self.key not in labels or labels[self.key] not in self.values
        value = labels.get(self.key)
        if value is None:
            return False
        try:
            number = int(value)
        except ValueError:
            return False
        bound = int(self.values[0])
        return number > bound if op == "gt" else number < bound


@dataclass(frozen=True)
class LabelSelector:
    requirements: tuple[LabelRequirement, ...]

    def matches(self, obj: Obj) -> bool:
        labels = (obj.get("metadata") or {}).get("labels") or {}
        return all(req.matches(labels) for req in self.requirements)

    @property
    def empty(self) -> bool:
        return not self.requirements


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t":
            i += 1
        elif ch in ",()":
            tokens.append(ch)
            i += 1
        elif ch in "=!":
            if text[i + 1 : i + 2] == "=":
                tokens.append(ch + "=")
                i += 2
            else:
                tokens.append(ch)
                i += 1
        elif ch in "<>":
            tokens.append(ch)
            i += 1
        else:
            start = i
            while i < len(text) and text[i] not in _SPECIAL:
                i += 1
            tokens.append(text[start:i])
    return tokens


def _is_identifier(token: str | None) -> bool:
    return token is not None and token not in (
        ",",
        "(",
        ")",
        "=",
        "==",
        "!=",
        "!",
        "<",
        ">",
    )


def parse_label_selector(text: str | None) -> LabelSelector:
    """Parse ``app=x,tier in (a,b),!legacy`` into a selector (empty text: everything)."""
    if not text or not text.strip():
        return LabelSelector(())
    tokens = _tokenize(text)
    pos = 0
    reqs: list[LabelRequirement] = []

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def fail(why: str) -> BadRequest:
        return BadRequest(f"unable to parse requirement: {why}")

    while True:
        token = peek()
        if token is None:
            raise fail(f"found '', expected: identifier in selector {text!r}")
        if token == "!":
            pos += 1
            key = peek()
            if not _is_identifier(key):
                raise fail(f"found '{key or ''}', expected: identifier after '!'")
            pos += 1
            reqs.append(LabelRequirement(str(key), "!"))
        elif _is_identifier(token):
            key = token
            pos += 1
            op = peek()
            if op is None or op == ",":
                reqs.append(LabelRequirement(key, "exists"))
            elif op in ("=", "==", "!="):
                pos += 1
                value = peek()
                if value is None or value == ",":
                    reqs.append(
                        LabelRequirement(key, "!=" if op == "!=" else "=", ("",))
                    )
                elif _is_identifier(value):
                    pos += 1
                    reqs.append(
                        LabelRequirement(key, "!=" if op == "!=" else "=", (value,))
                    )
                else:
                    raise fail(f"found '{value}', expected: identifier after '{op}'")
            elif op in ("in", "notin"):
                pos += 1
                if peek() != "(":
                    raise fail(f"found '{peek() or ''}', expected: '('")
                pos += 1
                values: list[str] = []
                while True:
                    value = peek()
                    if value == ")":
                        pos += 1
                        break
                    if value == ",":
                        values.append("")
                        pos += 1
                        continue
                    if not _is_identifier(value):
                        raise fail(
                            f"found '{value or ''}', expected: ',', ')' or identifier"
                        )
                    values.append(str(value))
                    pos += 1
                    if peek() == ",":
                        pos += 1
                    elif peek() != ")":
                        raise fail(f"found '{peek() or ''}', expected: ',' or ')'")
                if not values:
                    raise fail(
                        f"for 'in', 'notin' operators, values set can't be empty in {text!r}"
                    )
                reqs.append(LabelRequirement(key, op, tuple(values)))
            elif op in ("<", ">"):
                pos += 1
                value = peek()
                if value is None or not value.lstrip("-").isdigit():
                    raise fail(
                        f"for 'Gt', 'Lt' operators, the value must be an integer: {value!r}"
                    )
                pos += 1
                reqs.append(
                    LabelRequirement(key, "gt" if op == ">" else "lt", (value,))
                )
            else:
                raise fail(f"found '{op}', expected: in, notin, =, ==, !=, gt, lt")
        else:
            raise fail(f"found '{token}', expected: !, identifier, or 'end of string'")
        nxt = peek()
        if nxt is None:
            break
        if nxt != ",":
            raise fail(f"found '{nxt}', expected: ',' or 'end of string'")
        pos += 1
    return LabelSelector(tuple(reqs))


def label_selector_from_dict(selector: dict[str, Any] | None) -> LabelSelector:
    """A ``metav1.LabelSelector`` (matchLabels + matchExpressions) as a selector."""
    if not selector:
        return LabelSelector(())
    reqs: list[LabelRequirement] = []
    for key, value in (selector.get("matchLabels") or {}).items():
        reqs.append(LabelRequirement(str(key), "=", (str(value),)))
    for expr in selector.get("matchExpressions") or []:
        op = {
            "In": "in",
            "NotIn": "notin",
            "Exists": "exists",
            "DoesNotExist": "!",
        }.get(str(expr.get("operator")), "")
        if not op:
            raise BadRequest(
                f"invalid label selector operator {expr.get('operator')!r}"
            )
        reqs.append(
            LabelRequirement(str(expr.get("key")), op, tuple(expr.get("values") or ()))
        )
    return LabelSelector(tuple(reqs))


# ---------------------------------------------------------------- field selectors

FieldGetter = Callable[[Obj], str]


def _path(*keys: str) -> FieldGetter:
    def get(obj: Obj) -> str:
        node: Any = obj
        for key in keys:
            if not isinstance(node, dict):
                return ""
            node = node.get(key)
        if node is None:
            return ""
        if isinstance(node, bool):
            return "true" if node else "false"
        return str(node)

    return get


_COMMON_FIELDS: dict[str, FieldGetter] = {
    "metadata.name": _path("metadata", "name"),
    "metadata.namespace": _path("metadata", "namespace"),
}

_EXTRA_FIELDS: dict[tuple[str, str], dict[str, FieldGetter]] = {
    ("", "events"): {
        "involvedObject.kind": _path("involvedObject", "kind"),
        "involvedObject.namespace": _path("involvedObject", "namespace"),
        "involvedObject.name": _path("involvedObject", "name"),
        "involvedObject.uid": _path("involvedObject", "uid"),
        "involvedObject.apiVersion": _path("involvedObject", "apiVersion"),
        "involvedObject.resourceVersion": _path("involvedObject", "resourceVersion"),
        "involvedObject.fieldPath": _path("involvedObject", "fieldPath"),
        "reason": _path("reason"),
        "reportingComponent": _path("reportingComponent"),
        "source": _path("source", "component"),
        "type": _path("type"),
    },
    ("", "secrets"): {"type": _path("type")},
    ("", "namespaces"): {"status.phase": _path("status", "phase")},
}


@dataclass(frozen=True)
class FieldRequirement:
    field: str
    negate: bool
    value: str
    getter: FieldGetter

    def matches(self, obj: Obj) -> bool:
        return (self.getter(obj) == self.value) != self.negate


@dataclass(frozen=True)
class FieldSelector:
    requirements: tuple[FieldRequirement, ...]

    def matches(self, obj: Obj) -> bool:
        return all(req.matches(obj) for req in self.requirements)

    @property
    def empty(self) -> bool:
        return not self.requirements

    def exact(self, field: str) -> str | None:
        """The value ``field`` must equal, when the selector pins it (for fast paths)."""
        for req in self.requirements:
            if req.field == field and not req.negate:
                return req.value
        return None


def supported_fields(group: str, plural: str) -> list[str]:
    return [*_COMMON_FIELDS, *_EXTRA_FIELDS.get((group, plural), {})]


def parse_field_selector(text: str | None, group: str, plural: str) -> FieldSelector:
    """Parse ``metadata.name=x,involvedObject.kind!=Pod`` for one resource type."""
    if not text or not text.strip():
        return FieldSelector(())
    fields = {**_COMMON_FIELDS, **_EXTRA_FIELDS.get((group, plural), {})}
    reqs: list[FieldRequirement] = []
    for part in _split_unescaped(text):
        part = part.strip()
        if not part:
            continue
        for op in ("!=", "==", "="):
            idx = part.find(op)
            if idx > 0:
                field, value = part[:idx].strip(), part[idx + len(op) :].strip()
                break
        else:
            raise BadRequest(f"invalid selector: '{text}'; can't understand '{part}'")
        getter = fields.get(field)
        if getter is None:
            raise BadRequest(f"field label not supported: {field}")
        reqs.append(FieldRequirement(field, op == "!=", _unescape(value), getter))
    return FieldSelector(tuple(reqs))


def _split_unescaped(text: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in text:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _unescape(value: str) -> str:
    return value.replace("\\,", ",").replace("\\=", "=").replace("\\\\", "\\")
