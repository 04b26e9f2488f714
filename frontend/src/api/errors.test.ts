import { describe, expect, it } from "vitest";
import { ApiError, isApiError, NETWORK_ERROR, parseErrorBody } from "./errors";

const status = (code: number, text = "") => ({ status: code, statusText: text });

describe("parseErrorBody", () => {
  it("keeps the backend's typed body", () => {
    const body = parseErrorBody(
      '{"type":"NotFound","detail":"no such kustomization"}',
      status(404),
    );
    expect(body).toEqual({ type: "NotFound", detail: "no such kustomization" });
  });

  it("keeps field errors of a validation failure", () => {
    const text = JSON.stringify({
      type: "ValidationFailed",
      detail: "query.limit: too big",
      errors: [{ loc: ["query", "limit"], msg: "too big" }],
    });
    expect(parseErrorBody(text, status(422)).errors).toEqual([
      { loc: ["query", "limit"], msg: "too big" },
    ]);
  });

  it.each([
    ["an HTML page", "<html>Bad gateway</html>"],
    ["JSON of another shape", '{"message":"nope"}'],
    ["an empty body", ""],
    ["a detail that is not text", '{"type":"X","detail":42}'],
  ])("falls back to the HTTP status for %s", (_, text) => {
    expect(parseErrorBody(text, status(502, "Bad Gateway"))).toEqual({
      type: "HTTP502",
      detail: "Bad Gateway",
    });
  });

  it("names the status when there is no status text", () => {
    expect(parseErrorBody("", status(503)).detail).toBe("HTTP 503");
  });
});

describe("ApiError", () => {
  it("reads status and body from a response", async () => {
    const response = new Response('{"type":"Forbidden","detail":"read-only mode"}', {
      status: 403,
    });
    const error = await ApiError.fromResponse(response);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ status: 403, type: "Forbidden", detail: "read-only mode" });
    expect(error.message).toBe("403 Forbidden: read-only mode");
    expect(error.isClientError).toBe(true);
  });

  it("marks 5xx as not a client error", async () => {
    const error = await ApiError.fromResponse(new Response("", { status: 503 }));
    expect(error.isClientError).toBe(false);
  });

  it("wraps a network failure with status 0", () => {
    const cause = new TypeError("Failed to fetch");
    const error = ApiError.network(cause);
    expect(error).toMatchObject({ status: 0, type: NETWORK_ERROR, cause });
    expect(error.detail).toContain("Failed to fetch");
    expect(error.isClientError).toBe(false);
  });

  it("is recognised by isApiError, optionally by type", () => {
    const error = new ApiError(404, { type: "NotFound", detail: "x" });
    expect(isApiError(error)).toBe(true);
    expect(isApiError(error, "NotFound")).toBe(true);
    expect(isApiError(error, "Conflict")).toBe(false);
    expect(isApiError(new Error("x"))).toBe(false);
  });
});
