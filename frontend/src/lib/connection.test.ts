import { describe, expect, it } from "vitest";
import type { ClusterInfo } from "@/api/types";
import { describeConnection } from "./connection";

const state = {
  degraded: false,
  discovery: "crds",
  objects: 0,
  readyDetail: "",
  synced: true,
} as const;
const none: ClusterInfo = {
  ...state,
  mode: "none",
  connected: false,
  message: "no cluster configured",
};
const kube: ClusterInfo = {
  ...state,
  mode: "kubeconfig",
  connected: true,
  server: "https://127.0.0.1:6443",
  message: "ok",
};

describe("describeConnection", () => {
  it("is offline when the server does not answer, whatever the cached cluster says", () => {
    expect(describeConnection({ healthz: "error", cluster: kube }).state).toBe("offline");
  });

  it("is connecting until both answers are in", () => {
    expect(describeConnection({ healthz: "pending", cluster: undefined }).state).toBe("connecting");
    expect(describeConnection({ healthz: "success", cluster: undefined }).state).toBe("connecting");
  });

  it("passes the backend's message through when there is no cluster", () => {
    expect(describeConnection({ healthz: "success", cluster: none })).toEqual({
      state: "no-cluster",
      label: "No cluster",
      detail: "no cluster configured",
    });
  });

  it("names mode and server when connected", () => {
    expect(describeConnection({ healthz: "success", cluster: kube })).toEqual({
      state: "connected",
      label: "Connected",
      detail: "kubeconfig: https://127.0.0.1:6443",
    });
  });
});
