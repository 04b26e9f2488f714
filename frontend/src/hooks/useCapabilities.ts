import { useQuery } from "@tanstack/react-query";
import { capabilitiesQuery } from "@/api/queries";
import type { ActionName } from "@/api/types";

export type ActionPermissions = {
  /** True once the server said what is allowed. */
  known: boolean;
  readOnly: boolean;
  can: (action: ActionName) => boolean;
};

/**
 * What the server lets this user do. Until it answers (or if it cannot) no action buttons
 * show: a button that can only fail is worse than none.
 */
export function useCapabilities(): ActionPermissions {
  const { data } = useQuery(capabilitiesQuery());
  if (!data) return { known: false, readOnly: false, can: () => false };
  const allowed = new Set(data.actions);
  return {
    known: true,
    readOnly: data.readOnly,
    can: (action) => !data.readOnly && allowed.has(action),
  };
}
