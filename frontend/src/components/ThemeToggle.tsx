import type { ThemeControl } from "@/hooks/useTheme";
import { oppositeTheme } from "@/lib/theme";
import controls from "./controls.module.css";
import { Icon } from "./Icon";

export function ThemeToggle({ theme, toggle }: Pick<ThemeControl, "theme" | "toggle">) {
  const label = `Switch to ${oppositeTheme(theme)} theme`;
  return (
    <button
      type="button"
      className={controls.iconButton}
      aria-label={label}
      title={label}
      onClick={toggle}
    >
      <Icon name={theme === "dark" ? "sun" : "moon"} />
    </button>
  );
}
