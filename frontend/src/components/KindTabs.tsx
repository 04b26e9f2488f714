import { useQuery } from "@tanstack/react-query";
import { NavLink, useSearchParams } from "react-router";
import { summaryQuery } from "@/api/queries";
import { useClusterConnected } from "@/hooks/useClusterConnected";
import type { KindMeta } from "@/lib/kinds";
import { NAMESPACE_PARAM, STICKY_PARAMS, stickySearch } from "@/lib/searchParams";
import styles from "./KindTabs.module.css";

/** The kinds of one page (Sources: Git, Helm, OCI…) as links, with totals and failures. */
export function KindTabs({ label, kinds }: { label: string; kinds: readonly KindMeta[] }) {
  const [params] = useSearchParams();
  const namespace = params.get(NAMESPACE_PARAM) ?? undefined;
  const connected = useClusterConnected();
  const summary = useQuery({ ...summaryQuery(namespace), enabled: connected });
  const stats = new Map(summary.data?.kinds.map((k) => [k.plural, k]));
  // The health filter follows the user across tabs ("what fails among my sources?").
  const search = stickySearch(params, [...STICKY_PARAMS, "health"]);
  return (
    <nav className={styles.tabs} aria-label={label}>
      {kinds.map((kind) => {
        const stat = stats.get(kind.plural);
        return (
          <NavLink
            key={kind.plural}
            to={{ pathname: kind.listPath, search }}
            className={styles.tab}
          >
            {kind.short}
            {stat && <span className={styles.count}>{stat.total}</span>}
            {stat && stat.failed > 0 && (
              <span className={styles.failed} title={`${stat.failed} failing`}>
                {stat.failed}
                <span className="visually-hidden"> failing</span>
              </span>
            )}
          </NavLink>
        );
      })}
    </nav>
  );
}
