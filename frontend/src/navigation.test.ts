import { matchRoutes } from "react-router";
import { describe, expect, it } from "vitest";
import { NAV_ITEMS, SHELL_SHORTCUTS } from "./navigation";
import { routes } from "./router";

describe("navigation", () => {
  it.each(NAV_ITEMS.map((item) => [item.label, item.path]))("%s (%s) is a real page", (_, path) => {
    const matches = matchRoutes(routes, path) ?? [];
    const leaf = matches.at(-1)?.route;
    expect(leaf).toBeDefined();
    expect(leaf?.path).not.toBe("*");
  });

  it("has unique paths and shortcuts", () => {
    expect(new Set(NAV_ITEMS.map((i) => i.path)).size).toBe(NAV_ITEMS.length);
    const sequences = SHELL_SHORTCUTS.map((b) => b.sequence.join(" "));
    expect(new Set(sequences).size).toBe(sequences.length);
  });

  it("binds the documented shortcuts", () => {
    const target = (keys: string) =>
      SHELL_SHORTCUTS.find((b) => b.sequence.join(" ") === keys)?.action;
    expect(target("/")).toEqual({ type: "focusSearch" });
    expect(target("g d")).toEqual({ type: "navigate", to: "/" });
    expect(target("g k")).toEqual({ type: "navigate", to: "/kustomizations" });
    expect(target("g h")).toEqual({ type: "navigate", to: "/helmreleases" });
    expect(target("g s")).toEqual({ type: "navigate", to: "/sources" });
    expect(target("g g")).toEqual({ type: "navigate", to: "/graph" });
  });

  it("never binds a sequence that is the prefix of another (it could not be reached)", () => {
    for (const a of SHELL_SHORTCUTS) {
      for (const b of SHELL_SHORTCUTS) {
        if (a === b || a.sequence.length >= b.sequence.length) continue;
        expect(a.sequence.every((key, i) => b.sequence[i] === key)).toBe(false);
      }
    }
  });

  it("sends unknown paths to the not-found page", () => {
    expect(matchRoutes(routes, "/no/such/page")?.at(-1)?.route.path).toBe("*");
  });
});
