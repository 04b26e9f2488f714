import { Link, useSearchParams } from "react-router";
import type { ResourceDetail } from "@/api/types";
import { type KindMeta, parseObjectId } from "@/lib/kinds";
import { annotation, SUSPEND_REASON_ANNOTATION } from "@/lib/manifest";
import { stickySearch } from "@/lib/searchParams";
import { ActionButtons } from "./ActionButtons";
import { Countdown } from "./Countdown";
import { HealthBadge } from "./HealthBadge";
import { Icon } from "./Icon";
import { ObjectLink } from "./ObjectLink";
import { RelativeTime } from "./RelativeTime";
import styles from "./ResourceHeader.module.css";

/** Who the object is, how it is, why, and what can be done about it. */
export function ResourceHeader({ detail, meta }: { detail: ResourceDetail; meta: KindMeta }) {
  const [params] = useSearchParams();
  const row = detail.row;
  const reason = annotation(detail.manifest, SUSPEND_REASON_ANNOTATION);
  const hasStatus = meta.plural !== "alerts" && meta.plural !== "providers";
  const source = row.source && parseObjectId(row.source) ? row.source : null;
  return (
    <header className={styles.header}>
      <Link className={styles.back} to={{ pathname: meta.listPath, search: stickySearch(params) }}>
        <Icon name="arrowLeft" size={14} /> {meta.label}
      </Link>
      <div className={styles.top}>
        <div className={styles.identity}>
          <span className={styles.kind}>{row.kind}</span>
          <h1 className={styles.name}>{row.name}</h1>
          <span className={styles.namespace}>
            <Icon name="namespace" size={13} /> {row.namespace}
          </span>
        </div>
        <ActionButtons row={row} />
      </div>

      {row.suspended && (
        <div className={styles.suspended} role="note" aria-label="Suspended">
          <Icon name="pause" size={16} />
          <div>
            <strong>Suspended.</strong> The controller does not reconcile it; its status below is
            frozen at the last reconciliation.
            {reason && (
              <>
                {" "}
                Reason: <q>{reason}</q>
              </>
            )}
          </div>
        </div>
      )}

      <div className={styles.status} data-health={row.health}>
        <HealthBadge health={row.health} reason={row.healthReason} size="lg" />
        <div className={styles.statusText}>
          {row.healthReason && <span className={styles.reason}>{row.healthReason}</span>}
          <p className={styles.message} data-testid="resource-message">
            {row.message || (row.health === "Ready" ? "Ready." : "No message from the controller.")}
          </p>
        </div>
      </div>

      <dl className={styles.facts}>
        {row.revision && (
          <div>
            <dt>Revision</dt>
            <dd className={styles.mono} title={row.revisionFull ?? row.revision}>
              {row.revision}
            </dd>
          </div>
        )}
        {source && (
          <div>
            <dt>Source</dt>
            <dd>
              <ObjectLink
                id={source}
                showNamespace={parseObjectId(source)?.namespace !== row.namespace}
              />
            </dd>
          </div>
        )}
        {hasStatus && (
          <div>
            <dt>Last reconciled</dt>
            <dd>
              <RelativeTime value={row.lastReconciled} />
            </dd>
          </div>
        )}
        {row.interval && (
          <div>
            <dt>Interval</dt>
            <dd className={styles.mono}>{row.interval}</dd>
          </div>
        )}
        {row.interval && (
          <div>
            <dt>Next reconcile</dt>
            <dd data-testid="next-reconcile">
              <Countdown
                nextReconcileAt={detail.nextReconcileAt}
                lastReconciled={row.lastReconciled}
                interval={row.interval}
                suspended={row.suspended}
              />
            </dd>
          </div>
        )}
        <div className={styles.graphLink}>
          <dt className="visually-hidden">Graph</dt>
          <dd>
            <Link to={{ pathname: "/graph", search: `?focus=${encodeURIComponent(row.id)}` }}>
              <Icon name="graph" size={13} /> Show in graph
            </Link>
          </dd>
        </div>
      </dl>
    </header>
  );
}
