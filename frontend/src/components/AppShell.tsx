import { useEffect, useRef, useState } from "react";
import { Outlet, useNavigate, useSearchParams } from "react-router";
import { useKeyboardShortcuts } from "@/hooks/useKeyboardShortcuts";
import { useTheme } from "@/hooks/useTheme";
import { stickySearch } from "@/lib/searchParams";
import { SHELL_SHORTCUTS, type ShellAction } from "@/navigation";
import { ActionCenter } from "./ActionCenter";
import styles from "./AppShell.module.css";
import { SideNav } from "./SideNav";
import { TopBar } from "./TopBar";

const NAV_ID = "main-nav";

/** The frame around every page: top bar, navigation, and the routed page in <main>. */
export function AppShell() {
  const theme = useTheme();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const searchRef = useRef<HTMLInputElement>(null);
  const [navOpen, setNavOpen] = useState(false);

  useKeyboardShortcuts(SHELL_SHORTCUTS, (action: ShellAction) => {
    switch (action.type) {
      case "focusSearch":
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      case "navigate":
        setNavOpen(false);
        navigate({ pathname: action.to, search: stickySearch(params) });
        return;
    }
  });

  useEffect(() => {
    if (!navOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") setNavOpen(false);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [navOpen]);

  return (
    <ActionCenter>
      <div className={styles.shell}>
        <a className={styles.skipLink} href="#main">
          Skip to content
        </a>
        <TopBar
          theme={theme}
          searchRef={searchRef}
          navOpen={navOpen}
          navId={NAV_ID}
          onToggleNav={() => setNavOpen((open) => !open)}
        />
        <SideNav id={NAV_ID} open={navOpen} onNavigate={() => setNavOpen(false)} />
        {navOpen && (
          <button
            type="button"
            className={styles.scrim}
            aria-label="Close navigation"
            tabIndex={-1}
            onClick={() => setNavOpen(false)}
          />
        )}
        <main id="main" className={styles.main} tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </ActionCenter>
  );
}
