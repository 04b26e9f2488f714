/** URL search-param helpers: filters live in the URL so every view can be shared as a link. */

/** The namespace filter, shared by every page and kept across navigation. */
export const NAMESPACE_PARAM = "namespace";
/** Free-text search of the current page. */
export const SEARCH_PARAM = "q";

/** Params that follow the user from page to page (the rest belong to one page). */
export const STICKY_PARAMS: readonly string[] = [NAMESPACE_PARAM];

/**
 * A copy of `params` with `key` set to `value`, or removed when the value is empty.
 * The value is kept verbatim (a search typed as "foo " keeps its space while typing).
 */
export function withParam(
  params: URLSearchParams,
  key: string,
  value: string | null | undefined,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  return next;
}

/** The `?search` for a link to another page, carrying the sticky params only. */
export function stickySearch(
  params: URLSearchParams,
  keys: readonly string[] = STICKY_PARAMS,
): string {
  const next = new URLSearchParams();
  for (const key of keys) {
    const value = params.get(key);
    if (value) next.set(key, value);
  }
  const text = next.toString();
  return text ? `?${text}` : "";
}
