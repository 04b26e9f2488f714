"""The Kubernetes client of fluxdash: raw JSON in and out, errors mapped in one place.

Only this package imports kubernetes_asyncio. Flux objects stay raw JSON (``dict``) here: no
generated client models on the hot path. Every request goes through :meth:`KubeClient._send`,
which maps failures with :mod:`fluxdash.kube.errors`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import orjson
from multidict import CIMultiDict

from fluxdash import __version__
from fluxdash.errors import AppError, KubeError
from fluxdash.kube.errors import (
    RequestContext,
    error_from_exception,
    error_from_status,
)
from fluxdash.kube.resource import SELF_SUBJECT_ACCESS_REVIEWS, ApiResource
from fluxdash.kube.sdk import (
    ApiClient,
    ConfigException,
    Configuration,
    load_incluster_config,
    load_kube_config,
    load_kube_config_from_dict,
)

FIELD_MANAGER = "fluxdash"
"""Field manager of every write. Never starts with ``kubectl`` (kustomize-controller strips those)."""

WatchEventType = Literal["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"]

_MAX_POOL = (
    200  # long-lived watches each hold a connection; never let them starve requests
)
_USER_AGENT = f"fluxdash/{__version__}"
_REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=60, connect=10, sock_read=45)


class KubeConfigError(KubeError):
    """The kubeconfig / in-cluster configuration could not be loaded."""

    type_name = "KubeConfigError"


@dataclass(frozen=True, slots=True)
class ListResult:
    """All items of a (paged) LIST and the collection's resourceVersion to watch from."""

    items: list[dict[str, Any]]
    resource_version: str


@dataclass(frozen=True, slots=True)
class WatchEvent:
    type: WatchEventType
    object: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AccessReview:
    allowed: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Impersonation:
    user: str
    groups: tuple[str, ...] = ()


