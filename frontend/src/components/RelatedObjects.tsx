import type { RelatedObject, ResourceDetail } from "@/api/types";
import { EmptyState } from "./EmptyState";
import { ObjectLink } from "./ObjectLink";
import styles from "./RelatedObjects.module.css";

function Related({
  items,
  title,
  hint,
}: {
  items: readonly RelatedObject[];
  title: string;
  hint: string;
}) {
  return (
    <section className={styles.section} aria-label={title}>
      <h3 className={styles.title}>
        {title} <span className={styles.count}>{items.length}</span>
      </h3>
      {items.length === 0 ? (
        <p className={styles.none}>{hint}</p>
      ) : (
        <ul className={styles.list}>
          {items.map((item) => (
            <li
              key={`${item.relation}:${item.id}`}
              className={styles.item}
              data-health={item.health ?? undefined}
            >
              <ObjectLink
                id={item.id}
                health={item.missing ? null : item.health}
                healthReason={item.healthReason}
                missing={item.missing}
              />
              <span className={styles.relation}>{item.relation}</span>
              {item.message && item.health !== "Ready" && (
                <p className={styles.message}>{item.message}</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Upstream (what it needs) and downstream (what needs it), each with health. */
export function RelatedObjects({ detail }: { detail: ResourceDetail }) {
  const upstream = [
    detail.source,
    detail.chart,
    detail.provider,
    ...(detail.dependsOn ?? []),
  ].filter((item): item is RelatedObject => item !== null && item !== undefined);
  const downstream = detail.dependents ?? [];
  const managedBy = detail.managedBy ?? [];
  if (upstream.length === 0 && downstream.length === 0 && managedBy.length === 0) {
    return (
      <EmptyState icon="graph" title="No relationships">
        <p>
          It has no source or dependencies, nothing depends on it, and no Kustomization manages it.
        </p>
      </EmptyState>
    );
  }
  return (
    <div className={styles.columns}>
      <Related items={upstream} title="Upstream" hint="No source, chart or dependsOn." />
      <Related
        items={downstream}
        title="Downstream"
        hint="Nothing depends on it: no consumers, dependents or inventory children."
      />
      {managedBy.length > 0 && <Related items={managedBy} title="Managed by" hint="" />}
    </div>
  );
}
