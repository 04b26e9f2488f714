// @vitest-environment jsdom
import { fireEvent, render, screen, within } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { COLUMNS } from "@/lib/columns";
import type { SortState } from "@/lib/rowQuery";
import { EMPTY_SELECTION, type Selection } from "@/lib/selection";
import { makeRow } from "@/test/rows";
import { ResourceTable, ROW_HEIGHT } from "./ResourceTable";

const columns = COLUMNS.kustomizations;

function renderTable(props: {
  count: number;
  sort?: SortState | null;
  onSort?: (column: string) => void;
  selection?: Selection;
  onSelectionChange?: (selection: Selection) => void;
}) {
  const rows = Array.from({ length: props.count }, (_, i) =>
    makeRow({ name: `app-${String(i).padStart(5, "0")}`, message: `message ${i}` }),
  );
  const router = createMemoryRouter(
    [
      {
        path: "/",
        element: (
          <ResourceTable
            label="Kustomizations"
            rows={rows}
            columns={columns}
            sort={props.sort ?? null}
            onSort={props.onSort ?? (() => {})}
            selection={props.selection}
            onSelectionChange={props.onSelectionChange}
          />
        ),
      },
      { path: "/resources/:kind/:namespace/:name", element: <p>detail page</p> },
    ],
    { initialEntries: ["/"] },
  );
  render(<RouterProvider router={router} />);
  return { rows, router };
}

function bodyRows() {
  return screen.getAllByRole("row").filter((row) => row.getAttribute("aria-rowindex") !== "1");
}

describe("ResourceTable", () => {
  it("renders a window of 10,000 rows, not all of them", () => {
    renderTable({ count: 10_000 });
    const table = screen.getByRole("table", { name: "Kustomizations" });
    expect(table).toHaveAttribute("aria-rowcount", "10001");
    const rendered = bodyRows();
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(60);
    expect(rendered[0]).toHaveAttribute("aria-rowindex", "2");
  });

  it("moves the window when scrolled", async () => {
    renderTable({ count: 10_000 });
    const table = screen.getByRole("table", { name: "Kustomizations" });
    table.scrollTop = 5_000 * ROW_HEIGHT;
    fireEvent.scroll(table);
    await vi.waitFor(() => expect(screen.getByText("app-05000")).toBeInTheDocument(), {
      timeout: 5000,
    });
    expect(screen.queryByText("app-00000")).not.toBeInTheDocument();
    const indexes = bodyRows().map((row) => Number(row.getAttribute("aria-rowindex")));
    expect(Math.min(...indexes)).toBeLessThanOrEqual(5_002);
    expect(Math.max(...indexes)).toBeGreaterThan(5_002);
  });

  it("links every row to its detail page and sorts from the headers", () => {
    const onSort = vi.fn();
    renderTable({ count: 3, sort: { column: "name", direction: "desc" }, onSort });
    expect(screen.getByRole("link", { name: "app-00001" })).toHaveAttribute(
      "href",
      "/resources/kustomizations/flux-system/app-00001",
    );
    const nameHeader = screen.getByRole("columnheader", { name: /Name/ });
    expect(nameHeader).toHaveAttribute("aria-sort", "descending");
    expect(screen.getByRole("columnheader", { name: /Path/ })).toHaveAttribute("aria-sort", "none");
    fireEvent.click(within(nameHeader).getByRole("button"));
    expect(onSort).toHaveBeenCalledWith("name");
  });

  it("selects rows, ranges with shift, and all shown", () => {
    let selection: Selection = EMPTY_SELECTION;
    const onSelectionChange = vi.fn((next: Selection) => {
      selection = next;
    });
    const { rows } = renderTable({ count: 5, selection, onSelectionChange });
    fireEvent.click(
      screen.getByRole("checkbox", { name: `Select Kustomization flux-system/${rows[1]?.name}` }),
    );
    expect([...selection]).toEqual([rows[1]?.id]);
    fireEvent.click(screen.getByRole("checkbox", { name: "Select all shown" }));
    expect(selection.size).toBe(5);
  });

  it("opens the detail page when a row is clicked outside its controls", async () => {
    const { router } = renderTable({ count: 2 });
    const [first] = bodyRows();
    if (!first) throw new Error("no rows");
    fireEvent.click(within(first).getAllByRole("cell")[1] as HTMLElement);
    await vi.waitFor(() =>
      expect(router.state.location.pathname).toBe(
        "/resources/kustomizations/flux-system/app-00000",
      ),
    );
  });
});
