import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { isApiError } from "@/api/errors";
import { clusterQuery, resourceListQuery } from "@/api/queries";
import type { FluxKindPlural } from "@/api/types";
import { useLiveList } from "@/hooks/useLiveList";
import { COLUMNS } from "@/lib/columns";
import { plural } from "@/lib/format";
import { formatHealthParam, parseHealthParam, toggleHealth } from "@/lib/health";
import { kindByPlural } from "@/lib/kinds";
import {
  countByHealth,
  filterRows,
  formatSort,
  nextSort,
  parseSort,
  sortRows,
} from "@/lib/rowQuery";
import { NAMESPACE_PARAM, SEARCH_PARAM, withParam } from "@/lib/searchParams";
import { EMPTY_SELECTION, retainVisible, type Selection } from "@/lib/selection";
import { BulkBar } from "./BulkBar";
import controls from "./controls.module.css";
import { EmptyState } from "./EmptyState";
import { ErrorNotice } from "./ErrorNotice";
import { HealthChips } from "./HealthChips";
import styles from "./ResourceListView.module.css";
import { ResourceTable } from "./ResourceTable";
import { Skeleton } from "./Skeleton";

export const HEALTH_PARAM = "health";
export const SORT_PARAM = "sort";

/** The `flux create` hint shown when a kind has no objects yet. */
const CREATE_HINT: Partial<Record<FluxKindPlural, string>> = {
  gitrepositories:
    "flux create source git podinfo --url=https://github.com/stefanprodan/podinfo --branch=master",
  helmrepositories: "flux create source helm podinfo --url=https://stefanprodan.github.io/podinfo",
  ocirepositories:
    "flux create source oci podinfo --url=oci://ghcr.io/stefanprodan/manifests/podinfo --tag=latest",
  buckets:
    "flux create source bucket podinfo --bucket-name=podinfo --endpoint=minio.minio.svc:9000",
  kustomizations:
    "flux create kustomization podinfo --source=GitRepository/podinfo --path=./kustomize --prune=true",
  helmreleases: "flux create helmrelease podinfo --source=HelmRepository/podinfo --chart=podinfo",
  alerts: "flux create alert on-call --provider-ref=slack --event-source=Kustomization/*",
  providers:
    "flux create alert-provider slack --type=slack --channel=general --secret-ref=slack-url",
  receivers:
    "flux create receiver github --type=github --event=ping --event=push --resource=GitRepository/podinfo --secret-ref=webhook-token",
  imagerepositories: "flux create image repository podinfo --image=ghcr.io/stefanprodan/podinfo",
  imagepolicies: "flux create image policy podinfo --image-ref=podinfo --select-semver=5.0.x",
  imageupdateautomations:
    "flux create image update flux-system --git-repo-ref=flux-system --checkout-branch=main --author-name=fluxcdbot --author-email=fluxcdbot@users.noreply.github.com",
};

/**
 * Every object of one kind (in the selected namespace), live: health chips with counts,
 * free-text search (the top bar's `?q=`), sortable columns, failing first, bulk actions.
 * All filters live in the URL.
 */
