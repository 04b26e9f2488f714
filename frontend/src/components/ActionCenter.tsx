import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useCallback, useEffect, useMemo, useReducer, useRef } from "react";
import {
  type ActionRequestOptions,
  fetchRecentActions,
  postAction,
  postBulkAction,
} from "@/api/actions";
import { isApiError } from "@/api/errors";
import { queryKeys } from "@/api/queries";
import type { ActionName, ActionRecord } from "@/api/types";
import { useLiveActions } from "@/api/useLiveActions";
import {
  ActionCenterContext,
  type ActionTarget,
  type ActionCenter as Center,
} from "@/hooks/useActionCenter";
import { actionNoun, isTerminal, mergeRecord } from "@/lib/actionRecords";
import { ActionToasts, type ToastModel } from "./ActionToasts";

/** How often pending records are re-read while the live stream does not report them. */
const POLL_MS = 1000;
/** A successful toast leaves after this long; failures stay until dismissed. */
const SUCCESS_TOAST_MS = 8000;
const MAX_TOASTS = 5;

type State = { records: ReadonlyMap<string, ActionRecord>; toasts: readonly ToastModel[] };

type Event =
  | { type: "track"; toast: ToastModel; records: readonly ActionRecord[] }
  | { type: "update"; records: readonly ActionRecord[] }
  | { type: "dismiss"; key: string };

function reduce(state: State, event: Event): State {
  switch (event.type) {
    case "track": {
      const records = new Map(state.records);
      for (const record of event.records)
        records.set(record.id, mergeRecord(records.get(record.id), record));
      const toasts = [event.toast, ...state.toasts].slice(0, MAX_TOASTS);
      return { records, toasts };
    }
    case "update": {
      let records: Map<string, ActionRecord> | null = null;
      for (const record of event.records) {
        const current = state.records.get(record.id);
        if (!current) continue; // not ours
        const merged = mergeRecord(current, record);
        if (merged === current) continue;
        records ??= new Map(state.records);
        records.set(record.id, merged);
      }
      return records ? { ...state, records } : state;
    }
    case "dismiss":
      return { ...state, toasts: state.toasts.filter((toast) => toast.key !== event.key) };
  }
}

let toastCounter = 0;
function nextKey(): string {
  toastCounter += 1;
  return `toast-${toastCounter}`;
}

function errorText(error: unknown): string {
  if (isApiError(error)) return error.detail;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs actions and follows them to their outcome: keeps every record it started, re-reads the
 * pending ones until the cluster reports back, refreshes the affected views, and shows a toast
 * per action (outcome, Ready message, the equivalent `flux` command).
 */
export function ActionCenter({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, dispatch] = useReducer(reduce, { records: new Map(), toasts: [] });
  const finished = useRef(new Set<string>());

  const refreshViews = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.resources.all() });
    void queryClient.invalidateQueries({ queryKey: queryKeys.summaries() });
    void queryClient.invalidateQueries({ queryKey: queryKeys.allEvents() });
  }, [queryClient]);

  const fail = useCallback(
    (action: ActionName, targets: readonly ActionTarget[], error: unknown) => {
      const what =
        targets.length === 1 && targets[0]
          ? `${targets[0].kindName} ${targets[0].namespace}/${targets[0].name}`
          : `${targets.length} objects`;
      dispatch({
        type: "track",
        records: [],
        toast: {
          key: nextKey(),
          action,
          recordIds: [],
          error: {
            title: `${actionNoun(action)} of ${what} was not accepted`,
            detail: errorText(error),
          },
        },
      });
    },
    [],
  );

  const run = useCallback<Center["run"]>(
    async (action, target, options: ActionRequestOptions = {}) => {
      try {
        const record = await postAction(action, target, options);
        dispatch({
          type: "track",
          records: [record],
          toast: { key: nextKey(), action, recordIds: [record.id] },
        });
        refreshViews();
        return record;
      } catch (error) {
        fail(action, [target], error);
        throw error;
      }
    },
    [fail, refreshViews],
  );

  const runBulk = useCallback<Center["runBulk"]>(
    async (action, targets, options: ActionRequestOptions = {}) => {
      try {
        const response = await postBulkAction(action, targets, options);
        dispatch({
          type: "track",
          records: response.items,
          toast: { key: nextKey(), action, recordIds: response.items.map((r) => r.id) },
        });
        refreshViews();
        return response.items;
      } catch (error) {
        fail(action, targets, error);
        throw error;
      }
    },
    [fail, refreshViews],
  );

  // The live stream pushes every record change; polling below is the fallback.
  useLiveActions((record) => dispatch({ type: "update", records: [record] }));

  const pendingIds = useMemo(
    () => [...state.records.values()].filter((r) => !isTerminal(r.state)).map((r) => r.id),
    [state.records],
  );
  const hasPending = pendingIds.length > 0;

  // Follow pending records until they are final.
  useEffect(() => {
    if (!hasPending) return undefined;
    const controller = new AbortController();
    const timer = setInterval(() => {
      fetchRecentActions(200, controller.signal).then(
        (records) => dispatch({ type: "update", records }),
        () => {
          // A failed poll is retried on the next tick; the toast keeps showing "pending".
        },
      );
    }, POLL_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [hasPending]);

  // A record that became final changed the cluster: refresh what shows it.
  useEffect(() => {
    let changed = false;
    for (const record of state.records.values()) {
      if (isTerminal(record.state) && !finished.current.has(record.id)) {
        finished.current.add(record.id);
        changed = true;
      }
    }
    if (changed) refreshViews();
  }, [state.records, refreshViews]);

  // Successful toasts leave on their own.
  useEffect(() => {
    const timers = state.toasts
      .filter((toast) => {
        if (toast.error || toast.recordIds.length === 0) return false;
        const records = toast.recordIds.map((id) => state.records.get(id));
        return records.every((r) => r && r.state === "succeeded");
      })
      .map((toast) =>
        setTimeout(() => dispatch({ type: "dismiss", key: toast.key }), SUCCESS_TOAST_MS),
      );
    return () => {
      for (const timer of timers) clearTimeout(timer);
    };
  }, [state.toasts, state.records]);

  const pendingFor = useCallback(
    (objectId: string) => {
      let latest: ActionRecord | undefined;
      for (const record of state.records.values()) {
        if (record.target.id === objectId && !isTerminal(record.state)) latest = record;
      }
      return latest;
    },
    [state.records],
  );

  const center = useMemo<Center>(() => ({ run, runBulk, pendingFor }), [run, runBulk, pendingFor]);

  return (
    <ActionCenterContext.Provider value={center}>
      {children}
      <ActionToasts
        toasts={state.toasts}
        records={state.records}
        onDismiss={(key) => dispatch({ type: "dismiss", key })}
      />
    </ActionCenterContext.Provider>
  );
}
