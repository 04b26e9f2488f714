import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { isApiError } from "@/api/errors";
import { clusterQuery, queryKeys, type ResourceRef, resourceDetailQuery } from "@/api/queries";
import type { ResourceDetail } from "@/api/types";
import { useLiveEvents } from "@/api/useLiveEvents";
import { useLiveRefetch } from "@/api/useLiveRefetch";
import { ConditionsTable } from "@/components/ConditionsTable";
import { EmptyState } from "@/components/EmptyState";
import { ErrorNotice } from "@/components/ErrorNotice";
import { EventList } from "@/components/EventList";
import { InventoryTable } from "@/components/InventoryTable";
import { ManifestView } from "@/components/ManifestView";
import { OverviewFields } from "@/components/OverviewFields";
import { RelatedObjects } from "@/components/RelatedObjects";
import { ReconcileHistory, ReleaseHistory } from "@/components/ReleaseHistory";
import { ResourceHeader } from "@/components/ResourceHeader";
import { Skeleton } from "@/components/Skeleton";
import { type TabSpec, Tabs } from "@/components/Tabs";
import { BlockedBy } from "@/graph/BlockedBy";
import { type KindMeta, kindByPlural } from "@/lib/kinds";
import { overviewGroups } from "@/lib/overview";
import { stickySearch, withParam } from "@/lib/searchParams";
import { NotFoundPage } from "./NotFoundPage";
import styles from "./ResourcePage.module.css";

export const TAB_PARAM = "tab";

function tabsFor(detail: ResourceDetail, meta: KindMeta): TabSpec[] {
  const failingConditions = detail.conditions.filter(
    (c) =>
      (c.type === "Ready" && c.status === "False") || (c.type === "Stalled" && c.status === "True"),
  ).length;
  const warnings = detail.events.filter((e) => e.type === "Warning").length;
  const related =
    (detail.source ? 1 : 0) +
    (detail.chart ? 1 : 0) +
    (detail.provider ? 1 : 0) +
    (detail.dependsOn?.length ?? 0) +
    (detail.dependents?.length ?? 0) +
    (detail.managedBy?.length ?? 0);
  const tabs: TabSpec[] = [
    { id: "overview", label: "Overview" },
    {
      id: "conditions",
      label: "Conditions",
      count: detail.conditions.length,
      tone: failingConditions > 0 ? "failed" : undefined,
    },
    {
      id: "events",
      label: "Events",
      count: detail.events.length,
      tone: warnings > 0 ? "warning" : undefined,
    },
  ];
  if (meta.plural === "kustomizations" || meta.plural === "helmreleases" || detail.inventory) {
    tabs.push({ id: "inventory", label: "Inventory", count: detail.inventory?.total ?? 0 });
  }
  tabs.push({ id: "dependencies", label: "Dependencies", count: related });
  if (meta.plural === "helmreleases") {
    tabs.push({ id: "history", label: "History", count: detail.history?.length ?? 0 });
  } else if ((detail.reconcileHistory?.length ?? 0) > 0) {
    tabs.push({ id: "history", label: "History", count: detail.reconcileHistory?.length ?? 0 });
  }
  tabs.push({ id: "yaml", label: "YAML" });
  return tabs;
}

function TabContent({ tab, detail }: { tab: string; detail: ResourceDetail }) {
  switch (tab) {
    case "conditions":
      return <ConditionsTable conditions={detail.conditions} generation={detail.row.generation} />;
    case "events":
      return (
        <div className={styles.card}>
          <EventList
            events={detail.events}
            ownId={detail.row.id}
            emptyText="No events for it (or its source) in the last hour the cluster keeps them."
          />
        </div>
      );
    case "inventory":
      return <InventoryTable inventory={detail.inventory} />;
    case "dependencies":
      return <RelatedObjects detail={detail} />;
    case "history":
      return detail.row.kind === "HelmRelease" ? (
        <ReleaseHistory history={detail.history ?? []} />
      ) : (
        <ReconcileHistory history={detail.reconcileHistory ?? []} />
      );
    case "yaml":
      return <ManifestView manifest={detail.manifest} />;
    default:
      return <OverviewFields groups={overviewGroups(detail)} />;
  }
}

