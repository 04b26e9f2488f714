import { queryKeys } from "@/api/queries";
import type { FluxKindPlural } from "@/api/types";
import { useLiveResources } from "@/api/useLiveResources";

/**
 * Keeps a list page's data (`resourceListQuery(kind, namespace)`) current from the shared
 * live socket: every snapshot and change is applied to the cached list in place.
 */
export function useLiveList(kind: FluxKindPlural, namespace: string | undefined): void {
  useLiveResources({
    queryKey: queryKeys.resources.list({ kind, namespace }),
    filter: { kind, namespace },
  });
}
