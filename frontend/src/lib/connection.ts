/**
 * What the top-bar indicator says about the link browser → fluxdash → cluster.
 * Until the live stream exists this derives from the polled health and cluster reads.
 */
import type { ClusterInfo } from "@/api/types";

export type ConnectionState = "connecting" | "connected" | "no-cluster" | "offline";

export type ConnectionView = {
  state: ConnectionState;
  label: string;
  /** A sentence for the tooltip and screen readers. */
  detail: string;
};

export type ConnectionInput = {
  healthz: "pending" | "success" | "error";
  cluster: ClusterInfo | undefined;
};

export function describeConnection({ healthz, cluster }: ConnectionInput): ConnectionView {
  if (healthz === "error") {
    return {
      state: "offline",
      label: "Offline",
      detail: "The fluxdash server does not answer.",
    };
  }
  if (healthz === "pending" || cluster === undefined) {
    return { state: "connecting", label: "Connecting", detail: "Contacting the fluxdash server…" };
  }
  if (!cluster.connected) {
    return { state: "no-cluster", label: "No cluster", detail: cluster.message };
  }
  return {
    state: "connected",
    label: "Connected",
    detail: cluster.server ? `${cluster.mode}: ${cluster.server}` : cluster.message,
  };
}