/** One Flux object: header with health and actions, then tabs; everything live. */
export function ResourcePage() {
  const { kind = "", namespace = "", name = "" } = useParams();
  const meta = kindByPlural(kind);
  if (!meta) return <NotFoundPage />;
  return (
    <ResourceView
      key={`${kind}/${namespace}/${name}`}
      meta={meta}
      ref_={{ kind, namespace, name }}
    />
  );
}

function ResourceView({ meta, ref_ }: { meta: KindMeta; ref_: ResourceRef }) {
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const cluster = useQuery(clusterQuery());
  const connected = cluster.data?.connected === true;
  const detailQuery = useQuery({ ...resourceDetailQuery(ref_), enabled: connected });
  const id = `${meta.kind}/${ref_.namespace}/${ref_.name}`;
  const detailKey = queryKeys.resources.detail(ref_);
  const sourceId = detailQuery.data?.row.source ?? null;
  const watched = useMemo(() => [id], [id]);

  // The object changed (status, spec, deletion): re-read the detail, at most once a second.
  useLiveRefetch({
    spec: { kinds: [meta.plural], namespace: ref_.namespace },
    queryKeys: [detailKey],
    ids: watched,
  });
  // A new event of it or of its source: the Events tab is part of the detail.
  useLiveEvents((event) => {
    if (event.object.id === id || event.object.id === sourceId) {
      void queryClient.invalidateQueries({ queryKey: detailKey, exact: true });
    }
  });

  const detail = detailQuery.data;
  if (detail === undefined && !connected && cluster.data) {
    return (
      <div className={styles.page}>
        <EmptyState icon="cluster" title="Not connected to a cluster">
          <p>{cluster.data.message}</p>
        </EmptyState>
      </div>
    );
  }
  if (detail === undefined && detailQuery.isPending) {
    return (
      <div className={styles.page}>
        <Skeleton rows={6} label={`Loading ${meta.kind} ${ref_.name}`} />
      </div>
    );
  }
  if (detail === undefined) {
    const notFound = isApiError(detailQuery.error) && detailQuery.error.status === 404;
    return (
      <div className={styles.page}>
        {notFound ? (
          <EmptyState icon="alert" title={`${meta.kind} ${ref_.namespace}/${ref_.name} not found`}>
            <p>{isApiError(detailQuery.error) ? detailQuery.error.detail : ""}</p>
            <p>It may have been deleted or renamed.</p>
            <Link to={{ pathname: meta.listPath, search: stickySearch(params) }}>
              All {meta.label}
            </Link>
          </EmptyState>
        ) : (
          <ErrorNotice
            error={detailQuery.error}
            what={`${meta.kind} ${ref_.name}`}
            onRetry={() => void detailQuery.refetch()}
          />
        )}
      </div>
    );
  }

  const tabs = tabsFor(detail, meta);
  const requested = params.get(TAB_PARAM) ?? "overview";
  const active = tabs.some((tab) => tab.id === requested) ? requested : "overview";
  return (
    <div className={styles.page}>
      {detailQuery.isError && (
        <ErrorNotice
          error={detailQuery.error}
          what={`the latest state (showing the last one loaded)`}
          onRetry={() => void detailQuery.refetch()}
        />
      )}
      <ResourceHeader detail={detail} meta={meta} />
      {detail.row.health !== "Ready" && <BlockedBy {...ref_} />}
      <Tabs
        label={`${meta.kind} details`}
        tabs={tabs}
        active={active}
        onChange={(tab) =>
          setParams(
            (current) => withParam(current, TAB_PARAM, tab === "overview" ? undefined : tab),
            {
              replace: true,
            },
          )
        }
      >
        <TabContent tab={active} detail={detail} />
      </Tabs>
    </div>
  );
}
