import { useSyncExternalStore } from "react";
import { getLiveSocket, type LiveSocket, type LiveState } from "./ws";

/**
 * The tab's live-stream state for the top-bar indicator: `live` (socket open, cluster
 * connected and synced), `stale` (socket open but the server says the cluster is unreachable
 * or not synced), `reconnecting`, `connecting` or `paused` (tab hidden for 30 s).
 */
export function useLiveStatus(socket: LiveSocket = getLiveSocket()): LiveState {
  return useSyncExternalStore(socket.onStateChange, socket.getState, socket.getState);
}
