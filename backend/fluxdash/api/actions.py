"""Actions: suspend, resume, reconcile (one object or many), their records, and blast radius.

Every write needs ``X-Requested-By: fluxdash`` (and a matching ``Origin`` when one is sent) and
is refused in read-only mode; see ``api.security``. Writes answer ``202`` with a ``pending``
record as soon as the cluster accepted the patch.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from fluxdash.api.deps import ActionServiceDep, ImpactSourceDep, SettingsDep
from fluxdash.api.security import (
    IdentityDep,
    RequestIdDep,
    check_write_allowed,
    resolve_identity,
)
from fluxdash.errors import AppError, NotFound, error_responses
from fluxdash.models.actions import (
    NAME_PATTERN,
    NAMESPACE_PATTERN,
    ActionList,
    ActionName,
    ActionOptions,
    ActionRecord,
    ActionTarget,
    BulkActionRequest,
    BulkActionResponse,
    Capabilities,
    ImpactReport,
    ReconcileRequest,
    ResumeRequest,
    SuspendRequest,
)
from fluxdash.models.identity import Identity
from fluxdash.services import audit
from fluxdash.services.actions import kind_rules
from fluxdash.services.impact import blast_radius

router = APIRouter(tags=["actions"])


KindPath = Annotated[
    str,
    Path(
        description="Lowercase plural of the Flux kind, e.g. `kustomizations`.",
        max_length=64,
    ),
]
NamespacePath = Annotated[str, Path(pattern=NAMESPACE_PATTERN, max_length=63)]
NamePath = Annotated[str, Path(pattern=NAME_PATTERN, max_length=253)]

_WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422, 502, 503)


async def _guard_writes(request: Request, settings: SettingsDep) -> None:
    """Read-only and anti-CSRF refusals, audited like every other refusal."""
    try:
        check_write_allowed(request, settings)
    except AppError as error:
        try:
            identity = resolve_identity(request, settings)
        except AppError:
            identity = Identity(user="unauthenticated")
        params = request.path_params
        action = request.url.path.rstrip("/").rsplit("/", 1)[-1]
        audit.write_log_line(
            outcome="refused",
            identity=identity,
            action=action if action in ("suspend", "resume", "reconcile") else "bulk",
            target={
                "kind": str(params.get("kind", "")),
                "namespace": str(params.get("namespace", "")),
                "name": str(params.get("name", "")),
            },
            request_id=request.headers.get("x-request-id", "")[:128],
            detail=error.detail,
            status=error.status_code,
        )
        raise


WriteGuard = Depends(_guard_writes)


@router.post(
    "/resources/{kind}/{namespace}/{name}/suspend",
    summary="Suspend a Flux object (spec.suspend: true), like `flux suspend`",
    status_code=status.HTTP_202_ACCEPTED,
    responses=_WRITE_ERRORS,
    dependencies=[WriteGuard],
)
async def suspend_resource(
    kind: KindPath,
    namespace: NamespacePath,
    name: NamePath,
    service: ActionServiceDep,
    identity: IdentityDep,
    request_id: RequestIdDep,
    body: SuspendRequest | None = None,
) -> ActionRecord:
    options = ActionOptions(reason=body.reason if body and body.reason else None)
    return await service.submit(
        "suspend", kind, namespace, name, options, identity, request_id
    )


@router.post(
    "/resources/{kind}/{namespace}/{name}/resume",
    summary="Resume a Flux object (spec.suspend: false) and wait for it to be ready, like `flux resume`",
    status_code=status.HTTP_202_ACCEPTED,
    responses=_WRITE_ERRORS,
    dependencies=[WriteGuard],
)
async def resume_resource(
    kind: KindPath,
    namespace: NamespacePath,
    name: NamePath,
    service: ActionServiceDep,
    identity: IdentityDep,
    request_id: RequestIdDep,
    body: ResumeRequest | None = None,
) -> ActionRecord:
    return await service.submit(
        "resume", kind, namespace, name, ActionOptions(), identity, request_id
    )


@router.post(
    "/resources/{kind}/{namespace}/{name}/reconcile",
    summary="Request a reconciliation now (reconcile.fluxcd.io/requestedAt), like `flux reconcile`",
    status_code=status.HTTP_202_ACCEPTED,
    responses=_WRITE_ERRORS,
    dependencies=[WriteGuard],
)
async def reconcile_resource(
    kind: KindPath,
    namespace: NamespacePath,
    name: NamePath,
    service: ActionServiceDep,
    identity: IdentityDep,
    request_id: RequestIdDep,
    body: ReconcileRequest | None = None,
) -> ActionRecord:
    request = body or ReconcileRequest()
    options = ActionOptions(
        with_source=request.with_source, force=request.force, reset=request.reset
    )
    return await service.submit(
        "reconcile", kind, namespace, name, options, identity, request_id
    )


@router.post(
    "/actions",
    summary="One action on many objects (resume and reconcile in dependency order)",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(400, 401, 403, 422, 503),
    dependencies=[WriteGuard],
)
async def create_actions(
    body: BulkActionRequest,
    service: ActionServiceDep,
    identity: IdentityDep,
    request_id: RequestIdDep,
) -> BulkActionResponse:
    records = await service.submit_bulk(
        body.action, body.targets, body.options, identity, request_id
    )
    return BulkActionResponse(items=records)


@router.get(
    "/actions",
    summary="Recent action records, newest first",
    responses=error_responses(422, 503),
)
async def list_actions(
    service: ActionServiceDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> ActionList:
    return ActionList(items=service.recent(limit))


@router.get(
    "/actions/{action_id}",
    summary="One action record",
    responses=error_responses(404, 422, 503),
)
async def get_action(
    action_id: Annotated[str, Path(max_length=64)], service: ActionServiceDep
) -> ActionRecord:
    return service.get(action_id)


@router.get(
    "/resources/{kind}/{namespace}/{name}/impact",
    summary="Blast radius: everything that depends on this object, transitively, with health",
    responses=error_responses(404, 422, 503),
)
async def get_resource_impact(
    kind: KindPath,
    namespace: NamespacePath,
    name: NamePath,
    source: ImpactSourceDep,
) -> ImpactReport:
    rules = kind_rules(kind)
    target = ActionTarget.of(rules.kind, namespace, name)
    if source.health(target.id) is None:
        raise NotFound(
            f"{target.kind} {target.name!r} not found in namespace {target.namespace!r}"
        )
    return blast_radius(target, source)


@router.get(
    "/capabilities",
    summary="What this user may do here (read-only mode, actions, anti-CSRF header)",
    responses=error_responses(401),
)
async def get_capabilities(
    settings: SettingsDep, identity: IdentityDep
) -> Capabilities:
    actions: list[ActionName] = (
        [] if settings.read_only else ["suspend", "resume", "reconcile"]
    )
    return Capabilities(
        read_only=settings.read_only,
        actions=actions,
        user=identity.user,
        auth_mode=settings.auth_mode,
    )


@router.api_route(
    "/actions",
    methods=["PUT", "PATCH", "DELETE", "OPTIONS"],
    include_in_schema=False,
)
async def actions_other_methods() -> Response:
    """``/actions`` has a GET and a POST route; without this, Starlette's 405 would name only
    the first route's method in ``Allow``."""
    return Response(
        content=b'{"type":"MethodNotAllowed","detail":"Method Not Allowed"}',
        status_code=405,
        media_type="application/json",
        headers={"Allow": "GET, POST"},
    )
