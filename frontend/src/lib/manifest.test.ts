import { describe, expect, it } from "vitest";
import { annotation, SUSPEND_REASON_ANNOTATION } from "./manifest";

describe("annotation", () => {
  it("reads a string annotation and nothing else", () => {
    const manifest = { metadata: { annotations: { [SUSPEND_REASON_ANNOTATION]: "INC-42", n: 3 } } };
    expect(annotation(manifest, SUSPEND_REASON_ANNOTATION)).toBe("INC-42");
    expect(annotation(manifest, "n")).toBeNull();
    expect(annotation(manifest, "missing")).toBeNull();
    expect(annotation({ metadata: [] }, "x")).toBeNull();
    expect(annotation(null, "x")).toBeNull();
  });
});
