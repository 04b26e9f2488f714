/**
 * Query keys and `queryOptions` builders: the only place that knows how a server read is
 * cached. Keys are hierarchical (`all → resources → list(filter)`) so invalidation can be
 * as broad or narrow as needed:
 * - an action on one object invalidates `resources.detail(ref)` and `resources.lists()`;
 * - a WebSocket resync replaces every `resources.lists()` entry;
 * - builders never transform data (select in the component if a view needs a shape).
 */
import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { operations } from "./schema.gen";

/** Filters of a resource list, as they appear in the URL and in `GET /resources`. */
export type ResourceListFilter = {
  kind?: string;
  namespace?: string;
  health?: string;
  q?: string;
};

/** One Flux object; `kind` is the lowercase plural used in paths (`kustomizations`). */
export type ResourceRef = { kind: string; namespace: string; name: string };

/** Filters of `GET /events`. */
export type EventFilter = {
  namespace?: string;
  kind?: FluxKindPlural;
  name?: string;
  type?: "Normal" | "Warning";
  limit?: number;
};

type GraphParams = NonNullable<operations["get_graph"]["parameters"]["query"]>;
type EdgeTypeName = NonNullable<GraphParams["edgeTypes"]>[number];
/** A Flux kind as the API names it in queries: its lowercase plural. */
export type FluxKindPlural = NonNullable<GraphParams["kinds"]>[number];

/** Every Flux kind plural (`GET /graph?kinds=` accepts only these). */
export const FLUX_KIND_PLURALS = [
  "gitrepositories",
  "ocirepositories",
  "helmrepositories",
  "helmcharts",
  "buckets",
  "externalartifacts",
  "kustomizations",
  "helmreleases",
  "alerts",
  "providers",
  "receivers",
  "imagerepositories",
  "imagepolicies",
  "imageupdateautomations",
] as const satisfies readonly FluxKindPlural[];

export function isFluxKindPlural(value: string): value is FluxKindPlural {
  return (FLUX_KIND_PLURALS as readonly string[]).includes(value);
}

export type GraphFilter = {
  namespace?: string;
  kinds?: readonly string[];
  /** Edge types to follow (the server drops the others). */
  edgeTypes?: readonly EdgeTypeName[];
  focus?: string;
  depth?: number;
  workloads?: boolean;
};

type KeyPart = string | number | boolean | readonly string[];

/**
 * A canonical form of a filter object for use inside a key: empty values dropped and string
 * lists sorted, so `{namespace: ""}`, `{namespace: undefined}` and `{}` share one cache entry.
 */
export function canonicalFilter<T extends Record<string, KeyPart | null | undefined>>(
  filter: T,
): Partial<Record<keyof T, KeyPart>> {
  const out: Partial<Record<keyof T, KeyPart>> = {};
  for (const key of Object.keys(filter).sort() as (keyof T & string)[]) {
    const value = filter[key];
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      out[key] = [...new Set(value)].sort();
    } else {
      out[key] = value as Exclude<KeyPart, readonly string[]>;
    }
  }
  return out;
}

const ROOT = ["fluxdash"] as const;

export const queryKeys = {
  all: ROOT,
  healthz: () => [...ROOT, "healthz"] as const,
  cluster: () => [...ROOT, "cluster"] as const,
  summaries: () => [...ROOT, "summary"] as const,
  summary: (namespace?: string) =>
    [...queryKeys.summaries(), canonicalFilter({ namespace })] as const,
  graph: (filter: GraphFilter = {}) => [...ROOT, "graph", canonicalFilter(filter)] as const,
  capabilities: () => [...ROOT, "capabilities"] as const,
  allEvents: () => [...ROOT, "events"] as const,
  events: (filter: EventFilter = {}) =>
    [...queryKeys.allEvents(), canonicalFilter(filter)] as const,
  actions: {
    all: () => [...ROOT, "actions"] as const,
    detail: (id: string) => [...queryKeys.actions.all(), id] as const,
  },
  blockedBy: (ref: ResourceRef) =>
    [...ROOT, "graph", "blocked", ref.kind, ref.namespace, ref.name] as const,
  resources: {
    all: () => [...ROOT, "resources"] as const,
    lists: () => [...queryKeys.resources.all(), "list"] as const,
    list: (filter: ResourceListFilter = {}) =>
      [...queryKeys.resources.lists(), canonicalFilter(filter)] as const,
    details: () => [...queryKeys.resources.all(), "detail"] as const,
    detail: (ref: ResourceRef) =>
      [...queryKeys.resources.details(), ref.kind, ref.namespace, ref.name] as const,
    impact: (ref: ResourceRef) =>
      [...queryKeys.resources.all(), "impact", ref.kind, ref.namespace, ref.name] as const,
  },
} as const;

