import { describe, expect, it } from "vitest";
import { namespacesIn } from "./namespaces";

describe("namespacesIn", () => {
  it("collects namespaces from lists, summaries and graphs, sorted and unique", () => {
    expect(
      namespacesIn([
        { items: [{ namespace: "apps" }, { namespace: "flux-system" }], total: 2 },
        { failing: [{ namespace: "team-a" }, { namespace: "apps" }] },
        { nodes: [{ namespace: "infrastructure" }, { namespace: "" }] },
        { status: "ok" },
        null,
        "text",
      ]),
    ).toEqual(["apps", "flux-system", "infrastructure", "team-a"]);
  });
});
