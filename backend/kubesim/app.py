"""The HTTP surface of kubesim: an ASGI application speaking the Kubernetes REST API.

Routing follows kube-apiserver's request-info rules (``/api/v1/...``,
``/apis/{group}/{version}/...``, ``namespaces/{ns}/{plural}/{name}/{subresource}``), then
authentication (bearer tokens, impersonation), authorization (RBAC when enabled), faults,
and the verb handlers.  Bodies are JSON (YAML accepted on writes); responses are JSON
or, when asked with ``Accept: application/json;as=Table;v=v1;g=meta.k8s.io``, Tables.

Patch content types: ``application/merge-patch+json``, ``application/json-patch+json``;
``application/strategic-merge-patch+json`` is supported for built-in kinds and answers
415 for custom resources (as kube-apiserver does); server-side apply
(``application/apply-patch+yaml``) answers 415.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote

import orjson
import yaml

from kubesim import discovery, reviews
from kubesim.auth import authenticate, impersonate
from kubesim.encoding import dumps, loads
from kubesim.errors import (
    BadRequest,
    Expired,
    Forbidden,
    MethodNotAllowed,
    NotAcceptable,
    NotFound,
    StoreError,
    Timeout,
    UnsupportedMediaType,
    invalid,
    not_found,
)
from kubesim.protobuf import decode_body
from kubesim.rbac import Attributes, Authorizer, Decision, UserInfo, forbidden_message
from kubesim.resources import ResourceType
from kubesim.selectors import parse_field_selector, parse_label_selector
from kubesim.tables import build_table
from kubesim.watch import Watcher, expired_line

if TYPE_CHECKING:
    from kubesim.server import KubeSim

log = logging.getLogger(__name__)

Obj = dict[str, Any]
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

JSON_HEADERS = [
    (b"content-type", b"application/json"),
    (b"cache-control", b"no-cache, private"),
]
_NAMESPACE_SUBRESOURCES = {"status", "finalize"}
_DEFAULT_WATCH_TIMEOUT = 1800
_BATCH_BYTES = 1 << 20


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: list[tuple[str, str]]
    body: bytes

    def q(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key == name:
                return value
        return None


@dataclass
class ResourceRequest:
    group: str
    version: str
    plural: str
    namespace: str | None
    name: str | None
    subresource: str | None
    verb: str


@dataclass
class Response:
    status: int
    body: bytes
    headers: list[tuple[bytes, bytes]]


def _json_response(
    status: int, body: bytes, extra: list[tuple[bytes, bytes]] | None = None
) -> Response:
    return Response(status, body, JSON_HEADERS + (extra or []))


def _error_response(exc: StoreError) -> Response:
    extra = [(k.lower().encode(), v.encode()) for k, v in exc.headers.items()]
    return _json_response(exc.code, dumps(exc.status()), extra)


def _accepts_table(accept: str | None) -> bool:
    """Whether the client asked for (and we choose) Table output."""
    if not accept:
        return False
    for part in accept.split(","):
        params = [p.strip() for p in part.split(";")]
        if params[0] not in ("application/json", "*/*", "application/*"):
            continue
        opts = dict(p.split("=", 1) for p in params[1:] if "=" in p)
        if opts.get("as") == "Table" and opts.get("g") == "meta.k8s.io":
            return True
        if "as" not in opts:
            return False
    return False


def _check_accept(accept: str | None) -> None:
    if not accept:
        return
    for part in accept.split(","):
        media = part.split(";")[0].strip()
        if media in (
            "application/json",
            "*/*",
            "application/*",
            "application/yaml",
            "",
        ):
            return
    raise NotAcceptable(
        "only the following media types are accepted: application/json, "
        "application/json;as=Table;v=v1;g=meta.k8s.io"
    )


def at_version(obj: Obj, api_version: str) -> Obj:
    """``obj`` as served at ``api_version`` (kubesim converts with strategy None)."""
    if obj.get("apiVersion") == api_version:
        return obj
    converted = dict(obj)
    converted["apiVersion"] = api_version
    return converted


def _continue_token(rv: int, namespace: str, name: str) -> str:
    raw = dumps({"v": "meta.k8s.io/v1", "rv": rv, "start": [namespace, name]})
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _parse_continue(token: str) -> tuple[int, tuple[str, str]]:
    try:
        padded = token + "=" * (-len(token) % 4)
        data = orjson.loads(base64.urlsafe_b64decode(padded))
        start = data["start"]
        return int(data["rv"]), (str(start[0]), str(start[1]))
    except (
        binascii.Error,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        orjson.JSONDecodeError,
    ) as exc:
        raise BadRequest(f"continue key is not valid: {exc}") from exc


def _dry_run(req: Request) -> bool:
    """``dryRun=All`` (the only value kube-apiserver accepts)."""
    values = req.query.get("dryRun") or []
    if any(v != "All" for v in values):
        raise BadRequest(
            f"Invalid dryRun value: {values!r}; the only supported value is All"
        )
    return bool(values)


def _bool_param(value: str | None) -> bool:
    return value is not None and value.lower() in ("true", "1")


class KubeApp:
    """The ASGI application of one :class:`~kubesim.server.KubeSim`."""

    def __init__(self, sim: KubeSim) -> None:
        self.sim = sim
        self.authorizer = Authorizer(sim.store)

    # ------------------------------------------------------------------ ASGI entry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        body = b""
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
        request = Request(
            method=scope["method"],
            path=unquote(scope["path"]),
            query=parse_qs(
                scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True
            ),
            headers=[
                (k.decode("latin-1").lower(), v.decode("latin-1"))
                for k, v in scope["headers"]
            ],
            body=body,
        )
        try:
            response = await self.handle(request, receive, send)
        except StoreError as exc:
            response = _error_response(exc)
        except Exception as exc:  # the server must answer a Status, never crash
            log.exception("kubesim request failed: %s %s", request.method, request.path)
            response = _json_response(
                500,
                dumps(
                    {
                        "kind": "Status",
                        "apiVersion": "v1",
                        "metadata": {},
                        "status": "Failure",
                        "message": f"Internal error occurred: {exc}",
                        "reason": "InternalError",
                        "code": 500,
                    }
                ),
            )
        if response is None:
            return
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                "headers": [
                    *response.headers,
                    (b"content-length", str(len(response.body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": response.body})

    # --------------------------------------------------------------- request flow

    async def handle(
        self, req: Request, receive: Receive, send: Send
    ) -> Response | None:
        sim = self.sim
        if req.path.startswith("/_kubesim/") or req.path == "/_kubesim":
            return self._control(req)
        sim.faults.check_request()
        if sim.faults.latency > 0:
            await asyncio.sleep(sim.faults.latency)
        user = authenticate(req.header("authorization"), sim.tokens)
        impersonation = [(k, v) for k, v in req.headers if k.startswith("impersonate-")]
        if impersonation:
            user = impersonate(user, impersonation, self._authorize)
        parts = [p for p in req.path.split("/") if p]
        if (
            not parts
            or parts[0] not in ("api", "apis")
            or (parts[0] == "api" and len(parts) < 2)
            or (parts[0] == "apis" and len(parts) < 3)
        ):
            return self._non_resource(req, parts, user)
        info = self._parse_resource_path(req, parts)
        if info is None:
            return self._non_resource(req, parts, user)
        return await self._resource(req, info, user, receive, send)

    def _authorize(self, user: UserInfo, attrs: Attributes) -> Decision:
        if not self.sim.rbac:
            return Decision(True, "")
        return self.authorizer.authorize(user, attrs)

    def _require(self, user: UserInfo, attrs: Attributes) -> None:
        if self.sim.rbac and not self.authorizer.authorize(user, attrs).allowed:
            raise Forbidden(
                forbidden_message(user, attrs),
                name=attrs.name or None,
                group=attrs.group if attrs.resource_request else None,
                kind=attrs.resource or None,
            )

    def _non_resource(self, req: Request, parts: list[str], user: UserInfo) -> Response:
        sim = self.sim
        path = "/" + "/".join(parts)
        if req.method not in ("GET", "HEAD"):
            raise MethodNotAllowed(
                "the server does not allow this method on the requested resource"
            )
        self._require(user, Attributes("get", path=path, resource_request=False))
        sim.stats.record("discovery", "", path)
        types = sim.store.resource_types()
        body: Obj | None = None
        if path == "/version":
            body = discovery.KUBE_VERSION
        elif path in ("/healthz", "/livez", "/readyz"):
            return Response(
                200, b"ok", [(b"content-type", b"text/plain; charset=utf-8")]
            )
        elif path == "/api":
            body = discovery.api_versions(sim.server_address)
        elif path == "/apis":
            body = discovery.api_group_list(types)
        elif len(parts) == 2 and parts[0] == "apis":
            body = discovery.api_group(types, parts[1])
        elif len(parts) == 2 and parts[0] == "api":
            body = discovery.api_resource_list(types, "", parts[1])
        elif len(parts) == 3 and parts[0] == "apis":
            body = discovery.api_resource_list(types, parts[1], parts[2])
        elif path == "/":
            body = {
                "paths": sorted(
                    {"/api", "/api/v1", "/apis", "/version", "/healthz"}
                    | {f"/apis/{g}" for g in discovery.group_versions(types)}
                )
            }
        if body is None:
            raise NotFound("the server could not find the requested resource")
        return _json_response(200, dumps(body))

    def _parse_resource_path(
        self, req: Request, parts: list[str]
    ) -> ResourceRequest | None:
        if parts[0] == "api":
            group, version, rest = "", parts[1], parts[2:]
        else:
            group, version, rest = parts[1], parts[2], parts[3:]
        if not rest:
            return None
        watch_path = False
        if rest[0] == "watch":
            watch_path = True
            rest = rest[1:]
        namespace: str | None = None
        if rest and rest[0] == "namespaces" and len(rest) > 1:
            namespace = rest[1]
            if len(rest) > 2 and rest[2] not in _NAMESPACE_SUBRESOURCES:
                rest = rest[2:]
        if not rest or len(rest) > 3:
            raise NotFound("the server could not find the requested resource")
        plural = rest[0]
        name = rest[1] if len(rest) > 1 else None
        subresource = rest[2] if len(rest) > 2 else None
        if plural == "namespaces" and group == "" and name is not None:
            namespace = None
        method = req.method
        if watch_path or (method == "GET" and _bool_param(req.q("watch"))):
            verb = "watch"
        elif method == "GET":
            verb = "get" if name else "list"
        elif method == "POST":
            verb = "create"
        elif method == "PUT":
            verb = "update"
        elif method == "PATCH":
            verb = "patch"
        elif method == "DELETE":
            verb = "delete" if name else "deletecollection"
        else:
            raise MethodNotAllowed(
                "the server does not allow this method on the requested resource"
            )
        return ResourceRequest(
            group, version, plural, namespace, name, subresource, verb
        )

    # ------------------------------------------------------------ resource verbs

    async def _resource(
        self,
        req: Request,
        info: ResourceRequest,
        user: UserInfo,
        receive: Receive,
        send: Send,
    ) -> Response | None:
        sim = self.sim
        rtype = sim.store.resource_type(info.group, info.plural)
        served = rtype.version(info.version) if rtype else None
        if rtype is None or served is None:
            raise NotFound("the server could not find the requested resource")
        if info.namespace is not None and not rtype.namespaced:
            raise NotFound("the server could not find the requested resource")
        if (
            rtype.namespaced
            and info.namespace is None
            and info.verb not in ("list", "watch", "create")
        ):
            raise NotFound("the server could not find the requested resource")
        if info.subresource is not None and not (
            info.subresource == "status" and served.status_subresource
        ):
            raise NotFound("the server could not find the requested resource")
        verb = info.verb
        if info.subresource == "status" and verb not in ("get", "update", "patch"):
            raise MethodNotAllowed(
                "the server does not allow this method on the requested resource"
            )
        if verb not in rtype.verbs or (verb == "create" and info.name is not None):
            raise MethodNotAllowed(
                "the server does not allow this method on the requested resource"
            )
        if (
            rtype.namespaced
            and info.namespace is None
            and verb == "create"
            and rtype.stored
        ):
            raise NotFound("the server could not find the requested resource")
        attr_namespace = info.namespace or ""
        if rtype.group == "" and rtype.plural == "namespaces" and info.name:
            attr_namespace = info.name
        self._require(
            user,
            Attributes(
                verb,
                rtype.group,
                rtype.plural,
                info.subresource or "",
                attr_namespace,
                info.name or "",
            ),
        )
        sim.stats.record(verb, rtype.group, rtype.plural)
        extra: list[tuple[bytes, bytes]] = []
        if served.deprecated:
            warning = served.deprecation_warning or (
                f"{rtype.group}/{served.name} {rtype.kind} is deprecated"
            )
            extra.append((b"warning", f'299 - "{warning}"'.encode()))
        api_version = rtype.api_version(info.version)
        if verb == "watch":
            _check_accept(req.header("accept"))
            await self._watch(req, info, rtype, api_version, receive, send, extra)
            return None
        if verb == "list":
            _check_accept(req.header("accept"))
            return self._list(req, info, rtype, api_version, extra)
        if verb == "get":
            _check_accept(req.header("accept"))
            return self._get(req, info, rtype, api_version, extra)
        if verb == "create":
            return self._create(req, info, rtype, api_version, user, extra)
        if verb == "update":
            return self._update(req, info, rtype, api_version, extra)
        if verb == "patch":
            return self._patch(req, info, rtype, api_version, extra)
        if verb == "delete":
            return self._delete(req, info, rtype, api_version, extra)
        return self._delete_collection(req, info, rtype, api_version, extra)

    def _encode(self, rtype: ResourceType, obj: Obj, api_version: str) -> bytes:
        if obj.get("apiVersion") == api_version:
            return self.sim.store.encode(rtype.group, rtype.plural, obj)
        return dumps(at_version(obj, api_version))

    def _object_response(
        self,
        req: Request,
        rtype: ResourceType,
        obj: Obj,
        api_version: str,
        status: int,
        extra: list[tuple[bytes, bytes]],
    ) -> Response:
        if _accepts_table(req.header("accept")):
            table = build_table(
                rtype,
                api_version.rpartition("/")[2],
                [at_version(obj, api_version)],
                include_object=req.q("includeObject") or "Metadata",
                metadata={
                    "resourceVersion": obj["metadata"].get("resourceVersion", "")
                },
            )
            return _json_response(status, dumps(table), extra)
        return _json_response(status, self._encode(rtype, obj, api_version), extra)

    def _get(
        self,
        req: Request,
        info: ResourceRequest,
        rtype: ResourceType,
        api_version: str,
        extra: list[tuple[bytes, bytes]],
    ) -> Response:
        assert info.name is not None  # verb "get" implies a name
        obj = self.sim.store.lookup(
            rtype.group, rtype.plural, info.namespace, info.name
        )
        if obj is None:
            raise not_found(rtype.group, rtype.plural, info.name)
        return self._object_response(req, rtype, obj, api_version, 200, extra)

    def _select(
        self,
        req: Request,
        info: ResourceRequest,
        rtype: ResourceType,
        objects: list[Obj],
    ) -> list[Obj]:
        labels = parse_label_selector(req.q("labelSelector"))
        fields = parse_field_selector(req.q("fieldSelector"), rtype.group, rtype.plural)
        if labels.empty and fields.empty:
            return objects
        return [o for o in objects if labels.matches(o) and fields.matches(o)]

    def _list(
        self,
        req: Request,
        info: ResourceRequest,
        rtype: ResourceType,
        api_version: str,
        extra: list[tuple[bytes, bytes]],
    ) -> Response:
        store = self.sim.store
        limit_text = req.q("limit")
        try:
            limit = int(limit_text) if limit_text not in (None, "") else 0
        except ValueError as exc:
            raise BadRequest(f"invalid limit {limit_text!r}") from exc
        token = req.q("continue")
        rv_param = req.q("resourceVersion") or ""
        rv_match = req.q("resourceVersionMatch") or ""
        current = int(store.resource_version)
        start_after: tuple[str, str] | None = None
        snapshot: int | None = None
        if token:
            if rv_param:
                raise BadRequest(
                    "specifying resource version is not allowed when using continue"
                )
            list_rv, start_after = _parse_continue(token)
            snapshot = list_rv
        elif rv_param and rv_param != "0":
            wanted = _resource_version_number(rtype, rv_param)
            if wanted > current:
                raise Timeout(
                    f"Too large resource version: {wanted}, current: {current}",
                    causes=[
                        {
                            "reason": "ResourceVersionTooLarge",
                            "message": "Too large resource version",
                        }
                    ],
                    retry_after=1,
                )
            list_rv = wanted if rv_match == "Exact" else current
            snapshot = wanted if rv_match == "Exact" else None
        else:
            list_rv = current
        labels = parse_label_selector(req.q("labelSelector"))
        fields = parse_field_selector(req.q("fieldSelector"), rtype.group, rtype.plural)
        predicate = None
        if not labels.empty or not fields.empty:

            def predicate(obj: Obj) -> bool:
                return labels.matches(obj) and fields.matches(obj)

        result = store.list_page(
            rtype.group,
            rtype.plural,
            info.namespace,
            rv=snapshot,
            after=start_after,
            limit=max(0, limit),
            predicate=predicate,
        )
        page = result.items
        meta: Obj = {"resourceVersion": str(list_rv)}
        if result.last_key is not None:
            meta["continue"] = _continue_token(list_rv, *result.last_key)
            if result.remaining is not None:
                meta["remainingItemCount"] = result.remaining
        if _accepts_table(req.header("accept")):
            table = build_table(
                rtype,
                api_version.rpartition("/")[2],
                [at_version(o, api_version) for o in page],
                include_object=req.q("includeObject") or "Metadata",
                metadata=meta,
            )
            return _json_response(200, dumps(table), extra)
        head = dumps(
            {"apiVersion": api_version, "kind": rtype.list_kind, "metadata": meta}
        )
        encode = self._encode
        body = b"".join(
            (
                head[:-1],
                b',"items":[',
                b",".join([encode(rtype, o, api_version) for o in page]),
                b"]}",
            )
        )
        return _json_response(200, body, extra)

    def _body(self, req: Request) -> Any:
        ctype = (req.header("content-type") or "application/json").split(";")[0].strip()
        if not req.body.strip():
            raise BadRequest("the request body is empty")
        if ctype == "application/vnd.kubernetes.protobuf":
            return decode_body(req.body)
        if ctype in ("application/yaml", "application/x-yaml", "text/yaml"):
            try:
                return yaml.safe_load(req.body)
            except yaml.YAMLError as exc:
                raise BadRequest(f"the request body is not valid YAML: {exc}") from exc
        if ctype not in ("application/json", "*/*", ""):
            raise UnsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: "
                "application/json, application/yaml, application/vnd.kubernetes.protobuf"
            )
        return loads(req.body)

    def _create(
        self,
        req: Request,
        info: ResourceRequest,
        rtype: ResourceType,
        api_version: str,
        user: UserInfo,
        extra: list[tuple[bytes, bytes]],
    ) -> Response:
        body = self._body(req)
        if not isinstance(body, dict):
            raise BadRequest(
                f"the object provided is unrecognized (must be of type {rtype.kind})"
            )
        if not rtype.stored:
            authorizer = self.authorizer if self.sim.rbac else None
            answer = reviews.review(rtype.kind, body, user, authorizer, info.namespace)
            answer.setdefault("apiVersion", api_version)
            answer.setdefault("kind", rtype.kind)
            return _json_response(201, dumps(answer), extra)
        meta = body.get("metadata")
        if meta is None:
            meta = body["metadata"] = {}
        if not isinstance(meta, dict):
            raise BadRequest("metadata must be an object")
        if rtype.namespaced:
            if meta.get("namespace") and meta["namespace"] != info.namespace:
                raise BadRequest(
                    "the namespace of the provided object does not match the namespace sent on the request"
                )
            meta["namespace"] = info.namespace
        created = self.sim.store.create_shared(
            rtype.group, rtype.plural, body, dry_run=_dry_run(req)
        )
        return self._object_response(req, rtype, created, api_version, 201, extra)

    def _check_identity(
        self, body: Any, info: ResourceRequest, rtype: ResourceType
    ) -> Obj:
        if not isinstance(body, dict):
            raise BadRequest(
                f"the object provided is unrecognized (must be of type {rtype.kind})"
            )
        meta = body.get("metadata")
        if meta is None:
            meta = body["metadata"] = {}
        if not isinstance(meta, dict):
            raise BadRequest("metadata must be an object")
        if meta.get("name") != info.name:
            raise BadRequest(
                f"the name of the object ({meta.get('name') or ''}) does not match the name on the URL ({info.name})"
            )
        if rtype.namespaced:
            if meta.get("namespace") and meta["namespace"] != info.namespace:
                raise BadRequest(
                    "the namespace of the provided object does not match the namespace sent on the request"
                )
            meta["namespace"] = info.namespace
        return body

    def _update(
        self,
        req: Request,
        info: ResourceRequest,
        rtype: ResourceType,
        api_version: str,
        extra: list[tuple[bytes, bytes]],
    ) -> Response:
        body = self._check_identity(self._body(req), info, rtype)
        assert info.name is not None  # update implies a name
        if not rtype.builtin and not body["metadata"].get("resourceVersion"):
            if (
                self.sim.store.lookup(
                    rtype.group, rtype.plural, info.namespace, info.name
                )
                is None
            ):
                raise not_found(rtype.group, rtype.plural, info.name)
            raise invalid(
                rtype.kind,
                rtype.group,
                info.name,
                [
                    (
                        "FieldValueInvalid",
                        "metadata.resourceVersion",
                        "Invalid value: 0x0: must be specified for an update",
                    )
                ],
            )
        updated = self.sim.store.update_shared(
            rtype.group,
            rtype.plural,
            body,
            subresource=info.subresource,
            dry_run=_dry_run(req),
        )
        return self._object_response(req, rtype, updated, api_version, 200, extra)

    def _patch(
        self,
        req: Request,
        info: ResourceRequest,
        rtype: ResourceType,
        api_version: str,
        extra: list[tuple[bytes, bytes]],
    ) -> Response:
        ctype = (req.header("content-type") or "").split(";")[0].strip()
        kinds = {
            "application/merge-patch+json": "merge",
            "application/json-patch+json": "json",
            "application/strategic-merge-patch+json": "strategic",
        }
        patch_type = kinds.get(ctype)
        accepted = "application/json-patch+json, application/merge-patch+json"
        if rtype.builtin:
            accepted += ", application/strategic-merge-patch+json"
        if patch_type is None or (patch_type == "strategic" and not rtype.builtin):
            raise UnsupportedMediaType(
                f"the body of the request was in an unknown format - accepted media types include: {accepted}"
            )
        if not req.body.strip():
            raise BadRequest("the request body is empty")
        patch = loads(req.body)
        assert info.name is not None  # patch implies a name
        patched = self.sim.store.patch_shared(
            rtype.group,
            rtype.plural,
            info.namespace,
            info.name,
            patch,
            patch_type=patch_type,  # type: ignore[arg-type]  # one of the PatchType literals, from the table above
            subresource=info.subresource,
            dry_run=_dry_run(req),
        )
        return self._object_response(req, rtype, patched, api_version, 200, extra)

    def _delete_options(self, req: Request) -> Obj:
        if not req.body.strip():
            return {}
        options = self._body(req)
        return options if isinstance(options, dict) else {}

    def _delete(
        self,
        req: Request,
        info: ResourceRequest,
        rtype: ResourceType,
        api_version: str,
        extra: list[tuple[bytes, bytes]],
    ) -> Response:
        assert info.name is not None  # delete implies a name
        options = self._delete_options(req)
        store = self.sim.store
        result = store.delete_shared(
            rtype.group,
            rtype.plural,
            info.namespace,
            info.name,
            preconditions=options.get("preconditions"),
            dry_run=_dry_run(req) or options.get("dryRun") == ["All"],
        )
        if result is None:
            raise not_found(rtype.group, rtype.plural, info.name)
        still_there = (
            store.lookup(rtype.group, rtype.plural, info.namespace, info.name)
            is not None
        )
        if (
            rtype.builtin
            and not still_there
            and rtype.plural != "customresourcedefinitions"
        ):
            status = {
                "kind": "Status",
                "apiVersion": "v1",
                "metadata": {},
                "status": "Success",
                "details": {
                    "name": info.name,
                    "group": rtype.group,
                    "kind": rtype.plural,
                    "uid": result["metadata"].get("uid"),
                },
            }
            return _json_response(200, dumps(status), extra)
        return _json_response(200, dumps(at_version(result, api_version)), extra)

    def _delete_collection(
        self,
        req: Request,
        info: ResourceRequest,
        rtype: ResourceType,
        api_version: str,
        extra: list[tuple[bytes, bytes]],
    ) -> Response:
        store = self.sim.store
        selected = self._select(
            req, info, rtype, store.items(rtype.group, rtype.plural, info.namespace)
        )
        deleted: list[Obj] = []
        for obj in list(selected):
            meta = obj["metadata"]
            result = store.delete_shared(
                rtype.group,
                rtype.plural,
                meta.get("namespace"),
                meta["name"],
                dry_run=_dry_run(req),
            )
            if result is not None:
                deleted.append(at_version(result, api_version))
        body = {
            "apiVersion": api_version,
            "kind": rtype.list_kind,
            "metadata": {"resourceVersion": store.resource_version},
            "items": deleted,
        }
        return _json_response(200, dumps(body), extra)

    # --------------------------------------------------------------------- watch

    async def _watch(
        self,
        req: Request,
        info: ResourceRequest,
        rtype: ResourceType,
        api_version: str,
        receive: Receive,
        send: Send,
        extra: list[tuple[bytes, bytes]],
    ) -> None:
        sim = self.sim
        store = sim.store
        labels = parse_label_selector(req.q("labelSelector"))
        fields = parse_field_selector(req.q("fieldSelector"), rtype.group, rtype.plural)
        if info.name:
            fields = parse_field_selector(
                ",".join(
                    filter(None, [req.q("fieldSelector"), f"metadata.name={info.name}"])
                ),
                rtype.group,
                rtype.plural,
            )
        timeout_text = req.q("timeoutSeconds")
        try:
            timeout = (
                float(timeout_text)
                if timeout_text not in (None, "")
                else _DEFAULT_WATCH_TIMEOUT
            )
        except ValueError as exc:
            raise BadRequest(f"invalid timeoutSeconds {timeout_text!r}") from exc
        bookmarks = _bool_param(req.q("allowWatchBookmarks"))
        send_initial = req.q("sendInitialEvents")
        rv_param = req.q("resourceVersion") or ""
        forced = sim.faults.take_watch_expiry()
        if forced == "connect":
            raise Expired(
                f"too old resource version: {rv_param or 0} ({store.resource_version})"
            )
        table = _accepts_table(req.header("accept"))
        version = api_version.rpartition("/")[2]
        include_object = req.q("includeObject") or "Metadata"
        first_row = [True]

        def encode(kind: str, obj: Obj) -> bytes:
            if table:
                payload = dumps(
                    build_table(
                        rtype,
                        version,
                        [at_version(obj, api_version)],
                        include_object=include_object,
                        metadata={
                            "resourceVersion": obj["metadata"].get(
                                "resourceVersion", ""
                            )
                        },
                        with_columns=first_row[0],
                    )
                )
                first_row[0] = False
            else:
                payload = self._encode(rtype, obj, api_version)
            return b'{"type":"%s","object":%s}\n' % (kind.encode(), payload)

        watcher = Watcher(
            rtype.group,
            rtype.plural,
            info.namespace,
            labels,
            fields,
            encode,
            wire_key=object() if table else ("json", api_version),
        )
        initial: list[bytes] = []
        expired_message: str | None = None
        if forced == "stream":
            expired_message = (
                f"too old resource version: {rv_param or 0} ({store.resource_version})"
            )
        elif send_initial == "true" or rv_param in ("", "0"):
            initial = [
                encode("ADDED", obj)
                for obj in store.items(rtype.group, rtype.plural, info.namespace)
                if watcher.matches(obj)
            ]
            if send_initial == "true":
                initial.append(
                    self._bookmark(
                        rtype, api_version, store.resource_version, initial_end=True
                    )
                )
        else:
            since = _resource_version_number(rtype, rv_param)
            try:
                events = store.events_since(since)
            except Expired as exc:
                if sim.faults.expired_watch_response == "connect":
                    raise
                expired_message = exc.message
            else:
                for event in events:
                    if event.group != rtype.group or event.plural != rtype.plural:
                        continue
                    wire = watcher.wire_type(event)
                    if wire is not None:
                        initial.append(encode(*wire))
        sim.hub.add(watcher)
        disconnect = asyncio.create_task(self._wait_disconnect(receive, watcher))
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [*JSON_HEADERS, *extra, (b"x-kubesim-watch", b"1")],
                }
            )
            if expired_message is not None:
                await send(
                    {
                        "type": "http.response.body",
                        "body": expired_line(expired_message),
                        "more_body": True,
                    }
                )
                return
            for start in range(0, len(initial), 500):
                await send(
                    {
                        "type": "http.response.body",
                        "body": b"".join(initial[start : start + 500]),
                        "more_body": True,
                    }
                )
            await self._stream(watcher, rtype, api_version, timeout, bookmarks, send)
        finally:
            sim.hub.remove(watcher)
            disconnect.cancel()
            try:
                await send(
                    {"type": "http.response.body", "body": b"", "more_body": False}
                )
            except Exception:  # the client is gone; nothing left to tell it
                log.debug("watch closed after the client left")

    async def _stream(
        self,
        watcher: Watcher,
        rtype: ResourceType,
        api_version: str,
        duration: float,
        bookmarks: bool,
        send: Send,
    ) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + duration
        interval = self.sim.bookmark_interval
        next_bookmark = loop.time() + interval if bookmarks else float("inf")
        while True:
            if watcher.queue:
                lines = watcher.take()
                chunk = b"".join(lines)
                for start in (
                    range(0, len(chunk), _BATCH_BYTES)
                    if len(chunk) > _BATCH_BYTES
                    else (0,)
                ):
                    await send(
                        {
                            "type": "http.response.body",
                            "body": chunk[start : start + _BATCH_BYTES],
                            "more_body": True,
                        }
                    )
                continue
            if watcher.closed is not None:
                if watcher.closed == "expired":
                    message = (
                        f"too old resource version: {self.sim.store.resource_version}"
                    )
                    await send(
                        {
                            "type": "http.response.body",
                            "body": expired_line(message),
                            "more_body": True,
                        }
                    )
                return
            now = loop.time()
            if now >= deadline:
                if bookmarks:
                    await send(
                        {
                            "type": "http.response.body",
                            "body": self._bookmark(
                                rtype, api_version, self.sim.store.resource_version
                            ),
                            "more_body": True,
                        }
                    )
                return
            if now >= next_bookmark:
                await send(
                    {
                        "type": "http.response.body",
                        "body": self._bookmark(
                            rtype, api_version, self.sim.store.resource_version
                        ),
                        "more_body": True,
                    }
                )
                next_bookmark = now + interval
                continue
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(min(deadline, next_bookmark) - now):
                    await watcher.wakeup.wait()

    @staticmethod
    def _bookmark(
        rtype: ResourceType, api_version: str, rv: str, *, initial_end: bool = False
    ) -> bytes:
        meta: Obj = {"resourceVersion": rv, "creationTimestamp": None}
        if initial_end:
            meta["annotations"] = {"k8s.io/initial-events-end": "true"}
        return (
            dumps(
                {
                    "type": "BOOKMARK",
                    "object": {
                        "kind": rtype.kind,
                        "apiVersion": api_version,
                        "metadata": meta,
                    },
                }
            )
            + b"\n"
        )

    @staticmethod
    async def _wait_disconnect(receive: Receive, watcher: Watcher) -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                watcher.close("dropped")
                return

    # ------------------------------------------------------------ control plane

    def _control(self, req: Request) -> Response:
        sim = self.sim
        path = req.path.rstrip("/")
        if path == "/_kubesim/faults":
            if req.method == "GET":
                return _json_response(200, dumps(sim.faults.state()))
            if req.method == "POST":
                sim.faults.apply(loads(req.body) if req.body.strip() else {})
                return _json_response(200, dumps(sim.faults.state()))
            if req.method == "DELETE":
                sim.faults.clear()
                return _json_response(200, dumps(sim.faults.state()))
            raise MethodNotAllowed(
                "the server does not allow this method on the requested resource"
            )
        if path == "/_kubesim/stats" and req.method == "GET":
            return _json_response(
                200,
                dumps(
                    {
                        "counts": sim.stats.snapshot(),
                        "total": sim.stats.total,
                        "watches": sim.hub.count(),
                    }
                ),
            )
        if path == "/_kubesim/stats/reset" and req.method == "POST":
            sim.stats.reset()
            return _json_response(200, b"{}")
        if path == "/_kubesim/info" and req.method == "GET":
            return _json_response(
                200,
                dumps(
                    {
                        "scenario": sim.scenario_name,
                        "resourceVersion": sim.store.resource_version,
                        "rbac": sim.rbac,
                        "time": time.time(),
                    }
                ),
            )
        raise NotFound("the server could not find the requested resource")


__all__ = ["KubeApp"]


def _resource_version_number(rtype: ResourceType, rv_param: str) -> int:
    """A client's resourceVersion as the store's counter, or 422 Invalid like the apiserver."""
    try:
        return int(rv_param)
    except ValueError as exc:
        raise invalid(
            rtype.kind,
            rtype.group,
            "",
            [("FieldValueInvalid", "resourceVersion", f"Invalid value: {rv_param!r}")],
        ) from exc
