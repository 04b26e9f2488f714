import styles from "./StatusBadge.module.css";

/** The health vocabulary's colours (DESIGN §4), plus `warning` for non-health states. */
export type StatusTone = "ready" | "failed" | "progressing" | "suspended" | "unknown" | "warning";

/** A coloured dot with its text: state is never conveyed by colour alone. */
export function StatusBadge({ tone, children }: { tone: StatusTone; children: string }) {
  return (
    <span className={styles.badge} data-tone={tone}>
      <span className={styles.dot} aria-hidden="true" />
      {children}
    </span>
  );
}
