import { describe, expect, it } from "vitest";
import type { ClusterInfo } from "@/api/types";
import type { LiveState } from "@/api/ws";
import { describeConnection } from "./connection";

const base: ClusterInfo = {
  mode: "none",
  connected: false,
  message: "no cluster configured",
  degraded: false,
  discovery: "crds",
  objects: 0,
  readyDetail: "",
  synced: false,
};
const none = base;
const kube: ClusterInfo = {
  ...base,
  mode: "kubeconfig",
  connected: true,
  synced: true,
  server: "https://127.0.0.1:6443",
  message: "ok",
};

function live(indicator: LiveState["indicator"], message = "live"): LiveState {
  const phase = indicator === "live" || indicator === "stale" ? "open" : indicator;
  return {
    phase:
      phase === "reconnecting" || phase === "paused" || phase === "open" ? phase : "connecting",
    indicator,
    attempt: 0,
    cluster: { connected: indicator === "live", synced: true, message },
  };
}

describe("describeConnection", () => {
  it("is offline when the server does not answer, whatever the cached cluster says", () => {
    expect(describeConnection({ healthz: "error", cluster: kube }).state).toBe("offline");
  });

  it("is connecting until both answers are in", () => {
    expect(describeConnection({ healthz: "pending", cluster: undefined }).state).toBe("connecting");
    expect(describeConnection({ healthz: "success", cluster: undefined }).state).toBe("connecting");
  });

  it("passes the backend's message through when there is no cluster", () => {
    expect(describeConnection({ healthz: "success", cluster: none, live: live("stale") })).toEqual({
      state: "no-cluster",
      label: "No cluster",
      detail: "no cluster configured",
    });
  });

  it("names mode and server when connected and the stream is not up yet", () => {
    expect(describeConnection({ healthz: "success", cluster: kube })).toEqual({
      state: "connected",
      label: "Connected",
      detail: "kubeconfig: https://127.0.0.1:6443",
    });
  });

  it("says live, stale, reconnecting or paused from the live stream", () => {
    const input = { healthz: "success" as const, cluster: kube };
    expect(describeConnection({ ...input, live: live("live") })).toMatchObject({
      state: "live",
      label: "Live",
    });
    expect(
      describeConnection({ ...input, live: live("stale", "cluster unreachable: refused") }),
    ).toEqual({
      state: "stale",
      label: "Stale",
      detail: "Showing the last known state: cluster unreachable: refused",
    });
    expect(describeConnection({ ...input, live: live("reconnecting") }).label).toBe("Reconnecting");
    expect(describeConnection({ ...input, live: live("paused") }).label).toBe("Paused");
  });

  it("trusts an open stream over a failed health poll", () => {
    expect(describeConnection({ healthz: "error", cluster: kube, live: live("live") }).state).toBe(
      "live",
    );
  });

  it("is stale when the cluster is configured but unreachable", () => {
    expect(
      describeConnection({ healthz: "success", cluster: { ...kube, connected: false } }).state,
    ).toBe("stale");
  });
});
