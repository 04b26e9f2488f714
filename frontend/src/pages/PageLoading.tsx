import { Skeleton } from "@/components/Skeleton";
import styles from "./page.module.css";

/** Shown in the shell while a page's code loads (first visit by URL). */
export function PageLoading() {
  return (
    <div className={styles.page}>
      <Skeleton rows={8} label="Loading the page" />
    </div>
  );
}
