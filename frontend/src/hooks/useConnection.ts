import { useQuery } from "@tanstack/react-query";
import { clusterQuery, healthzQuery } from "@/api/queries";
import { useLiveStatus } from "@/api/useLiveStatus";
import { type ConnectionView, describeConnection } from "@/lib/connection";

/** The state shown by the top-bar indicator (REST health + cluster, and the live stream). */
export function useConnection(): ConnectionView {
  const healthz = useQuery(healthzQuery());
  const cluster = useQuery(clusterQuery());
  const live = useLiveStatus();
  return describeConnection({ healthz: healthz.status, cluster: cluster.data, live });
}
