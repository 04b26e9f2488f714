import { describe, expect, it } from "vitest";
import { canonicalFilter, clusterQuery, healthzQuery, queryKeys } from "./queries";

function startsWith(key: readonly unknown[], prefix: readonly unknown[]): boolean {
  return prefix.every((part, i) => JSON.stringify(key[i]) === JSON.stringify(part));
}

describe("queryKeys", () => {
  it("nests every key under the app root", () => {
    const keys = [
      queryKeys.healthz(),
      queryKeys.cluster(),
      queryKeys.summary("apps"),
      queryKeys.graph(),
      queryKeys.resources.list({ kind: "kustomizations" }),
      queryKeys.resources.detail({ kind: "kustomizations", namespace: "a", name: "b" }),
    ];
    for (const key of keys) expect(key[0]).toBe("fluxdash");
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(keys.length);
  });

  it("puts lists under lists() and details under details(), both under resources.all()", () => {
    const list = queryKeys.resources.list({ namespace: "flux-system" });
    const detail = queryKeys.resources.detail({
      kind: "helmreleases",
      namespace: "apps",
      name: "podinfo",
    });
    expect(startsWith(list, queryKeys.resources.lists())).toBe(true);
    expect(startsWith(detail, queryKeys.resources.details())).toBe(true);
    expect(startsWith(queryKeys.resources.lists(), queryKeys.resources.all())).toBe(true);
    expect(startsWith(queryKeys.resources.details(), queryKeys.resources.all())).toBe(true);
    expect(startsWith(detail, queryKeys.resources.lists())).toBe(false);
  });

  it("gives equal filters one key whatever their spelling", () => {
    expect(queryKeys.resources.list({})).toEqual(queryKeys.resources.list());
    expect(queryKeys.resources.list({ namespace: "" })).toEqual(queryKeys.resources.list());
    expect(queryKeys.resources.list({ namespace: undefined, q: "" })).toEqual(
      queryKeys.resources.list(),
    );
    expect(queryKeys.graph({ kinds: ["b", "a", "b"] })).toEqual(
      queryKeys.graph({ kinds: ["a", "b"] }),
    );
  });

  it("keeps different filters apart", () => {
    expect(queryKeys.resources.list({ namespace: "a" })).not.toEqual(
      queryKeys.resources.list({ namespace: "b" }),
    );
    expect(queryKeys.summary("a")).not.toEqual(queryKeys.summary());
  });
});

describe("canonicalFilter", () => {
  it("drops empty values, sorts keys and string lists, keeps zero and false", () => {
    const out = canonicalFilter({
      z: "1",
      a: ["y", "x"],
      empty: [],
      none: null,
      depth: 0,
      on: false,
    });
    expect(out).toEqual({ a: ["x", "y"], depth: 0, on: false, z: "1" });
    expect(Object.keys(out)).toEqual(["a", "depth", "on", "z"]);
  });

  it("does not modify its input", () => {
    const kinds = ["b", "a"];
    canonicalFilter({ kinds });
    expect(kinds).toEqual(["b", "a"]);
  });
});

describe("query options", () => {
  it("use the factory's keys", () => {
    expect(healthzQuery().queryKey).toEqual(queryKeys.healthz());
    expect(clusterQuery().queryKey).toEqual(queryKeys.cluster());
  });
});
