import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { applyLiveMessage, isPaged, type LiveListFilter, type ResourceListLike } from "./liveCache";
import type { ChangesMessage, SnapshotMessage } from "./types";
import { getLiveSocket, isFluxPlural, type LiveSocket } from "./ws";

export type LiveResourcesOptions = {
  /** The list query to keep live (its data must be a `GET /resources` body). */
  queryKey: QueryKey;
  /** The list's filter: the stream is narrowed by kind and namespace, the rest is applied here. */
  filter: LiveListFilter;
  enabled?: boolean;
  socket?: LiveSocket;
};

/**
 * Keeps a resource list query current from the live stream: snapshots and coalesced changes
 * are applied to the cached data with the pure reducer in `liveCache.ts`; a paged list is
 * refetched instead. The query itself (REST) stays the source of the first render.
 */
export function useLiveResources({
  queryKey,
  filter,
  enabled = true,
  socket = getLiveSocket(),
}: LiveResourcesOptions): void {
  const queryClient = useQueryClient();
  const keyHash = JSON.stringify(queryKey);
  const filterHash = JSON.stringify(filter);

  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the serialised key and filter
  useEffect(() => {
    if (!enabled) return undefined;
    const requested =
      filter.kind === undefined || filter.kind === ""
        ? []
        : typeof filter.kind === "string"
          ? [filter.kind]
          : [...filter.kind];
    const kinds = requested.map((k) => k.toLowerCase()).filter(isFluxPlural);
    // A kind the stream does not know (a Kind name, a typo) streams every kind; the reducer
    // still applies the list's own filter.
    const streamed = kinds.length === requested.length && kinds.length > 0 ? kinds : undefined;
    const apply = (message: SnapshotMessage | ChangesMessage) => {
      const current = queryClient.getQueryData<ResourceListLike>(queryKey);
      if (isPaged(current)) {
        void queryClient.invalidateQueries({ queryKey, exact: true });
        return;
      }
      queryClient.setQueryData<ResourceListLike>(queryKey, (list) =>
        applyLiveMessage(list, message, filter),
      );
    };
    return socket.subscribe(
      { kinds: streamed, namespace: filter.namespace || undefined },
      { onSnapshot: apply, onChanges: apply },
    );
  }, [enabled, keyHash, filterHash, queryClient, socket]);
}
