import type { FluxEvent } from "@/api/types";
import { formatRepeat } from "@/lib/format";
import styles from "./EventList.module.css";
import { ObjectLink } from "./ObjectLink";
import { RelativeTime } from "./RelativeTime";

type EventListProps = {
  events: readonly FluxEvent[];
  /** Hide the object link for events of this object (a detail page's own events). */
  ownId?: string;
  emptyText?: string;
  /** Newest first, at most this many. */
  limit?: number;
};

/** Kubernetes Events of Flux objects, newest first; Warnings stand out. */
export function EventList({ events, ownId, emptyText = "No events.", limit }: EventListProps) {
  const shown = limit ? events.slice(0, limit) : events;
  if (shown.length === 0) return <p className={styles.empty}>{emptyText}</p>;
  return (
    <ol className={styles.list}>
      {shown.map((event) => (
        <li key={event.id} className={styles.event} data-type={event.type}>
          <div className={styles.meta}>
            <span className={styles.type}>{event.type}</span>
            <span className={styles.reason}>{event.reason}</span>
            {event.object.id !== ownId && <ObjectLink id={event.object.id} />}
            <span className={styles.when}>
              {formatRepeat(event.count, event.firstSeen, event.lastSeen)}{" "}
              <RelativeTime value={event.lastSeen ?? event.firstSeen} />
            </span>
          </div>
          <p className={styles.message}>{event.message}</p>
          {event.source && <span className={styles.source}>{event.source}</span>}
        </li>
      ))}
    </ol>
  );
}
