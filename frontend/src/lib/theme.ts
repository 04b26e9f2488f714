/**
 * Dark/light theme: an explicit choice persisted in localStorage wins; without one the
 * page follows `prefers-color-scheme`. The theme is applied as `data-theme` on <html>;
 * the stylesheet's `light-dark()` tokens follow `color-scheme`.
 */

export type Theme = "light" | "dark";

export const THEME_STORAGE_KEY = "fluxdash.theme";
export const DARK_SCHEME_QUERY = "(prefers-color-scheme: dark)";

export function parseTheme(value: string | null | undefined): Theme | null {
  return value === "light" || value === "dark" ? value : null;
}

export function resolveTheme(stored: Theme | null, systemPrefersDark: boolean): Theme {
  return stored ?? (systemPrefersDark ? "dark" : "light");
}

export function oppositeTheme(theme: Theme): Theme {
  return theme === "dark" ? "light" : "dark";
}

type ThemeStorage = Pick<Storage, "getItem" | "setItem">;

/** Storage can be missing or throw (disabled cookies, sandboxed frames): then nothing persists. */
export function browserStorage(): ThemeStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readStoredTheme(storage: ThemeStorage | null): Theme | null {
  try {
    return parseTheme(storage?.getItem(THEME_STORAGE_KEY));
  } catch {
    return null;
  }
}

export function storeTheme(storage: ThemeStorage | null, theme: Theme): void {
  try {
    storage?.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Quota or privacy mode: the choice lasts for this page only.
  }
}

export function systemPrefersDark(): boolean {
  return typeof globalThis.matchMedia === "function"
    ? globalThis.matchMedia(DARK_SCHEME_QUERY).matches
    : false;
}

export function applyTheme(root: HTMLElement, theme: Theme): void {
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
}
