import { displayUrl, safeExternalHref } from "@/lib/externalUrl";
import { formatTimestamp } from "@/lib/format";
import { parseObjectId } from "@/lib/kinds";
import type { FieldGroup, FieldValue } from "@/lib/overview";
import { toYaml } from "@/lib/yaml";
import { Icon } from "./Icon";
import { ObjectLink } from "./ObjectLink";
import styles from "./OverviewFields.module.css";
import { RelativeTime } from "./RelativeTime";

function Value({ value }: { value: FieldValue }) {
  switch (value.type) {
    case "text":
      return <span className={value.mono ? styles.mono : undefined}>{value.text}</span>;
    case "object":
      return parseObjectId(value.id) ? (
        <ObjectLink id={value.id} wrap />
      ) : (
        <span className={styles.mono}>{value.id}</span>
      );
    case "objects":
      return (
        <ul className={styles.list}>
          {value.ids.map((id) => (
            <li key={id}>
              {parseObjectId(id) ? (
                <ObjectLink id={id} wrap />
              ) : (
                <span className={styles.mono}>{id}</span>
              )}
            </li>
          ))}
        </ul>
      );
    case "url": {
      const href = safeExternalHref(value.url);
      return href ? (
        <a className={styles.external} href={href} target="_blank" rel="noopener noreferrer">
          <span className={styles.mono}>{displayUrl(value.url)}</span>
          <Icon name="external" size={12} />
        </a>
      ) : (
        <span className={styles.mono}>{displayUrl(value.url)}</span>
      );
    }
    case "time":
      return (
        <span>
          {formatTimestamp(value.value)}{" "}
          <RelativeTime value={value.value} className={styles.faint} />
        </span>
      );
    case "list":
      return (
        <ul className={styles.list}>
          {value.items.map((item) => (
            <li key={item} className={value.mono ? styles.mono : undefined}>
              {item}
            </li>
          ))}
        </ul>
      );
    case "yaml":
      return <pre className={styles.yaml}>{toYaml(value.value)}</pre>;
  }
}

/** The Overview tab: the object's configuration and status, grouped, references linked. */
export function OverviewFields({ groups }: { groups: readonly FieldGroup[] }) {
  return (
    <div className={styles.grid}>
      {groups.map((group) => (
        <section key={group.title} className={styles.group} aria-label={group.title}>
          <h3 className={styles.title}>{group.title}</h3>
          <dl className={styles.fields}>
            {group.fields.map((field) => (
              <div
                key={field.label}
                className={styles.field}
                data-wide={field.value.type === "yaml"}
              >
                <dt>{field.label}</dt>
                <dd>
                  <Value value={field.value} />
                  {field.hint && <span className={styles.hint}>{field.hint}</span>}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
