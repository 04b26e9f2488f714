"""Actions on Flux objects (suspend, resume, reconcile): requests, records, blast radius.

Wire format is camelCase like the rest of the API. A record is answered as soon as the cluster
accepted the patch (``state: pending``) and then moves on as the cluster reports back.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

ActionName = Literal["suspend", "resume", "reconcile"]
"""The three things fluxdash does to a Flux object, like ``flux suspend|resume|reconcile``."""

ActionState = Literal["pending", "succeeded", "failed", "timedOut", "refused"]
"""``pending`` until the cluster reports back; ``refused`` when nothing was changed."""

StepState = Literal[
    "waiting", "pending", "succeeded", "failed", "timedOut", "skipped", "cancelled"
]
"""A step of a with-source reconcile: ``waiting`` = not patched yet; ``skipped`` = the object
is static (e.g. an OCI HelmRepository) so there is nothing to reconcile; ``cancelled`` = an
earlier step failed, so this object was left as it was."""

StepRole = Literal["source", "chart", "target"]

TERMINAL_STATES: frozenset[str] = frozenset(
    {"succeeded", "failed", "timedOut", "refused"}
)

SUSPEND_REASON_ANNOTATION = "fluxdash.io/suspend-reason"
"""Where an optional suspend reason is stored (in the same merge patch as ``spec.suspend``)."""

REQUESTED_AT_ANNOTATION = "reconcile.fluxcd.io/requestedAt"
FORCE_AT_ANNOTATION = "reconcile.fluxcd.io/forceAt"
RESET_AT_ANNOTATION = "reconcile.fluxcd.io/resetAt"

NAMESPACE_PATTERN = r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
"""A Kubernetes namespace (DNS label)."""
NAME_PATTERN = r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$"
"""A Flux object name (DNS subdomain)."""

CSRF_HEADER = "X-Requested-By"
CSRF_VALUE = "fluxdash"


class _ApiModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )


class _Request(_ApiModel):
    """Request bodies: unknown fields and loose types (``"yes"`` for a boolean) are refused."""

    model_config = ConfigDict(extra="forbid", strict=True)


class ActionTarget(_ApiModel):
    """The Flux object an action is about."""

    kind: str = Field(description="Flux kind, e.g. `Kustomization`.")
    namespace: str
    name: str
    id: str = Field(description="`Kind/namespace/name`, the id used by the graph.")

    @classmethod
    def of(cls, kind: str, namespace: str, name: str) -> ActionTarget:
        return cls(
            kind=kind, namespace=namespace, name=name, id=f"{kind}/{namespace}/{name}"
        )


class ActionOptions(_ApiModel):
    """Options of an action, echoed in its record (and sent with a bulk action)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    with_source: bool = Field(
        default=False,
        description="Reconcile the source first (Kustomization, HelmRelease, HelmChart), "
        "like `flux reconcile --with-source`.",
    )
    force: bool = Field(
        default=False,
        description="HelmRelease only: one-off Helm install/upgrade (`reconcile.fluxcd.io/forceAt`).",
    )
    reset: bool = Field(
        default=False,
        description="HelmRelease only: reset the failure counters (`reconcile.fluxcd.io/resetAt`).",
    )
    reason: str | None = Field(
        default=None,
        max_length=1024,
        description=f"Suspend only: why, stored in the `{SUSPEND_REASON_ANNOTATION}` annotation.",
    )


class ActionStep(_ApiModel):
    """One object touched by an action; a with-source reconcile has one step per object."""

    role: StepRole
    target: ActionTarget
    state: StepState
    message: str = ""
    requested_at: str | None = Field(
        default=None,
        description="The `requestedAt` value written (RFC3339Nano), once patched.",
    )


