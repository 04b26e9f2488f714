// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeLiveSocket } from "@/test/fakeLiveSocket";
import type { ResourceRow } from "./types";
import { useLiveRefetch } from "./useLiveRefetch";
import { useLiveResources } from "./useLiveResources";
import { useLiveStatus } from "./useLiveStatus";

function row(id: string, overrides: Partial<ResourceRow> = {}): ResourceRow {
  const [kind = "", namespace = "", name = ""] = id.split("/");
  return {
    id,
    kind,
    plural: `${kind.toLowerCase()}s`,
    category: "applier",
    namespace,
    name,
    health: "Ready",
    message: "",
    ...overrides,
  } as ResourceRow;
}

type List = { items: ResourceRow[]; total: number; continue: string | null };

let client: QueryClient;
const wrapper = ({ children }: { children: ReactNode }) => (
  <QueryClientProvider client={client}>{children}</QueryClientProvider>
);

beforeEach(() => {
  client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
});

afterEach(() => {
  client.clear();
});

describe("useLiveResources", () => {
  const key = ["fluxdash", "resources", "list", { kind: "kustomizations" }];

  it("subscribes by kind and namespace and patches the cached list", () => {
    const { live, last } = fakeLiveSocket();
    client.setQueryData<List>(key, {
      items: [row("Kustomization/a/one")],
      total: 1,
      continue: null,
    });
    const { unmount } = renderHook(
      () =>
        useLiveResources({
          queryKey: key,
          filter: { kind: "kustomizations", namespace: "a", health: "Ready" },
          socket: live,
        }),
      { wrapper },
    );
    last().open();
    expect(last().sent).toEqual([
      { type: "subscribe", id: "s1", kinds: ["kustomizations"], namespace: "a" },
    ]);
    act(() => {
      last().receive({
        type: "snapshot",
        subscription: "s1",
        items: [row("Kustomization/a/one"), row("Kustomization/a/two")],
        resync: false,
      });
    });
    expect(client.getQueryData<List>(key)?.items.map((r) => r.id)).toEqual([
      "Kustomization/a/one",
      "Kustomization/a/two",
    ]);
    act(() => {
      last().receive({
        type: "changes",
        subscription: "s1",
        upserts: [row("Kustomization/a/two", { health: "Failed" })],
        deletes: ["Kustomization/a/one"],
      });
    });
    // "two" left the health=Ready list, "one" was deleted.
    expect(client.getQueryData<List>(key)).toMatchObject({ items: [], total: 0 });
    unmount();
    expect(last().sent.at(-1)).toEqual({ type: "unsubscribe", id: "s1" });
    live.stop();
  });

  it("refetches a paged list instead of patching it", () => {
    const { live, last } = fakeLiveSocket();
    client.setQueryData<List>(key, { items: [], total: 900, continue: "page-2" });
    const invalidate = vi.spyOn(client, "invalidateQueries").mockResolvedValue();
    renderHook(
      () => useLiveResources({ queryKey: key, filter: { kind: "kustomizations" }, socket: live }),
      { wrapper },
    );
    last().open();
    act(() => {
      last().receive({
        type: "changes",
        subscription: "s1",
        upserts: [row("Kustomization/a/x")],
        deletes: [],
      });
    });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: key, exact: true });
    expect(client.getQueryData<List>(key)?.items).toEqual([]);
    live.stop();
  });

  it("streams every kind when the filter names a kind the stream does not know", () => {
    const { live, last } = fakeLiveSocket();
    renderHook(
      () => useLiveResources({ queryKey: key, filter: { kind: "Kustomization" }, socket: live }),
      { wrapper },
    );
    last().open();
    expect(last().sent).toEqual([{ type: "subscribe", id: "s1" }]);
    live.stop();
  });
});

describe("useLiveRefetch", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("refetches, throttled, when a watched object changes, not on the first snapshot", () => {
    const { live, last } = fakeLiveSocket();
    const invalidate = vi.spyOn(client, "invalidateQueries").mockResolvedValue();
    const summary = ["fluxdash", "summary", {}];
    renderHook(
      () =>
        useLiveRefetch({
          spec: {},
          queryKeys: [summary],
          ids: ["Kustomization/a/watched"],
          socket: live,
        }),
      { wrapper },
    );
    last().open();
    last().receive({ type: "snapshot", subscription: "s1", items: [], resync: false });
    vi.advanceTimersByTime(5_000);
    expect(invalidate).not.toHaveBeenCalled();

    last().receive({
      type: "changes",
      subscription: "s1",
      upserts: [row("Kustomization/a/other")],
      deletes: [],
    });
    vi.advanceTimersByTime(5_000);
    expect(invalidate).not.toHaveBeenCalled();

    for (let i = 0; i < 5; i++) {
      last().receive({
        type: "changes",
        subscription: "s1",
        upserts: [],
        deletes: ["Kustomization/a/watched"],
      });
    }
    vi.advanceTimersByTime(0);
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(invalidate).toHaveBeenCalledWith({ queryKey: summary });
    last().receive({
      type: "changes",
      subscription: "s1",
      upserts: [row("Kustomization/a/watched")],
      deletes: [],
    });
    vi.advanceTimersByTime(999);
    expect(invalidate).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(invalidate).toHaveBeenCalledTimes(2);

    // A reconnect brings a new snapshot: whatever was missed is refetched.
    last().drop();
    vi.advanceTimersByTime(1_000);
    last().open();
    last().receive({ type: "snapshot", subscription: "s1", items: [], resync: false });
    vi.advanceTimersByTime(1_000);
    expect(invalidate).toHaveBeenCalledTimes(3);
    live.stop();
  });
});

describe("useLiveStatus", () => {
  it("follows the socket state", () => {
    const { live, last } = fakeLiveSocket();
    const { result } = renderHook(() => useLiveStatus(live), { wrapper });
    expect(result.current.indicator).toBe("connecting");
    act(() => {
      last().open();
      last().receive({ type: "status", connected: true, synced: true, message: "live" });
    });
    expect(result.current.indicator).toBe("live");
    act(() => {
      last().receive({ type: "status", connected: false, synced: true, message: "down" });
    });
    expect(result.current.indicator).toBe("stale");
    expect(result.current.cluster?.message).toBe("down");
    live.stop();
  });
});
