/**
 * The Flux object graph (`/graph`). Filters live in the URL: `namespace` and `q` (the shell's),
 * `focus` + `depth` (the neighbourhood of one object), `edges` (the edge types shown).
 *
 * This route component is small: it starts the graph request at once and loads the canvas
 * (Cytoscape, dagre) in parallel, instead of fetching only after the heavy chunk arrived.
 */
import { lazy, Suspense } from "react";
import { PageHeader } from "@/components/PageHeader";
import styles from "@/graph/GraphPage.module.css";
import { useGraphData } from "@/graph/useGraphData";

const GraphScreen = lazy(async () => ({
  default: (await import("@/graph/GraphScreen")).GraphScreen,
}));

export function GraphPage() {
  useGraphData();
  return (
    <Suspense fallback={<GraphLoading />}>
      <GraphScreen />
    </Suspense>
  );
}

function GraphLoading() {
  return (
    <div className={styles.page}>
      <PageHeader
        title="Graph"
        description="Every Flux object and how they depend on each other."
      />
      <div className={styles.stage} aria-busy="true">
        <div className={styles.overlay}>
          <span className={styles.loading}>Loading the graph…</span>
        </div>
      </div>
    </div>
  );
}
