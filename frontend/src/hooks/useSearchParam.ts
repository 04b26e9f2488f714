import { useCallback } from "react";
import { useSearchParams } from "react-router";
import { withParam } from "@/lib/searchParams";

/**
 * One URL search param as state. `replace` suits values that change per keystroke (search);
 * filters a user may want to go "back" from push a history entry.
 */
export function useSearchParam(
  key: string,
  { replace = false }: { replace?: boolean } = {},
): [string | undefined, (value: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(key) ?? undefined;
  const setValue = useCallback(
    (next: string | undefined) => {
      setParams((current) => withParam(current, key, next), { replace });
    },
    [key, replace, setParams],
  );
  return [value, setValue];
}
