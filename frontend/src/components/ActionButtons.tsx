import { useEffect, useRef, useState } from "react";
import type { ActionRequestOptions } from "@/api/actions";
import type { ActionName, ResourceRow } from "@/api/types";
import { type ActionTarget, useActionCenter } from "@/hooks/useActionCenter";
import { useCapabilities } from "@/hooks/useCapabilities";
import { progressiveVerb } from "@/lib/actionRecords";
import { isReconcilable, kindByPlural } from "@/lib/kinds";
import styles from "./ActionButtons.module.css";
import { ConfirmActionDialog } from "./ConfirmActionDialog";
import controls from "./controls.module.css";
import { Icon } from "./Icon";

type MenuItem = { label: string; hint: string; options: ActionRequestOptions };

function reconcileMenu(row: ResourceRow): MenuItem[] {
  const items: MenuItem[] = [];
  if (
    row.plural === "kustomizations" ||
    row.plural === "helmreleases" ||
    row.plural === "helmcharts"
  ) {
    items.push({
      label: "Reconcile with source",
      hint: "Fetch the source first (--with-source)",
      options: { withSource: true },
    });
  }
  if (row.plural === "helmreleases") {
    items.push(
      {
        label: "Force install/upgrade",
        hint: "One-off Helm upgrade even without changes (--force)",
        options: { force: true },
      },
      {
        label: "Reset failure counters",
        hint: "Retry after exhausted remediation (--reset)",
        options: { reset: true },
      },
    );
  }
  return items;
}

/** Reconcile (with its options) and suspend/resume for one object; hidden when not allowed. */
export function ActionButtons({ row }: { row: ResourceRow }) {
  const permissions = useCapabilities();
  const center = useActionCenter();
  const [confirm, setConfirm] = useState<"suspend" | "resume" | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const [starting, setStarting] = useState<ActionName | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const meta = kindByPlural(row.plural);
  const pending = center.pendingFor(row.id);
  const busy = starting ?? pending?.action ?? null;

  useEffect(() => {
    if (!menuOpen) return undefined;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent && event.key !== "Escape") return;
      if (event instanceof MouseEvent && menuRef.current?.contains(event.target as Node)) return;
      setMenuOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [menuOpen]);

  if (!meta || !permissions.known || permissions.readOnly) return null;
  const target: ActionTarget = {
    kind: row.plural,
    namespace: row.namespace,
    name: row.name,
    kindName: row.kind,
  };
  const canReconcile = permissions.can("reconcile") && isReconcilable(meta, row.repoType);
  const canSuspend = meta.suspendable && permissions.can(row.suspended ? "resume" : "suspend");
  const menu = canReconcile ? reconcileMenu(row) : [];

  const start = (action: ActionName, options: ActionRequestOptions = {}) => {
    setStarting(action);
    setMenuOpen(false);
    center
      .run(action, target, options)
      .catch(() => {
        // The action center shows the refusal as a toast.
      })
      .finally(() => setStarting(null));
  };

  if (!canReconcile && !canSuspend) return null;
  return (
    <div className={styles.buttons}>
      {canReconcile && (
        <div className={styles.split} ref={menuRef}>
          <div className={controls.group}>
            <button
              type="button"
              className={controls.button}
              data-variant="primary"
              disabled={busy !== null || row.suspended}
              title={
                row.suspended
                  ? "Resume it first: a suspended object is not reconciled"
                  : "Reconcile now"
              }
              onClick={() => start("reconcile")}
            >
              {busy === "reconcile" ? (
                <span className={controls.spinner} aria-hidden="true" />
              ) : (
                <Icon name="refresh" size={14} />
              )}
              {busy === "reconcile" ? `${progressiveVerb("reconcile")}…` : "Reconcile"}
            </button>
            {menu.length > 0 && (
              <button
                type="button"
                className={controls.button}
                data-variant="primary"
                aria-label="More reconcile options"
                aria-haspopup="menu"
                aria-expanded={menuOpen}
                disabled={busy !== null || row.suspended}
                onClick={() => setMenuOpen((open) => !open)}
              >
                <Icon name="chevronDown" size={14} />
              </button>
            )}
          </div>
          {menuOpen && (
            <div className={styles.menu} role="menu" aria-label="Reconcile options">
              {menu.map((item) => (
                <button
                  key={item.label}
                  type="button"
                  role="menuitem"
                  className={styles.menuItem}
                  onClick={() => start("reconcile", item.options)}
                >
                  <span>{item.label}</span>
                  <span className={styles.menuHint}>{item.hint}</span>
                </button>
              ))}
            </div>
          )}
        </div>
      )}
      {canSuspend &&
        (row.suspended ? (
          <button
            type="button"
            className={controls.button}
            disabled={busy !== null}
            onClick={() => setConfirm("resume")}
          >
            {busy === "resume" ? (
              <span className={controls.spinner} aria-hidden="true" />
            ) : (
              <Icon name="play" size={14} />
            )}
            {busy === "resume" ? "Resuming…" : "Resume"}
          </button>
        ) : (
          <button
            type="button"
            className={controls.button}
            data-variant="danger"
            disabled={busy !== null}
            onClick={() => setConfirm("suspend")}
          >
            {busy === "suspend" ? (
              <span className={controls.spinner} aria-hidden="true" />
            ) : (
              <Icon name="pause" size={14} />
            )}
            {busy === "suspend" ? "Suspending…" : "Suspend"}
          </button>
        ))}
      {confirm && (
        <ConfirmActionDialog
          action={confirm}
          targets={[target]}
          onClose={() => setConfirm(null)}
          onConfirm={({ reason }) => {
            const action = confirm;
            setConfirm(null);
            start(action, { reason });
          }}
        />
      )}
    </div>
  );
}
