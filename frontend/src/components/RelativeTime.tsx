import { useNow } from "@/hooks/useNow";
import { formatAgo, formatTimestamp } from "@/lib/format";

/** "3m ago", kept current, with the exact time on hover and for machines. */
export function RelativeTime({ value, className }: { value?: string | null; className?: string }) {
  const now = useNow();
  if (!value) return <span className={className}>—</span>;
  return (
    <time className={className} dateTime={value} title={formatTimestamp(value)}>
      {formatAgo(value, now)}
    </time>
  );
}
