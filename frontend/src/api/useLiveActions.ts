import { useEffect, useRef } from "react";
import type { ActionRecord } from "./types";
import { getLiveSocket, type LiveSocket } from "./ws";

/** Calls `listener` with every created or changed action record (anyone's). */
export function useLiveActions(
  listener: (action: ActionRecord) => void,
  socket: LiveSocket = getLiveSocket(),
): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => socket.onAction((action) => latest.current(action)), [socket]);
}
