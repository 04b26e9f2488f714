import { Link, useLocation } from "react-router";
import type { ActionName, ActionRecord } from "@/api/types";
import { describeRecord, type Outcome, summarizeBatch } from "@/lib/actionRecords";
import { detailPathForId } from "@/lib/kinds";
import styles from "./ActionToasts.module.css";
import { CliCommand } from "./CliCommand";
import controls from "./controls.module.css";
import { Icon } from "./Icon";

export type ToastModel = {
  key: string;
  action: ActionName;
  recordIds: readonly string[];
  /** The request itself failed (nothing was changed). */
  error?: { title: string; detail: string };
};

type ActionToastsProps = {
  toasts: readonly ToastModel[];
  records: ReadonlyMap<string, ActionRecord>;
  onDismiss: (key: string) => void;
};

function OutcomeIcon({ tone }: { tone: Outcome["tone"] }) {
  if (tone === "progressing") return <span className={controls.spinner} aria-hidden="true" />;
  return <Icon name={tone === "ready" ? "check" : "alert"} size={16} />;
}

function Toast({
  toast,
  records,
  onDismiss,
}: {
  toast: ToastModel;
  records: readonly ActionRecord[];
  onDismiss: () => void;
}) {
  const single = records.length === 1 ? records[0] : undefined;
  const outcome: Outcome = toast.error
    ? { tone: "failed", ...toast.error }
    : single
      ? describeRecord(single)
      : summarizeBatch(toast.action, records).outcome;
  const { pathname } = useLocation();
  const target = single ? detailPathForId(single.target.id) : null;
  // No link to the page the user is already on.
  const link = target && target !== pathname ? target : null;
  const failedSteps =
    single?.steps?.filter((step) => step.state === "failed" || step.state === "cancelled") ?? [];
  return (
    <div
      className={styles.toast}
      data-tone={outcome.tone}
      role={outcome.tone === "failed" ? "alert" : undefined}
      data-testid="action-toast"
    >
      <span className={styles.icon}>
        <OutcomeIcon tone={outcome.tone} />
      </span>
      <div className={styles.body}>
        <p className={styles.title}>{outcome.title}</p>
        {outcome.detail && <p className={styles.detail}>{outcome.detail}</p>}
        {failedSteps.map((step) => (
          <p key={step.target.id} className={styles.detail}>
            {step.role} {step.target.kind}/{step.target.name}: {step.state}
            {step.message ? ` — ${step.message}` : ""}
          </p>
        ))}
        {!single && records.length > 1 && (
          <ul className={styles.records}>
            {records.slice(0, 6).map((record) => (
              <li key={record.id} data-state={record.state}>
                <span className={styles.state}>{record.state}</span> {record.target.kind}/
                {record.target.namespace}/{record.target.name}
              </li>
            ))}
            {records.length > 6 && <li>…and {records.length - 6} more</li>}
          </ul>
        )}
        {single?.cli && <CliCommand command={single.cli} />}
        {link && (
          <Link className={styles.open} to={link} onClick={onDismiss}>
            Open {single?.target.kind} {single?.target.name}
          </Link>
        )}
      </div>
      <button
        type="button"
        className={controls.iconButton}
        data-size="sm"
        aria-label="Dismiss"
        title="Dismiss"
        onClick={onDismiss}
      >
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}

/** The stack of action outcomes, bottom right (full width on phones). */
export function ActionToasts({ toasts, records, onDismiss }: ActionToastsProps) {
  return (
    <section className={styles.stack} aria-label="Action results" aria-live="polite">
      {toasts.map((toast) => (
        <Toast
          key={toast.key}
          toast={toast}
          records={toast.recordIds
            .map((id) => records.get(id))
            .filter((r): r is ActionRecord => r !== undefined)}
          onDismiss={() => onDismiss(toast.key)}
        />
      ))}
    </section>
  );
}
