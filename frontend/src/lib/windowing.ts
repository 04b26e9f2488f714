/**
 * Row windowing for long lists: which rows of a fixed-height list must exist in the DOM for
 * a scroll position. 10,000 rows render as the ~40 that are visible plus an overscan.
 */

export type WindowInput = {
  count: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  /** Extra rows rendered above and below the viewport (smooth fast scrolling). */
  overscan?: number;
};

export type WindowRange = {
  /** First rendered row index (inclusive). */
  start: number;
  /** Last rendered row index (exclusive). */
  end: number;
  /** Height of the spacer before the first rendered row. */
  offsetTop: number;
  /** Height of the whole list. */
  totalHeight: number;
};

export function visibleRange({
  count,
  rowHeight,
  scrollTop,
  viewportHeight,
  overscan = 8,
}: WindowInput): WindowRange {
  const totalHeight = Math.max(0, count * rowHeight);
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, totalHeight };
  const maxScroll = Math.max(0, totalHeight - viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  const firstVisible = Math.floor(top / rowHeight);
  const visibleCount = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(count, firstVisible + visibleCount + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}

/** The scrollTop that brings row `index` into view (or the current one if it already is). */
export function scrollToReveal(
  index: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return scrollTop;
}
