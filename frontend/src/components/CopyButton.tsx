import { useEffect, useState } from "react";
import controls from "./controls.module.css";
import { Icon } from "./Icon";

type CopyButtonProps = {
  text: string;
  /** What is copied, for the accessible name: "Copy flux command". */
  label: string;
  showText?: boolean;
};

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Insecure contexts (plain http on a LAN address) have no clipboard API.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}

export function CopyButton({ text, label, showText = false }: CopyButtonProps) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return undefined;
    const timer = setTimeout(() => setState("idle"), 1800);
    return () => clearTimeout(timer);
  }, [state]);

  const status = state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label;
  return (
    <button
      type="button"
      className={showText ? controls.button : controls.iconButton}
      data-size="sm"
      aria-label={status}
      title={status}
      onClick={() => {
        copyText(text).then(
          () => setState("copied"),
          () => setState("failed"),
        );
      }}
    >
      <Icon name={state === "copied" ? "check" : "copy"} size={14} />
      {showText && <span>{state === "copied" ? "Copied" : "Copy"}</span>}
    </button>
  );
}
