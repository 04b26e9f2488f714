import { useNow } from "@/hooks/useNow";
import { type CountdownInput, describeCountdown } from "@/lib/countdown";
import { formatTimestamp, parseTime } from "@/lib/format";

/** "Next reconcile in 4m 12s", ticking every second. */
export function Countdown(input: CountdownInput) {
  const now = useNow(1000);
  const view = describeCountdown(input, now);
  const at = input.nextReconcileAt ?? null;
  return (
    <span
      data-state={view.state}
      title={
        at && parseTime(at) !== null ? `expected at ${formatTimestamp(at)} (estimate)` : undefined
      }
    >
      {view.text}
    </span>
  );
}
