"""Decoding of Kubernetes protobuf request bodies for the built-in kinds kubectl writes.

client-go ≥ 1.32 sends typed-client writes (``kubectl create namespace|configmap|secret|
serviceaccount|deployment|role|rolebinding|…``, ``kubectl auth can-i``) as
``application/vnd.kubernetes.protobuf``: the ``k8s\\x00`` magic, then a
``runtime.Unknown`` envelope whose ``raw`` field holds the typed message.  kubesim
decodes those messages into the JSON form it stores, using field tables transcribed from
``k8s.io/api`` ``generated.proto``; fields it does not know are skipped.  Responses are
always JSON (clients decode by the response's Content-Type).

Scalar fields that JSON marks ``omitempty`` are dropped when they hold the zero value;
optional (pointer) fields, marked with a trailing ``?`` in the tables, keep it.
"""

from __future__ import annotations

import base64
import time
from typing import Any

from kubesim.errors import BadRequest, UnsupportedMediaType

MAGIC = b"k8s\x00"

# A schema maps field number -> (json name, kind, sub-schema).  Kinds: str, int, bool,
# bytes, time, msg, rmsg (repeated message), rstr (repeated string), map (string ->
# string), mapbytes (string -> bytes), mapstrs (string -> repeated string, as ExtraValue),
# intorstr, quantity.
Schema = dict[int, tuple[str, str, "Schema | None"]]

TIME: Schema = {}
OWNER_REF: Schema = {
    1: ("kind", "str", None),
    3: ("name", "str", None),
    4: ("uid", "str", None),
    5: ("apiVersion", "str", None),
    6: ("controller?", "bool", None),
    7: ("blockOwnerDeletion?", "bool", None),
}
OBJECT_META: Schema = {
    1: ("name", "str", None),
    2: ("generateName", "str", None),
    3: ("namespace", "str", None),
    5: ("uid", "str", None),
    6: ("resourceVersion", "str", None),
    7: ("generation", "int", None),
    8: ("creationTimestamp", "time", None),
    9: ("deletionTimestamp", "time", None),
    10: ("deletionGracePeriodSeconds?", "int", None),
    11: ("labels", "map", None),
    12: ("annotations", "map", None),
    13: ("ownerReferences", "rmsg", OWNER_REF),
    14: ("finalizers", "rstr", None),
}
LABEL_SELECTOR: Schema = {
    1: ("matchLabels", "map", None),
    2: (
        "matchExpressions",
        "rmsg",
        {
            1: ("key", "str", None),
            2: ("operator", "str", None),
            3: ("values", "rstr", None),
        },
    ),
}
LOCAL_REF: Schema = {1: ("name", "str", None)}
OBJECT_REF: Schema = {
    1: ("kind", "str", None),
    2: ("namespace", "str", None),
    3: ("name", "str", None),
    4: ("uid", "str", None),
    5: ("apiVersion", "str", None),
    6: ("resourceVersion", "str", None),
    7: ("fieldPath", "str", None),
}
POLICY_RULE: Schema = {
    1: ("verbs", "rstr", None),
    2: ("apiGroups", "rstr", None),
    3: ("resources", "rstr", None),
    4: ("resourceNames", "rstr", None),
    5: ("nonResourceURLs", "rstr", None),
}
SUBJECT: Schema = {
    1: ("kind", "str", None),
    2: ("apiGroup", "str", None),
    3: ("name", "str", None),
    4: ("namespace", "str", None),
}
ROLE_REF: Schema = {
    1: ("apiGroup", "str", None),
    2: ("kind", "str", None),
    3: ("name", "str", None),
}
RESOURCE_ATTRIBUTES: Schema = {
    1: ("namespace", "str", None),
    2: ("verb", "str", None),
    3: ("group", "str", None),
    4: ("version", "str", None),
    5: ("resource", "str", None),
    6: ("subresource", "str", None),
    7: ("name", "str", None),
}
NON_RESOURCE_ATTRIBUTES: Schema = {1: ("path", "str", None), 2: ("verb", "str", None)}
ACCESS_REVIEW_SPEC: Schema = {
    1: ("resourceAttributes", "msg", RESOURCE_ATTRIBUTES),
    2: ("nonResourceAttributes", "msg", NON_RESOURCE_ATTRIBUTES),
    3: ("user", "str", None),
    4: ("groups", "rstr", None),
    5: ("extra", "mapstrs", None),
    6: ("uid", "str", None),
}
ENV_VAR: Schema = {1: ("name", "str", None), 2: ("value", "str", None)}
CONTAINER_PORT: Schema = {
    1: ("name", "str", None),
    2: ("hostPort", "int", None),
    3: ("containerPort", "int", None),
    4: ("protocol", "str", None),
    5: ("hostIP", "str", None),
}
RESOURCES: Schema = {
    1: ("limits", "mapquantity", None),
    2: ("requests", "mapquantity", None),
}
CONTAINER: Schema = {
    1: ("name", "str", None),
    2: ("image", "str", None),
    3: ("command", "rstr", None),
    4: ("args", "rstr", None),
    5: ("workingDir", "str", None),
    6: ("ports", "rmsg", CONTAINER_PORT),
    7: ("env", "rmsg", ENV_VAR),
    8: ("resources", "msg", RESOURCES),
    13: ("terminationMessagePath", "str", None),
    14: ("imagePullPolicy", "str", None),
    20: ("terminationMessagePolicy", "str", None),
}
POD_SPEC: Schema = {
    2: ("containers", "rmsg", CONTAINER),
    3: ("restartPolicy", "str", None),
    4: ("terminationGracePeriodSeconds?", "int", None),
    6: ("dnsPolicy", "str", None),
    7: ("nodeSelector", "map", None),
    8: ("serviceAccountName", "str", None),
    14: ("securityContext", "msg", {}),
    15: ("imagePullSecrets", "rmsg", LOCAL_REF),
    19: ("schedulerName", "str", None),
    20: ("initContainers", "rmsg", CONTAINER),
}
POD_TEMPLATE: Schema = {
    1: ("metadata", "msg", OBJECT_META),
    2: ("spec", "msg", POD_SPEC),
}
DEPLOYMENT_SPEC: Schema = {
    1: ("replicas?", "int", None),
    2: ("selector", "msg", LABEL_SELECTOR),
    3: ("template", "msg", POD_TEMPLATE),
    4: ("strategy", "msg", {1: ("type", "str", None)}),
    5: ("minReadySeconds", "int", None),
    6: ("revisionHistoryLimit?", "int", None),
    7: ("paused", "bool", None),
    9: ("progressDeadlineSeconds?", "int", None),
}