def _redact_server(url: str) -> str:
    """The API server URL without any user-info part (never show credentials)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid server URL>"
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    if ":" in (parts.hostname or "") and not host.startswith("["):
        host = f"[{parts.hostname}]" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", ""))


def default_kubeconfig_paths() -> list[Path]:
    """Where kubectl looks: ``$KUBECONFIG`` (a path list) or ``~/.kube/config``."""
    env = os.environ.get("KUBECONFIG", "")
    if env.strip():
        return [Path(p).expanduser() for p in env.split(os.pathsep) if p.strip()]
    return [Path("~/.kube/config").expanduser()]


def incluster_available() -> bool:
    return (
        bool(os.environ.get("KUBERNETES_SERVICE_HOST"))
        and Path("/var/run/secrets/kubernetes.io/serviceaccount/token").is_file()
    )


class KubeClient:
    """A connection to one Kubernetes API server.

    Create with :meth:`from_kubeconfig`, :meth:`from_kubeconfig_dict` or :meth:`from_incluster`;
    close with :meth:`close`. :meth:`impersonating` returns a view that sends impersonation headers
    and shares the connection pool.
    """

    def __init__(
        self,
        api: ApiClient,
        *,
        context: str | None = None,
        impersonate: Impersonation | None = None,
        owner: bool = True,
    ) -> None:
        self._api = api
        self._host = (api.configuration.host or "").rstrip("/")
        self.server = _redact_server(self._host)
        self.context = context
        self._impersonate = impersonate
        self._owner = owner

    # ---- construction -------------------------------------------------------------------

    @staticmethod
    def _configuration() -> Configuration:
        config = Configuration()
        config.connection_pool_maxsize = _MAX_POOL
        return config

    @classmethod
    async def from_kubeconfig(
        cls, path: Path | str | None = None, context: str | None = None
    ) -> KubeClient:
        config = cls._configuration()
        file = (
            str(path)
            if path is not None
            else os.pathsep.join(str(p) for p in default_kubeconfig_paths())
        )
        try:
            loader = await load_kube_config(
                config_file=file,
                context=context,
                client_configuration=config,
                persist_config=False,
            )
        except Exception as exc:  # the loader raises anything from YAML to KeyError
            raise KubeConfigError(f"cannot load kubeconfig {file!r}: {exc}") from exc
        active = loader.current_context.get("name") if loader.current_context else None
        return cls(ApiClient(configuration=config), context=active)

    @classmethod
    async def from_kubeconfig_dict(
        cls, kubeconfig: Mapping[str, Any], context: str | None = None
    ) -> KubeClient:
        config = cls._configuration()
        try:
            loader = await load_kube_config_from_dict(
                config_dict=dict(kubeconfig),
                context=context,
                client_configuration=config,
            )
        except Exception as exc:  # the loader raises anything from YAML to KeyError
            raise KubeConfigError(f"cannot load the kubeconfig given: {exc}") from exc
        active = loader.current_context.get("name") if loader.current_context else None
        return cls(ApiClient(configuration=config), context=active)

    @classmethod
    def from_incluster(cls) -> KubeClient:
        config = cls._configuration()
        try:
            load_incluster_config(client_configuration=config)  # type: ignore[no-untyped-call]  # the library leaves it unannotated
        except (ConfigException, OSError) as exc:
            raise KubeConfigError(
                f"cannot load in-cluster configuration: {exc}"
            ) from exc
        return cls(ApiClient(configuration=config), context=None)

    def impersonating(self, user: str, groups: Sequence[str] = ()) -> KubeClient:
        """A view of this client whose requests act as ``user`` (shares the pool; no close)."""
        return KubeClient(
            self._api,
            context=self.context,
            impersonate=Impersonation(user, tuple(groups)),
            owner=False,
        )

    async def close(self) -> None:
        if self._owner:
            await self._api.close()

    # ---- the one request path ------------------------------------------------------------

    def _headers(self, content_type: str | None) -> CIMultiDict[str]:
        headers: CIMultiDict[str] = CIMultiDict()
        headers["Accept"] = "application/json"
        headers["User-Agent"] = _USER_AGENT
        if content_type is not None:
            headers["Content-Type"] = content_type
        if self._impersonate is not None:
            headers["Impersonate-User"] = self._impersonate.user
            for group in (
                self._impersonate.groups
            ):  # one header per group, as Kubernetes expects
                headers.add("Impersonate-Group", group)
        return headers

    async def _send(
        self,
        method: str,
        path: str,
        ctx: RequestContext,
        *,
        query: Sequence[tuple[str, str]] = (),
        body: Any = None,
        content_type: str | None = None,
        client_timeout: aiohttp.ClientTimeout = _REQUEST_TIMEOUT,
    ) -> aiohttp.ClientResponse:
        """Send one request; return the open response when 2xx, raise a typed error otherwise."""
        headers = self._headers(content_type)
        rest = self._api.rest_client
        extra: dict[str, Any] = {}
        if rest.proxy:
            extra["proxy"] = rest.proxy
            if rest.proxy_headers:
                extra["proxy_headers"] = rest.proxy_headers
        if rest.server_hostname:
            extra["server_hostname"] = rest.server_hostname
        try:
            auth: dict[str, Any] = {}
            await self._api.update_params_for_auth(auth, [], ["BearerToken"])
            headers.update(auth)
            response = await rest.pool_manager.request(
                method,
                self._host + path,
                params=list(query),
                headers=headers,
                data=orjson.dumps(body) if body is not None else None,
                timeout=client_timeout,
                **extra,
            )
        except AppError:
            raise
        except Exception as exc:
            raise error_from_exception(exc, ctx) from exc
        if 200 <= response.status < 300:
            return response
        try:
            data = await response.read()
        except Exception:
            data = b""
        finally:
            response.release()
        raise error_from_status(response.status, data, ctx, response.headers)

    async def _json(
        self,
        method: str,
        path: str,
        ctx: RequestContext,
        **kwargs: Any,
    ) -> Any:
        response = await self._send(method, path, ctx, **kwargs)
        try:
            data = await response.read()
        except Exception as exc:
            raise error_from_exception(exc, ctx) from exc
        finally:
            response.release()
        try:
            return orjson.loads(data) if data else None
        except orjson.JSONDecodeError as exc:
            raise KubeError(
                f"the Kubernetes API sent invalid JSON to {ctx.describe()}"
            ) from exc

    def _ctx(
        self,
        verb: str,
        resource: ApiResource,
        namespace: str | None = None,
        name: str | None = None,
    ) -> RequestContext:
        return RequestContext(
            verb, resource.qualified_name, namespace, name, self.server
        )

    # ---- reads ---------------------------------------------------------------------------

    async def get_path(self, path: str) -> Any:
        """GET any API path as JSON (``/version``, ``/apis``, ``/apis/<group>``...)."""
        return await self._json(
            "GET", path, RequestContext("get", path, server=self.server)
        )

    async def server_version(self) -> dict[str, Any]:
        data = await self.get_path("/version")
        return data if isinstance(data, dict) else {}

    async def get(
        self, resource: ApiResource, namespace: str | None, name: str
    ) -> dict[str, Any]:
        ctx = self._ctx("get", resource, namespace, name)
        data = await self._json("GET", resource.path(namespace, name), ctx)
        if not isinstance(data, dict):
            raise KubeError(f"the Kubernetes API sent no object for {ctx.describe()}")
        return data

    async def list_page(
        self,
        resource: ApiResource,
        *,
        namespace: str | None = None,
        limit: int | None = None,
        continue_token: str | None = None,
        label_selector: str | None = None,
        field_selector: str | None = None,
    ) -> dict[str, Any]:
        """One page of a LIST as the raw ``*List`` JSON."""
        query: list[tuple[str, str]] = []
        if limit is not None:
            query.append(("limit", str(limit)))
        if continue_token:
            query.append(("continue", continue_token))
        if label_selector:
            query.append(("labelSelector", label_selector))
        if field_selector:
            query.append(("fieldSelector", field_selector))
        ctx = self._ctx("list", resource, namespace)
        data = await self._json("GET", resource.path(namespace), ctx, query=query)
        if not isinstance(data, dict) or not isinstance(data.get("items", []), list):
            raise KubeError(
                f"the Kubernetes API sent a malformed list for {ctx.describe()}"
            )
        return data

    async def list_all(
        self,
        resource: ApiResource,
        *,
        namespace: str | None = None,
        page_size: int = 500,
        label_selector: str | None = None,
        field_selector: str | None = None,
    ) -> ListResult:
        """Every item, following ``continue`` tokens; the resourceVersion is the list's own."""
        items: list[dict[str, Any]] = []
        token: str | None = None
        resource_version = ""
        while True:
            page = await self.list_page(
                resource,
                namespace=namespace,
                limit=page_size,
                continue_token=token,
                label_selector=label_selector,
                field_selector=field_selector,
            )
            items.extend(
                item for item in page.get("items") or [] if isinstance(item, dict)
            )
            meta = page.get("metadata") or {}
            resource_version = str(meta.get("resourceVersion") or resource_version)
            token = meta.get("continue") or None
            if not token:
                return ListResult(items, resource_version)

    async def open_watch(
        self,
        resource: ApiResource,
        *,
        resource_version: str,
        timeout_seconds: int,
        read_timeout: float,
        namespace: str | None = None,
        label_selector: str | None = None,
        field_selector: str | None = None,
        bookmarks: bool = True,
    ) -> WatchStream:
        """Open ONE streaming WATCH call from ``resource_version`` (opaque; passed back as is).

        A 410 at connect raises :class:`ResourceVersionExpired`; other refusals raise their typed
        error. Iterate the returned stream for events; close it when done.
        """
        query: list[tuple[str, str]] = [
            ("watch", "true"),
            ("resourceVersion", resource_version),
            ("timeoutSeconds", str(timeout_seconds)),
        ]
        if bookmarks:
            query.append(("allowWatchBookmarks", "true"))
        if label_selector:
            query.append(("labelSelector", label_selector))
        if field_selector:
            query.append(("fieldSelector", field_selector))
        ctx = self._ctx("watch", resource, namespace)
        timeout = aiohttp.ClientTimeout(
            total=None, connect=10, sock_connect=10, sock_read=read_timeout
        )
        response = await self._send(
            "GET", resource.path(namespace), ctx, query=query, client_timeout=timeout
        )
        return WatchStream(response, ctx)

    # ---- writes --------------------------------------------------------------------------

    async def merge_patch(
        self,
        resource: ApiResource,
        namespace: str | None,
        name: str,
        patch: Mapping[str, Any],
        *,
        field_manager: str = FIELD_MANAGER,
        subresource: str | None = None,
    ) -> dict[str, Any]:
        """JSON merge patch (``application/merge-patch+json``) with a fluxdash field manager."""
        ctx = self._ctx("patch", resource, namespace, name)
        data = await self._json(
            "PATCH",
            resource.path(namespace, name, subresource),
            ctx,
            query=[("fieldManager", field_manager)],
            body=dict(patch),
            content_type="application/merge-patch+json",
        )
        if not isinstance(data, dict):
            raise KubeError(f"the Kubernetes API sent no object for {ctx.describe()}")
        return data

    async def create(
        self,
        resource: ApiResource,
        namespace: str | None,
        body: Mapping[str, Any],
        *,
        field_manager: str = FIELD_MANAGER,
    ) -> dict[str, Any]:
        ctx = self._ctx("create", resource, namespace)
        data = await self._json(
            "POST",
            resource.path(namespace),
            ctx,
            query=[("fieldManager", field_manager)],
            body=dict(body),
            content_type="application/json",
        )
        if not isinstance(data, dict):
            raise KubeError(f"the Kubernetes API sent no object for {ctx.describe()}")
        return data

    async def access_review(
        self,
        *,
        verb: str,
        group: str,
        resource: str,
        namespace: str | None = None,
        name: str | None = None,
        subresource: str | None = None,
    ) -> AccessReview:
        """SelfSubjectAccessReview: may the (impersonated) caller do ``verb`` on ``resource``?"""
        attributes: dict[str, str] = {
            "verb": verb,
            "group": group,
            "resource": resource,
        }
        if namespace:
            attributes["namespace"] = namespace
        if name:
            attributes["name"] = name
        if subresource:
            attributes["subresource"] = subresource
        body = {
            "apiVersion": "authorization.k8s.io/v1",
            "kind": "SelfSubjectAccessReview",
            "spec": {"resourceAttributes": attributes},
        }
        ctx = self._ctx("create", SELF_SUBJECT_ACCESS_REVIEWS)
        data = await self._json(
            "POST",
            SELF_SUBJECT_ACCESS_REVIEWS.path(),
            ctx,
            body=body,
            content_type="application/json",
        )
        status = (data or {}).get("status") or {}
        return AccessReview(
            allowed=bool(status.get("allowed")),
            reason=str(status.get("reason") or status.get("evaluationError") or ""),
        )


