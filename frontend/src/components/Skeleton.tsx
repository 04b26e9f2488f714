import styles from "./Skeleton.module.css";

/** Placeholder lines while data loads; announced once as "Loading". */
export function Skeleton({ rows = 6, label = "Loading" }: { rows?: number; label?: string }) {
  return (
    <div className={styles.skeleton} aria-busy="true">
      <span className="visually-hidden">{label}…</span>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders, never reordered
        <div key={i} className={styles.row} aria-hidden="true">
          <span className={styles.block} style={{ width: `${18 + ((i * 37) % 22)}%` }} />
          <span className={styles.block} style={{ width: "10%" }} />
          <span className={styles.block} style={{ width: `${30 + ((i * 53) % 30)}%` }} />
        </div>
      ))}
    </div>
  );
}
