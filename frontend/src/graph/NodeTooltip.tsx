import type { GraphNode } from "@/api/types";
import { StatusBadge, type StatusTone } from "@/components/StatusBadge";
import styles from "./GraphPage.module.css";

const TONES: Record<GraphNode["health"], StatusTone> = {
  Ready: "ready",
  Failed: "failed",
  Progressing: "progressing",
  Suspended: "suspended",
  Unknown: "unknown",
};

/** What hovering a node tells: kind, name, health, message and why it is blocked. */
export function NodeTooltip({ node, x, y }: { node: GraphNode; x: number; y: number }) {
  return (
    <div className={styles.tooltip} role="tooltip" style={{ left: x, top: y }}>
      <div className={styles.tooltipHead}>
        <span className={styles.tooltipKind}>{node.kind}</span>
        <StatusBadge tone={node.missing ? "warning" : TONES[node.health]}>
          {node.missing ? "Missing" : node.health}
        </StatusBadge>
      </div>
      <div className={styles.tooltipName}>
        {node.namespace}/<strong>{node.name}</strong>
      </div>
      {node.message && <p className={styles.tooltipMessage}>{node.message}</p>}
      {node.explanation && !node.rootCause && (
        <p className={styles.tooltipWhy}>
          <strong>Why: </strong>
          {node.explanation}
        </p>
      )}
      {node.rootCause && (
        <p className={styles.tooltipRoot}>Root cause of the failures downstream</p>
      )}
      {node.neighbour && <p className={styles.tooltipNote}>Outside the current filter</p>}
    </div>
  );
}
