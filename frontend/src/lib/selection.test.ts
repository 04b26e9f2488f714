import { describe, expect, it } from "vitest";
import {
  allState,
  EMPTY_SELECTION,
  retainVisible,
  selectRange,
  toggle,
  toggleAll,
} from "./selection";

const ids = ["a", "b", "c", "d", "e"];

describe("selection", () => {
  it("toggles single ids", () => {
    const one = toggle(EMPTY_SELECTION, "a");
    expect([...one]).toEqual(["a"]);
    expect([...toggle(one, "a")]).toEqual([]);
  });

  it("selects and clears ranges from an anchor", () => {
    const anchored = toggle(EMPTY_SELECTION, "b");
    expect([...selectRange(anchored, ids, "b", "d")].sort()).toEqual(["b", "c", "d"]);
    expect([...selectRange(anchored, ids, "b", "a")].sort()).toEqual(["a", "b"]);
    const all = new Set(ids);
    const cleared = selectRange(toggle(all, "b"), ids, "b", "d");
    expect([...cleared].sort()).toEqual(["a", "e"]);
    expect([...selectRange(EMPTY_SELECTION, ids, null, "c")]).toEqual(["c"]);
  });

  it("tracks the header checkbox state", () => {
    expect(allState(EMPTY_SELECTION, ids)).toBe("none");
    expect(allState(new Set(["a"]), ids)).toBe("some");
    expect(allState(new Set(ids), ids)).toBe("all");
    expect(allState(new Set(["a"]), [])).toBe("none");
    expect([...toggleAll(new Set(["a"]), ids)].sort()).toEqual(ids);
    expect([...toggleAll(new Set(ids), ids)]).toEqual([]);
  });

  it("forgets rows that left the view, keeping identity when nothing changed", () => {
    const selection = new Set(["a", "z"]);
    expect([...retainVisible(selection, ids)]).toEqual(["a"]);
    const kept = new Set(["a"]);
    expect(retainVisible(kept, ids)).toBe(kept);
  });
});
