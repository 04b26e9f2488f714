import type { KindMeta } from "@/lib/kinds";
import { KindTabs } from "./KindTabs";
import styles from "./ListPage.module.css";
import { PageHeader } from "./PageHeader";
import { ResourceListView } from "./ResourceListView";

type ListPageProps = {
  title: string;
  description: string;
  /** The kinds this page lists; with more than one they become tabs. */
  kinds: readonly KindMeta[];
  active: KindMeta;
};

/** A page of Flux object lists: header, kind tabs, the live list filling the rest. */
export function ListPage({ title, description, kinds, active }: ListPageProps) {
  return (
    <div className={styles.page}>
      <PageHeader title={title} description={description} />
      {kinds.length > 1 && <KindTabs label={`${title} kinds`} kinds={kinds} />}
      <ResourceListView key={active.plural} kind={active.plural} />
    </div>
  );
}
