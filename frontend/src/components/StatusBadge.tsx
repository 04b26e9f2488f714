import styles from "./StatusBadge.module.css";

/** The health vocabulary's colours (DESIGN §4), plus `warning` for non-health states. */
export type StatusTone = "ready" | "failed" | "progressing" | "suspended" | "unknown" | "warning";

type StatusBadgeProps = {
  tone: StatusTone;
  children: string;
  title?: string;
  size?: "sm" | "lg";
};

/** A coloured dot with its text: state is never conveyed by colour alone. */
export function StatusBadge({ tone, children, title, size = "sm" }: StatusBadgeProps) {
  return (
    <span className={styles.badge} data-tone={tone} data-size={size} title={title}>
      <span className={styles.dot} aria-hidden="true" />
      {children}
    </span>
  );
}
