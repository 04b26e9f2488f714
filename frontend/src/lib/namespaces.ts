/** Namespaces fluxdash has seen, for the namespace selector's suggestions. */

type WithNamespace = { namespace: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function rowsOf(data: unknown): readonly unknown[] {
  if (!isRecord(data)) return [];
  for (const key of ["items", "failing", "nodes"] as const) {
    const value = data[key];
    if (Array.isArray(value)) return value;
  }
  return [];
}

function hasNamespace(value: unknown): value is WithNamespace {
  return isRecord(value) && typeof value.namespace === "string" && value.namespace !== "";
}

const perData = new WeakMap<object, readonly string[]>();

/** The namespaces of one query's data, computed once per data object (data is immutable). */
function namespacesOf(data: unknown): readonly string[] {
  if (!isRecord(data)) return [];
  let found = perData.get(data);
  if (!found) {
    const names = new Set<string>();
    for (const row of rowsOf(data)) if (hasNamespace(row)) names.add(row.namespace);
    found = [...names];
    perData.set(data, found);
  }
  return found;
}

/**
 * Every namespace named by cached query data (resource lists, the summary's failing rows,
 * graph nodes), sorted. Data of any other shape is ignored.
 */
export function namespacesIn(datas: Iterable<unknown>): string[] {
  const found = new Set<string>();
  for (const data of datas) for (const namespace of namespacesOf(data)) found.add(namespace);
  return [...found].sort();
}
