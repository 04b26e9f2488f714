/**
 * The main menu and its keyboard shortcuts, as data. The router (`router.tsx`) owns the
 * route table; a test checks every item here resolves to a real page.
 */
import type { IconName } from "@/components/Icon";
import { parseShortcut, type ShortcutBinding } from "@/lib/shortcuts";

export type NavItem = {
  path: string;
  label: string;
  icon: IconName;
  /** Sequence that opens the page, e.g. `"g k"`. */
  shortcut: string;
};

export const NAV_ITEMS: readonly NavItem[] = [
  { path: "/", label: "Dashboard", icon: "dashboard", shortcut: "g d" },
  { path: "/sources", label: "Sources", icon: "sources", shortcut: "g s" },
  { path: "/kustomizations", label: "Kustomizations", icon: "kustomizations", shortcut: "g k" },
  { path: "/helmreleases", label: "HelmReleases", icon: "helmreleases", shortcut: "g h" },
  { path: "/notifications", label: "Notifications", icon: "notifications", shortcut: "g n" },
  { path: "/images", label: "Images", icon: "images", shortcut: "g i" },
  { path: "/graph", label: "Graph", icon: "graph", shortcut: "g g" },
];

export type ShellAction = { type: "navigate"; to: string } | { type: "focusSearch" };

export const SEARCH_SHORTCUT = "/";

export const SHELL_SHORTCUTS: readonly ShortcutBinding<ShellAction>[] = [
  { sequence: parseShortcut(SEARCH_SHORTCUT), action: { type: "focusSearch" } },
  ...NAV_ITEMS.map((item) => ({
    sequence: parseShortcut(item.shortcut),
    action: { type: "navigate", to: item.path } as const,
  })),
];
