import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { createQueryClient, shouldRetry } from "./queryClient";

const error = (status: number) => new ApiError(status, { type: "X", detail: "x" });

describe("shouldRetry", () => {
  it.each([400, 403, 404, 409, 422])("never retries a %i", (status) => {
    expect(shouldRetry(0, error(status))).toBe(false);
  });

  it.each([0, 500, 502, 503])("retries a %i twice", (status) => {
    expect(shouldRetry(0, error(status))).toBe(true);
    expect(shouldRetry(1, error(status))).toBe(true);
    expect(shouldRetry(2, error(status))).toBe(false);
  });

  it("retries unknown errors the same way", () => {
    expect(shouldRetry(0, new TypeError("x"))).toBe(true);
    expect(shouldRetry(2, new TypeError("x"))).toBe(false);
  });

  it("is the app client's policy", () => {
    expect(createQueryClient().getDefaultOptions().queries?.retry).toBe(shouldRetry);
  });
});
