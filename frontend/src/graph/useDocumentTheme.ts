import { useSyncExternalStore } from "react";

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  return () => observer.disconnect();
}

function snapshot(): string {
  return document.documentElement.dataset.theme ?? "";
}

/** The theme applied to <html> (`data-theme`), so canvas colours can follow it. */
export function useDocumentTheme(): string {
  return useSyncExternalStore(subscribe, snapshot, () => "");
}
