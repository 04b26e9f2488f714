// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import {
  applyTheme,
  oppositeTheme,
  parseTheme,
  readStoredTheme,
  resolveTheme,
  storeTheme,
  THEME_STORAGE_KEY,
} from "./theme";

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    data,
  };
}

const throwing = {
  getItem: (): string | null => {
    throw new DOMException("denied", "SecurityError");
  },
  setItem: (): void => {
    throw new DOMException("full", "QuotaExceededError");
  },
};

describe("theme", () => {
  it("parses only the two themes", () => {
    expect(parseTheme("dark")).toBe("dark");
    expect(parseTheme("light")).toBe("light");
    expect(parseTheme("Dark")).toBeNull();
    expect(parseTheme("")).toBeNull();
    expect(parseTheme(null)).toBeNull();
  });

  it("follows the system until a choice is stored", () => {
    expect(resolveTheme(null, true)).toBe("dark");
    expect(resolveTheme(null, false)).toBe("light");
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
  });

  it("toggles to the opposite", () => {
    expect(oppositeTheme("dark")).toBe("light");
    expect(oppositeTheme("light")).toBe("dark");
  });

  it("round-trips a choice through storage", () => {
    const storage = memoryStorage();
    expect(readStoredTheme(storage)).toBeNull();
    storeTheme(storage, "dark");
    expect(storage.data.get(THEME_STORAGE_KEY)).toBe("dark");
    expect(readStoredTheme(storage)).toBe("dark");
  });

  it("ignores garbage in storage", () => {
    expect(readStoredTheme(memoryStorage({ [THEME_STORAGE_KEY]: "purple" }))).toBeNull();
  });

  it("survives storage that throws or is missing", () => {
    expect(readStoredTheme(throwing)).toBeNull();
    expect(() => storeTheme(throwing, "dark")).not.toThrow();
    expect(readStoredTheme(null)).toBeNull();
    expect(() => storeTheme(null, "dark")).not.toThrow();
  });

  it("applies the theme to the root element", () => {
    const root = document.createElement("html");
    applyTheme(root, "dark");
    expect(root.dataset.theme).toBe("dark");
    expect(root.style.colorScheme).toBe("dark");
  });
});
