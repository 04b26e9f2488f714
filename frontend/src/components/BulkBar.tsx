import { useState } from "react";
import type { ActionName, ResourceRow } from "@/api/types";
import { type ActionTarget, useActionCenter } from "@/hooks/useActionCenter";
import { useCapabilities } from "@/hooks/useCapabilities";
import { plural } from "@/lib/format";
import { isReconcilable, kindByPlural } from "@/lib/kinds";
import styles from "./BulkBar.module.css";
import { ConfirmActionDialog } from "./ConfirmActionDialog";
import controls from "./controls.module.css";
import { Icon } from "./Icon";

function targetOf(row: ResourceRow): ActionTarget {
  return { kind: row.plural, namespace: row.namespace, name: row.name, kindName: row.kind };
}

/** Actions on the selected rows: reconcile, suspend, resume (confirmed), clear. */
export function BulkBar({ rows, onClear }: { rows: readonly ResourceRow[]; onClear: () => void }) {
  const permissions = useCapabilities();
  const center = useActionCenter();
  const [confirm, setConfirm] = useState<"suspend" | "resume" | null>(null);
  const [busy, setBusy] = useState(false);

  const reconcilable = rows.filter((row) => {
    const meta = kindByPlural(row.plural);
    return meta && !row.suspended && isReconcilable(meta, row.repoType);
  });
  const suspendable = rows.filter((row) => !row.suspended && kindByPlural(row.plural)?.suspendable);
  const resumable = rows.filter((row) => row.suspended && kindByPlural(row.plural)?.suspendable);

  const run = (
    action: ActionName,
    targets: readonly ResourceRow[],
    options: { reason?: string } = {},
  ) => {
    setBusy(true);
    center
      .runBulk(action, targets.map(targetOf), options)
      .then(onClear, () => {
        // The refusal is shown as a toast; keep the selection so it can be retried.
      })
      .finally(() => setBusy(false));
  };

  const canAct = permissions.known && !permissions.readOnly;
  return (
    <div className={styles.bar} role="toolbar" aria-label="Bulk actions">
      <span className={styles.count}>{plural(rows.length, "selected", "selected")}</span>
      {canAct && permissions.can("reconcile") && (
        <button
          type="button"
          className={controls.button}
          data-size="sm"
          disabled={busy || reconcilable.length === 0}
          onClick={() => run("reconcile", reconcilable)}
          title={
            reconcilable.length < rows.length
              ? `${rows.length - reconcilable.length} of the selected cannot be reconciled (suspended or static)`
              : undefined
          }
        >
          <Icon name="refresh" size={13} /> Reconcile {reconcilable.length}
        </button>
      )}
      {canAct && permissions.can("suspend") && suspendable.length > 0 && (
        <button
          type="button"
          className={controls.button}
          data-size="sm"
          data-variant="danger"
          disabled={busy}
          onClick={() => setConfirm("suspend")}
        >
          <Icon name="pause" size={13} /> Suspend {suspendable.length}
        </button>
      )}
      {canAct && permissions.can("resume") && resumable.length > 0 && (
        <button
          type="button"
          className={controls.button}
          data-size="sm"
          disabled={busy}
          onClick={() => setConfirm("resume")}
        >
          <Icon name="play" size={13} /> Resume {resumable.length}
        </button>
      )}
      {!canAct && (
        <span className={styles.note}>Read-only: actions are disabled on this server.</span>
      )}
      <button
        type="button"
        className={controls.button}
        data-size="sm"
        data-variant="ghost"
        onClick={onClear}
      >
        Clear selection
      </button>
      {confirm && (
        <ConfirmActionDialog
          action={confirm}
          targets={(confirm === "suspend" ? suspendable : resumable).map(targetOf)}
          onClose={() => setConfirm(null)}
          onConfirm={({ reason }) => {
            const action = confirm;
            setConfirm(null);
            run(action, action === "suspend" ? suspendable : resumable, { reason });
          }}
        />
      )}
    </div>
  );
}
