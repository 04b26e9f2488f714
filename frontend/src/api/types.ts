/**
 * Friendly names for the generated schema types. Views import from here, never from
 * `schema.gen.ts` directly, so a renamed schema is fixed in one place.
 */
import type { components, paths } from "./schema.gen";

type Schemas = components["schemas"];

export type ClusterInfo = Schemas["ClusterInfo"];
/** The body of `GET /api/v1/healthz`. */
export type Liveness = Schemas["Liveness"];
export type Readiness = Schemas["Readiness"];

// --- read API ---------------------------------------------------------------------------------
export type ResourceRow = Schemas["ResourceRow"];
export type Health = ResourceRow["health"];
export type ResourceList = Schemas["ResourceList"];
export type ResourceDetail = Schemas["ResourceDetail"];
export type SummaryResponse = Schemas["SummaryResponse"];
export type KindStats = Schemas["KindStats"];
export type FluxEvent = Schemas["FluxEvent"];
export type EventList = Schemas["EventList"];
export type ConditionView = Schemas["ConditionView"];
export type ArtifactView = Schemas["ArtifactView"];
export type RelatedObject = Schemas["RelatedObject"];
export type InventoryView = Schemas["InventoryView"];
export type InventoryEntryView = Schemas["InventoryEntryView"];
export type HelmReleaseRevision = Schemas["HelmReleaseRevision"];
export type ReconcileRecord = Schemas["ReconcileRecord"];
export type ControllerInfo = Schemas["ControllerInfo"];
export type KindAvailability = Schemas["KindAvailability"];
/** The typed Flux object of a detail (a union narrowable on `kind`). */
export type FluxObject = NonNullable<ResourceDetail["resource"]>;
/** Lowercase plural naming a kind in paths and queries (`kustomizations`). */
export type FluxKindPlural = NonNullable<
  NonNullable<paths["/api/v1/resources"]["get"]["parameters"]["query"]>["kind"]
>[number];

// --- actions ----------------------------------------------------------------------------------
export type ActionRecord = Schemas["ActionRecord"];
export type ActionName = ActionRecord["action"];
export type ActionState = ActionRecord["state"];
export type ActionStep = Schemas["ActionStep"];
export type ActionOptions = Schemas["ActionOptions"];
export type ReconcileRequest = Schemas["ReconcileRequest"];
export type SuspendRequest = Schemas["SuspendRequest"];
export type BulkActionRequest = Schemas["BulkActionRequest"];
export type BulkActionResponse = Schemas["BulkActionResponse"];
export type ImpactReport = Schemas["ImpactReport"];
export type ImpactItem = Schemas["ImpactItem"];
export type Capabilities = Schemas["Capabilities"];

// --- the live stream (WS /api/v1/ws; see ws.ts)
export type ClientMessage = Schemas["ClientMessage"];
export type ServerMessage = Schemas["ServerMessage"];
export type SubscribeMessage = Schemas["SubscribeMessage"];
export type SnapshotMessage = Schemas["SnapshotMessage"];
export type ChangesMessage = Schemas["ChangesMessage"];
export type StatusMessage = Schemas["StatusMessage"];
export type ErrorMessage = Schemas["ErrorMessage"];

// --- the graph
/** `GET /api/v1/graph`: nodes, typed edges (dependent → dependency), root causes, cycles. */
export type GraphResponse = Schemas["GraphResponse"];
export type GraphNode = Schemas["GraphNode"];
export type GraphEdge = Schemas["GraphEdge"];
export type EdgeType = GraphEdge["type"];
export type RootCause = Schemas["RootCause"];
/** `GET /api/v1/graph/blocked/{kind}/{namespace}/{name}`: why one object is not Ready. */
export type BlockedBy = Schemas["BlockedBy"];
