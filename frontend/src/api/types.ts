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

/** `GET /api/v1/graph`: nodes, typed edges (dependent → dependency), root causes, cycles. */
export type GraphResponse = Schemas["GraphResponse"];
export type GraphNode = Schemas["GraphNode"];
export type GraphEdge = Schemas["GraphEdge"];
export type EdgeType = GraphEdge["type"];
export type RootCause = Schemas["RootCause"];
/** `GET /api/v1/graph/blocked/{kind}/{namespace}/{name}`: why one object is not Ready. */
export type BlockedBy = Schemas["BlockedBy"];
