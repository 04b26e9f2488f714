/**
 * Friendly names for the generated schema types. Views import from here, never from
 * `schema.gen.ts` directly, so a renamed schema is fixed in one place.
 */
import type { components } from "./schema.gen";

type Schemas = components["schemas"];

export type ClusterInfo = Schemas["ClusterInfo"];
/** The body of `GET /api/v1/healthz`. */
export type Liveness = Schemas["Liveness"];
export type Readiness = Schemas["Readiness"];

// --- the live stream (WS /api/v1/ws; see ws.ts)
export type ResourceRow = Schemas["ResourceRow"];
export type FluxKindPlural = NonNullable<Schemas["SubscribeMessage"]["kinds"]>[number];
export type ClientMessage = Schemas["ClientMessage"];
export type ServerMessage = Schemas["ServerMessage"];
export type SubscribeMessage = Schemas["SubscribeMessage"];
export type SnapshotMessage = Schemas["SnapshotMessage"];
export type ChangesMessage = Schemas["ChangesMessage"];
export type StatusMessage = Schemas["StatusMessage"];
export type ErrorMessage = Schemas["ErrorMessage"];
export type FluxEvent = Schemas["FluxEvent"];
export type ActionRecord = Schemas["ActionRecord"];

/** `GET /api/v1/graph`: nodes, typed edges (dependent → dependency), root causes, cycles. */
export type GraphResponse = Schemas["GraphResponse"];
export type GraphNode = Schemas["GraphNode"];
export type GraphEdge = Schemas["GraphEdge"];
export type EdgeType = GraphEdge["type"];
export type RootCause = Schemas["RootCause"];
/** `GET /api/v1/graph/blocked/{kind}/{namespace}/{name}`: why one object is not Ready. */
export type BlockedBy = Schemas["BlockedBy"];
