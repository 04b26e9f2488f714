import { describe, expect, it } from "vitest";
import { makeRow } from "@/test/rows";
import { COLUMNS, minWidthOf, sortValue } from "./columns";
import { countByHealth, filterRows, formatSort, nextSort, parseSort, sortRows } from "./rowQuery";

const columns = COLUMNS.kustomizations;
const rows = [
  makeRow({ name: "zeta", health: "Ready", lastReconciled: "2026-01-10T10:00:00Z", path: "./z" }),
  makeRow({ name: "alpha", health: "Ready", lastReconciled: "2026-01-10T11:00:00Z" }),
  makeRow({ name: "broken", health: "Failed", message: "kustomize build failed: missing file" }),
  makeRow({ name: "paused", health: "Suspended", suspended: true, namespace: "apps" }),
  makeRow({ name: "moving", health: "Progressing", healthReason: "ProgressingWithRetry" }),
];

describe("sorting", () => {
  it("defaults to failing first, then namespace and name", () => {
    expect(sortRows(rows, columns, null).map((r) => r.name)).toEqual([
      "broken",
      "moving",
      "paused",
      "alpha",
      "zeta",
    ]);
  });

  it("sorts by a column both ways, empty values last", () => {
    const byTime = sortRows(rows, columns, { column: "lastReconciled", direction: "desc" });
    expect(byTime.map((r) => r.name).slice(0, 2)).toEqual(["alpha", "zeta"]);
    const asc = sortRows(rows, columns, { column: "lastReconciled", direction: "asc" });
    expect(asc.map((r) => r.name).slice(0, 2)).toEqual(["zeta", "alpha"]);
    expect(asc.at(-1)?.lastReconciled).toBeUndefined();
    const byName = sortRows(rows, columns, { column: "name", direction: "desc" });
    expect(byName.map((r) => r.name)).toEqual(["zeta", "paused", "moving", "broken", "alpha"]);
  });

  it("cycles header clicks and round-trips the URL form", () => {
    expect(nextSort(null, "name")).toEqual({ column: "name", direction: "asc" });
    expect(nextSort({ column: "name", direction: "asc" }, "name")).toEqual({
      column: "name",
      direction: "desc",
    });
    expect(nextSort({ column: "name", direction: "desc" }, "name")).toBeNull();
    expect(nextSort({ column: "name", direction: "desc" }, "path")).toEqual({
      column: "path",
      direction: "asc",
    });
    expect(parseSort("-lastReconciled", columns)).toEqual({
      column: "lastReconciled",
      direction: "desc",
    });
    expect(parseSort("nope", columns)).toBeNull();
    expect(formatSort({ column: "name", direction: "desc" })).toBe("-name");
    expect(formatSort(null)).toBeUndefined();
  });

  it("sorts numeric columns as numbers", () => {
    const failures = COLUMNS.helmreleases.find((c) => c.id === "failures");
    if (!failures) throw new Error("no failures column");
    expect(sortValue(failures, makeRow({ name: "x", kind: "HelmRelease", failures: 12 }))).toBe(12);
    expect(sortValue(failures, makeRow({ name: "x", kind: "HelmRelease" }))).toBeNull();
  });
});

describe("filtering", () => {
  it("filters by health chips and search tokens (all must match)", () => {
    expect(
      filterRows(rows, columns, { health: ["Failed", "Suspended"] }).map((r) => r.name),
    ).toEqual(["broken", "paused"]);
    expect(filterRows(rows, columns, { q: "missing FILE" }).map((r) => r.name)).toEqual(["broken"]);
    expect(filterRows(rows, columns, { q: "apps paused" }).map((r) => r.name)).toEqual(["paused"]);
    expect(filterRows(rows, columns, { q: "./z" }).map((r) => r.name)).toEqual(["zeta"]);
    expect(filterRows(rows, columns, { q: "nothing-like-this" })).toEqual([]);
    expect(filterRows(rows, columns, {})).toHaveLength(rows.length);
  });

  it("counts rows per health", () => {
    expect(countByHealth(rows)).toEqual({
      Failed: 1,
      Progressing: 1,
      Unknown: 0,
      Suspended: 1,
      Ready: 2,
    });
  });

  it("keeps 10,000 rows fast enough to filter on every keystroke", () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      makeRow({
        name: `app-${i}`,
        health: i % 10 === 0 ? "Failed" : "Ready",
        message: `message ${i}`,
      }),
    );
    const filtered = filterRows(many, columns, { q: "app-99", health: ["Ready"] });
    expect(filtered.map((r) => r.name)).toContain("app-999");
    expect(filtered.every((r) => r.health === "Ready")).toBe(true);
    expect(sortRows(many, columns, null)[0]?.health).toBe("Failed");
  });
});

describe("columns", () => {
  it("gives every kind a name, a status and a message column", () => {
    for (const [plural, list] of Object.entries(COLUMNS)) {
      const ids = list.map((c) => c.id);
      expect(ids[0], plural).toBe("name");
      expect(ids, plural).toContain("health");
      expect(ids, plural).toContain("message");
      expect(new Set(ids).size, plural).toBe(ids.length);
    }
  });
});

describe("column budget", () => {
  it("fits name, status, the primary columns and the message in a 1280px screen's table", () => {
    // 1280 − 212 (navigation) − 48 (page padding) = 1020px of table, checkboxes included.
    for (const [plural, list] of Object.entries(COLUMNS)) {
      const primary = list.filter((c) => c.priority <= 1);
      expect(
        primary.map((c) => c.id),
        plural,
      ).toContain("message");
      const width = 36 + primary.reduce((sum, c) => sum + minWidthOf(c.width), 0);
      expect(width, plural).toBeLessThanOrEqual(1020);
    }
  });
});
