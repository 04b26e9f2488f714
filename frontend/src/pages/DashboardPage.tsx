import { ClusterPanel } from "@/components/ClusterPanel";
import { PageHeader } from "@/components/PageHeader";
import styles from "./page.module.css";

export function DashboardPage() {
  return (
    <div className={styles.page}>
      <PageHeader title="Dashboard" description="The health of every Flux object at a glance." />
      <div className={styles.grid}>
        <ClusterPanel />
      </div>
    </div>
  );
}
