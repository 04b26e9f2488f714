import { NavLink, useSearchParams } from "react-router";
import { stickySearch } from "@/lib/searchParams";
import { NAV_ITEMS } from "@/navigation";
import { Icon } from "./Icon";
import styles from "./SideNav.module.css";

type SideNavProps = {
  id: string;
  /** Drawer state at phone width; the rail is always shown on wider screens. */
  open: boolean;
  onNavigate: () => void;
};

export function SideNav({ id, open, onNavigate }: SideNavProps) {
  const [params] = useSearchParams();
  const search = stickySearch(params);
  return (
    <nav id={id} className={styles.nav} aria-label="Main" data-open={open}>
      <ul className={styles.list}>
        {NAV_ITEMS.map((item) => (
          <li key={item.path}>
            <NavLink
              to={{ pathname: item.path, search }}
              end={item.path === "/"}
              className={styles.link}
              title={`${item.label} (${item.shortcut})`}
              onClick={onNavigate}
            >
              <Icon name={item.icon} />
              <span className={styles.label}>{item.label}</span>
              <span className={styles.hint} aria-hidden="true">
                <kbd>{item.shortcut}</kbd>
              </span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
