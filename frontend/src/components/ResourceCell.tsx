import type { ResourceRow } from "@/api/types";
import type { Column } from "@/lib/columns";
import { displayUrl, safeExternalHref } from "@/lib/externalUrl";
import { splitRevision } from "@/lib/format";
import { parseObjectId } from "@/lib/kinds";
import { HealthBadge } from "./HealthBadge";
import { Icon } from "./Icon";
import { ObjectLink } from "./ObjectLink";
import { RelativeTime } from "./RelativeTime";
import styles from "./ResourceTable.module.css";

function Empty() {
  return <span className={styles.empty}>—</span>;
}

function RefLink({ id, row }: { id: string; row: ResourceRow }) {
  const ref = parseObjectId(id);
  return <ObjectLink id={id} showNamespace={ref?.namespace !== row.namespace} compact />;
}

/** One cell of a resource list, drawn from its column's `CellSpec`. */
export function ResourceCell({ column, row }: { column: Column; row: ResourceRow }) {
  const cell = column.cell;
  switch (cell.type) {
    case "name":
      // The name link and namespace are drawn by the table's row header.
      return null;
    case "health":
      return <HealthBadge health={row.health} reason={row.healthReason} />;
    case "message":
      return row.message ? (
        <span className={styles.message} title={row.message}>
          {row.message}
        </span>
      ) : (
        <Empty />
      );
    case "text": {
      const value = cell.value(row);
      if (!value) return <Empty />;
      return (
        <span className={cell.mono ? styles.mono : styles.text} title={value}>
          {value}
        </span>
      );
    }
    case "time":
      return <RelativeTime value={cell.value(row)} className={styles.time} />;
    case "url": {
      const url = cell.value(row);
      if (!url) return <Empty />;
      const href = safeExternalHref(url);
      const text = displayUrl(url);
      return href ? (
        <a
          className={styles.external}
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          title={`Open ${text} (new tab)`}
        >
          <span className={styles.externalText}>{text}</span>
          <Icon name="external" size={12} />
        </a>
      ) : (
        <span className={styles.mono} title={text}>
          {text}
        </span>
      );
    }
    case "ref": {
      const id = cell.value(row);
      return id ? <RefLink id={id} row={row} /> : <Empty />;
    }
    case "refs": {
      const ids = cell.value(row) ?? [];
      if (ids.length === 0) return <Empty />;
      const [first, ...rest] = ids;
      return (
        <span className={styles.refs} title={ids.join("\n")}>
          {first &&
            (parseObjectId(first) ? (
              <RefLink id={first} row={row} />
            ) : (
              <span className={styles.mono}>{first}</span>
            ))}
          {rest.length > 0 && <span className={styles.more}>+{rest.length}</span>}
        </span>
      );
    }
    case "repoType":
      return row.repoType === "oci" ? (
        <span
          className={styles.repoType}
          data-type="oci"
          title="OCI registry: static, no index artifact"
        >
          OCI
        </span>
      ) : (
        <span
          className={styles.repoType}
          data-type="default"
          title="Helm repository index over HTTP(S)"
        >
          HTTP
        </span>
      );
    case "revision": {
      if (!row.revision) return <Empty />;
      const { ref, digest } = splitRevision(row.revision);
      return (
        <span className={styles.mono} title={row.revisionFull ?? row.revision}>
          {ref && <span className={styles.revisionRef}>{ref}@</span>}
          {digest}
        </span>
      );
    }
  }
}
