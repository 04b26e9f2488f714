import type { Health } from "@/api/types";
import { HEALTH_ORDER, healthDescription, healthTone } from "@/lib/health";
import type { HealthCounts } from "@/lib/rowQuery";
import styles from "./HealthChips.module.css";

type HealthChipsProps = {
  counts: HealthCounts;
  total: number;
  selected: readonly Health[];
  onToggle: (health: Health) => void;
  onClear: () => void;
};

/** Health filters with their counts; several can be on at once; "All" clears them. */
export function HealthChips({ counts, total, selected, onToggle, onClear }: HealthChipsProps) {
  return (
    <fieldset className={styles.chips}>
      <legend className="visually-hidden">Filter by health</legend>
      <button
        type="button"
        className={styles.chip}
        aria-pressed={selected.length === 0}
        onClick={onClear}
      >
        All <span className={styles.count}>{total.toLocaleString("en-US")}</span>
      </button>
      {HEALTH_ORDER.map((health) => (
        <button
          key={health}
          type="button"
          className={styles.chip}
          data-tone={healthTone(health)}
          aria-pressed={selected.includes(health)}
          disabled={counts[health] === 0 && !selected.includes(health)}
          title={healthDescription(health)}
          onClick={() => onToggle(health)}
        >
          <span className={styles.dot} aria-hidden="true" />
          {health}
          <span className={styles.count}>{counts[health].toLocaleString("en-US")}</span>
        </button>
      ))}
    </fieldset>
  );
}