/** How often the shell re-reads backend health while no live stream reports it. */
export const HEALTH_POLL_MS = 10_000;

export function healthzQuery() {
  return queryOptions({
    queryKey: queryKeys.healthz(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/healthz", { signal })),
    refetchInterval: HEALTH_POLL_MS,
    retry: false,
  });
}

export function clusterQuery() {
  return queryOptions({
    queryKey: queryKeys.cluster(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/cluster", { signal })),
    refetchInterval: HEALTH_POLL_MS,
  });
}

/** Capabilities change only with the server's configuration: read once per session. */
export function capabilitiesQuery() {
  return queryOptions({
    queryKey: queryKeys.capabilities(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/capabilities", { signal })),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function summaryQuery(namespace?: string) {
  return queryOptions({
    queryKey: queryKeys.summary(namespace),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/summary", { params: { query: { namespace } }, signal })),
  });
}

/**
 * The most rows one list request returns (the server's maximum page). A list page holds its
 * kind and namespace whole and filters, sorts and windows it in the browser.
 */
export const LIST_LIMIT = 10_000;

/** Every row of one kind (and namespace): the data of a list page, kept live by the stream. */
export function resourceListQuery(kind: FluxKindPlural, namespace?: string) {
  return queryOptions({
    queryKey: queryKeys.resources.list({ kind, namespace }),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/resources", {
          params: { query: { kind: [kind], namespace, limit: LIST_LIMIT } },
          signal,
        }),
      ),
  });
}

export function resourceDetailQuery(ref: ResourceRef) {
  return queryOptions({
    queryKey: queryKeys.resources.detail(ref),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/resources/{kind}/{namespace}/{name}", {
          params: { path: ref },
          signal,
        }),
      ),
  });
}

/** What depends on an object (suspend's blast radius). */
export function impactQuery(ref: ResourceRef) {
  return queryOptions({
    queryKey: queryKeys.resources.impact(ref),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/resources/{kind}/{namespace}/{name}/impact", {
          params: { path: ref },
          signal,
        }),
      ),
  });
}

export function eventsQuery(filter: EventFilter = {}) {
  return queryOptions({
    queryKey: queryKeys.events(filter),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/events", { params: { query: filter }, signal })),
  });
}

export function actionQuery(id: string) {
  return queryOptions({
    queryKey: queryKeys.actions.detail(id),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/actions/{action_id}", { params: { path: { action_id: id } }, signal }),
      ),
  });
}

/** The live stream refetches graph views on changes; this slow poll is only a safety net
 * (an unchanged graph costs a 304: the backend's ETag follows the cache version). */
export const GRAPH_POLL_MS = 30_000;

export function graphQuery(filter: GraphFilter = {}) {
  return queryOptions({
    queryKey: queryKeys.graph(filter),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/graph", {
          signal,
          params: {
            query: {
              namespace: filter.namespace || undefined,
              kinds: filter.kinds?.length ? filter.kinds.filter(isFluxKindPlural) : undefined,
              edgeTypes: filter.edgeTypes ? [...filter.edgeTypes] : undefined,
              focus: filter.focus || undefined,
              depth: filter.focus ? filter.depth : undefined,
              workloads: filter.workloads || undefined,
            },
          },
        }),
      ),
    refetchInterval: GRAPH_POLL_MS,
  });
}

/** Why one object is not Ready: its blockers, root causes and the chain (graph analysis). */
export function blockedByQuery(ref: ResourceRef) {
  return queryOptions({
    queryKey: queryKeys.blockedBy(ref),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/graph/blocked/{kind}/{namespace}/{name}", {
          signal,
          params: { path: { kind: ref.kind, namespace: ref.namespace, name: ref.name } },
        }),
      ),
    refetchInterval: GRAPH_POLL_MS,
  });
}
