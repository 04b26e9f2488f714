/**
 * Friendly names for the generated schema types. Views import from here, never from
 * `schema.gen.ts` directly, so a renamed schema is fixed in one place.
 */
import type { components } from "./schema.gen";

type Schemas = components["schemas"];

export type ClusterInfo = Schemas["ClusterInfo"];
/** The body of `GET /api/v1/healthz` (the schema is named `Health` in the spec). */
export type Liveness = Schemas["Health"];
export type Readiness = Schemas["Readiness"];