def _object(**fields: tuple[str, str, Schema | None]) -> Schema:
    schema: Schema = {1: ("metadata", "msg", OBJECT_META)}
    for key, value in fields.items():
        schema[int(key.removeprefix("f"))] = value
    return schema


KINDS: dict[str, Schema] = {
    "Namespace": _object(
        f2=("spec", "msg", {1: ("finalizers", "rstr", None)}),
        f3=("status", "msg", {1: ("phase", "str", None)}),
    ),
    "ConfigMap": _object(
        f2=("data", "map", None),
        f3=("binaryData", "mapbytes", None),
        f4=("immutable?", "bool", None),
    ),
    "Secret": _object(
        f2=("data", "mapbytes", None),
        f3=("type", "str", None),
        f4=("stringData", "map", None),
        f5=("immutable?", "bool", None),
    ),
    "ServiceAccount": _object(
        f2=("secrets", "rmsg", OBJECT_REF),
        f3=("imagePullSecrets", "rmsg", LOCAL_REF),
        f4=("automountServiceAccountToken?", "bool", None),
    ),
    "Deployment": _object(
        f2=("spec", "msg", DEPLOYMENT_SPEC), f3=("status", "msg", {})
    ),
    "Role": _object(f2=("rules", "rmsg", POLICY_RULE)),
    "ClusterRole": _object(
        f2=("rules", "rmsg", POLICY_RULE),
        f3=(
            "aggregationRule",
            "msg",
            {1: ("clusterRoleSelectors", "rmsg", LABEL_SELECTOR)},
        ),
    ),
    "RoleBinding": _object(
        f2=("subjects", "rmsg", SUBJECT), f3=("roleRef", "msg", ROLE_REF)
    ),
    "ClusterRoleBinding": _object(
        f2=("subjects", "rmsg", SUBJECT), f3=("roleRef", "msg", ROLE_REF)
    ),
    "SelfSubjectAccessReview": _object(f2=("spec", "msg", ACCESS_REVIEW_SPEC)),
    "SubjectAccessReview": _object(f2=("spec", "msg", ACCESS_REVIEW_SPEC)),
    "LocalSubjectAccessReview": _object(f2=("spec", "msg", ACCESS_REVIEW_SPEC)),
    "SelfSubjectRulesReview": _object(
        f2=("spec", "msg", {1: ("namespace", "str", None)})
    ),
    "DeleteOptions": {
        1: ("gracePeriodSeconds?", "int", None),
        2: (
            "preconditions",
            "msg",
            {1: ("uid", "str", None), 2: ("resourceVersion", "str", None)},
        ),
        4: ("propagationPolicy", "str", None),
        5: ("dryRun", "rstr", None),
    },
}


