import { Link, useSearchParams } from "react-router";
import type { Health } from "@/api/types";
import { detailPathForId, kindByName, parseObjectId } from "@/lib/kinds";
import { stickySearch } from "@/lib/searchParams";
import { HealthBadge } from "./HealthBadge";
import styles from "./ObjectLink.module.css";

type ObjectLinkProps = {
  /** `Kind/namespace/name`. */
  id: string;
  health?: Health | null;
  healthReason?: string | null;
  /** Show the namespace (off when the context already names it). */
  showNamespace?: boolean;
  missing?: boolean;
  /** Tight spots (table cells): the kind as a few letters, the full kind on hover. */
  compact?: boolean;
  /** Let long names wrap instead of ending in an ellipsis (detail fields). */
  wrap?: boolean;
};

/** A link to a Flux object's detail page: `Kind namespace/name`, with its health if known. */
export function ObjectLink({
  id,
  health,
  healthReason,
  showNamespace = true,
  missing = false,
  compact = false,
  wrap = false,
}: ObjectLinkProps) {
  const [params] = useSearchParams();
  const ref = parseObjectId(id);
  const path = detailPathForId(id);
  if (!ref) return <span className={styles.plain}>{id}</span>;
  const meta = kindByName(ref.kind);
  const text = (
    <>
      <span className={styles.kind} title={ref.kind}>
        {compact && meta ? meta.abbrev : ref.kind}
      </span>
      <span className={styles.name}>
        {showNamespace && <span className={styles.namespace}>{ref.namespace}/</span>}
        {ref.name}
      </span>
    </>
  );
  return (
    <span className={styles.object} data-wrap={wrap}>
      {path && !missing ? (
        <Link
          className={styles.link}
          to={{ pathname: path, search: stickySearch(params) }}
          title={`${ref.kind} ${ref.namespace}/${ref.name}`}
        >
          {text}
        </Link>
      ) : (
        <span className={styles.link} data-missing={missing}>
          {text}
          {missing && <span className={styles.missing}>not found</span>}
        </span>
      )}
      {health && <HealthBadge health={health} reason={healthReason} />}
    </span>
  );
}
