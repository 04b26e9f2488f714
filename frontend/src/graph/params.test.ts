import { describe, expect, it } from "vitest";
import { describeId, formatHidden, parseDepth, parseHidden, toggled } from "./params";

describe("graph URL params", () => {
  it("parses depths in range only", () => {
    expect(parseDepth("2")).toBe(2);
    expect(parseDepth("0")).toBe(0);
    expect(parseDepth("21")).toBeUndefined();
    expect(parseDepth("-1")).toBeUndefined();
    expect(parseDepth("two")).toBeUndefined();
    expect(parseDepth(null)).toBeUndefined();
  });

  it("round-trips hidden edge types in a stable order and ignores unknown names", () => {
    const hidden = parseHidden("inventory, alertSource,bogus");
    expect([...hidden].sort()).toEqual(["alertSource", "inventory"]);
    expect(formatHidden(hidden)).toBe("inventory,alertSource");
    expect(formatHidden(new Set())).toBeUndefined();
  });

  it("toggles without mutating", () => {
    const hidden = parseHidden("inventory");
    const next = toggled(hidden, "source");
    expect([...hidden]).toEqual(["inventory"]);
    expect(formatHidden(next)).toBe("source,inventory");
    expect(formatHidden(toggled(next, "inventory"))).toBe("source");
  });

  it("describes ids for people", () => {
    expect(describeId("Kustomization/apps/web")).toBe("Kustomization apps/web");
    expect(describeId("odd")).toBe("odd");
  });
});
