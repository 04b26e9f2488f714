import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { isApiError } from "@/api/errors";
import { clusterQuery, graphQuery, queryKeys, summaryQuery } from "@/api/queries";
import type { KindStats, SummaryResponse } from "@/api/types";
import { useLiveRefetch } from "@/api/useLiveRefetch";
import { AttentionList } from "@/components/AttentionList";
import { ClusterPanel } from "@/components/ClusterPanel";
import { ErrorNotice } from "@/components/ErrorNotice";
import { EventList } from "@/components/EventList";
import { FluxNotInstalled } from "@/components/FluxNotInstalled";
import { FluxPanel } from "@/components/FluxPanel";
import { KindHealthTable } from "@/components/KindHealthTable";
import { PageHeader } from "@/components/PageHeader";
import { Panel } from "@/components/Panel";
import { RootCausesPanel } from "@/components/RootCausesPanel";
import { Skeleton } from "@/components/Skeleton";
import { plural } from "@/lib/format";
import { NAMESPACE_PARAM } from "@/lib/searchParams";
import styles from "./DashboardPage.module.css";

/** Above this many objects the dashboard does not read the whole graph for root causes. */
const GRAPH_ANALYSIS_LIMIT = 3000;

type Totals = Record<
  "total" | "failed" | "progressing" | "suspended" | "ready" | "unknown",
  number
>;

function totals(kinds: readonly KindStats[]): Totals {
  const sum: Totals = { total: 0, failed: 0, progressing: 0, suspended: 0, ready: 0, unknown: 0 };
  for (const kind of kinds) {
    sum.total += kind.total;
    sum.failed += kind.failed;
    sum.progressing += kind.progressing;
    sum.suspended += kind.suspended;
    sum.ready += kind.ready;
    sum.unknown += kind.unknown;
  }
  return sum;
}

function StatTiles({ summary }: { summary: SummaryResponse }) {
  const sum = totals(summary.kinds);
  const tiles: { key: keyof Totals; label: string; tone: string }[] = [
    { key: "failed", label: "Failing", tone: "failed" },
    { key: "progressing", label: "Progressing", tone: "progressing" },
    { key: "suspended", label: "Suspended", tone: "suspended" },
    { key: "ready", label: "Ready", tone: "ready" },
  ];
  return (
    <dl className={styles.tiles} aria-label="Totals">
      <div className={styles.tile}>
        <dt>Flux objects</dt>
        <dd>{sum.total.toLocaleString("en-US")}</dd>
      </div>
      {tiles.map((tile) => (
        <div
          key={tile.key}
          className={styles.tile}
          data-tone={tile.tone}
          data-active={sum[tile.key] > 0}
        >
          <dt>{tile.label}</dt>
          <dd>{sum[tile.key].toLocaleString("en-US")}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The health of every Flux object at a glance: what fails and why first. */
export function DashboardPage() {
  const [params] = useSearchParams();
  const namespace = params.get(NAMESPACE_PARAM) ?? undefined;
  const cluster = useQuery(clusterQuery());
  const summary = useQuery({
    ...summaryQuery(namespace),
    enabled: cluster.data?.connected === true,
  });
  // Root causes need the graph; past a few thousand objects that is a big read for a
  // dashboard, and the graph page (or an object's own detail) answers the question instead.
  const graphFilter = { namespace };
  const analyse =
    summary.data !== undefined &&
    summary.data.failingTotal > 0 &&
    summary.data.total <= GRAPH_ANALYSIS_LIMIT;
  const graph = useQuery({ ...graphQuery(graphFilter), enabled: analyse, refetchInterval: false });
  useLiveRefetch({
    spec: { namespace },
    queryKeys: [queryKeys.summary(namespace), queryKeys.graph(graphFilter)],
  });
  const rootCauses = analyse ? (graph.data?.rootCauses ?? []) : [];
  const rootCauseIds = new Map(rootCauses.map((cause) => [cause.id, cause.blockedCount]));

  const info = cluster.data;
  const noCluster = info !== undefined && (!info.connected || info.mode === "none");
  const notInstalled = info?.fluxInstalled === false || summary.data?.fluxInstalled === false;
  const scope = namespace ? `Namespace ${namespace}` : "All namespaces";

  let main: React.ReactNode;
  if (noCluster) {
    main = null;
  } else if (notInstalled) {
    main = <FluxNotInstalled hint={info?.installHint} />;
  } else if (summary.data) {
    const data = summary.data;
    main = (
      <>
        <StatTiles summary={data} />
        <div className={styles.columns}>
          <div className={styles.column}>
            <RootCausesPanel causes={rootCauses.filter((cause) => cause.blockedCount > 0)} />
            <Panel
              title="Needs attention"
              icon="alert"
              meta={data.failingTotal > 0 ? plural(data.failingTotal, "failing object") : undefined}
              padding="none"
            >
              <AttentionList rows={data.failing} rootCauses={rootCauseIds} />
              {data.failingTotal > data.failing.length && (
                <p className={styles.more}>
                  Showing the {data.failing.length} most recent of {data.failingTotal}.
                </p>
              )}
            </Panel>
            <Panel
              title="Recent warnings"
              icon="clock"
              meta={data.events.length || undefined}
              padding="none"
            >
              <EventList events={data.events} emptyText="No Warning events recently." limit={12} />
            </Panel>
          </div>
          <div className={styles.column}>
            <Panel title="Objects by kind" icon="layers" meta={scope} padding="none">
              <KindHealthTable kinds={data.kinds} />
            </Panel>
            {info && <FluxPanel cluster={info} />}
          </div>
        </div>
      </>
    );
  } else if (summary.isError && !(isApiError(summary.error) && summary.error.status === 503)) {
    main = (
      <ErrorNotice
        error={summary.error}
        what="the summary"
        onRetry={() => void summary.refetch()}
      />
    );
  } else {
    main = (
      <div className={styles.loading}>
        <Skeleton rows={6} label="Loading the summary" />
      </div>
    );
  }

  const description = summary.data
    ? `${scope} · ${plural(summary.data.total, "Flux object")}${summary.data.synced ? "" : " · syncing…"}`
    : "The health of every Flux object at a glance.";

  return (
    <div className={styles.page}>
      <PageHeader title="Dashboard" description={description} />
      {main}
      {(noCluster || notInstalled || !summary.data) && (
        <div className={styles.side}>
          <ClusterPanel />
        </div>
      )}
    </div>
  );
}
