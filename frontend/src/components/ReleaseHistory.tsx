import type { HelmReleaseRevision, ReconcileRecord } from "@/api/types";
import styles from "./DataTable.module.css";
import { EmptyState } from "./EmptyState";
import { RelativeTime } from "./RelativeTime";
import { StatusBadge, type StatusTone } from "./StatusBadge";

function releaseTone(status: string): StatusTone {
  if (status === "deployed") return "ready";
  if (status === "superseded") return "unknown";
  if (status === "failed") return "failed";
  if (status.startsWith("pending")) return "progressing";
  return "warning";
}

/** HelmRelease `status.history`: every Helm revision, newest first. */
export function ReleaseHistory({ history }: { history: readonly HelmReleaseRevision[] }) {
  if (history.length === 0) {
    return (
      <EmptyState icon="clock" title="No release history">
        <p>The release has not been installed yet.</p>
      </EmptyState>
    );
  }
  return (
    <div className={styles.wrap}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>Revision</th>
            <th>Status</th>
            <th>Action</th>
            <th>Chart</th>
            <th>App version</th>
            <th>Deployed</th>
            <th>Config digest</th>
          </tr>
        </thead>
        <tbody>
          {history.map((revision) => (
            <tr key={revision.version}>
              <td className={styles.mono}>v{revision.version}</td>
              <td>
                <StatusBadge tone={releaseTone(revision.status)}>{revision.status}</StatusBadge>
              </td>
              <td className={styles.muted}>{revision.action ?? "—"}</td>
              <td className={styles.mono}>
                {revision.chartName}@{revision.chartVersion}
              </td>
              <td className={styles.mono}>{revision.appVersion ?? "—"}</td>
              <td className={styles.nowrap}>
                <RelativeTime value={revision.lastDeployed ?? revision.firstDeployed} />
              </td>
              <td
                className={`${styles.mono} ${styles.muted}`}
                title={revision.configDigest ?? undefined}
              >
                {revision.configDigest
                  ? revision.configDigest.replace(/^sha256:/, "").slice(0, 12)
                  : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function reconcileTone(status: string | null | undefined): StatusTone {
  if (status === "ReconciliationSucceeded") return "ready";
  if (!status) return "unknown";
  return "failed";
}

/** Kustomization `status.history` (Flux 2.7+): each distinct result, newest first. */
export function ReconcileHistory({ history }: { history: readonly ReconcileRecord[] }) {
  return (
    <div className={styles.wrap}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>Result</th>
            <th>Revision</th>
            <th>Runs</th>
            <th>Last</th>
            <th>Duration</th>
            <th>First</th>
          </tr>
        </thead>
        <tbody>
          {history.map((record) => (
            <tr key={`${record.digest}-${record.lastReconciledStatus ?? ""}`}>
              <td>
                <StatusBadge tone={reconcileTone(record.lastReconciledStatus)}>
                  {record.lastReconciledStatus ?? "unknown"}
                </StatusBadge>
              </td>
              <td className={styles.mono}>{record.revision ?? "—"}</td>
              <td>{record.totalReconciliations ?? "—"}</td>
              <td className={styles.nowrap}>
                <RelativeTime value={record.lastReconciled} />
              </td>
              <td className={styles.mono}>{record.lastReconciledDuration ?? "—"}</td>
              <td className={styles.nowrap}>
                <RelativeTime value={record.firstReconciled} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
