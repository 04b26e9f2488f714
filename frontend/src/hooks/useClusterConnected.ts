import { useQuery } from "@tanstack/react-query";
import { clusterQuery } from "@/api/queries";

/**
 * Whether the cluster API answers, as `/cluster` last said. Views that read Flux objects wait
 * for it: without a cluster those reads can only fail (503), and while a connected cluster is
 * briefly unreachable, disabled queries keep showing the last data (the indicator says stale).
 */
export function useClusterConnected(): boolean {
  const { data } = useQuery(clusterQuery());
  return data?.connected === true;
}
