import { describe, expect, it } from "vitest";
import { stickySearch, withParam } from "./searchParams";

describe("withParam", () => {
  it("sets, replaces and removes without touching the input", () => {
    const params = new URLSearchParams("namespace=a&q=x");
    expect(withParam(params, "namespace", "b").toString()).toBe("namespace=b&q=x");
    expect(withParam(params, "q", "").toString()).toBe("namespace=a");
    expect(withParam(params, "q", undefined).toString()).toBe("namespace=a");
    expect(withParam(params, "health", "Failed").get("health")).toBe("Failed");
    expect(params.toString()).toBe("namespace=a&q=x");
  });

  it("keeps a value verbatim while it is typed", () => {
    expect(withParam(new URLSearchParams(), "q", "podinfo ").get("q")).toBe("podinfo ");
  });
});

describe("stickySearch", () => {
  it("carries the namespace and drops page-local params", () => {
    expect(stickySearch(new URLSearchParams("namespace=apps&q=pod&health=Failed"))).toBe(
      "?namespace=apps",
    );
  });

  it("is empty when there is nothing to carry", () => {
    expect(stickySearch(new URLSearchParams("q=pod"))).toBe("");
    expect(stickySearch(new URLSearchParams())).toBe("");
  });
});
