// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import {
  advanceSequence,
  IDLE,
  isEditableTarget,
  parseShortcut,
  type SequenceState,
  type ShortcutBinding,
  shortcutKey,
} from "./shortcuts";

describe("parseShortcut", () => {
  it("splits a sequence on whitespace", () => {
    expect(parseShortcut("g d")).toEqual(["g", "d"]);
    expect(parseShortcut("  g   k ")).toEqual(["g", "k"]);
    expect(parseShortcut("/")).toEqual(["/"]);
    expect(parseShortcut("?")).toEqual(["?"]);
    expect(parseShortcut("Escape")).toEqual(["Escape"]);
  });

  it.each(["", "   ", "gd", "ctrl+k", "g Foo"])("rejects %j", (spec) => {
    expect(() => parseShortcut(spec)).toThrow();
  });
});

const bindings: ShortcutBinding<string>[] = [
  { sequence: ["/"], action: "search" },
  { sequence: ["g", "d"], action: "dashboard" },
  { sequence: ["g", "g"], action: "graph" },
  { sequence: ["g", "k"], action: "kustomizations" },
];

/** Feed keys one by one (each 100 ms apart unless given) and collect the actions. */
function feed(keys: readonly (string | [string, number])[]) {
  let state: SequenceState = IDLE;
  let now = 1_000;
  const actions: string[] = [];
  const consumed: boolean[] = [];
  for (const entry of keys) {
    const [key, at] = typeof entry === "string" ? [entry, now + 100] : entry;
    now = at;
    const result = advanceSequence(bindings, state, key, now);
    state = result.state;
    consumed.push(result.consumed);
    if (result.action) actions.push(result.action);
  }
  return { actions, consumed, state };
}

describe("advanceSequence", () => {
  it("fires a single-key binding at once", () => {
    expect(feed(["/"])).toMatchObject({ actions: ["search"], consumed: [true] });
  });

  it("waits on a prefix, then fires the sequence", () => {
    const { actions, consumed, state } = feed(["g", "k"]);
    expect(actions).toEqual(["kustomizations"]);
    expect(consumed).toEqual([true, true]);
    expect(state).toEqual(IDLE);
  });

  it("treats a repeated key as its own sequence (g g)", () => {
    expect(feed(["g", "g"]).actions).toEqual(["graph"]);
    expect(feed(["g", "g", "g", "d"]).actions).toEqual(["graph", "dashboard"]);
  });

  it("ignores unbound keys and does not consume them", () => {
    expect(feed(["x", "d", "k"])).toMatchObject({ actions: [], consumed: [false, false, false] });
  });

  it("restarts when a key breaks a sequence", () => {
    expect(feed(["g", "x", "g", "d"]).actions).toEqual(["dashboard"]);
    expect(feed(["g", "/"]).actions).toEqual(["search"]);
  });

  it("forgets a prefix after the timeout", () => {
    expect(
      feed([
        ["g", 1_000],
        ["d", 4_000],
      ]).actions,
    ).toEqual([]);
    expect(
      feed([
        ["g", 1_000],
        ["d", 2_400],
      ]).actions,
    ).toEqual(["dashboard"]);
  });
});

describe("shortcutKey", () => {
  const event = (
    key: string,
    mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey", boolean>> = {},
  ) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    isComposing: false,
    ...mods,
  });

  it("passes printable keys and named keys", () => {
    expect(shortcutKey(event("g"))).toBe("g");
    expect(shortcutKey(event("/"))).toBe("/");
    expect(shortcutKey(event("Escape"))).toBe("Escape");
  });

  it("drops chords, lone modifiers and IME composition", () => {
    expect(shortcutKey(event("k", { ctrlKey: true }))).toBeNull();
    expect(shortcutKey(event("k", { metaKey: true }))).toBeNull();
    expect(shortcutKey(event("g", { altKey: true }))).toBeNull();
    expect(shortcutKey(event("Shift"))).toBeNull();
    expect(shortcutKey({ ...event("g"), isComposing: true })).toBeNull();
  });
});

describe("isEditableTarget", () => {
  it("knows text fields from other elements", () => {
    const make = (html: string) => {
      const host = document.createElement("div");
      host.innerHTML = html;
      return host.firstElementChild;
    };
    expect(isEditableTarget(make('<input type="search">'))).toBe(true);
    expect(isEditableTarget(make("<input>"))).toBe(true);
    expect(isEditableTarget(make("<textarea></textarea>"))).toBe(true);
    expect(isEditableTarget(make("<select></select>"))).toBe(true);
    expect(isEditableTarget(make('<input type="checkbox">'))).toBe(false);
    expect(isEditableTarget(make("<button>x</button>"))).toBe(false);
    expect(isEditableTarget(document.body)).toBe(false);
    expect(isEditableTarget(null)).toBe(false);
  });

  it("treats contenteditable as editable", () => {
    const div = document.createElement("div");
    div.contentEditable = "true";
    // jsdom does not implement isContentEditable; emulate what browsers report.
    Object.defineProperty(div, "isContentEditable", { value: true });
    expect(isEditableTarget(div)).toBe(true);
  });
});
