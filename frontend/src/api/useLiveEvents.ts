import { useEffect, useRef } from "react";
import type { FluxEvent } from "./types";
import { getLiveSocket, type LiveSocket } from "./ws";

/** Calls `listener` with every Flux event of objects this tab is subscribed to. */
export function useLiveEvents(
  listener: (event: FluxEvent) => void,
  socket: LiveSocket = getLiveSocket(),
): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => socket.onEvent((event) => latest.current(event)), [socket]);
}
