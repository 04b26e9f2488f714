import { useMemo, useState } from "react";
import type { InventoryView } from "@/api/types";
import { plural } from "@/lib/format";
import controls from "./controls.module.css";
import styles from "./DataTable.module.css";
import { EmptyState } from "./EmptyState";
import { HealthBadge } from "./HealthBadge";
import { Icon } from "./Icon";
import { ObjectLink } from "./ObjectLink";
import { StatusBadge } from "./StatusBadge";

/** What a Kustomization (or HelmRelease) applied: Flux children linked with health, the rest with status. */
export function InventoryTable({ inventory }: { inventory: InventoryView | null | undefined }) {
  const [filter, setFilter] = useState("");
  const [fluxOnly, setFluxOnly] = useState(false);
  const entries = inventory?.entries ?? [];
  const shown = useMemo(() => {
    const tokens = filter.toLowerCase().split(/\s+/).filter(Boolean);
    return entries.filter(
      (entry) =>
        (!fluxOnly || entry.flux) &&
        tokens.every((t) =>
          `${entry.kind} ${entry.namespace} ${entry.name} ${entry.group}`.toLowerCase().includes(t),
        ),
    );
  }, [entries, filter, fluxOnly]);

  if (!inventory || inventory.total === 0) {
    return (
      <EmptyState icon="layers" title="Nothing in the inventory">
        <p>
          The controller records applied objects in status.inventory after a successful
          reconciliation.
        </p>
      </EmptyState>
    );
  }
  return (
    <div>
      <div className={styles.toolbar}>
        <div className={`${controls.field} ${styles.filter}`}>
          <Icon name="search" />
          <input
            type="search"
            aria-label="Filter inventory"
            placeholder="Filter by kind, namespace or name"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        </div>
        <label className={styles.muted}>
          <input
            type="checkbox"
            className={controls.checkbox}
            checked={fluxOnly}
            onChange={(event) => setFluxOnly(event.target.checked)}
          />{" "}
          Flux objects only ({inventory.fluxObjects})
        </label>
        <span className={styles.muted}>
          {plural(inventory.total, "object")}
          {inventory.truncated && " (truncated)"}
        </span>
      </div>
      {inventory.invalid && inventory.invalid.length > 0 && (
        <p className={styles.note}>Unreadable entries: {inventory.invalid.join(", ")}</p>
      )}
      <div className={styles.wrap}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Object</th>
              <th>API version</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => (
              <tr key={`${entry.group}/${entry.id}`}>
                <td>
                  {entry.flux ? (
                    <ObjectLink
                      id={`${entry.kind}/${entry.namespace}/${entry.name}`}
                      missing={entry.missing ?? false}
                    />
                  ) : (
                    <span className={styles.mono}>
                      <span className={styles.muted}>{entry.kind} </span>
                      {entry.namespace ? `${entry.namespace}/` : ""}
                      {entry.name}
                    </span>
                  )}
                </td>
                <td className={`${styles.mono} ${styles.muted}`}>
                  {entry.group ? `${entry.group}/` : ""}
                  {entry.version}
                </td>
                <td>
                  {entry.health ? (
                    <HealthBadge health={entry.health} />
                  ) : entry.status ? (
                    <StatusBadge
                      tone={
                        entry.ready === false ? "progressing" : entry.ready ? "ready" : "unknown"
                      }
                    >
                      {entry.status}
                    </StatusBadge>
                  ) : (
                    <span className={styles.muted}>—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
