import { describe, expect, it } from "vitest";
import {
  applyChanges,
  applyLiveMessage,
  applySnapshot,
  compareRows,
  isPaged,
  type LiveListFilter,
  rowMatchesFilter,
} from "./liveCache";
import type { ResourceRow } from "./types";

const PLURAL: Record<string, string> = {
  Kustomization: "kustomizations",
  HelmRelease: "helmreleases",
  GitRepository: "gitrepositories",
};

function row(id: string, overrides: Partial<ResourceRow> = {}): ResourceRow {
  const [kind = "", namespace = "", name = ""] = id.split("/");
  return {
    id,
    kind,
    plural: PLURAL[kind] ?? `${kind.toLowerCase()}s`,
    category: kind === "GitRepository" ? "source" : "applier",
    namespace,
    name,
    health: "Ready",
    message: "",
    ...overrides,
  } as ResourceRow;
}

type List = { items: ResourceRow[]; total: number; continue: string | null; extra: string };

function list(...items: ResourceRow[]): List {
  return { items, total: items.length, continue: null, extra: "kept" };
}

const ids = (l: { items: ResourceRow[] } | undefined) => l?.items.map((r) => r.id);

describe("rowMatchesFilter", () => {
  const r = row("Kustomization/flux-system/apps", {
    health: "Failed",
    message: "kustomize build failed: missing file",
    revision: "main@sha1:1a2b3c4d",
  });

  it.each<[LiveListFilter, boolean]>([
    [{}, true],
    [{ kind: "kustomizations" }, true],
    [{ kind: "Kustomization" }, true],
    [{ kind: ["helmreleases", "kustomizations"] }, true],
    [{ kind: "helmreleases" }, false],
    [{ namespace: "flux-system" }, true],
    [{ namespace: "default" }, false],
    [{ health: "Failed" }, true],
    [{ health: ["Ready", "Progressing"] }, false],
    [{ q: "APPS" }, true],
    [{ q: "missing file" }, true],
    [{ q: "1a2b" }, true],
    [{ q: "apps nothere" }, false],
    [{ q: "   " }, true],
    [{ kind: "", namespace: "", health: "", q: "" }, true],
  ])("%j → %s", (filter, expected) => {
    expect(rowMatchesFilter(r, filter)).toBe(expected);
  });
});

describe("compareRows", () => {
  it("puts failing first, then kind, namespace, name", () => {
    const rows = [
      row("Kustomization/b/z"),
      row("HelmRelease/a/a"),
      row("Kustomization/a/y", { health: "Failed" }),
      row("Kustomization/a/x"),
    ];
    expect(rows.sort(compareRows).map((r) => r.id)).toEqual([
      "Kustomization/a/y",
      "HelmRelease/a/a",
      "Kustomization/a/x",
      "Kustomization/b/z",
    ]);
  });
});

describe("applySnapshot", () => {
  it("leaves a list that was never fetched alone", () => {
    expect(applySnapshot(undefined, [row("Kustomization/a/x")], {})).toBeUndefined();
  });

  it("replaces the rows, keeping the order of those still present", () => {
    const before = list(
      row("Kustomization/a/c"),
      row("Kustomization/a/a"),
      row("Kustomization/a/gone"),
    );
    const after = applySnapshot(
      before,
      [
        row("Kustomization/a/a", { message: "new" }),
        row("Kustomization/a/c"),
        row("Kustomization/a/b"),
        row("HelmRelease/a/other"),
      ],
      { kind: "kustomizations" },
    );
    expect(ids(after)).toEqual(["Kustomization/a/c", "Kustomization/a/a", "Kustomization/a/b"]);
    expect(after?.items[1]?.message).toBe("new");
    expect(after?.total).toBe(3);
    expect(after?.extra).toBe("kept");
    expect(before.items).toHaveLength(3); // inputs are never mutated
  });

  it("returns the same object when nothing changed", () => {
    const a = row("Kustomization/a/a");
    const before = list(a);
    expect(applySnapshot(before, [a], {})).toBe(before);
  });

  it("empties a list when the snapshot is empty", () => {
    const after = applySnapshot(list(row("Kustomization/a/a")), [], {});
    expect(after?.items).toEqual([]);
    expect(after?.total).toBe(0);
  });
});

