/**
 * The write calls: suspend, resume and reconcile one object, or one action on many.
 * Every call answers with `pending` records as soon as the cluster accepted the patch; the
 * records then move on (see `GET /actions`, and `action` messages on the live stream).
 */
import { api, unwrap } from "./client";
import type { ResourceRef } from "./queries";
import type { ActionName, ActionOptions, ActionRecord, BulkActionResponse } from "./types";

export type ActionRequestOptions = {
  withSource?: boolean;
  force?: boolean;
  reset?: boolean;
  /** Suspend only: stored in an annotation and shown in the UI. */
  reason?: string;
};

export function postAction(
  action: ActionName,
  ref: ResourceRef,
  options: ActionRequestOptions = {},
): Promise<ActionRecord> {
  const params = { path: { kind: ref.kind, namespace: ref.namespace, name: ref.name } };
  switch (action) {
    case "suspend":
      return unwrap(
        api.POST("/api/v1/resources/{kind}/{namespace}/{name}/suspend", {
          params,
          body: { reason: options.reason?.trim() || null },
        }),
      );
    case "resume":
      return unwrap(
        api.POST("/api/v1/resources/{kind}/{namespace}/{name}/resume", { params, body: {} }),
      );
    case "reconcile":
      return unwrap(
        api.POST("/api/v1/resources/{kind}/{namespace}/{name}/reconcile", {
          params,
          body: {
            withSource: options.withSource ?? false,
            force: options.force ?? false,
            reset: options.reset ?? false,
          },
        }),
      );
  }
}

export function postBulkAction(
  action: ActionName,
  targets: readonly ResourceRef[],
  options: ActionRequestOptions = {},
): Promise<BulkActionResponse> {
  const body: { action: ActionName; targets: ResourceRef[]; options: ActionOptions } = {
    action,
    // Only the three fields: the server refuses anything else.
    targets: targets.map(({ kind, namespace, name }) => ({ kind, namespace, name })),
    options: {
      withSource: options.withSource ?? false,
      force: options.force ?? false,
      reset: options.reset ?? false,
      reason: options.reason?.trim() || null,
    },
  };
  return unwrap(api.POST("/api/v1/actions", { body }));
}

/** Recent records (newest first): one request refreshes every record being tracked. */
export function fetchRecentActions(limit = 200, signal?: AbortSignal): Promise<ActionRecord[]> {
  return unwrap(api.GET("/api/v1/actions", { params: { query: { limit } }, signal })).then(
    (list) => list.items,
  );
}
