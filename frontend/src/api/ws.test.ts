import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeLiveSocket } from "@/test/fakeLiveSocket";
import type { ServerMessage } from "./types";
import { backoffDelay, FLUX_PLURALS, isFluxPlural, liveUrl, type SubscriptionHandlers } from "./ws";

const setup = fakeLiveSocket;

function handlers() {
  return {
    onSnapshot: vi.fn<SubscriptionHandlers["onSnapshot"]>(),
    onChanges: vi.fn<SubscriptionHandlers["onChanges"]>(),
    onError: vi.fn<NonNullable<SubscriptionHandlers["onError"]>>(),
  };
}

const status = (connected: boolean, synced = true): ServerMessage => ({
  type: "status",
  connected,
  synced,
  message: connected ? "live" : "cluster unreachable",
});

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("LiveSocket", () => {
  it("subscribes once open and routes frames to the subscription", () => {
    const { live, last } = setup();
    const h = handlers();
    live.subscribe({ kinds: ["kustomizations"], namespace: "flux-system" }, h);
    expect(last().sent).toEqual([]); // not open yet
    last().open();
    expect(last().sent).toEqual([
      { type: "subscribe", id: "s1", kinds: ["kustomizations"], namespace: "flux-system" },
    ]);
    last().receive({ type: "snapshot", subscription: "s1", items: [], resync: false });
    last().receive({ type: "changes", subscription: "s1", upserts: [], deletes: ["x"] });
    last().receive({ type: "changes", subscription: "other", upserts: [], deletes: ["y"] });
    expect(h.onSnapshot).toHaveBeenCalledTimes(1);
    expect(h.onChanges).toHaveBeenCalledTimes(1);
    expect(h.onChanges.mock.calls[0]?.[0].deletes).toEqual(["x"]);
    live.stop();
  });

  it("shares one server subscription between identical specs", () => {
    const { live, last } = setup();
    const a = handlers();
    const b = handlers();
    live.subscribe({ kinds: ["helmreleases", "kustomizations"] }, a);
    last().open();
    const unsubscribeB = live.subscribe({ kinds: ["kustomizations", "helmreleases"] }, b);
    // The second subscriber re-subscribes the same id so both get a fresh snapshot.
    expect(last().sent.map((m) => m.type === "subscribe" && m.id)).toEqual(["s1", "s1"]);
    last().receive({ type: "snapshot", subscription: "s1", items: [], resync: false });
    expect(a.onSnapshot).toHaveBeenCalledTimes(1);
    expect(b.onSnapshot).toHaveBeenCalledTimes(1);
    unsubscribeB();
    expect(last().sent).toHaveLength(2); // a still listens: no unsubscribe
    live.stop();
  });

  it("unsubscribes the server when the last handler leaves", () => {
    const { live, last } = setup();
    const unsubscribe = live.subscribe({}, handlers());
    last().open();
    unsubscribe();
    expect(last().sent.at(-1)).toEqual({ type: "unsubscribe", id: "s1" });
    live.stop();
  });

  it("reconnects with growing, jittered delays and resubscribes", () => {
    const { live, sockets, last } = setup(() => 0);
    const h = handlers();
    const resync = vi.fn();
    live.onResync(resync);
    live.subscribe({ namespace: "team-a" }, h);
    last().open();
    last().receive(status(true));
    expect(live.getState().indicator).toBe("live");

    last().drop();
    expect(live.getState().phase).toBe("reconnecting");
    expect(live.getState().indicator).toBe("reconnecting");
    vi.advanceTimersByTime(249); // attempt 1: base 500 ms, jitter 0 → 250 ms
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    last().drop(); // attempt 2: base 1000 → 500 ms
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    expect(live.getState().attempt).toBe(2);

    last().open();
    expect(live.getState().attempt).toBe(0);
    expect(last().sent).toEqual([{ type: "subscribe", id: "s1", namespace: "team-a" }]);
    expect(resync).toHaveBeenCalledTimes(1);
    live.stop();
  });

  it("backoff is capped and jittered between half and all of the base", () => {
    expect(backoffDelay(0, 500, 30_000, () => 0)).toBe(250);
    expect(backoffDelay(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelay(3, 500, 30_000, () => 0.5)).toBe(3000);
    expect(backoffDelay(20, 500, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(1000, 500, 30_000, () => 0)).toBe(15_000);
  });

  it("shows stale while the server reports the cluster unreachable", () => {
    const { live, last } = setup();
    const seen: string[] = [];
    live.onStateChange(() => seen.push(live.getState().indicator));
    last().open();
    expect(live.getState().indicator).toBe("connecting"); // open, no status yet
    last().receive(status(false));
    expect(live.getState().indicator).toBe("stale");
    expect(live.getState().cluster?.message).toBe("cluster unreachable");
    last().receive(status(true, false));
    expect(live.getState().indicator).toBe("stale");
    last().receive(status(true));
    expect(live.getState().indicator).toBe("live");
    expect(seen).toEqual(["connecting", "stale", "stale", "live"]);
    live.stop();
  });

  it("keeps the state object stable when nothing changed", () => {
    const { live, last } = setup();
    live.start();
    last().open();
    last().receive(status(true));
    const before = live.getState();
    last().receive(status(true));
    expect(live.getState()).toBe(before);
    live.stop();
  });

  it("pauses after 30 s hidden and resyncs when visible again", () => {
    const { live, sockets, visibility, last } = setup();
    const h = handlers();
    const resync = vi.fn();
    live.onResync(resync);
    live.subscribe({}, h);
    last().open();
    visibility.set(true);
    vi.advanceTimersByTime(29_999);
    expect(last().closedWith).toBeNull();
    vi.advanceTimersByTime(1);
    expect(last().closedWith).toBe(1000);
    expect(live.getState().indicator).toBe("paused");
    vi.advanceTimersByTime(120_000);
    expect(sockets).toHaveLength(1); // no reconnect while paused

    visibility.set(false);
    expect(sockets).toHaveLength(2);
    last().open();
    expect(last().sent).toEqual([{ type: "subscribe", id: "s1" }]);
    expect(resync).toHaveBeenCalledTimes(1);
    live.stop();
  });

  it("a short hide does not pause", () => {
    const { live, visibility, last } = setup();
    live.subscribe({}, handlers());
    last().open();
    visibility.set(true);
    vi.advanceTimersByTime(10_000);
    visibility.set(false);
    vi.advanceTimersByTime(25_000); // past the 30 s pause delay, before the 45 s dead timeout
    expect(last().closedWith).toBeNull();
    expect(live.getState().phase).toBe("open");
    live.stop();
  });

  it("pings, and replaces a connection that went silent", () => {
    const { live, sockets, last } = setup();
    live.subscribe({}, handlers());
    last().open();
    vi.advanceTimersByTime(20_000);
    expect(last().sent.at(-1)).toEqual({ type: "ping" });
    last().receive({ type: "pong", nonce: null });
    vi.advanceTimersByTime(20_000);
    expect(last().sent.filter((m) => m.type === "ping")).toHaveLength(2);
    // No frame at all for 45 s: the socket is considered dead.
    vi.advanceTimersByTime(40_000);
    expect(sockets[0]?.closedWith).toBe(4001);
    expect(live.getState().phase).toBe("reconnecting");
    vi.advanceTimersByTime(1_000);
    expect(sockets).toHaveLength(2);
    live.stop();
  });

  it("delivers events, actions and subscription errors", () => {
    const { live, last } = setup();
    const h = handlers();
    const onEvent = vi.fn();
    const onAction = vi.fn();
    live.onEvent(onEvent);
    live.onAction(onAction);
    live.subscribe({}, h);
    last().open();
    // Partial records are enough here: the socket passes them through untouched.
    last().onmessage?.({ data: JSON.stringify({ type: "event", event: { id: "e1" } }) });
    last().onmessage?.({ data: JSON.stringify({ type: "action", action: { id: "a1" } }) });
    last().receive({
      type: "error",
      code: "BadMessage",
      detail: "kinds.0: bad",
      subscription: "s1",
    });
    expect(onEvent).toHaveBeenCalledWith({ id: "e1" });
    expect(onAction).toHaveBeenCalledWith({ id: "a1" });
    expect(h.onError).toHaveBeenCalledTimes(1);
    live.stop();
  });

  it("a resync snapshot tells resync listeners", () => {
    const { live, last } = setup();
    const resync = vi.fn();
    live.onResync(resync);
    live.subscribe({}, handlers());
    last().open();
    last().receive({ type: "snapshot", subscription: "s1", items: [], resync: false });
    expect(resync).not.toHaveBeenCalled();
    last().receive({ type: "snapshot", subscription: "s1", items: [], resync: true });
    expect(resync).toHaveBeenCalledTimes(1);
    live.stop();
  });

  it("retries slowly after a policy refusal", () => {
    const { live, sockets, last } = setup();
    live.subscribe({}, handlers());
    last().open();
    last().drop(1008);
    expect(live.getState().phase).toBe("refused");
    vi.advanceTimersByTime(29_999);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    live.stop();
  });

  it("ignores frames of a replaced socket and garbage", () => {
    const { live, sockets, last } = setup(() => 0);
    const h = handlers();
    live.subscribe({}, h);
    last().open();
    last().drop();
    vi.advanceTimersByTime(1_000);
    const old = sockets[0];
    old?.receive({ type: "snapshot", subscription: "s1", items: [], resync: false });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    last().onmessage?.({ data: "{not json" });
    expect(warn).toHaveBeenCalled();
    expect(h.onSnapshot).not.toHaveBeenCalled();
    live.stop();
  });
});

describe("helpers", () => {
  it("builds the socket URL from the page location", () => {
    expect(liveUrl({ protocol: "http:", host: "127.0.0.1:8000" })).toBe(
      "ws://127.0.0.1:8000/api/v1/ws",
    );
    expect(liveUrl({ protocol: "https:", host: "dash.example.com" })).toBe(
      "wss://dash.example.com/api/v1/ws",
    );
  });

  it("knows the Flux plurals", () => {
    expect(FLUX_PLURALS).toHaveLength(14);
    expect(isFluxPlural("kustomizations")).toBe(true);
    expect(isFluxPlural("Kustomization")).toBe(false);
    expect(isFluxPlural("pods")).toBe(false);
  });
});
