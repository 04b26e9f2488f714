/**
 * Keyboard shortcuts as data: `"g d"` is the sequence g then d, `"/"` a single key.
 * `advanceSequence` is a pure step function (state, key, time) → (state, match) so the
 * gmail-style sequences are tested without a DOM; `useKeyboardShortcuts` wires it to keydown.
 */

export type ShortcutBinding<A> = {
  /** Keys in order, e.g. `["g", "d"]`; build it with `parseShortcut("g d")`. */
  readonly sequence: readonly string[];
  readonly action: A;
};

export type SequenceState = {
  readonly pending: readonly string[];
  /** When the last pending key was pressed (ms). */
  readonly at: number;
};

export const IDLE: SequenceState = { pending: [], at: 0 };

/** How long the next key of a sequence may take. */
export const SEQUENCE_TIMEOUT_MS = 1500;

/** `"g d"` → `["g", "d"]`. Letters are case-sensitive (`"G"` is shift+g); spaces separate keys. */
export function parseShortcut(spec: string): string[] {
  const keys = spec.trim().split(/\s+/);
  if (keys.length === 0 || keys[0] === "") {
    throw new Error(`empty shortcut: ${JSON.stringify(spec)}`);
  }
  for (const key of keys) {
    if ([...key].length !== 1 && !NAMED_KEYS.has(key)) {
      throw new Error(`unknown key ${JSON.stringify(key)} in shortcut ${JSON.stringify(spec)}`);
    }
  }
  return keys;
}

const NAMED_KEYS = new Set(["Escape", "Enter"]);

type KeyLike = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "isComposing">;

/** The key a shortcut can match, or null for chords with Ctrl/Meta/Alt, IME input and modifiers alone. */
export function shortcutKey(event: KeyLike): string | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return null;
  const { key } = event;
  if ([...key].length === 1) return key;
  return NAMED_KEYS.has(key) ? key : null;
}

/** True where typed keys belong to the element (form fields, editable content). */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === "undefined" || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["button", "checkbox", "radio", "range", "reset", "submit", "color", "file"].includes(
    type,
  );
}

export type StepResult<A> = {
  state: SequenceState;
  /** The bound action when the key completed a sequence. */
  action: A | null;
  /** The key was used (completed or continued a sequence): the caller should preventDefault. */
  consumed: boolean;
};

function startsWith(sequence: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= sequence.length && prefix.every((key, i) => sequence[i] === key);
}

function step<A>(
  bindings: readonly ShortcutBinding<A>[],
  keys: readonly string[],
  now: number,
): StepResult<A> | null {
  const exact = bindings.find(
    (b) => b.sequence.length === keys.length && startsWith(b.sequence, keys),
  );
  if (exact) return { state: IDLE, action: exact.action, consumed: true };
  if (bindings.some((b) => b.sequence.length > keys.length && startsWith(b.sequence, keys))) {
    return { state: { pending: keys, at: now }, action: null, consumed: true };
  }
  return null;
}

/**
 * Feed one key. A pending prefix expires after `timeoutMs`; a key that breaks a sequence
 * is tried again as the start of a new one (so `g x g d` still reaches `g d`).
 */
export function advanceSequence<A>(
  bindings: readonly ShortcutBinding<A>[],
  state: SequenceState,
  key: string,
  now: number,
  timeoutMs: number = SEQUENCE_TIMEOUT_MS,
): StepResult<A> {
  const pending = now - state.at <= timeoutMs ? state.pending : [];
  if (pending.length > 0) {
    const continued = step(bindings, [...pending, key], now);
    if (continued) return continued;
  }
  return step(bindings, [key], now) ?? { state: IDLE, action: null, consumed: false };
}
