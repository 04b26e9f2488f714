import type { RefObject } from "react";
import { Link, useSearchParams } from "react-router";
import { useConnection } from "@/hooks/useConnection";
import { useKnownNamespaces } from "@/hooks/useKnownNamespaces";
import type { ThemeControl } from "@/hooks/useTheme";
import { stickySearch } from "@/lib/searchParams";
import controls from "./controls.module.css";
import { Icon } from "./Icon";
import { LiveIndicator } from "./LiveIndicator";
import { NamespaceSelect } from "./NamespaceSelect";
import { SearchBox } from "./SearchBox";
import { ThemeToggle } from "./ThemeToggle";
import styles from "./TopBar.module.css";

type TopBarProps = {
  theme: ThemeControl;
  searchRef: RefObject<HTMLInputElement | null>;
  navOpen: boolean;
  navId: string;
  onToggleNav: () => void;
};

export function TopBar({ theme, searchRef, navOpen, navId, onToggleNav }: TopBarProps) {
  const connection = useConnection();
  const namespaces = useKnownNamespaces();
  const [params] = useSearchParams();
  return (
    <header className={styles.topbar}>
      <button
        type="button"
        className={`${controls.iconButton} ${styles.menuButton}`}
        aria-label={navOpen ? "Close navigation" : "Open navigation"}
        aria-expanded={navOpen}
        aria-controls={navId}
        onClick={onToggleNav}
      >
        <Icon name={navOpen ? "close" : "menu"} size={18} />
      </button>
      <Link
        className={styles.brand}
        to={{ pathname: "/", search: stickySearch(params) }}
        aria-label="fluxdash home"
      >
        <svg className={styles.logo} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M4 7c4-4 8 4 16 0M4 12c4-4 8 4 16 0M4 17c4-4 8 4 16 0" />
        </svg>
        <span className={styles.brandName}>fluxdash</span>
      </Link>
      <div className={styles.center}>
        <SearchBox inputRef={searchRef} />
        <NamespaceSelect namespaces={namespaces} />
      </div>
      <div className={styles.end}>
        <LiveIndicator view={connection} />
        <ThemeToggle theme={theme.theme} toggle={theme.toggle} />
      </div>
    </header>
  );
}
