import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { impactQuery } from "@/api/queries";
import type { ActionName } from "@/api/types";
import type { ActionTarget } from "@/hooks/useActionCenter";
import { actionNoun } from "@/lib/actionRecords";
import { fluxCommand } from "@/lib/fluxCli";
import { plural } from "@/lib/format";
import { isHealth } from "@/lib/health";
import { kindByPlural } from "@/lib/kinds";
import { CliCommand } from "./CliCommand";
import styles from "./ConfirmActionDialog.module.css";
import controls from "./controls.module.css";
import { Icon } from "./Icon";
import { ObjectLink } from "./ObjectLink";

type ConfirmActionDialogProps = {
  action: Extract<ActionName, "suspend" | "resume">;
  targets: readonly ActionTarget[];
  onConfirm: (options: { reason?: string }) => void;
  onClose: () => void;
};

const IMPACT_SHOWN = 12;

function BlastRadius({ action, target }: { action: "suspend" | "resume"; target: ActionTarget }) {
  const impact = useQuery(impactQuery(target));
  if (impact.isPending)
    return <p className={styles.muted}>Looking for objects that depend on it…</p>;
  if (impact.isError) {
    return (
      <p className={styles.muted}>
        Could not tell what depends on it ({String(impact.error.message)}).
      </p>
    );
  }
  const report = impact.data;
  if (report.total === 0) {
    return <p className={styles.muted}>Nothing else depends on it.</p>;
  }
  const lead =
    action === "suspend"
      ? `${plural(report.total, "object")} depend on it and will not get its changes while it is suspended:`
      : `${plural(report.total, "object")} depend on it and will follow once it reconciles:`;
  return (
    <div className={styles.impact}>
      <p className={styles.impactLead}>
        <Icon name="alert" size={14} /> {lead}
      </p>
      <ul className={styles.impactList} aria-label="Affected objects">
        {report.items.slice(0, IMPACT_SHOWN).map((item) => (
          <li key={item.id}>
            <ObjectLink id={item.id} health={isHealth(item.health) ? item.health : "Unknown"} />
            <span className={styles.relation}>
              {item.relation}{" "}
              {item.depth > 1 ? `(via ${item.via.split("/").slice(1).join("/")})` : ""}
            </span>
          </li>
        ))}
      </ul>
      {report.total > IMPACT_SHOWN && (
        <p className={styles.muted}>…and {report.total - IMPACT_SHOWN} more.</p>
      )}
      {(report.failing > 0 || report.suspended > 0) && (
        <p className={styles.muted}>
          {report.failing > 0 && `${report.failing} already failing. `}
          {report.suspended > 0 && `${report.suspended} already suspended.`}
        </p>
      )}
    </div>
  );
}

/** Suspend/resume confirmation: what will happen, what depends on it, the CLI equivalent. */
export function ConfirmActionDialog({
  action,
  targets,
  onConfirm,
  onClose,
}: ConfirmActionDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const [reason, setReason] = useState("");
  const single = targets.length === 1 ? targets[0] : undefined;
  const meta = single ? kindByPlural(single.kind) : undefined;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    // The safe choice has the focus: Enter does not suspend by accident.
    cancelRef.current?.focus();
    return () => dialog?.close();
  }, []);

  const what = single
    ? `${single.kindName} ${single.namespace}/${single.name}`
    : plural(targets.length, "object");
  const explanation =
    action === "suspend"
      ? "The controller stops reconciling: no new revisions are applied and drift is not corrected. Its status stays frozen until it is resumed."
      : "The controller reconciles it again right away, applying what changed while it was suspended.";

  return (
    <dialog
      ref={dialogRef}
      className={styles.dialog}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={onClose}
    >
      <form
        method="dialog"
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm({ reason: action === "suspend" ? reason : undefined });
        }}
      >
        <h2 id={titleId} className={styles.title}>
          {actionNoun(action)} {what}?
        </h2>
        <p className={styles.text}>{explanation}</p>
        {single ? (
          <BlastRadius action={action} target={single} />
        ) : (
          <ul className={styles.impactList} aria-label="Selected objects">
            {targets.slice(0, IMPACT_SHOWN).map((target) => (
              <li key={`${target.kindName}/${target.namespace}/${target.name}`}>
                <ObjectLink id={`${target.kindName}/${target.namespace}/${target.name}`} />
              </li>
            ))}
            {targets.length > IMPACT_SHOWN && (
              <li className={styles.muted}>…and {targets.length - IMPACT_SHOWN} more</li>
            )}
          </ul>
        )}
        {action === "suspend" && (
          <label className={styles.reason}>
            <span>Reason (optional, stored on the object)</span>
            <input
              type="text"
              value={reason}
              maxLength={1024}
              placeholder="e.g. maintenance window, INC-1234"
              onChange={(event) => setReason(event.target.value)}
            />
          </label>
        )}
        {single && meta && (
          <CliCommand command={fluxCommand(action, meta, single.namespace, single.name)} />
        )}
        <div className={styles.buttons}>
          <button ref={cancelRef} type="button" className={controls.button} onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className={controls.button}
            data-variant={action === "suspend" ? "danger-solid" : "primary"}
          >
            <Icon name={action === "suspend" ? "pause" : "play"} size={14} />
            {actionNoun(action)}
            {single ? "" : ` ${targets.length}`}
          </button>
        </div>
      </form>
    </dialog>
  );
}
