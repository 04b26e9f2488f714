import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useSyncExternalStore } from "react";
import { queryKeys } from "@/api/queries";
import { namespacesIn } from "@/lib/namespaces";

/**
 * Namespaces seen in the data already loaded (lists, summary, graph): suggestions for the
 * namespace selector that cost no request. Grows as the user looks around.
 */
export function useKnownNamespaces(): readonly string[] {
  const queryClient = useQueryClient();
  const last = useRef<readonly string[]>([]);

  const read = useCallback(() => {
    const datas = queryClient
      .getQueryCache()
      .findAll({ queryKey: queryKeys.all })
      .map((query) => query.state.data);
    const next = namespacesIn(datas);
    // Same list → same array, so React does not re-render.
    if (next.length !== last.current.length || next.some((ns, i) => ns !== last.current[i])) {
      last.current = next;
    }
    return last.current;
  }, [queryClient]);

  const subscribe = useCallback(
    (onChange: () => void) => queryClient.getQueryCache().subscribe(onChange),
    [queryClient],
  );

  return useSyncExternalStore(subscribe, read, read);
}
