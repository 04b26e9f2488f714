import { useEffect, useLayoutEffect, useRef } from "react";
import {
  advanceSequence,
  IDLE,
  isEditableTarget,
  type SequenceState,
  type ShortcutBinding,
  shortcutKey,
} from "@/lib/shortcuts";

/**
 * Listen for `bindings` on the document and call `onAction` when one completes.
 * Keys typed into form fields are left alone.
 */
export function useKeyboardShortcuts<A>(
  bindings: readonly ShortcutBinding<A>[],
  onAction: (action: A) => void,
): void {
  const state = useRef<SequenceState>(IDLE);
  const handler = useRef(onAction);
  useLayoutEffect(() => {
    handler.current = onAction;
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isEditableTarget(event.target)) {
        state.current = IDLE;
        return;
      }
      const key = shortcutKey(event);
      if (key === null) return;
      const result = advanceSequence(bindings, state.current, key, event.timeStamp || Date.now());
      state.current = result.state;
      if (result.consumed) event.preventDefault();
      if (result.action !== null) handler.current(result.action);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [bindings]);
}