export function ResourceListView({ kind }: { kind: FluxKindPlural }) {
  const meta = kindByPlural(kind);
  const columns = COLUMNS[kind];
  const [params, setParams] = useSearchParams();
  const namespace = params.get(NAMESPACE_PARAM) ?? undefined;
  const q = useDeferredValue(params.get(SEARCH_PARAM) ?? "");
  const healthParam = params.get(HEALTH_PARAM);
  const health = useMemo(() => parseHealthParam(healthParam), [healthParam]);
  const sort = parseSort(params.get(SORT_PARAM), columns);

  const cluster = useQuery(clusterQuery());
  const connected = cluster.data?.connected === true;
  const query = useQuery({ ...resourceListQuery(kind, namespace), enabled: connected });
  useLiveList(kind, namespace);
  const availability = cluster.data?.kinds?.find((k) => k.plural === kind);

  const searched = useMemo(
    () => filterRows(query.data?.items ?? [], columns, { q }),
    [query.data, columns, q],
  );
  const counts = useMemo(() => countByHealth(searched), [searched]);
  const shown = useMemo(
    () => sortRows(filterRows(searched, columns, { health }), columns, sort),
    [searched, columns, health, sort],
  );

  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const shownIds = useMemo(() => shown.map((row) => row.id), [shown]);
  useEffect(() => setSelection((current) => retainVisible(current, shownIds)), [shownIds]);
  const selectedRows = useMemo(
    () => shown.filter((row) => selection.has(row.id)),
    [shown, selection],
  );

  const setParam = (key: string, value: string | undefined) =>
    setParams((current) => withParam(current, key, value), { replace: key === SORT_PARAM });

  const label = meta?.label ?? kind;
  const total = query.data?.total ?? 0;
  const filtered = health.length > 0 || q.trim() !== "";

  let body: React.ReactNode;
  if (cluster.data && !connected && !query.data) {
    body = (
      <EmptyState icon="cluster" title="Not connected to a cluster">
        <p>{cluster.data.message}</p>
        <p>
          Point fluxdash at a cluster with <code>fluxdash serve --kubeconfig PATH</code>, or try the
          embedded demo cluster with <code>fluxdash serve --demo</code>.
        </p>
      </EmptyState>
    );
  } else if (query.isPending) {
    body = (
      <div className={styles.frame}>
        <Skeleton rows={8} label={`Loading ${label}`} />
      </div>
    );
  } else if (query.isError) {
    body = <ErrorNotice error={query.error} what={label} onRetry={() => void query.refetch()} />;
  } else if (availability && !availability.available) {
    body = (
      <EmptyState icon="alert" title={`${meta?.kind ?? kind} is not served by this cluster`}>
        <p>{availability.reason ?? "Its CustomResourceDefinition is missing."}</p>
        {cluster.data?.installHint && <p>{cluster.data.installHint}</p>}
      </EmptyState>
    );
  } else if (total === 0) {
    const hint = CREATE_HINT[kind];
    body = (
      <EmptyState icon="layers" title={`No ${label}${namespace ? ` in ${namespace}` : ""}`}>
        <p>
          {namespace
            ? "Try all namespaces, or create one:"
            : `There are no ${label} in the cluster yet. Create one from Git, or with the flux CLI:`}
        </p>
        {hint && <code className={styles.hint}>{hint}</code>}
      </EmptyState>
    );
  } else if (shown.length === 0) {
    body = (
      <EmptyState icon="filter" title="Nothing matches these filters">
        <p>
          {plural(total, meta?.kind.toLowerCase() ?? "object")} hidden by the health filter
          {q ? ` and the search “${q}”` : ""}.
        </p>
        <button
          type="button"
          className={controls.button}
          onClick={() =>
            setParams((current) =>
              withParam(withParam(current, HEALTH_PARAM, undefined), SEARCH_PARAM, undefined),
            )
          }
        >
          Clear filters
        </button>
      </EmptyState>
    );
  } else {
    body = (
      <ResourceTable
        label={label}
        rows={shown}
        columns={columns}
        sort={sort}
        onSort={(column) => setParam(SORT_PARAM, formatSort(nextSort(sort, column)))}
        selection={selection}
        onSelectionChange={setSelection}
        resetKey={`${kind}|${namespace ?? ""}|${healthParam ?? ""}|${q}|${params.get(SORT_PARAM) ?? ""}`}
      />
    );
  }

  return (
    <div className={styles.view}>
      <div className={styles.toolbar}>
        <HealthChips
          counts={counts}
          total={searched.length}
          selected={health}
          onToggle={(value) =>
            setParam(HEALTH_PARAM, formatHealthParam(toggleHealth(health, value)))
          }
          onClear={() => setParam(HEALTH_PARAM, undefined)}
        />
        <span className={styles.summary} aria-live="polite">
          {query.data
            ? filtered
              ? `${shown.length.toLocaleString("en-US")} of ${plural(total, "object")}`
              : plural(total, "object")
            : ""}
          {query.data?.continue && " (first page only)"}
          {isApiError(query.error) && query.data ? " · refresh failed" : ""}
        </span>
      </div>
      {selectedRows.length > 0 && (
        <BulkBar rows={selectedRows} onClear={() => setSelection(EMPTY_SELECTION)} />
      )}
      {body}
    </div>
  );
}
