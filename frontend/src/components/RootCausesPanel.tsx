import type { RootCause } from "@/api/types";
import { plural } from "@/lib/format";
import { ObjectLink } from "./ObjectLink";
import { Panel } from "./Panel";
import styles from "./RootCausesPanel.module.css";

const SHOWN = 6;

/** Failing objects that others wait on and nothing upstream explains: fix these first. */
export function RootCausesPanel({ causes }: { causes: readonly RootCause[] }) {
  if (causes.length === 0) return null;
  return (
    <Panel title="Root causes" icon="link" meta={`${causes.length}`} padding="none">
      <ul className={styles.list} aria-label="Root causes">
        {causes.slice(0, SHOWN).map((cause) => (
          <li key={cause.id} className={styles.item}>
            <div className={styles.head}>
              <ObjectLink
                id={cause.id}
                health={cause.missing ? null : cause.health}
                missing={cause.missing}
              />
              <span className={styles.blocks} title={cause.blocked.join("\n")}>
                {cause.blockedCount > 0
                  ? `blocks ${plural(cause.blockedCount, "object")}`
                  : "blocks nothing else"}
              </span>
            </div>
            {cause.cycle && cause.cycle.length > 0 ? (
              <p className={styles.message}>dependsOn cycle: {cause.cycle.join(" → ")}</p>
            ) : (
              cause.message && <p className={styles.message}>{cause.message}</p>
            )}
          </li>
        ))}
      </ul>
      {causes.length > SHOWN && (
        <p className={styles.more}>…and {causes.length - SHOWN} more on the graph.</p>
      )}
    </Panel>
  );
}
