import { describe, expect, it } from "vitest";
import { describeId, formatShown, hiddenTypes, parseDepth, parseShown, toggled } from "./params";

describe("graph URL params", () => {
  it("parses depths in range only", () => {
    expect(parseDepth("2")).toBe(2);
    expect(parseDepth("0")).toBe(0);
    expect(parseDepth("21")).toBeUndefined();
    expect(parseDepth("-1")).toBeUndefined();
    expect(parseDepth("two")).toBeUndefined();
    expect(parseDepth(null)).toBeUndefined();
  });

  it("shows the default edge types unless the URL lists others", () => {
    const defaults = parseShown(null);
    expect(defaults.has("dependsOn")).toBe(true);
    expect(defaults.has("inventory")).toBe(false);
    expect(formatShown(defaults)).toBeUndefined();
    expect([...hiddenTypes(defaults)].sort()).toEqual(["alertSource", "inventory"]);
  });

  it("round-trips shown edge types in a stable order and ignores unknown names", () => {
    const shown = parseShown("inventory, dependsOn,bogus");
    expect(formatShown(shown)).toBe("dependsOn,inventory");
    expect(formatShown(new Set())).toBe("none");
    expect(parseShown("none").size).toBe(0);
  });

  it("toggles without mutating", () => {
    const shown = parseShown("inventory");
    const next = toggled(shown, "source");
    expect([...shown]).toEqual(["inventory"]);
    expect(formatShown(next)).toBe("source,inventory");
    expect(formatShown(toggled(next, "inventory"))).toBe("source");
  });

  it("describes ids for people", () => {
    expect(describeId("Kustomization/apps/web")).toBe("Kustomization apps/web");
    expect(describeId("odd")).toBe("odd");
  });
});
