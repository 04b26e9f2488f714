import { useQuery } from "@tanstack/react-query";
import { blockedByQuery, queryKeys, type ResourceRef } from "@/api/queries";
import type { ResourceRow } from "@/api/types";
import { useLiveRefetch } from "@/api/useLiveRefetch";
import { Icon } from "./Icon";
import { ObjectLink } from "./ObjectLink";
import styles from "./RootCauseNote.module.css";

/**
 * Why a failing or waiting object is not Ready, from the graph: the chain of blockers down to
 * the root cause, each linked with its health and message. Nothing when nothing upstream fails.
 */
export function RootCauseNote({ row, refParts }: { row: ResourceRow; refParts: ResourceRef }) {
  const notReady = row.health !== "Ready" && row.health !== "Suspended";
  const query = useQuery({ ...blockedByQuery(refParts), enabled: notReady });
  const blocked = query.data;
  // Re-read when the object or anything on its chain changes (a blocker recovering, say).
  const watched = [row.id, ...(blocked?.chain.map((link) => link.id) ?? [])];
  useLiveRefetch({
    spec: {},
    queryKeys: [queryKeys.resources.blockedBy(refParts)],
    ids: watched,
    enabled: notReady,
  });
  if (!notReady || !blocked) return null;
  if (blocked.cycle && blocked.cycle.length > 0) {
    return (
      <div className={styles.note} data-kind="cycle" role="note" aria-label="Dependency cycle">
        <Icon name="alert" size={16} />
        <div className={styles.body}>
          <strong>dependsOn cycle:</strong> {blocked.cycle.join(" → ")} → {blocked.cycle[0]}. Flux
          cannot reconcile any of them until the cycle is broken.
        </div>
      </div>
    );
  }
  if (blocked.rootCause || blocked.blockedBy.length === 0) return null;
  const upstream = blocked.chain.slice(1);
  const root = upstream.at(-1);
  return (
    <div className={styles.note} role="note" aria-label="Root cause">
      <Icon name="link" size={16} />
      <div className={styles.body}>
        <p className={styles.lead}>
          {row.health === "Failed" ? "Fails because it" : "It"} waits on{" "}
          {upstream.length > 1 ? `a chain of ${upstream.length} objects` : "an object"} that{" "}
          {root?.missing ? "does not exist" : "fails"}.
          {blocked.rootCauses.length > 1 && ` ${blocked.rootCauses.length} root causes in all.`}
        </p>
        <ol className={styles.chain}>
          {upstream.map((link) => (
            <li key={link.id} data-root={link.id === root?.id}>
              <ObjectLink
                id={link.id}
                health={link.missing ? null : link.health}
                missing={link.missing}
              />
              {link.id === root?.id && <span className={styles.rootLabel}>root cause</span>}
              {link.message && link.id === root?.id && (
                <p className={styles.message}>{link.message}</p>
              )}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