describe("applyChanges", () => {
  const base = () =>
    list(
      row("Kustomization/a/fail", { health: "Failed" }),
      row("Kustomization/a/one"),
      row("Kustomization/a/two"),
    );

  it("updates rows in place", () => {
    const before = base();
    const updated = row("Kustomization/a/one", { health: "Failed", message: "broken" });
    const after = applyChanges(before, [updated], [], {});
    expect(ids(after)).toEqual(ids(before)); // no jumping
    expect(after?.items[1]).toBe(updated);
    expect(after?.total).toBe(3);
    expect(before.items[1]?.health).toBe("Ready");
  });

  it("inserts new matching rows in the server's order and counts them", () => {
    const after = applyChanges(
      base(),
      [row("Kustomization/a/three"), row("Kustomization/a/bad", { health: "Failed" })],
      [],
      {},
    );
    expect(ids(after)).toEqual([
      "Kustomization/a/bad",
      "Kustomization/a/fail",
      "Kustomization/a/one",
      "Kustomization/a/three",
      "Kustomization/a/two",
    ]);
    expect(after?.total).toBe(5);
  });

  it("ignores rows outside the filter", () => {
    const before = base();
    const after = applyChanges(before, [row("HelmRelease/a/x"), row("Kustomization/b/x")], [], {
      kind: "kustomizations",
      namespace: "a",
    });
    expect(after).toBe(before);
  });

  it("removes a row that stops matching the filter (health changed)", () => {
    const before = list(row("Kustomization/a/fail", { health: "Failed" }));
    const after = applyChanges(before, [row("Kustomization/a/fail", { health: "Ready" })], [], {
      health: "Failed",
    });
    expect(after?.items).toEqual([]);
    expect(after?.total).toBe(0);
  });

  it("deletes rows by id and ignores unknown ids", () => {
    const after = applyChanges(base(), [], ["Kustomization/a/one", "Kustomization/z/unknown"], {});
    expect(ids(after)).toEqual(["Kustomization/a/fail", "Kustomization/a/two"]);
    expect(after?.total).toBe(2);
  });

  it("returns the same object when the changes change nothing", () => {
    const before = base();
    expect(applyChanges(before, [], ["Kustomization/z/unknown"], {})).toBe(before);
    const same = before.items[0];
    expect(same).toBeDefined();
    if (same) expect(applyChanges(before, [same], [], {})).toBe(before);
  });

  it("keeps the latest of duplicate upserts of a new row", () => {
    const after = applyChanges(
      list(),
      [row("Kustomization/a/n", { message: "old" }), row("Kustomization/a/n", { message: "new" })],
      [],
      {},
    );
    expect(after?.items.map((r) => r.message)).toEqual(["new"]);
    expect(after?.total).toBe(1);
  });

  it("handles a delete and a re-create in one frame", () => {
    const after = applyChanges(
      base(),
      [row("Kustomization/a/one", { message: "recreated" })],
      ["Kustomization/a/one"],
      {},
    );
    expect(after?.items.find((r) => r.id === "Kustomization/a/one")?.message).toBe("recreated");
    expect(after?.total).toBe(3);
  });

  it("leaves a never-fetched list alone", () => {
    expect(applyChanges(undefined, [row("Kustomization/a/x")], [], {})).toBeUndefined();
  });
});

describe("applyLiveMessage", () => {
  it("dispatches on the frame type", () => {
    const before = list(row("Kustomization/a/a"));
    const snap = applyLiveMessage(
      before,
      { type: "snapshot", subscription: "s1", items: [], resync: true },
      {},
    );
    expect(snap?.items).toEqual([]);
    const changed = applyLiveMessage(
      before,
      { type: "changes", subscription: "s1", upserts: [], deletes: ["Kustomization/a/a"] },
      {},
    );
    expect(changed?.total).toBe(0);
  });
});

describe("isPaged", () => {
  it("is true only with a continue token", () => {
    expect(isPaged(undefined)).toBe(false);
    expect(isPaged({ items: [], total: 0 })).toBe(false);
    expect(isPaged({ items: [], total: 0, continue: null })).toBe(false);
    expect(isPaged({ items: [], total: 9, continue: "abc" })).toBe(true);
  });
});
