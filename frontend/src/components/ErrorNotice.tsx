import { isApiError, NETWORK_ERROR } from "@/api/errors";
import styles from "./ErrorNotice.module.css";
import { Icon } from "./Icon";

type ErrorNoticeProps = {
  error: unknown;
  /** What was being loaded: "the Kustomizations". */
  what: string;
  onRetry?: () => void;
};

function guidance(error: unknown): string | null {
  if (!isApiError(error)) return null;
  if (error.type === NETWORK_ERROR)
    return "Check that fluxdash is running; this page retries on its own.";
  if (error.status === 503)
    return "fluxdash is not connected to a cluster (yet). See the Cluster panel on the dashboard.";
  if (error.status === 403) return "Your Kubernetes identity may not read these objects.";
  return null;
}

/** A failed load: what failed, the server's reason, what to do, and a retry. */
export function ErrorNotice({ error, what, onRetry }: ErrorNoticeProps) {
  const detail = isApiError(error)
    ? error.detail
    : error instanceof Error
      ? error.message
      : String(error);
  const hint = guidance(error);
  return (
    <div className={styles.notice} role="alert">
      <Icon name="alert" size={18} />
      <div className={styles.text}>
        <strong>Could not load {what}.</strong>
        <span className={styles.detail}>{detail}</span>
        {hint && <span className={styles.hint}>{hint}</span>}
      </div>
      {onRetry && (
        <button type="button" className={styles.retry} onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
