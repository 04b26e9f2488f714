import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useSearchParams } from "react-router";
import { graphQuery, queryKeys } from "@/api/queries";
import { useLiveRefetch } from "@/api/useLiveRefetch";
import { NAMESPACE_PARAM } from "@/lib/searchParams";
import { DEPTH_PARAM, EDGES_PARAM, FOCUS_PARAM, parseDepth, parseShown } from "./params";
import { EDGE_TYPES } from "./toElements";

/** At most one graph refetch per this long while objects change. */
export const LIVE_THROTTLE_MS = 750;

/**
 * The graph the URL asks for: `namespace` (the shell's), `focus` + `depth`, and `edges`
 * (the edge types shown). Around a focus the neighbourhood follows the shown edge types;
 * otherwise the toggles only hide edges on the canvas. Refetched (throttled) whenever the live
 * stream reports a change. Small and Cytoscape-free, so the page starts this request while
 * the canvas code is still loading.
 */
export function useGraphData() {
  const [params] = useSearchParams();
  const namespace = params.get(NAMESPACE_PARAM) ?? undefined;
  const focus = params.get(FOCUS_PARAM) ?? undefined;
  const depth = parseDepth(params.get(DEPTH_PARAM));
  const edges = params.get(EDGES_PARAM);
  const shown = useMemo(() => parseShown(edges), [edges]);
  const followed = focus ? EDGE_TYPES.filter((type) => shown.has(type)) : undefined;
  const filter = { namespace, focus, depth, edgeTypes: followed };
  const query = useQuery({ ...graphQuery(filter), placeholderData: keepPreviousData });
  // Any object may be a neighbour or a blocker of the view: watch them all.
  useLiveRefetch({ spec: {}, queryKeys: [queryKeys.graph(filter)], throttleMs: LIVE_THROTTLE_MS });
  return { namespace, focus, depth, shown, query };
}