class ActionRecord(_ApiModel):
    """What was asked, by whom, and what the cluster made of it."""

    id: str
    action: ActionName
    target: ActionTarget
    user: str = Field(description='Who asked ("anonymous" without authentication).')
    requested_at: str = Field(description="When fluxdash was asked (RFC3339Nano, UTC).")
    state: ActionState
    message: str = Field(
        description="The latest word: the Ready message, or why it failed."
    )
    cli: str = Field(
        description="The equivalent `flux` command, e.g. "
        "`flux reconcile kustomization apps -n flux-system --with-source`."
    )
    options: ActionOptions = Field(default_factory=ActionOptions)
    steps: list[ActionStep] = Field(
        default_factory=list,
        description="Every object patched, in order (sources first for a with-source reconcile).",
    )
    finished_at: str | None = Field(
        default=None, description="When the record became final."
    )


class ActionList(_ApiModel):
    items: list[ActionRecord] = Field(description="Newest first.")


class SuspendRequest(_Request):
    reason: str | None = Field(
        default=None,
        max_length=1024,
        description=f"Why; stored in the `{SUSPEND_REASON_ANNOTATION}` annotation and shown in the UI.",
    )


class ResumeRequest(_Request):
    """No options: resume is exactly `{"spec":{"suspend":false}}`."""


class ReconcileRequest(_Request):
    with_source: bool = Field(
        default=False,
        description="Reconcile the source first, like `flux reconcile --with-source`.",
    )
    force: bool = Field(
        default=False, description="HelmRelease only: force a Helm install/upgrade."
    )
    reset: bool = Field(
        default=False, description="HelmRelease only: reset failure counters."
    )


class BulkTarget(_Request):
    kind: str = Field(
        max_length=64,
        description="Lowercase plural (`kustomizations`) like everywhere in the API; "
        "the Kind (`Kustomization`) is accepted too.",
    )
    namespace: str = Field(pattern=NAMESPACE_PATTERN, max_length=63)
    name: str = Field(pattern=NAME_PATTERN, max_length=253)


class BulkActionRequest(_Request):
    action: ActionName
    targets: list[BulkTarget] = Field(min_length=1, max_length=500)
    options: ActionOptions = Field(default_factory=ActionOptions)


class BulkActionResponse(_ApiModel):
    items: list[ActionRecord] = Field(
        description="One record per target, in the order the actions were sent to the cluster "
        "(dependencies and sources first for resume and reconcile, consumers first for suspend); "
        "targets that could not be acted on are `refused` with the reason."
    )


ImpactRelation = Literal[
    "source",
    "chart",
    "dependsOn",
    "inventory",
    "provider",
    "imageRepository",
    "imageUpdateSource",
]


class ImpactItem(_ApiModel):
    """Something that depends (transitively) on the object in question."""

    id: str
    kind: str
    namespace: str
    name: str
    relation: ImpactRelation = Field(
        description="How it depends on `via`: consumes it as `source`, uses it as its `chart`, "
        "lists it in `dependsOn`, is a child in its `inventory`, or uses it as `provider` "
        "(Alert), `imageRepository` (ImagePolicy) or `imageUpdateSource` (automation)."
    )
    via: str = Field(
        description="Id of the object it depends on (the target or another item)."
    )
    depth: int = Field(ge=1, description="1 = directly on the target.")
    health: str
    health_reason: str = ""
    message: str = ""
    suspended: bool = False


class ImpactReport(_ApiModel):
    target: ActionTarget
    items: list[ImpactItem] = Field(
        description="Breadth-first, nearest first; each object once."
    )
    total: int
    failing: int = Field(description="Items whose health is Failed.")
    suspended: int = Field(description="Items already suspended.")


class Capabilities(_ApiModel):
    """What the current user may do here, so the UI shows only buttons that work."""

    read_only: bool = Field(
        description="True when actions are refused (`FLUXDASH_READ_ONLY`)."
    )
    actions: list[ActionName] = Field(
        description="Actions the server accepts (empty when read-only)."
    )
    user: str
    auth_mode: str
    csrf_header: str = Field(
        default=CSRF_HEADER,
        description="Header every write must carry, with `csrfValue`.",
    )
    csrf_value: str = CSRF_VALUE
