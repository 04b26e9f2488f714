import { type RefObject, useEffect, useState } from "react";
import { useSearchParam } from "@/hooks/useSearchParam";
import { SEARCH_PARAM } from "@/lib/searchParams";
import { SEARCH_SHORTCUT } from "@/navigation";
import controls from "./controls.module.css";
import { Icon } from "./Icon";
import styles from "./TopBar.module.css";

type SearchBoxProps = {
  /** The shell focuses this on `/`. */
  inputRef: RefObject<HTMLInputElement | null>;
};

/** Free-text search of the current page, kept in `?q=` (replaced, not pushed, per keystroke). */
export function SearchBox({ inputRef }: SearchBoxProps) {
  const [query, setQuery] = useSearchParam(SEARCH_PARAM, { replace: true });
  const [text, setText] = useState(query ?? "");

  // Adopt URL changes (navigation, back) unless the user is typing here.
  useEffect(() => {
    if (document.activeElement !== inputRef.current) setText(query ?? "");
  }, [query, inputRef]);

  return (
    // biome-ignore lint/a11y/useSemanticElements: same semantics; jsdom (unit tests) has no <search>
    <div role="search" className={`${controls.field} ${styles.search}`}>
      <Icon name="search" />
      <input
        ref={inputRef}
        type="search"
        aria-label="Search"
        aria-keyshortcuts={SEARCH_SHORTCUT}
        placeholder="Search"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setQuery(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            setText("");
            setQuery(undefined);
            event.currentTarget.blur();
          }
        }}
      />
      {!text && (
        <span aria-hidden="true">
          <kbd>{SEARCH_SHORTCUT}</kbd>
        </span>
      )}
    </div>
  );
}
