/**
 * The graph page's body, loaded lazily with Cytoscape (see `pages/GraphPage`): every object
 * and reference, coloured by health, root causes highlighted.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { isApiError } from "@/api/errors";
import type { EdgeType, GraphNode } from "@/api/types";
import controls from "@/components/controls.module.css";
import { EmptyState } from "@/components/EmptyState";
import { Icon, type IconName } from "@/components/Icon";
import { PageHeader } from "@/components/PageHeader";
import styles from "@/graph/GraphPage.module.css";
import { type GraphController, GraphView, type HoverInfo } from "@/graph/GraphView";
import { Legend } from "@/graph/Legend";
import { NodeTooltip } from "@/graph/NodeTooltip";
import {
  DEFAULT_DEPTH,
  DEPTH_PARAM,
  describeId,
  EDGES_PARAM,
  FOCUS_PARAM,
  formatShown,
  hiddenTypes,
  toggled,
} from "@/graph/params";
import { RootCauses } from "@/graph/RootCauses";
import { detailPath, EDGE_TYPE_LABELS, EDGE_TYPES, searchNodes } from "@/graph/toElements";
import { useDocumentTheme } from "@/graph/useDocumentTheme";
import { useGraphData } from "@/graph/useGraphData";
import { SEARCH_PARAM, stickySearch, withParam } from "@/lib/searchParams";

export function GraphScreen() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { namespace, focus, depth, shown, query } = useGraphData();
  const hidden = useMemo(() => hiddenTypes(shown), [shown]);
  const search = params.get(SEARCH_PARAM) ?? "";
  const graph = query.data;

  const controller = useRef<GraphController>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [fullscreen, setFullscreen] = useState(false);
  const [layoutMs, setLayoutMs] = useState<number | null>(null);
  const themeKey = useDocumentTheme();

  const matches = useMemo(() => (graph ? searchNodes(graph.nodes, search) : []), [graph, search]);
  const [matchIndex, setMatchIndex] = useState(0);
  // A new search starts at its best match.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on a new search text only
  useEffect(() => setMatchIndex(0), [search]);
  const activeMatch = matches.length > 0 ? matches[matchIndex % matches.length] : undefined;

  const kinds = useMemo(
    () => [...new Set((graph?.nodes ?? []).map((node) => node.kind))].sort(),
    [graph],
  );

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement === stageRef.current);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);

  const setParam = useCallback(
    (key: string, value: string | undefined) =>
      setParams((current) => withParam(current, key, value)),
    [setParams],
  );

  const openNode = useCallback(
    (node: GraphNode) => {
      const path = detailPath(node);
      if (path) navigate({ pathname: path, search: stickySearch(params) });
      else controller.current?.centre(node.id);
    },
    [navigate, params],
  );

  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void stageRef.current?.requestFullscreen?.();
  };

  const header = (
    <PageHeader
      title="Graph"
      description={
        graph
          ? summaryText(graph.stats.nodes, graph.stats.edges, graph.rootCauses.length, namespace)
          : "Every Flux object and how they depend on each other."
      }
    />
  );

  if (query.isError && !graph) {
    const error = query.error;
    const unknownFocus = isApiError(error, "NotFound") && focus !== undefined;
    return (
      <div className={styles.page}>
        {header}
        <EmptyState
          icon="graph"
          title={unknownFocus ? "No such object" : "The graph is unavailable"}
        >
          <p>{isApiError(error) ? error.detail : String(error)}</p>
          {unknownFocus && (
            <button
              type="button"
              className={styles.textButton}
              onClick={() => setParam(FOCUS_PARAM, undefined)}
            >
              Show the whole graph
            </button>
          )}
        </EmptyState>
      </div>
    );
  }

  return (
    <div className={styles.page}>
      {header}
      {focus && (
        <div className={styles.focusBar} role="status">
          <Icon name="target" />
          <span>
            Around <strong>{describeId(focus)}</strong>
          </span>
          <label className={styles.depth}>
            depth
            <select
              value={depth ?? DEFAULT_DEPTH}
              onChange={(event) => setParam(DEPTH_PARAM, event.target.value)}
            >
              {[1, 2, 3, 4, 6].map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className={styles.textButton}
            onClick={() =>
              setParams((current) =>
                withParam(withParam(current, FOCUS_PARAM, undefined), DEPTH_PARAM, undefined),
              )
            }
          >
            Show everything
          </button>
        </div>
      )}
      <div ref={stageRef} className={styles.stage} data-fullscreen={fullscreen}>
        <div className={styles.toolbar} role="toolbar" aria-label="Graph controls">
          <fieldset className={styles.toggles}>
            <legend className="visually-hidden">Edge types shown</legend>
            {EDGE_TYPES.map((type: EdgeType) => (
              <button
                key={type}
                type="button"
                className={styles.chip}
                aria-pressed={shown.has(type)}
                data-edge={type}
                onClick={() => setParam(EDGES_PARAM, formatShown(toggled(shown, type)))}
              >
                {EDGE_TYPE_LABELS[type]}
              </button>
            ))}
          </fieldset>
          <div className={styles.tools}>
            {search && (
              <span className={styles.matches} aria-live="polite">
                {matches.length === 0
                  ? "no match"
                  : `${(matchIndex % matches.length) + 1} of ${matches.length}`}
                <ToolButton
                  icon="chevronUp"
                  label="Previous match"
                  disabled={matches.length < 2}
                  onClick={() => setMatchIndex((i) => (i + matches.length - 1) % matches.length)}
                />
                <ToolButton
                  icon="chevronDown"
                  label="Next match"
                  disabled={matches.length < 2}
                  onClick={() => setMatchIndex((i) => (i + 1) % matches.length)}
                />
              </span>
            )}
            <ToolButton
              icon="zoomOut"
              label="Zoom out"
              onClick={() => controller.current?.zoomBy(1 / 1.4)}
            />
            <ToolButton
              icon="zoomIn"
              label="Zoom in"
              onClick={() => controller.current?.zoomBy(1.4)}
            />
            <ToolButton
              icon="fit"
              label="Fit to screen"
              onClick={() => controller.current?.fit()}
            />
            <ToolButton
              icon="layout"
              label="Lay out again"
              onClick={() => controller.current?.relayout()}
            />
            <ToolButton
              icon={fullscreen ? "exitFullscreen" : "fullscreen"}
              label={fullscreen ? "Leave full screen" : "Full screen"}
              onClick={toggleFullscreen}
            />
          </div>
        </div>
        <div className={styles.body}>
          <div className={styles.canvasWrap}>
            {graph && graph.nodes.length > 0 && (
              <GraphView
                graph={graph}
                hiddenEdgeTypes={hidden}
                matches={matches}
                activeMatch={activeMatch}
                focusId={focus}
                themeKey={themeKey}
                onOpen={openNode}
                onHover={setHover}
                controllerRef={controller}
                onLaidOut={setLayoutMs}
                label={`Graph of ${graph.stats.nodes} Flux objects and ${graph.stats.edges} references`}
              />
            )}
            {graph && graph.nodes.length === 0 && (
              <div className={styles.overlay}>
                <EmptyState icon="graph" title="No Flux objects here">
                  <p>
                    {namespace
                      ? `Nothing in namespace ${namespace}. Clear the namespace filter to see every object.`
                      : "Once Flux objects exist in the cluster they appear here, live."}
                  </p>
                </EmptyState>
              </div>
            )}
            {!graph && (
              <div className={styles.overlay} aria-busy="true">
                <span className={styles.loading}>Loading the graph…</span>
              </div>
            )}
            {hover && <NodeTooltip node={hover.node} x={hover.x} y={hover.y} />}
            {graph && (
              <div className={styles.footnote} aria-live="off">
                {graph.stats.nodes} objects · {graph.stats.edges} edges
                {graph.stats.missing > 0 ? ` · ${graph.stats.missing} missing` : ""}
                {layoutMs !== null ? ` · laid out in ${Math.round(layoutMs)} ms` : ""}
                {query.isFetching ? " · updating" : ""}
              </div>
            )}
          </div>
          <aside className={styles.side} aria-label="Root causes and legend">
            {graph && (
              <RootCauses
                rootCauses={graph.rootCauses}
                cycles={graph.cycles}
                onShow={(id) => controller.current?.centre(id)}
              />
            )}
            <Legend kinds={kinds} />
          </aside>
        </div>
      </div>
    </div>
  );
}

function ToolButton({
  icon,
  label,
  onClick,
  disabled,
}: {
  icon: IconName;
  label: string;
  onClick: () => void;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      className={controls.iconButton}
      aria-label={label}
      title={label}
      onClick={onClick}
      disabled={disabled}
    >
      <Icon name={icon} size={17} />
    </button>
  );
}

function summaryText(nodes: number, edges: number, roots: number, namespace?: string): string {
  const where = namespace ? ` in ${namespace}` : "";
  const causes =
    roots === 0
      ? "nothing failing"
      : `${roots} root ${roots === 1 ? "cause" : "causes"} of failures`;
  return `${nodes} objects and ${edges} references${where}: ${causes}.`;
}
