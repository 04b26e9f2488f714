import { describe, expect, it } from "vitest";
import { isNamespaceName } from "./namespace";

describe("isNamespaceName", () => {
  it.each(["flux-system", "a", "team-1", "0abc", "a".repeat(63)])("accepts %s", (name) => {
    expect(isNamespaceName(name)).toBe(true);
  });

  it.each(["", "Flux", "-a", "a-", "a_b", "a.b", "a b", "a".repeat(64)])("rejects %j", (name) => {
    expect(isNamespaceName(name)).toBe(false);
  });
});
