/**
 * Bulk selection on lists, by object id. Pure set operations; the list page keeps the set in
 * state and drops ids that are no longer shown (filtered out or deleted).
 */

export type Selection = ReadonlySet<string>;

export const EMPTY_SELECTION: Selection = new Set();

export function toggle(selection: Selection, id: string): Selection {
  const next = new Set(selection);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/**
 * Shift-click: select (or clear, when `anchor` itself is not selected) every id between the
 * anchor and `id` in the current order.
 */
export function selectRange(
  selection: Selection,
  order: readonly string[],
  anchor: string | null,
  id: string,
): Selection {
  const to = order.indexOf(id);
  const from = anchor === null ? -1 : order.indexOf(anchor);
  if (to === -1) return selection;
  if (from === -1) return toggle(selection, id);
  const select = selection.has(anchor as string);
  const next = new Set(selection);
  const [lo, hi] = from < to ? [from, to] : [to, from];
  for (const key of order.slice(lo, hi + 1)) {
    if (select) next.add(key);
    else next.delete(key);
  }
  return next;
}

export type AllState = "none" | "some" | "all";

/** Whether `visible` is fully, partly or not at all selected (the header checkbox). */
export function allState(selection: Selection, visible: readonly string[]): AllState {
  if (visible.length === 0) return "none";
  let selected = 0;
  for (const id of visible) if (selection.has(id)) selected += 1;
  if (selected === 0) return "none";
  return selected === visible.length ? "all" : "some";
}

/** The header checkbox: selects every visible id, or clears them when all are selected. */
export function toggleAll(selection: Selection, visible: readonly string[]): Selection {
  const next = new Set(selection);
  if (allState(selection, visible) === "all") for (const id of visible) next.delete(id);
  else for (const id of visible) next.add(id);
  return next;
}

/** Only the ids still present (rows deleted or filtered away leave the selection). */
export function retainVisible(selection: Selection, visible: readonly string[]): Selection {
  if (selection.size === 0) return selection;
  const present = new Set(visible);
  let changed = false;
  const next = new Set<string>();
  for (const id of selection) {
    if (present.has(id)) next.add(id);
    else changed = true;
  }
  return changed ? next : selection;
}
