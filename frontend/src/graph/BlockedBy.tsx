/**
 * "Why is this not Ready?" for one object, from the graph's root-cause analysis: the chain
 * from the object to the failing object at its end, each step linked to its detail page, and
 * a link to the object's neighbourhood in the graph. For the detail page and the dashboard:
 * `<BlockedBy kind="kustomizations" namespace="flux-system" name="apps" />`.
 */
import { useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { blockedByQuery, queryKeys, type ResourceRef } from "@/api/queries";
import type { BlockedBy as BlockedByAnswer } from "@/api/types";
import { useLiveRefetch } from "@/api/useLiveRefetch";
import { StatusBadge, type StatusTone } from "@/components/StatusBadge";
import { stickySearch } from "@/lib/searchParams";
import styles from "./BlockedBy.module.css";
import { FOCUS_PARAM } from "./params";
import { detailPath } from "./toElements";

type ChainStep = BlockedByAnswer["chain"][number];

const TONES: Record<ChainStep["health"], StatusTone> = {
  Ready: "ready",
  Failed: "failed",
  Progressing: "progressing",
  Suspended: "suspended",
  Unknown: "unknown",
};

/** `/graph?focus=<id>`: the object's neighbourhood in the graph (keeps the namespace filter). */
export function graphFocusPath(id: string, search = ""): string {
  const params = new URLSearchParams(search);
  params.set(FOCUS_PARAM, id);
  return `/graph?${params.toString()}`;
}

export function BlockedBy(ref: ResourceRef) {
  const [params] = useSearchParams();
  const query = useQuery(blockedByQuery(ref));
  // A change anywhere upstream can change the answer.
  useLiveRefetch({ spec: {}, queryKeys: [queryKeys.blockedBy(ref)], throttleMs: 1000 });
  const answer = query.data;
  if (!answer || (answer.chain.length < 2 && !answer.rootCause)) return null;
  const sticky = stickySearch(params);
  return (
    <section className={styles.panel} aria-labelledby="blocked-by-title">
      <h2 id="blocked-by-title" className={styles.title}>
        {answer.rootCause ? "Root cause" : "Why it is not Ready"}
      </h2>
      {answer.explanation && <p className={styles.explanation}>{answer.explanation}</p>}
      <ol className={styles.chain}>
        {answer.chain.map((link, index) => {
          const path = detailPath({ ...link, flux: true });
          const name = `${link.kind} ${link.namespace}/${link.name}`;
          return (
            <li key={link.id} className={styles.step}>
              <span className={styles.verb}>{index === 0 ? "" : "waits on"}</span>
              <StatusBadge tone={link.missing ? "warning" : TONES[link.health]}>
                {link.missing ? "Missing" : link.health}
              </StatusBadge>
              {path && index > 0 ? (
                <Link to={{ pathname: path, search: sticky }}>{name}</Link>
              ) : (
                <span>{name}</span>
              )}
              {index === answer.chain.length - 1 && link.message && (
                <span className={styles.message}>{link.message}</span>
              )}
            </li>
          );
        })}
      </ol>
      {answer.rootCauses.length > 1 && (
        <p className={styles.more}>
          {answer.rootCauses.length} root causes in all: {answer.rootCauses.join(", ")}
        </p>
      )}
      <Link className={styles.graphLink} to={graphFocusPath(answer.id, sticky)}>
        Show in the graph
      </Link>
    </section>
  );
}
