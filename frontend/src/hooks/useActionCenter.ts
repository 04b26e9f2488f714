import { createContext, useContext } from "react";
import type { ActionRequestOptions } from "@/api/actions";
import type { ResourceRef } from "@/api/queries";
import type { ActionName, ActionRecord } from "@/api/types";

/** An object an action is about: its path form plus the Kind for messages. */
export type ActionTarget = ResourceRef & { kindName: string };

export type ActionCenter = {
  /** Run one action; resolves with the first record (pending) or rejects with an `ApiError`. */
  run: (
    action: ActionName,
    target: ActionTarget,
    options?: ActionRequestOptions,
  ) => Promise<ActionRecord>;
  /** One action on many objects (server orders them by dependencies). */
  runBulk: (
    action: ActionName,
    targets: readonly ActionTarget[],
    options?: ActionRequestOptions,
  ) => Promise<ActionRecord[]>;
  /** The latest tracked record still pending for an object id (`Kind/namespace/name`). */
  pendingFor: (objectId: string) => ActionRecord | undefined;
};

export const ActionCenterContext = createContext<ActionCenter | null>(null);

/** Actions and their progress, shared by the whole app (provided by `ActionCenter`). */
export function useActionCenter(): ActionCenter {
  const center = useContext(ActionCenterContext);
  if (!center) throw new Error("useActionCenter needs an <ActionCenter> above it");
  return center;
}
