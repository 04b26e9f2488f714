/** The root causes of the view, most blocking first, and the dependsOn cycles. */
import type { RootCause } from "@/api/types";
import { StatusBadge } from "@/components/StatusBadge";
import styles from "./GraphPage.module.css";
import { describeId } from "./params";

type RootCausesProps = {
  rootCauses: readonly RootCause[];
  cycles: readonly (readonly string[])[];
  onShow: (id: string) => void;
};

export function RootCauses({ rootCauses, cycles, onShow }: RootCausesProps) {
  return (
    <>
      <section className={styles.section} aria-labelledby="graph-root-causes">
        <h2 id="graph-root-causes" className={styles.sectionTitle}>
          Root causes <span className={styles.count}>{rootCauses.length}</span>
        </h2>
        {rootCauses.length === 0 ? (
          <p className={styles.hint}>Nothing in view is failing.</p>
        ) : (
          <ul className={styles.causes}>
            {rootCauses.map((cause) => (
              <li key={cause.id}>
                <button
                  type="button"
                  className={styles.cause}
                  onClick={() => onShow(cause.id)}
                  title="Show it in the graph"
                >
                  <span className={styles.causeHead}>
                    <StatusBadge tone={cause.missing ? "warning" : "failed"}>
                      {cause.missing ? "Missing" : "Failed"}
                    </StatusBadge>
                    <span className={styles.causeName}>
                      {cause.kind} <strong>{cause.name}</strong>
                    </span>
                  </span>
                  <span className={styles.causeNamespace}>{cause.namespace}</span>
                  {cause.message && <span className={styles.causeMessage}>{cause.message}</span>}
                  <span className={styles.causeBlocks}>
                    {cause.blockedCount === 0
                      ? "blocks nothing else"
                      : `blocks ${cause.blockedCount} ${cause.blockedCount === 1 ? "object" : "objects"}`}
                    {cause.cycle ? " · dependsOn cycle" : ""}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {cycles.length > 0 && (
        <section className={styles.section} aria-labelledby="graph-cycles">
          <h2 id="graph-cycles" className={styles.sectionTitle}>
            dependsOn cycles <span className={styles.count}>{cycles.length}</span>
          </h2>
          <p className={styles.hint}>Flux cannot reconcile objects that wait on each other.</p>
          <ul className={styles.cycles}>
            {cycles.map((cycle) => (
              <li key={cycle.join(" ")}>
                {[...cycle, cycle[0]].map((id, index) => (
                  <span key={`${id}-${index === cycle.length ? "end" : index}`}>
                    {index > 0 && <span aria-hidden="true"> → </span>}
                    <button
                      type="button"
                      className={styles.linkButton}
                      onClick={() => id && onShow(id)}
                    >
                      {id ? describeId(id) : ""}
                    </button>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
