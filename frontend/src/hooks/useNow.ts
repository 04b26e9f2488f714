import { useSyncExternalStore } from "react";

/**
 * The current time, re-read every `periodMs`. Every component asking for the same period
 * shares one timer, so a list of relative times costs one interval, not one per cell.
 */
type Clock = {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
};

const clocks = new Map<number, Clock>();

function clockFor(periodMs: number): Clock {
  let clock = clocks.get(periodMs);
  if (!clock) {
    clock = { now: Date.now(), listeners: new Set(), timer: null };
    clocks.set(periodMs, clock);
  }
  return clock;
}

function subscribe(periodMs: number, listener: () => void): () => void {
  const clock = clockFor(periodMs);
  clock.listeners.add(listener);
  if (clock.timer === null) {
    const tick = () => {
      clock.now = Date.now();
      for (const notify of clock.listeners) notify();
    };
    clock.timer = setInterval(tick, periodMs);
    // An idle clock may be stale: catch up right after this render, not during it.
    setTimeout(tick, 0);
  }
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0 && clock.timer !== null) {
      clearInterval(clock.timer);
      clock.timer = null;
    }
  };
}

export function useNow(periodMs = 10_000): number {
  return useSyncExternalStore(
    (listener) => subscribe(periodMs, listener),
    () => clockFor(periodMs).now,
  );
}
