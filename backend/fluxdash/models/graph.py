"""View models of the Flux object graph (`GET /api/v1/graph`) and of root-cause answers.

**Edge direction.** Every edge points from the object whose spec or status names another
object to the object it names: from the dependent to what it depends on
(`Kustomization/flux-system/apps → GitRepository/flux-system/flux-system`, `apps → infra`
for `dependsOn`), from a Kustomization to what its inventory lists, from an Alert to its
Provider and to the objects its event sources match, from a Receiver to the objects it
triggers. Walking edges of the dependency types (`DEPENDENCY_EDGE_TYPES`) forward means
walking upstream, towards root causes.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import ConfigDict, Field

from fluxdash.models.base import FluxModel
from fluxdash.models.views import Health

EdgeType = Literal[
    "source",
    "chart",
    "dependsOn",
    "inventory",
    "provider",
    "alertSource",
    "receiverTarget",
    "imageRepository",
    "imageUpdateSource",
]
EDGE_TYPES: tuple[EdgeType, ...] = get_args(EdgeType)

DEPENDENCY_EDGE_TYPES: frozenset[EdgeType] = frozenset(
    {"dependsOn", "source", "chart", "provider", "imageRepository", "imageUpdateSource"}
)
"""Edge types a failure travels along: an object waits on the targets of these edges
(besides dependsOn/source/chart: an Alert cannot send without its Provider, an ImagePolicy
has nothing to choose from without its ImageRepository, an ImageUpdateAutomation cannot push
without its GitRepository)."""


class _GraphModel(FluxModel):
    # Every field is always present in responses: say so in the spec (and the TS types).
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class GraphNode(_GraphModel):
    """One object in the graph: a Flux object, a placeholder for a missing one, or (with
    `workloads`) a workload a Kustomization's inventory lists."""

    id: str = Field(description="`Kind/namespace/name`.")
    kind: str
    namespace: str
    name: str
    health: Health
    health_reason: str | None = None
    message: str = ""
    suspended: bool = False
    revision: str | None = None
    flux: bool = Field(
        default=True, description="False for non-Flux objects (workloads)."
    )
    missing: bool = Field(
        default=False,
        description="A placeholder: something references this object but it does not "
        "exist (health Unknown, message `not found`).",
    )
    neighbour: bool = Field(
        default=False,
        description="Outside the requested namespace or focus: shown only because a node "
        "in the view references it or is blocked by it.",
    )
    blocked_by: list[str] = Field(
        default_factory=list,
        description="For an object that is not Ready: the nearest failing objects upstream "
        "along the dependency edges (dependsOn, source, chart, provider, imageRepository, "
        "imageUpdateSource).",
    )
    root_cause: bool = Field(
        default=False,
        description="Fails (or is missing but needed) while nothing upstream of it fails.",
    )
    explanation: str | None = Field(
        default=None,
        description='Reads down the blocking chain: "Kustomization flux-system/apps waits '
        "on Kustomization flux-system/infra; …; GitRepository flux-system/flux-system "
        'fails: …".',
    )
    in_cycle: bool = Field(default=False, description="Part of a dependsOn cycle.")


class GraphEdge(_GraphModel):
    """A typed reference, from the referring object (`source`) to the referenced one
    (`target`)."""

    id: str = Field(description="`<type>:<source>-><target>`, unique in a response.")
    source: str
    target: str
    type: EdgeType


class RootCause(_GraphModel):
    """A failing object at the start of blocking chains, with what it blocks."""

    id: str
    kind: str
    namespace: str
    name: str
    health: Health
    message: str = ""
    missing: bool = False
    blocked_count: int = Field(
        description="Objects it blocks, directly or through others."
    )
    blocked: list[str] = Field(
        description="The ids of the first objects it blocks (up to 50), sorted."
    )
    cycle: list[str] | None = Field(
        default=None, description="The dependsOn cycle it is part of, if any."
    )


class GraphStats(_GraphModel):
    nodes: int
    edges: int
    total_nodes: int = Field(description="Nodes of the whole, unfiltered graph.")
    total_edges: int
    missing: int
    blocked: int
    root_causes: int


class GraphResponse(_GraphModel):
    """The graph (or the requested part of it), with root causes and dependsOn cycles."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    root_causes: list[RootCause] = Field(
        description="Root causes among the nodes, most blocking first."
    )
    cycles: list[list[str]] = Field(
        description="dependsOn cycles touching the nodes (they stall Flux): each in edge "
        "order `[a, b, c]` for `a → b → c → a`."
    )
    stats: GraphStats
    version: int = Field(
        description="Cache version the graph was built from; changes when any object does."
    )


class ChainLink(_GraphModel):
    """One object on a blocking chain."""

    id: str
    kind: str
    namespace: str
    name: str
    health: Health
    health_reason: str | None = None
    message: str = ""
    missing: bool = False


class BlockedBy(_GraphModel):
    """Why one object is not Ready, as far as the graph can tell."""

    id: str
    health: Health
    blocked_by: list[str] = Field(description="Nearest failing objects upstream.")
    root_causes: list[str] = Field(
        description="The root causes at the end of its blocking chains (itself when it is one)."
    )
    root_cause: bool = False
    chain: list[ChainLink] = Field(
        description="The object, then its first blocker, … down to a root cause."
    )
    explanation: str | None = None
    cycle: list[str] | None = Field(
        default=None, description="The dependsOn cycle it is part of, if any."
    )
