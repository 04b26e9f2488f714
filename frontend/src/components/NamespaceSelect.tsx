import { useEffect, useId, useRef, useState } from "react";
import { useSearchParam } from "@/hooks/useSearchParam";
import { isNamespaceName } from "@/lib/namespace";
import { NAMESPACE_PARAM } from "@/lib/searchParams";
import controls from "./controls.module.css";
import { Icon } from "./Icon";
import styles from "./TopBar.module.css";

type NamespaceSelectProps = {
  /** Namespaces to suggest; any valid name can be typed. */
  namespaces?: readonly string[];
};

/**
 * The namespace filter, kept in `?namespace=` and carried across pages. Empty means all
 * namespaces. A typed value is applied on Enter, on blur, or when it matches a suggestion.
 */
export function NamespaceSelect({ namespaces = [] }: NamespaceSelectProps) {
  const [namespace, setNamespace] = useSearchParam(NAMESPACE_PARAM);
  const [text, setText] = useState(namespace ?? "");
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const listId = useId();
  const hintId = useId();
  const trimmed = text.trim();
  const invalid = trimmed !== "" && !isNamespaceName(trimmed);

  useEffect(() => {
    if (document.activeElement !== inputRef.current) setText(namespace ?? "");
  }, [namespace]);

  const apply = (value: string) => {
    const next = value.trim();
    if (next !== "" && !isNamespaceName(next)) return;
    setText(next);
    if (next !== (namespace ?? "")) setNamespace(next || undefined);
  };

  return (
    <div className={`${controls.field} ${styles.namespace}`} data-invalid={invalid}>
      <label htmlFor={inputId} title="Namespace">
        <Icon name="namespace" />
        <span className="visually-hidden">Namespace</span>
      </label>
      <input
        ref={inputRef}
        id={inputId}
        list={listId}
        placeholder="All namespaces"
        autoComplete="off"
        spellCheck={false}
        maxLength={63}
        aria-invalid={invalid}
        aria-describedby={invalid ? hintId : undefined}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          if (namespaces.includes(event.target.value)) apply(event.target.value);
        }}
        onBlur={() => apply(text)}
        onKeyDown={(event) => {
          if (event.key === "Enter") apply(text);
          if (event.key === "Escape") {
            setText(namespace ?? "");
            event.currentTarget.blur();
          }
        }}
      />
      {invalid && (
        <span id={hintId} className="visually-hidden">
          Not a namespace name: lowercase letters, digits and '-' only.
        </span>
      )}
      {namespace && (
        <button
          type="button"
          className={controls.clearButton}
          aria-label="Show all namespaces"
          title="Show all namespaces"
          onClick={() => apply("")}
        >
          <Icon name="close" size={14} />
        </button>
      )}
      <datalist id={listId}>
        {namespaces.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </div>
  );
}
