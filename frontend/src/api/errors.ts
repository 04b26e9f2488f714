/**
 * The one error type the API layer throws. Every non-OK response becomes an `ApiError`
 * carrying the backend's typed body `{type, detail}`; a request that never got an answer
 * becomes an `ApiError` with `status: 0` and `type: "NetworkError"`.
 */

/** The body of every backend error response (`fluxdash.errors.ErrorBody`). */
export type ErrorBody = {
  type: string;
  detail: string;
  errors?: readonly { loc: readonly string[]; msg: string }[];
};

export const NETWORK_ERROR = "NetworkError";

export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  readonly type: string;
  readonly detail: string;
  readonly errors: ErrorBody["errors"];

  constructor(status: number, body: ErrorBody, options?: { cause?: unknown }) {
    super(status === 0 ? body.detail : `${status} ${body.type}: ${body.detail}`, options);
    this.status = status;
    this.type = body.type;
    this.detail = body.detail;
    this.errors = body.errors;
  }

  /** True for 4xx answers: asking again will not help. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }

  static async fromResponse(response: Response): Promise<ApiError> {
    const text = await response.text().catch(() => "");
    return new ApiError(response.status, parseErrorBody(text, response));
  }

  static network(cause: unknown): ApiError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new ApiError(
      0,
      { type: NETWORK_ERROR, detail: `Cannot reach the fluxdash server (${reason})` },
      { cause },
    );
  }
}

export function isApiError(error: unknown, type?: string): error is ApiError {
  return error instanceof ApiError && (type === undefined || error.type === type);
}

/** Read a `{type, detail}` body; anything else (a proxy's HTML page, empty) gets a generic one. */
export function parseErrorBody(
  text: string,
  response: Pick<Response, "status" | "statusText">,
): ErrorBody {
  if (!text) return errorBodyFrom(undefined, response);
  try {
    return errorBodyFrom(JSON.parse(text), response);
  } catch {
    return errorBodyFrom(undefined, response);
  }
}

/** `value` when it is a typed error body, else a generic body naming the HTTP status. */
export function errorBodyFrom(
  value: unknown,
  response: Pick<Response, "status" | "statusText">,
): ErrorBody {
  if (isErrorBody(value)) return value;
  return {
    type: `HTTP${response.status}`,
    detail: response.statusText || `HTTP ${response.status}`,
  };
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.type === "string" && typeof record.detail === "string";
}
