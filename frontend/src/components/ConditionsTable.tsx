import type { ConditionView } from "@/api/types";
import styles from "./DataTable.module.css";
import { EmptyState } from "./EmptyState";
import { RelativeTime } from "./RelativeTime";
import { StatusBadge, type StatusTone } from "./StatusBadge";

/** Conditions whose `True` is bad news (Flux's abnormal-true conditions). */
const NEGATIVE = new Set([
  "Stalled",
  "Reconciling",
  "FetchFailed",
  "BuildFailed",
  "ArtifactOutdated",
  "StorageOperationFailed",
  "IncludeUnavailable",
  "Remediated",
  "Drifted",
]);

export function conditionTone(condition: Pick<ConditionView, "type" | "status">): StatusTone {
  if (condition.status === "Unknown") return condition.type === "Ready" ? "progressing" : "unknown";
  const good = NEGATIVE.has(condition.type)
    ? condition.status === "False"
    : condition.status === "True";
  if (good) return "ready";
  if (condition.type === "Reconciling") return "progressing";
  return "failed";
}

/** Every status condition: type, status, reason, message, when it last changed. */
export function ConditionsTable({
  conditions,
  generation,
}: {
  conditions: readonly ConditionView[];
  generation?: number | null;
}) {
  if (conditions.length === 0) {
    return (
      <EmptyState icon="info" title="No conditions">
        <p>
          The controller has not reported a status yet, or this kind has none (Alerts and Providers
          are static).
        </p>
      </EmptyState>
    );
  }
  return (
    <div className={styles.wrap}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>Type</th>
            <th>Status</th>
            <th>Reason</th>
            <th>Message</th>
            <th>Changed</th>
            <th>Generation</th>
          </tr>
        </thead>
        <tbody>
          {conditions.map((condition) => (
            <tr key={condition.type}>
              <td className={styles.nowrap}>
                <strong>{condition.type}</strong>
              </td>
              <td>
                <StatusBadge tone={conditionTone(condition)}>{condition.status}</StatusBadge>
              </td>
              <td className={`${styles.mono} ${styles.nowrap}`}>{condition.reason ?? "—"}</td>
              <td className={styles.message}>{condition.message || "—"}</td>
              <td className={styles.nowrap}>
                <RelativeTime value={condition.lastTransitionTime} className={styles.muted} />
              </td>
              <td className={styles.muted}>
                {condition.observedGeneration ?? "—"}
                {generation !== null &&
                  generation !== undefined &&
                  condition.observedGeneration !== null &&
                  condition.observedGeneration !== undefined &&
                  condition.observedGeneration > 0 &&
                  condition.observedGeneration !== generation && (
                    <span title="reported for an older generation of the spec"> (stale)</span>
                  )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
