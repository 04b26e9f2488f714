/**
 * Action records as the UI reports them: what is still pending, what the outcome says, and
 * how several records of one bulk action add up. Records arrive from the POST answer, from
 * polling and from the live stream, in any order; `mergeRecord` keeps the furthest state.
 */
import type { ActionName, ActionRecord, ActionState } from "@/api/types";

const TERMINAL: ReadonlySet<ActionState> = new Set(["succeeded", "failed", "timedOut", "refused"]);

export function isTerminal(state: ActionState): boolean {
  return TERMINAL.has(state);
}

/** The newer of two versions of one record: a final state is never replaced by `pending`. */
export function mergeRecord(current: ActionRecord | undefined, next: ActionRecord): ActionRecord {
  if (!current) return next;
  if (isTerminal(current.state) && !isTerminal(next.state)) return current;
  return next;
}

const PROGRESSIVE: Record<ActionName, string> = {
  reconcile: "Reconciling",
  suspend: "Suspending",
  resume: "Resuming",
};

const PAST: Record<ActionName, string> = {
  reconcile: "Reconciled",
  suspend: "Suspended",
  resume: "Resumed",
};

const NOUN: Record<ActionName, string> = {
  reconcile: "Reconcile",
  suspend: "Suspend",
  resume: "Resume",
};

export function progressiveVerb(action: ActionName): string {
  return PROGRESSIVE[action];
}

export function actionNoun(action: ActionName): string {
  return NOUN[action];
}

export type OutcomeTone = "progressing" | "ready" | "failed" | "warning";

export type Outcome = { tone: OutcomeTone; title: string; detail: string };

function targetText(record: ActionRecord): string {
  return `${record.target.kind} ${record.target.namespace}/${record.target.name}`;
}

/** Title and detail of one record for a toast or a status line. */
export function describeRecord(record: ActionRecord): Outcome {
  const target = targetText(record);
  switch (record.state) {
    case "pending":
      return {
        tone: "progressing",
        title: `${PROGRESSIVE[record.action]} ${target}…`,
        detail: record.message || "Waiting for the controller to report back.",
      };
    case "succeeded":
      return { tone: "ready", title: `${PAST[record.action]} ${target}`, detail: record.message };
    case "failed":
      return {
        tone: "failed",
        title: `${NOUN[record.action]} of ${target} failed`,
        detail: record.message,
      };
    case "timedOut":
      return {
        tone: "warning",
        title: `${NOUN[record.action]} of ${target} timed out`,
        detail: record.message || "The controller did not report back in time.",
      };
    case "refused":
      return {
        tone: "failed",
        title: `${NOUN[record.action]} of ${target} refused`,
        detail: record.message,
      };
  }
}

export type BatchSummary = {
  total: number;
  pending: number;
  succeeded: number;
  failed: number;
  done: boolean;
  outcome: Outcome;
};

/** Several records of one bulk action as one line: "Reconciled 5 of 6 objects · 1 failed". */
export function summarizeBatch(action: ActionName, records: readonly ActionRecord[]): BatchSummary {
  const total = records.length;
  const pending = records.filter((r) => r.state === "pending").length;
  const succeeded = records.filter((r) => r.state === "succeeded").length;
  const failed = total - pending - succeeded;
  const objects = total === 1 ? "object" : "objects";
  let outcome: Outcome;
  if (pending > 0) {
    outcome = {
      tone: "progressing",
      title: `${PROGRESSIVE[action]} ${total} ${objects}…`,
      detail: `${succeeded + failed} of ${total} done${failed ? `, ${failed} failed` : ""}`,
    };
  } else if (failed === 0) {
    outcome = {
      tone: "ready",
      title: `${PAST[action]} ${total} ${objects}`,
      detail: "All succeeded.",
    };
  } else {
    const firstFailure = records.find((r) => r.state !== "succeeded" && r.state !== "pending");
    outcome = {
      tone: succeeded === 0 ? "failed" : "warning",
      title: `${PAST[action]} ${succeeded} of ${total} ${objects}`,
      detail: firstFailure
        ? `${failed} failed; first: ${targetText(firstFailure)}: ${firstFailure.message}`
        : `${failed} failed`,
    };
  }
  return { total, pending, succeeded, failed, done: pending === 0, outcome };
}
