import type { ConnectionView } from "@/lib/connection";
import styles from "./LiveIndicator.module.css";

/** The connection state in the top bar: a coloured dot plus its name (never colour alone). */
export function LiveIndicator({ view }: { view: ConnectionView }) {
  return (
    <output className={styles.indicator} data-state={view.state} title={view.detail}>
      <span className={styles.dot} aria-hidden="true" />
      <span className={styles.label}>{view.label}</span>
      <span className="visually-hidden">: {view.detail}</span>
    </output>
  );
}
