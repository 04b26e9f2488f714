import { useSearchParams } from "react-router";
import { NAMESPACE_PARAM, SEARCH_PARAM } from "@/lib/searchParams";
import { EmptyState } from "./EmptyState";
import type { IconName } from "./Icon";
import { PageHeader } from "./PageHeader";
import styles from "./PlaceholderView.module.css";

type PlaceholderViewProps = {
  title: string;
  description: string;
  icon: IconName;
};

/** A page whose view is not built yet: its header, the active URL filters, and a clear notice. */
export function PlaceholderView({ title, description, icon }: PlaceholderViewProps) {
  const [params] = useSearchParams();
  const namespace = params.get(NAMESPACE_PARAM);
  const query = params.get(SEARCH_PARAM);
  return (
    <div className={styles.page}>
      <PageHeader title={title} description={description} />
      <EmptyState icon={icon} title="This view is not built yet">
        <p>It will list these objects live from the cluster.</p>
        <ul className={styles.filters} aria-label="Active filters">
          <li>
            Namespace: <strong>{namespace ?? "all"}</strong>
          </li>
          {query && (
            <li>
              Search: <strong>{query}</strong>
            </li>
          )}
        </ul>
      </EmptyState>
    </div>
  );
}
