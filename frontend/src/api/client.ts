/**
 * The typed HTTP client: `openapi-fetch` over the generated `paths`, plus two middlewares.
 * - writes carry `X-Requested-By: fluxdash` (the backend's anti-CSRF check);
 * - any non-OK answer or network failure is thrown as an `ApiError`.
 * Call sites use `unwrap(api.GET("/api/v1/..."))` and get the success body or a thrown error.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { ApiError, errorBodyFrom } from "./errors";
import type { paths } from "./schema.gen";

export const REQUESTED_BY_HEADER = "X-Requested-By";
export const REQUESTED_BY_VALUE = "fluxdash";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const requestedByMiddleware: Middleware = {
  onRequest({ request }) {
    if (WRITE_METHODS.has(request.method.toUpperCase())) {
      request.headers.set(REQUESTED_BY_HEADER, REQUESTED_BY_VALUE);
    }
    return request;
  },
};

export const apiErrorMiddleware: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await ApiError.fromResponse(response);
    return undefined;
  },
  onError({ error }) {
    // A cancelled query is not a failure: let TanStack Query see the AbortError as is.
    if (error instanceof DOMException && error.name === "AbortError") return undefined;
    if (error instanceof ApiError) return error;
    return ApiError.network(error);
  },
};

export type ApiClient = Client<paths>;

export type ApiClientOptions = {
  /** Origin of the backend; the page's own origin by default (the SPA only uses relative URLs). */
  baseUrl?: string;
  /** Replaces `fetch` (tests); by default the global one, looked up on every call. */
  fetch?: (request: Request) => Promise<Response>;
};

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? globalThis.location?.origin ?? "",
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
  });
  client.use(requestedByMiddleware, apiErrorMiddleware);
  return client;
}

/** The app-wide client. */
export const api: ApiClient = createApiClient();

type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * The success body of a call. The middleware already throws on non-OK answers; this also
 * covers a client without it and the "OK but no body" case, so callers get a `T`.
 */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined) throw new ApiError(response.status, errorBodyFrom(error, response));
  if (data === undefined) {
    throw new ApiError(response.status, {
      type: "EmptyResponse",
      detail: `${response.url || "the server"} answered ${response.status} without a body`,
    });
  }
  return data;
}
