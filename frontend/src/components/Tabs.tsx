import { type KeyboardEvent, type ReactNode, useId, useRef } from "react";
import styles from "./Tabs.module.css";

export type TabSpec = {
  id: string;
  label: string;
  count?: number | null;
  tone?: "failed" | "warning";
};

type TabsProps = {
  label: string;
  tabs: readonly TabSpec[];
  active: string;
  onChange: (id: string) => void;
  children: ReactNode;
};

/**
 * ARIA tabs (arrow keys move between them, Home/End jump). The active tab is the caller's
 * state (the URL on detail pages), so every tab is a deep link.
 */
export function Tabs({ label, tabs, active, onChange, children }: TabsProps) {
  const baseId = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const index = Math.max(
    0,
    tabs.findIndex((tab) => tab.id === active),
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: tabs.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = tabs[(target + tabs.length) % tabs.length];
    if (!next) return;
    onChange(next.id);
    listRef.current
      ?.querySelector<HTMLButtonElement>(`#${CSS.escape(`${baseId}-${next.id}`)}`)
      ?.focus();
  };

  return (
    <div className={styles.tabs}>
      <div
        ref={listRef}
        role="tablist"
        aria-label={label}
        className={styles.list}
        onKeyDown={onKeyDown}
      >
        {tabs.map((tab) => {
          const selected = tab.id === tabs[index]?.id;
          return (
            <button
              key={tab.id}
              id={`${baseId}-${tab.id}`}
              type="button"
              role="tab"
              aria-selected={selected}
              aria-controls={`${baseId}-panel`}
              tabIndex={selected ? 0 : -1}
              className={styles.tab}
              onClick={() => onChange(tab.id)}
            >
              {tab.label}
              {tab.count !== undefined && tab.count !== null && (
                <span className={styles.count} data-tone={tab.tone}>
                  {tab.count}
                </span>
              )}
            </button>
          );
        })}
      </div>
      <div
        id={`${baseId}-panel`}
        role="tabpanel"
        aria-labelledby={`${baseId}-${tabs[index]?.id ?? ""}`}
        className={styles.panel}
      >
        {children}
      </div>
    </div>
  );
}
