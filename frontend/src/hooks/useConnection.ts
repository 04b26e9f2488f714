import { useQuery } from "@tanstack/react-query";
import { clusterQuery, healthzQuery } from "@/api/queries";
import { type ConnectionView, describeConnection } from "@/lib/connection";

/** The state shown by the top-bar indicator. */
export function useConnection(): ConnectionView {
  const healthz = useQuery(healthzQuery());
  const cluster = useQuery(clusterQuery());
  return describeConnection({ healthz: healthz.status, cluster: cluster.data });
}
