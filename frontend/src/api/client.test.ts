import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import {
  apiErrorMiddleware,
  createApiClient,
  REQUESTED_BY_HEADER,
  requestedByMiddleware,
  unwrap,
} from "./client";
import { ApiError, NETWORK_ERROR } from "./errors";

type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type WriteOperation = {
  parameters: NoParams;
  requestBody?: never;
  responses: {
    200: { headers: { [name: string]: unknown }; content: { "application/json": object } };
  };
};
/** The shape openapi-typescript generates, for one path answering the four write methods. */
type WritePaths = {
  "/things": {
    parameters: NoParams;
    get?: never;
    put: WriteOperation;
    post: WriteOperation;
    delete: WriteOperation;
    options?: never;
    head?: never;
    patch: WriteOperation;
    trace?: never;
  };
};

const BASE = "http://fluxdash.test";

function clientAnswering(respond: (request: Request) => Response | Promise<Response>) {
  const seen: Request[] = [];
  const api = createApiClient({
    baseUrl: BASE,
    fetch: async (request) => {
      seen.push(request);
      return respond(request);
    },
  });
  return { api, seen };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("api client", () => {
  it("returns the typed body of a success", async () => {
    const { api, seen } = clientAnswering(() => json({ status: "ok" }));
    const body = await unwrap(api.GET("/api/v1/healthz"));
    expect(body.status).toBe("ok");
    expect(seen[0]?.url).toBe(`${BASE}/api/v1/healthz`);
  });

  it("does not mark reads as writes", async () => {
    const { api, seen } = clientAnswering(() => json({ status: "ok" }));
    await api.GET("/api/v1/healthz");
    expect(seen[0]?.headers.has(REQUESTED_BY_HEADER)).toBe(false);
  });

  it("sends X-Requested-By on every write", async () => {
    // The spec has no write route yet: use a client over a hand-written path with all four.
    const seen: Request[] = [];
    const writes = createClient<WritePaths>({
      baseUrl: BASE,
      fetch: async (request) => {
        seen.push(request);
        return json({});
      },
    });
    writes.use(requestedByMiddleware, apiErrorMiddleware);
    await writes.POST("/things");
    await writes.PUT("/things");
    await writes.PATCH("/things");
    await writes.DELETE("/things");
    expect(seen.map((r) => r.method)).toEqual(["POST", "PUT", "PATCH", "DELETE"]);
    for (const request of seen) {
      expect(request.headers.get(REQUESTED_BY_HEADER)).toBe("fluxdash");
    }
  });

  it("throws the backend's typed error on a non-OK answer", async () => {
    const { api } = clientAnswering(() =>
      json({ type: "KubeUnavailable", detail: "cluster unreachable" }, 503),
    );
    const error = await api.GET("/api/v1/cluster").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 503,
      type: "KubeUnavailable",
      detail: "cluster unreachable",
    });
  });

  it("turns a failed connection into a NetworkError", async () => {
    const { api } = clientAnswering(() => {
      throw new TypeError("Failed to fetch");
    });
    await expect(api.GET("/api/v1/healthz")).rejects.toMatchObject({
      status: 0,
      type: NETWORK_ERROR,
    });
  });

  it("lets a cancelled request reject with the AbortError itself", async () => {
    const { api } = clientAnswering(() => {
      throw new DOMException("The operation was aborted.", "AbortError");
    });
    const error = await api.GET("/api/v1/healthz").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
  });

  it("unwrap refuses an OK answer without a body", async () => {
    const { api } = clientAnswering(() => new Response(null, { status: 204 }));
    await expect(unwrap(api.GET("/api/v1/healthz"))).rejects.toMatchObject({
      type: "EmptyResponse",
    });
  });
});
