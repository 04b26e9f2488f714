import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ChangesMessage, SnapshotMessage } from "./types";
import { getLiveSocket, type LiveSocket, type SubscriptionSpec } from "./ws";

export type LiveRefetchOptions = {
  /** Which objects to watch (kinds and namespace; omitted = every Flux object). */
  spec: SubscriptionSpec;
  /** Queries to refetch when a watched object changes (e.g. the summary, a detail view). */
  queryKeys: readonly QueryKey[];
  /** Only refetch when one of these object ids (`Kind/namespace/name`) changed. */
  ids?: readonly string[];
  /** At most one refetch per this many milliseconds (default 1000). */
  throttleMs?: number;
  enabled?: boolean;
  socket?: LiveSocket;
};

function touches(message: ChangesMessage, ids: ReadonlySet<string>): boolean {
  return (
    message.upserts.some((row) => ids.has(row.id)) || message.deletes.some((id) => ids.has(id))
  );
}

/**
 * For server-computed views that the reducer cannot patch (summary counts, detail, graph):
 * refetch them, throttled, when the live stream reports a change to what they show, and
 * after every resync. The first snapshot of the subscription is not a change and is ignored.
 */
export function useLiveRefetch({
  spec,
  queryKeys,
  ids,
  throttleMs = 1000,
  enabled = true,
  socket = getLiveSocket(),
}: LiveRefetchOptions): void {
  const queryClient = useQueryClient();
  const depHash = JSON.stringify([spec, queryKeys, ids ?? null, throttleMs]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the serialised inputs
  useEffect(() => {
    if (!enabled) return undefined;
    const watched = ids ? new Set(ids) : null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastRun = 0;
    let seenSnapshot = false;
    const refetch = () => {
      timer = null;
      lastRun = Date.now();
      for (const queryKey of queryKeys) void queryClient.invalidateQueries({ queryKey });
    };
    const schedule = () => {
      if (timer !== null) return;
      const wait = Math.max(0, lastRun + throttleMs - Date.now());
      timer = setTimeout(refetch, wait);
    };
    const onSnapshot = (message: SnapshotMessage) => {
      if (seenSnapshot || message.resync) schedule();
      seenSnapshot = true;
    };
    const onChanges = (message: ChangesMessage) => {
      if (watched === null || touches(message, watched)) schedule();
    };
    const unsubscribe = socket.subscribe(spec, { onSnapshot, onChanges });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [depHash, enabled, queryClient, socket]);
}
