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

type GraphParams = NonNullable<operations["get_graph"]["parameters"]["query"]>;
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
  summary: (namespace?: string) => [...ROOT, "summary", canonicalFilter({ namespace })] as const,
  graph: (filter: GraphFilter = {}) => [...ROOT, "graph", canonicalFilter(filter)] as const,
  resources: {
    all: () => [...ROOT, "resources"] as const,
    lists: () => [...queryKeys.resources.all(), "list"] as const,
    list: (filter: ResourceListFilter = {}) =>
      [...queryKeys.resources.lists(), canonicalFilter(filter)] as const,
    details: () => [...queryKeys.resources.all(), "detail"] as const,
    detail: (ref: ResourceRef) =>
      [...queryKeys.resources.details(), ref.kind, ref.namespace, ref.name] as const,
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

/** How often an open graph re-reads itself while no live stream invalidates it; unchanged
 * graphs cost a 304 (the backend's ETag follows the cache version). */
export const GRAPH_POLL_MS = 3_000;

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
