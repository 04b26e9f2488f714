/** The key to the graph: health colours, kind shapes, edge lines and the markers. */
import type { EdgeType } from "@/api/types";
import styles from "./GraphPage.module.css";
import { EDGE_LOOKS, HEALTH_ORDER, KIND_SHAPES, type NodeShape } from "./style";
import { EDGE_TYPE_LABELS } from "./toElements";

/** SVG outlines approximating Cytoscape's node shapes in a 16×16 box. */
const SHAPE_PATHS: Partial<Record<NodeShape, string>> = {
  ellipse: "M8 2a6 6 0 1 0 0 12A6 6 0 1 0 8 2z",
  rectangle: "M2 3h12v10H2z",
  "round-rectangle": "M4 3h8a2 2 0 0 1 2 2v6a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z",
  "round-hexagon": "M5 2h6l4 6-4 6H5L1 8z",
  "round-octagon": "M5.5 2h5L14 5.5v5L10.5 14h-5L2 10.5v-5z",
  "round-pentagon": "M8 1.5l6.5 4.8-2.5 7.7H4L1.5 6.3z",
  barrel: "M3 2h10q2 6 0 12H3q-2-6 0-12z",
  "cut-rectangle": "M4 2h8l2 2v8l-2 2H4l-2-2V4z",
  "round-diamond": "M8 1.5 14.5 8 8 14.5 1.5 8z",
  "round-triangle": "M8 2l6.5 11.5h-13z",
  "round-tag": "M2 3h8l4 5-4 5H2z",
  vee: "M1.5 2.5 8 7l6.5-4.5L8 14z",
  rhomboid: "M5 3h10l-4 10H1z",
  star: "M8 1.5l1.9 4.3 4.6.4-3.5 3 1.1 4.6L8 11.4l-4.1 2.4 1.1-4.6-3.5-3 4.6-.4z",
  "concave-hexagon": "M1.5 3h13l-2 5 2 5h-13l2-5z",
};

function ShapeIcon({ shape }: { shape: NodeShape }) {
  return (
    <svg width={16} height={16} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={SHAPE_PATHS[shape] ?? SHAPE_PATHS.ellipse} fill="var(--health-unknown)" />
    </svg>
  );
}

function LineIcon({ type }: { type: EdgeType }) {
  const look = EDGE_LOOKS[type];
  const dash = look.line === "dashed" ? "4 3" : look.line === "dotted" ? "1.5 2.5" : undefined;
  return (
    <svg width={26} height={10} viewBox="0 0 26 10" aria-hidden="true" focusable="false">
      <line
        x1={1}
        y1={5}
        x2={20}
        y2={5}
        stroke={look.strong ? "var(--text-muted)" : "var(--text-faint)"}
        strokeWidth={look.width}
        strokeDasharray={dash}
      />
      <path
        d="M19 1.5 25 5l-6 3.5z"
        fill={look.strong ? "var(--text-muted)" : "var(--text-faint)"}
      />
    </svg>
  );
}

export function Legend({ kinds }: { kinds: readonly string[] }) {
  return (
    <section className={styles.section} aria-labelledby="graph-legend">
      <h2 id="graph-legend" className={styles.sectionTitle}>
        Legend
      </h2>
      <ul className={styles.legendList} aria-label="Health colours">
        {HEALTH_ORDER.map((health) => (
          <li key={health}>
            <span className={styles.swatch} data-health={health.toLowerCase()} aria-hidden="true" />
            {health}
          </li>
        ))}
      </ul>
      <ul className={styles.legendList} aria-label="Markers">
        <li>
          <span className={styles.markerRoot} aria-hidden="true" />
          Root cause
        </li>
        <li>
          <span className={styles.markerBlocked} aria-hidden="true" />
          Blocked by a failure upstream
        </li>
        <li>
          <span className={styles.markerMissing} aria-hidden="true" />
          Referenced but missing
        </li>
        <li>
          <span className={styles.markerEdge} aria-hidden="true" />
          Failure path
        </li>
      </ul>
      {kinds.length > 0 && (
        <ul className={styles.legendList} aria-label="Kinds">
          {kinds.map((kind) => (
            <li key={kind}>
              <ShapeIcon shape={KIND_SHAPES[kind] ?? "ellipse"} />
              {kind}
            </li>
          ))}
        </ul>
      )}
      <ul className={styles.legendList} aria-label="Edge types">
        {(Object.keys(EDGE_TYPE_LABELS) as EdgeType[]).map((type) => (
          <li key={type}>
            <LineIcon type={type} />
            {EDGE_TYPE_LABELS[type]}
          </li>
        ))}
      </ul>
      <p className={styles.hint}>Arrows point from an object to what it uses.</p>
    </section>
  );
}
