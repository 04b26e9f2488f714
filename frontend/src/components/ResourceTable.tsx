// biome-ignore-all lint/a11y/useSemanticElements: a windowed list cannot be a <table> (rows are positioned, most are absent); ARIA table roles keep its semantics
// biome-ignore-all lint/a11y/useFocusableInteractive: rows and headers are not focus stops; the name link and the sort buttons are
import {
  type CSSProperties,
  type MouseEvent,
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import type { ResourceRow } from "@/api/types";
import { type Column, minWidthOf, type Priority } from "@/lib/columns";
import { detailPath } from "@/lib/kinds";
import type { SortState } from "@/lib/rowQuery";
import { stickySearch } from "@/lib/searchParams";
import { allState, type Selection, selectRange, toggle, toggleAll } from "@/lib/selection";
import { visibleRange } from "@/lib/windowing";
import controls from "./controls.module.css";
import { Icon } from "./Icon";
import { ResourceCell } from "./ResourceCell";
import styles from "./ResourceTable.module.css";

export const ROW_HEIGHT = 48;
const SELECT_WIDTH = 36;

type ResourceTableProps = {
  /** Accessible name of the table, e.g. "GitRepositories". */
  label: string;
  rows: readonly ResourceRow[];
  columns: readonly Column[];
  sort: SortState | null;
  onSort: (column: string) => void;
  /** With both, rows get checkboxes for bulk actions. */
  selection?: Selection;
  onSelectionChange?: (selection: Selection) => void;
  /** Changing it scrolls back to the top (a new filter, another kind). */
  resetKey?: string;
};

const LEVELS: readonly Priority[] = [0, 1, 2, 3];

/** Grid tracks and minimum width of the columns shown at `level` (priority ≤ level). */
function layout(columns: readonly Column[], selectable: boolean, level: Priority) {
  const shown = columns.filter((c) => c.priority <= level);
  const tracks = shown.map((c) => c.width);
  const minWidth =
    shown.reduce((sum, c) => sum + minWidthOf(c.width), 0) + (selectable ? SELECT_WIDTH : 0);
  return {
    tracks: (selectable ? [`${SELECT_WIDTH}px`, ...tracks] : tracks).join(" "),
    minWidth: `${minWidth}px`,
  };
}

function ariaSort(
  sort: SortState | null,
  column: Column,
): "ascending" | "descending" | "none" | undefined {
  if (column.sortable === false) return undefined;
  if (sort?.column !== column.id) return "none";
  return sort.direction === "asc" ? "ascending" : "descending";
}

function isInteractive(target: EventTarget | null, row: HTMLElement): boolean {
  let node = target instanceof Element ? target : null;
  while (node && node !== row) {
    if (node.matches("a, button, input, label, select, textarea, [role=button]")) return true;
    node = node.parentElement;
  }
  return false;
}

/**
 * The list of Flux objects: sticky sortable header, rows windowed so 10,000 stay smooth,
 * optional checkboxes for bulk actions, every row a way into the detail page.
 */
export function ResourceTable({
  label,
  rows,
  columns,
  sort,
  onSort,
  selection,
  onSelectionChange,
  resetKey,
}: ResourceTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(600);
  const anchorRef = useRef<string | null>(null);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const search = stickySearch(params);
  const selectable = selection !== undefined && onSelectionChange !== undefined;

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return undefined;
    const measure = () => setViewportHeight(element.clientHeight || 600);
    measure();
    if (typeof ResizeObserver === "undefined") return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: resetKey is the trigger
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);

  const frame = useRef<number | null>(null);
  const onScroll = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setScrollTop(scrollRef.current?.scrollTop ?? 0);
    });
  }, []);
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const range = visibleRange({
    count: rows.length,
    rowHeight: ROW_HEIGHT,
    scrollTop,
    viewportHeight,
  });
  const ids = useMemo(() => rows.map((row) => row.id), [rows]);
  const style = useMemo(() => {
    const vars: Record<string, string> = { "--row-height": `${ROW_HEIGHT}px` };
    for (const level of LEVELS) {
      const { tracks, minWidth } = layout(columns, selectable, level);
      vars[`--cols-${level}`] = tracks;
      vars[`--min-${level}`] = minWidth;
    }
    return vars as CSSProperties;
  }, [columns, selectable]);
  const headerState = selectable ? allState(selection, ids) : "none";

  // Handlers read the latest props through a ref, so memoised rows never re-render for them.
  const latest = useRef({ selection, ids, onSelectionChange, search, navigate });
  latest.current = { selection, ids, onSelectionChange, search, navigate };

  const onRowClick = useCallback((event: MouseEvent<HTMLDivElement>, row: ResourceRow) => {
    if (event.defaultPrevented || isInteractive(event.target, event.currentTarget)) return;
    if (window.getSelection()?.toString()) return; // the user is selecting text
    const { navigate: go, search: query } = latest.current;
    go({ pathname: detailPath(row.plural, row.namespace, row.name), search: query });
  }, []);

  const onCheck = useCallback((event: MouseEvent<HTMLInputElement>, id: string) => {
    const { selection: current, ids: order, onSelectionChange: change } = latest.current;
    if (!current || !change) return;
    const next = event.shiftKey
      ? selectRange(current, order, anchorRef.current, id)
      : toggle(current, id);
    anchorRef.current = id;
    change(next);
  }, []);

  return (
    <div
      ref={scrollRef}
      className={styles.scroller}
      style={style}
      onScroll={onScroll}
      role="table"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      data-testid="resource-table"
    >
      <div className={styles.head} role="rowgroup">
        <div className={styles.headerRow} role="row" aria-rowindex={1}>
          {selectable && (
            <div className={styles.selectCell} role="columnheader">
              <input
                type="checkbox"
                className={controls.checkbox}
                aria-label="Select all shown"
                checked={headerState === "all"}
                ref={(el) => {
                  if (el) el.indeterminate = headerState === "some";
                }}
                onChange={() => onSelectionChange(toggleAll(selection, ids))}
              />
            </div>
          )}
          {columns.map((column) => (
            <div
              key={column.id}
              role="columnheader"
              aria-sort={ariaSort(sort, column)}
              className={styles.headerCell}
              data-priority={column.priority}
            >
              {column.sortable === false ? (
                column.header
              ) : (
                <button
                  type="button"
                  className={styles.sortButton}
                  onClick={() => onSort(column.id)}
                  title={`Sort by ${column.header}`}
                >
                  {column.header}
                  {sort?.column === column.id && (
                    <Icon name={sort.direction === "asc" ? "arrowUp" : "arrowDown"} size={12} />
                  )}
                </button>
              )}
            </div>
          ))}
        </div>
      </div>
      <div className={styles.body} role="rowgroup" style={{ height: range.totalHeight }}>
        <div className={styles.window} style={{ transform: `translateY(${range.offsetTop}px)` }}>
          {rows.slice(range.start, range.end).map((row, i) => (
            <TableRow
              key={row.id}
              row={row}
              index={range.start + i}
              columns={columns}
              search={search}
              selectable={selectable}
              selected={selectable && selection.has(row.id)}
              onRowClick={onRowClick}
              onCheck={onCheck}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

type TableRowProps = {
  row: ResourceRow;
  index: number;
  columns: readonly Column[];
  search: string;
  selectable: boolean;
  selected: boolean;
  onRowClick: (event: MouseEvent<HTMLDivElement>, row: ResourceRow) => void;
  onCheck: (event: MouseEvent<HTMLInputElement>, id: string) => void;
};

/** One row; memoised so scrolling renders only the rows that come into view. */
const TableRow = memo(function TableRow({
  row,
  index,
  columns,
  search,
  selectable,
  selected,
  onRowClick,
  onCheck,
}: TableRowProps) {
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the name link is the keyboard way in; the row click is a mouse shortcut
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selectable ? selected : undefined}
      className={styles.row}
      data-health={row.health}
      data-suspended={row.suspended}
      data-selected={selected}
      onClick={(event) => onRowClick(event, row)}
    >
      {selectable && (
        <div className={styles.selectCell} role="cell">
          <input
            type="checkbox"
            className={controls.checkbox}
            aria-label={`Select ${row.kind} ${row.namespace}/${row.name}`}
            checked={selected}
            onClick={(event) => onCheck(event, row.id)}
            onChange={() => {}}
          />
        </div>
      )}
      {columns.map((column) =>
        column.cell.type === "name" ? (
          <div key={column.id} role="rowheader" className={styles.nameCell}>
            <Link
              className={styles.name}
              to={{ pathname: detailPath(row.plural, row.namespace, row.name), search }}
              title={`${row.namespace}/${row.name}`}
            >
              {row.name}
            </Link>
            <span className={styles.namespace}>
              {row.namespace}
              {row.message && <span className={styles.narrowMessage}> · {row.message}</span>}
            </span>
          </div>
        ) : (
          <div key={column.id} role="cell" className={styles.cell} data-priority={column.priority}>
            <ResourceCell column={column} row={row} />
          </div>
        ),
      )}
    </div>
  );
});
