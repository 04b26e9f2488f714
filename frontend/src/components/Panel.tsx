import { type ReactNode, useId } from "react";
import { Icon, type IconName } from "./Icon";
import styles from "./Panel.module.css";

type PanelProps = {
  title: string;
  icon?: IconName;
  /** A count or short status next to the title. */
  meta?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  /** Padding inside the body; lists use "none" and draw their own rows. */
  padding?: "normal" | "none";
};

/** A titled card; a named region for assistive technology. */
export function Panel({
  title,
  icon,
  meta,
  actions,
  children,
  className,
  padding = "normal",
}: PanelProps) {
  const titleId = useId();
  return (
    <section className={`${styles.panel} ${className ?? ""}`} aria-labelledby={titleId}>
      <header className={styles.header}>
        {icon && <Icon name={icon} />}
        <h2 id={titleId} className={styles.title}>
          {title}
        </h2>
        {meta !== undefined && <span className={styles.meta}>{meta}</span>}
        {actions && <div className={styles.actions}>{actions}</div>}
      </header>
      <div className={styles.body} data-padding={padding}>
        {children}
      </div>
    </section>
  );
}