def _parse_watch_line(line: bytes, ctx: RequestContext) -> WatchEvent | None:
    line = line.strip()
    if not line:
        return None
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise KubeError(
            f"the Kubernetes API sent an unreadable watch event for {ctx.describe()}"
        ) from exc
    kind = data.get("type") if isinstance(data, dict) else None
    obj = data.get("object") if isinstance(data, dict) else None
    if kind not in (
        "ADDED",
        "MODIFIED",
        "DELETED",
        "BOOKMARK",
        "ERROR",
    ) or not isinstance(obj, dict):
        raise KubeError(
            f"the Kubernetes API sent a malformed watch event for {ctx.describe()}"
        )
    return WatchEvent(kind, obj)


class WatchStream:
    """The events of one open WATCH response, parsed line by line (no line-length limit)."""

    def __init__(self, response: aiohttp.ClientResponse, ctx: RequestContext) -> None:
        self._response = response
        self._ctx = ctx

    async def __aenter__(self) -> WatchStream:
        return self

    async def __aexit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._response.close()

    async def __aiter__(self) -> AsyncIterator[WatchEvent]:
        buffer = bytearray()
        try:
            async for chunk in self._response.content.iter_any():
                buffer += chunk
                start = 0
                while (newline := buffer.find(b"\n", start)) >= 0:
                    event = _parse_watch_line(bytes(buffer[start:newline]), self._ctx)
                    start = newline + 1
                    if event is not None:
                        yield event
                del buffer[:start]
            event = _parse_watch_line(bytes(buffer), self._ctx)
            if event is not None:
                yield event
        except AppError:
            raise
        except Exception as exc:
            raise error_from_exception(exc, self._ctx) from exc
