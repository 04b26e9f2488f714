import { Link, useSearchParams } from "react-router";
import type { ResourceRow } from "@/api/types";
import { detailPath } from "@/lib/kinds";
import { stickySearch } from "@/lib/searchParams";
import styles from "./AttentionList.module.css";
import { HealthBadge } from "./HealthBadge";
import { Icon } from "./Icon";
import { RelativeTime } from "./RelativeTime";

type AttentionListProps = {
  rows: readonly ResourceRow[];
  /** Ids the graph names as root causes (they block others). */
  rootCauses?: ReadonlyMap<string, number>;
};

/** Failing objects, each with its message and a link to its detail. */
export function AttentionList({ rows, rootCauses }: AttentionListProps) {
  const [params] = useSearchParams();
  const search = stickySearch(params);
  if (rows.length === 0) {
    return (
      <p className={styles.allGood}>
        <Icon name="check" size={16} /> Nothing is failing.
      </p>
    );
  }
  return (
    <ul className={styles.list} aria-label="Failing objects">
      {rows.map((row) => {
        const blocked = rootCauses?.get(row.id);
        return (
          <li key={row.id}>
            <Link
              className={styles.item}
              to={{ pathname: detailPath(row.plural, row.namespace, row.name), search }}
            >
              <span className={styles.head}>
                <HealthBadge health={row.health} reason={row.healthReason} />
                <span className={styles.kind}>{row.kind}</span>
                <span className={styles.name}>
                  <span className={styles.namespace}>{row.namespace}/</span>
                  {row.name}
                </span>
                {blocked !== undefined && (
                  <span className={styles.root} title="Root cause: nothing upstream of it fails">
                    root cause{blocked > 0 ? ` · blocks ${blocked}` : ""}
                  </span>
                )}
                <RelativeTime value={row.lastReconciled} className={styles.when} />
              </span>
              <span className={styles.message}>
                {row.message || row.healthReason || "No message"}
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
