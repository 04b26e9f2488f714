// @vitest-environment jsdom
import { act, renderHook } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { DARK_SCHEME_QUERY, THEME_STORAGE_KEY } from "@/lib/theme";
import { useTheme } from "./useTheme";

/** A controllable `prefers-color-scheme: dark` media query. */
function stubSystemScheme(initiallyDark: boolean) {
  let dark = initiallyDark;
  const listeners = new Set<EventListener>();
  const matchMedia = (query: string): MediaQueryList => ({
    get matches() {
      return query === DARK_SCHEME_QUERY && dark;
    },
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: (_type: string, listener: EventListenerOrEventListenerObject | null) => {
      if (typeof listener === "function") listeners.add(listener);
    },
    removeEventListener: (_type: string, listener: EventListenerOrEventListenerObject | null) => {
      if (typeof listener === "function") listeners.delete(listener);
    },
    dispatchEvent: () => false,
  });
  vi.stubGlobal("matchMedia", matchMedia);
  return {
    set(next: boolean) {
      dark = next;
      for (const listener of listeners) listener(new Event("change"));
    },
  };
}

describe("useTheme", () => {
  it("follows the operating system while nothing is chosen", () => {
    const system = stubSystemScheme(false);
    const { result } = renderHook(() => useTheme());
    expect(result.current).toMatchObject({ theme: "light", source: "system" });
    expect(document.documentElement.dataset.theme).toBe("light");

    act(() => system.set(true));
    expect(result.current.theme).toBe("dark");
    expect(document.documentElement.dataset.theme).toBe("dark");
  });

  it("keeps a chosen theme when the system changes", () => {
    const system = stubSystemScheme(false);
    const { result } = renderHook(() => useTheme());
    act(() => result.current.toggle());
    expect(result.current).toMatchObject({ theme: "dark", source: "chosen" });
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe("dark");

    act(() => system.set(false));
    expect(result.current.theme).toBe("dark");
  });

  it("starts from a stored choice", () => {
    stubSystemScheme(true);
    localStorage.setItem(THEME_STORAGE_KEY, "light");
    const { result } = renderHook(() => useTheme());
    expect(result.current).toMatchObject({ theme: "light", source: "chosen" });
  });

  it("picks up a choice made in another tab", () => {
    stubSystemScheme(false);
    const { result } = renderHook(() => useTheme());
    act(() => {
      window.dispatchEvent(
        new StorageEvent("storage", { key: THEME_STORAGE_KEY, newValue: "dark" }),
      );
    });
    expect(result.current.theme).toBe("dark");
  });
});
