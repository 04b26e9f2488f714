/**
 * The pure reducer behind live lists: applies the WebSocket's `snapshot` and `changes` frames
 * to the TanStack Query data of a resource list (`GET /api/v1/resources`), so REST and the
 * live stream share one cache (headlamp's `KubeList.applyUpdate`, minus resourceVersion
 * arithmetic: the server already sends the latest state of each object).
 *
 * Rules:
 * - a row belongs to a list when it matches the list's filter (kind, namespace, health, q),
 *   mirroring the server's filters, so a row whose health changes leaves a `health=Failed` list;
 * - rows already shown keep their position (no jumping under the cursor); new rows are
 *   inserted where the server's default order (failing first, then kind, namespace, name)
 *   puts them;
 * - nothing changed → the same object is returned, so React does not re-render.
 * A paged list (one with a `continue` token) cannot be patched exactly; callers refetch it.
 */
import type { ChangesMessage, ResourceRow, SnapshotMessage } from "./types";

/** The filter of a list query, as in `GET /resources` (`kind` and `health` may repeat). */
export type LiveListFilter = {
  kind?: string | readonly string[];
  namespace?: string;
  health?: string | readonly string[];
  q?: string;
};

/** The parts of a list response the reducer touches; other fields are carried over. */
export type ResourceListLike = {
  items: ResourceRow[];
  total: number;
  continue?: string | null;
};

function asList(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined || value === "") return [];
  return typeof value === "string" ? [value] : value;
}

/** Does `row` belong in a list filtered by `filter`? */
export function rowMatchesFilter(row: ResourceRow, filter: LiveListFilter): boolean {
  const kinds = asList(filter.kind).map((k) => k.toLowerCase());
  if (
    kinds.length > 0 &&
    !kinds.includes(row.plural.toLowerCase()) &&
    !kinds.includes(row.kind.toLowerCase())
  ) {
    return false;
  }
  if (filter.namespace && row.namespace !== filter.namespace) return false;
  const healths = asList(filter.health);
  if (healths.length > 0 && !healths.includes(row.health)) return false;
  const q = filter.q?.trim().toLowerCase();
  if (q) {
    const haystack = [row.name, row.namespace, row.message, row.url, row.revision]
      .filter((part): part is string => typeof part === "string")
      .join("\n")
      .toLowerCase();
    for (const token of q.split(/\s+/)) {
      if (!haystack.includes(token)) return false;
    }
  }
  return true;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The server's default order: failing first, then kind, namespace, name. */
export function compareRows(a: ResourceRow, b: ResourceRow): number {
  const failing = Number(b.health === "Failed") - Number(a.health === "Failed");
  return (
    failing ||
    compareText(a.kind, b.kind) ||
    compareText(a.namespace, b.namespace) ||
    compareText(a.name, b.name)
  );
}

function insertSorted(items: ResourceRow[], row: ResourceRow): void {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const probe = items[mid];
    if (probe !== undefined && compareRows(probe, row) <= 0) lo = mid + 1;
    else hi = mid;
  }
  items.splice(lo, 0, row);
}

/**
 * Replace the list's rows by the snapshot's (filtered), keeping the order of rows still
 * present. Returns `undefined` while the list was never fetched (its REST query fills it).
 */
export function applySnapshot<T extends ResourceListLike>(
  list: T | undefined,
  items: readonly ResourceRow[],
  filter: LiveListFilter,
): T | undefined {
  if (list === undefined) return undefined;
  const incoming = new Map<string, ResourceRow>();
  for (const row of items) {
    if (rowMatchesFilter(row, filter)) incoming.set(row.id, row);
  }
  const next: ResourceRow[] = [];
  let changed = false;
  for (const row of list.items) {
    const fresh = incoming.get(row.id);
    if (fresh === undefined) {
      changed = true;
      continue;
    }
    if (fresh !== row) changed = true;
    next.push(fresh);
    incoming.delete(row.id);
  }
  for (const row of [...incoming.values()].sort(compareRows)) {
    insertSorted(next, row);
    changed = true;
  }
  if (!changed && next.length === list.total) return list;
  return { ...list, items: next, total: next.length };
}

/** Apply upserts and deletes; rows leaving the filter are removed, new matches inserted. */
export function applyChanges<T extends ResourceListLike>(
  list: T | undefined,
  upserts: readonly ResourceRow[],
  deletes: readonly string[],
  filter: LiveListFilter,
): T | undefined {
  if (list === undefined) return undefined;
  const gone = new Set(deletes);
  const items = gone.size > 0 ? list.items.filter((r) => !gone.has(r.id)) : list.items.slice();
  let changed = items.length !== list.items.length;
  let total = list.total - (list.items.length - items.length);
  const position = new Map<string, number>();
  items.forEach((row, i) => {
    position.set(row.id, i);
  });
  const removed = new Set<string>();
  const added: ResourceRow[] = [];
  for (const row of upserts) {
    const at = position.get(row.id);
    const matches = rowMatchesFilter(row, filter);
    if (at !== undefined && !removed.has(row.id)) {
      if (!matches) {
        removed.add(row.id);
        total -= 1;
        changed = true;
      } else if (items[at] !== row) {
        items[at] = row;
        changed = true;
      }
    } else if (matches) {
      added.push(row);
    }
  }
  if (!changed && added.length === 0) return list;
  const next = removed.size > 0 ? items.filter((r) => !removed.has(r.id)) : items;
  const seen = new Set<string>();
  for (const row of added.reverse()) {
    // The latest upsert of an id wins (the server coalesces, but be safe).
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    insertSorted(next, row);
    total += 1;
  }
  return { ...list, items: next, total: Math.max(total, next.length) };
}

/** Apply one list frame of the live stream to the cached list data. */
export function applyLiveMessage<T extends ResourceListLike>(
  list: T | undefined,
  message: SnapshotMessage | ChangesMessage,
  filter: LiveListFilter,
): T | undefined {
  switch (message.type) {
    case "snapshot":
      return applySnapshot(list, message.items, filter);
    case "changes":
      return applyChanges(list, message.upserts, message.deletes, filter);
  }
}

/** A paged list holds one page only; patching it would be guesswork, so it is refetched. */
export function isPaged(list: ResourceListLike | undefined): boolean {
  return list?.continue !== undefined && list.continue !== null && list.continue !== "";
}