class _Reader:
    __slots__ = ("data", "end", "pos")

    def __init__(self, data: bytes, pos: int = 0, end: int | None = None) -> None:
        self.data = data
        self.pos = pos
        self.end = len(data) if end is None else end

    def varint(self) -> int:
        result = shift = 0
        while True:
            if self.pos >= self.end:
                raise BadRequest("truncated protobuf varint")
            byte = self.data[self.pos]
            self.pos += 1
            result |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return result
            shift += 7
            if shift > 70:
                raise BadRequest("malformed protobuf varint")

    def fields(self) -> list[tuple[int, int, Any]]:
        out: list[tuple[int, int, Any]] = []
        while self.pos < self.end:
            key = self.varint()
            number, wire = key >> 3, key & 7
            if wire == 0:
                out.append((number, wire, self.varint()))
            elif wire == 2:
                length = self.varint()
                if self.pos + length > self.end:
                    raise BadRequest("truncated protobuf field")
                out.append((number, wire, self.data[self.pos : self.pos + length]))
                self.pos += length
            elif wire == 1:
                out.append((number, wire, self.data[self.pos : self.pos + 8]))
                self.pos += 8
            elif wire == 5:
                out.append((number, wire, self.data[self.pos : self.pos + 4]))
                self.pos += 4
            else:
                raise BadRequest(f"unsupported protobuf wire type {wire}")
        return out


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _time(raw: bytes) -> str | None:
    seconds = 0
    for number, _, value in _Reader(raw).fields():
        if number == 1:
            seconds = _signed(value)
    if seconds == 0:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _map_entry(raw: bytes) -> tuple[str, bytes]:
    key, value = "", b""
    for number, _, item in _Reader(raw).fields():
        if number == 1:
            key = item.decode()
        elif number == 2:
            value = item
    return key, value


def _decode(raw: bytes, schema: Schema) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for number, wire, value in _Reader(raw).fields():
        spec = schema.get(number)
        if spec is None:
            continue
        name, kind, sub = spec
        optional = name.endswith("?")
        name = name.rstrip("?")
        if kind == "str" and wire == 2:
            text = value.decode()
            if text or optional:
                out[name] = text
        elif kind == "int" and wire == 0:
            number_value = _signed(value)
            if number_value or optional:
                out[name] = number_value
        elif kind == "bool" and wire == 0:
            if value or optional:
                out[name] = bool(value)
        elif kind == "bytes" and wire == 2:
            out[name] = base64.b64encode(value).decode()
        elif kind == "time" and wire == 2:
            stamp = _time(value)
            if stamp is not None:
                out[name] = stamp
        elif kind == "msg" and wire == 2:
            decoded = _decode(value, sub or {})
            if decoded or sub == {} or name in ("spec", "roleRef"):
                out[name] = decoded
        elif kind == "rmsg" and wire == 2:
            out.setdefault(name, []).append(_decode(value, sub or {}))
        elif kind == "rstr" and wire == 2:
            out.setdefault(name, []).append(value.decode())
        elif kind in ("map", "mapbytes", "mapquantity", "mapstrs") and wire == 2:
            key, item = _map_entry(value)
            target = out.setdefault(name, {})
            if kind == "map":
                target[key] = item.decode()
            elif kind == "mapbytes":
                target[key] = base64.b64encode(item).decode()
            elif kind == "mapquantity":
                target[key] = next(
                    (v.decode() for n, _, v in _Reader(item).fields() if n == 1), ""
                )
            else:
                target[key] = [
                    v.decode() for n, _, v in _Reader(item).fields() if n == 1
                ]
    return out


def decode_body(data: bytes) -> dict[str, Any]:
    """Decode a protobuf-encoded request body (``k8s\\x00`` + runtime.Unknown) to JSON form."""
    if not data.startswith(MAGIC):
        raise BadRequest("protobuf body without the k8s magic prefix")
    api_version = kind = ""
    raw = b""
    for number, _, value in _Reader(data, len(MAGIC)).fields():
        if number == 1:
            for sub_number, _, sub_value in _Reader(value).fields():
                if sub_number == 1:
                    api_version = sub_value.decode()
                elif sub_number == 2:
                    kind = sub_value.decode()
        elif number == 2:
            raw = value
    schema = KINDS.get(kind)
    if schema is None:
        raise UnsupportedMediaType(
            f"kubesim cannot decode protobuf {kind or 'objects'}; send application/json"
        )
    obj = _decode(raw, schema)
    if kind == "DeleteOptions":
        return obj
    return {"kind": kind, "apiVersion": api_version, **obj}
