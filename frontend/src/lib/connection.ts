/**
 * What the top-bar indicator says about the link browser → fluxdash → cluster.
 * REST reads (health, cluster) say whether fluxdash and a cluster are there at all; the live
 * stream (`api/ws.ts`) says whether the page is being kept current: live, stale (the cluster
 * is unreachable or not synced, so the data shown is the last known state), reconnecting, or
 * paused (tab hidden).
 */
import type { ClusterInfo } from "@/api/types";
import type { LiveState } from "@/api/ws";

export type ConnectionState =
  | "connecting"
  | "connected"
  | "live"
  | "stale"
  | "reconnecting"
  | "paused"
  | "no-cluster"
  | "offline";

export type ConnectionView = {
  state: ConnectionState;
  label: string;
  /** A sentence for the tooltip and screen readers. */
  detail: string;
};

export type ConnectionInput = {
  healthz: "pending" | "success" | "error";
  cluster: ClusterInfo | undefined;
  /** The live stream's state; without it the view says only "connected". */
  live?: LiveState;
};

function where(cluster: ClusterInfo): string {
  return cluster.server ? `${cluster.mode}: ${cluster.server}` : cluster.message;
}

export function describeConnection({ healthz, cluster, live }: ConnectionInput): ConnectionView {
  if (healthz === "error" && live?.phase !== "open") {
    return {
      state: "offline",
      label: "Offline",
      detail: "The fluxdash server does not answer.",
    };
  }
  if (healthz === "pending" || cluster === undefined) {
    return { state: "connecting", label: "Connecting", detail: "Contacting the fluxdash server…" };
  }
  if (cluster.mode === "none") {
    return { state: "no-cluster", label: "No cluster", detail: cluster.message };
  }
  switch (live?.indicator) {
    case "live":
      return { state: "live", label: "Live", detail: `Live updates from ${where(cluster)}` };
    case "stale":
      return {
        state: "stale",
        label: "Stale",
        detail: `Showing the last known state: ${live.cluster?.message ?? cluster.message}`,
      };
    case "reconnecting":
      return {
        state: "reconnecting",
        label: "Reconnecting",
        detail: "Lost the live connection to fluxdash; reconnecting…",
      };
    case "paused":
      return {
        state: "paused",
        label: "Paused",
        detail: "Live updates pause while the tab is hidden and resume when it is shown.",
      };
    default:
      break;
  }
  if (!cluster.connected) {
    return { state: "stale", label: "Stale", detail: cluster.message };
  }
  return { state: "connected", label: "Connected", detail: where(cluster) };
}
