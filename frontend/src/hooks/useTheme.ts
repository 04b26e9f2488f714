import { useCallback, useEffect, useLayoutEffect, useState, useSyncExternalStore } from "react";
import {
  applyTheme,
  browserStorage,
  DARK_SCHEME_QUERY,
  oppositeTheme,
  parseTheme,
  readStoredTheme,
  resolveTheme,
  storeTheme,
  systemPrefersDark,
  THEME_STORAGE_KEY,
  type Theme,
} from "@/lib/theme";

function subscribeToSystemScheme(onChange: () => void): () => void {
  if (typeof globalThis.matchMedia !== "function") return () => {};
  const query = globalThis.matchMedia(DARK_SCHEME_QUERY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

export type ThemeControl = {
  theme: Theme;
  /** Whether the theme is the user's choice or follows the operating system. */
  source: "chosen" | "system";
  toggle: () => void;
};

/** The effective theme, applied to <html>; follows the OS until the user picks one. */
export function useTheme(): ThemeControl {
  const systemDark = useSyncExternalStore(subscribeToSystemScheme, systemPrefersDark, () => false);
  const [chosen, setChosen] = useState<Theme | null>(() => readStoredTheme(browserStorage()));
  const theme = resolveTheme(chosen, systemDark);

  useLayoutEffect(() => {
    applyTheme(document.documentElement, theme);
  }, [theme]);

  // Another tab changed the choice.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === THEME_STORAGE_KEY) setChosen(parseTheme(event.newValue));
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);

  const toggle = useCallback(() => {
    const next = oppositeTheme(theme);
    storeTheme(browserStorage(), next);
    setChosen(next);
  }, [theme]);

  return { theme, source: chosen ? "chosen" : "system", toggle };
}
