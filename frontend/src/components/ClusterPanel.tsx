import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { isApiError } from "@/api/errors";
import { clusterQuery, healthzQuery } from "@/api/queries";
import styles from "./ClusterPanel.module.css";
import controls from "./controls.module.css";
import { Icon } from "./Icon";
import { StatusBadge } from "./StatusBadge";

function errorText(error: unknown): string {
  if (isApiError(error)) return error.detail;
  return error instanceof Error ? error.message : String(error);
}

/** What fluxdash is connected to: its own liveness (`/healthz`) and the cluster (`/cluster`). */
export function ClusterPanel() {
  const titleId = useId();
  const healthz = useQuery(healthzQuery());
  const cluster = useQuery(clusterQuery());
  const info = cluster.data;
  const refreshing = healthz.isFetching || cluster.isFetching;

  return (
    <section className={styles.panel} aria-labelledby={titleId}>
      <header className={styles.header}>
        <Icon name="cluster" />
        <h2 id={titleId} className={styles.title}>
          Cluster
        </h2>
        <button
          type="button"
          className={controls.iconButton}
          aria-label="Refresh cluster status"
          title="Refresh cluster status"
          disabled={refreshing}
          onClick={() => {
            void healthz.refetch();
            void cluster.refetch();
          }}
        >
          <Icon name="refresh" className={refreshing ? styles.spinning : undefined} />
        </button>
      </header>
      <dl className={styles.facts}>
        <dt>fluxdash server</dt>
        <dd>
          {healthz.isPending ? (
            <StatusBadge tone="progressing">Checking</StatusBadge>
          ) : healthz.isError ? (
            <StatusBadge tone="failed">Unreachable</StatusBadge>
          ) : (
            <StatusBadge tone="ready">Healthy</StatusBadge>
          )}
        </dd>
        <dt>Connection</dt>
        <dd>
          {info === undefined ? (
            <StatusBadge tone={cluster.isError ? "unknown" : "progressing"}>
              {cluster.isError ? "Unknown" : "Checking"}
            </StatusBadge>
          ) : info.connected ? (
            <StatusBadge tone="ready">Connected</StatusBadge>
          ) : (
            <StatusBadge tone="warning">Not connected</StatusBadge>
          )}
        </dd>
        <dt>Mode</dt>
        <dd>
          <code>{info?.mode ?? "—"}</code>
        </dd>
        <dt>API server</dt>
        <dd>{info?.server ? <code>{info.server}</code> : "—"}</dd>
        <dt>Message</dt>
        <dd>{info?.message ?? "—"}</dd>
      </dl>
      {(healthz.isError || cluster.isError) && (
        <p className={styles.error} role="alert">
          {errorText(healthz.error ?? cluster.error)}
        </p>
      )}
      {info && !info.connected && (
        <p className={styles.hint}>
          Point fluxdash at a cluster with <code>fluxdash serve --kubeconfig PATH</code>, or try the
          embedded demo cluster with <code>fluxdash serve --demo</code>.
        </p>
      )}
    </section>
  );
}
