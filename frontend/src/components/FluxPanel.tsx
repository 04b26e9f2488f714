import type { ClusterInfo } from "@/api/types";
import styles from "./FluxPanel.module.css";
import { Panel } from "./Panel";
import { StatusBadge } from "./StatusBadge";

/** Flux itself: version, controllers and their readiness, kinds not served. */
export function FluxPanel({ cluster }: { cluster: ClusterInfo }) {
  const controllers = cluster.controllers ?? [];
  const unavailable = (cluster.kinds ?? []).filter((k) => !k.available);
  const notReady = controllers.filter((c) => !c.ready).length;
  return (
    <Panel
      title="Flux"
      icon="layers"
      meta={cluster.fluxVersion ? `v${cluster.fluxVersion.replace(/^v/, "")}` : "version unknown"}
      padding="none"
    >
      <ul className={styles.controllers} aria-label="Flux controllers">
        {controllers.length === 0 && (
          <li className={styles.muted}>
            No Flux controller Deployments found (label app.kubernetes.io/part-of=flux).
          </li>
        )}
        {controllers.map((controller) => (
          <li key={`${controller.namespace}/${controller.name}`} className={styles.controller}>
            <span className={styles.name}>{controller.name}</span>
            <span className={styles.version}>
              {controller.version ?? controller.image?.split(":").pop() ?? ""}
            </span>
            <StatusBadge tone={controller.ready ? "ready" : "failed"}>
              {`${controller.readyReplicas}/${controller.replicas}`}
            </StatusBadge>
          </li>
        ))}
      </ul>
      {(notReady > 0 || unavailable.length > 0) && (
        <div className={styles.footer}>
          {notReady > 0 && (
            <p>{notReady} controller(s) not ready: their kinds are not being reconciled.</p>
          )}
          {unavailable.length > 0 && (
            <p title={unavailable.map((k) => `${k.kind}: ${k.reason ?? "unavailable"}`).join("\n")}>
              Not served: {unavailable.map((k) => k.kind).join(", ")}
            </p>
          )}
        </div>
      )}
    </Panel>
  );
}
