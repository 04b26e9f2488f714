import { Link, useSearchParams } from "react-router";
import type { Health, KindStats } from "@/api/types";
import { KIND_LIST, kindByPlural } from "@/lib/kinds";
import { stickySearch, withParam } from "@/lib/searchParams";
import styles from "./KindHealthTable.module.css";

const CATEGORIES: { title: string; plurals: readonly string[] }[] = [
  {
    title: "Sources",
    plurals: KIND_LIST.filter((k) => k.listPath.startsWith("/sources")).map((k) => k.plural),
  },
  { title: "Appliers", plurals: ["kustomizations", "helmreleases"] },
  { title: "Notifications", plurals: ["alerts", "providers", "receivers"] },
  { title: "Images", plurals: ["imagerepositories", "imagepolicies", "imageupdateautomations"] },
];

type Column = { key: keyof KindStats; label: string; short: string; health: Health; tone: string };

const COUNTS: readonly Column[] = [
  { key: "ready", label: "Ready", short: "Ready", health: "Ready", tone: "ready" },
  { key: "failed", label: "Failing", short: "Fail", health: "Failed", tone: "failed" },
  {
    key: "progressing",
    label: "Progressing",
    short: "Prog.",
    health: "Progressing",
    tone: "progressing",
  },
  { key: "suspended", label: "Suspended", short: "Susp.", health: "Suspended", tone: "suspended" },
];

function Bar({ stats }: { stats: KindStats }) {
  if (stats.total === 0) return <span className={styles.barEmpty} />;
  const parts: [string, number][] = [
    ["failed", stats.failed],
    ["progressing", stats.progressing],
    ["unknown", stats.unknown],
    ["suspended", stats.suspended],
    ["ready", stats.ready],
  ];
  return (
    <span className={styles.bar} aria-hidden="true">
      {parts
        .filter(([, n]) => n > 0)
        .map(([tone, n]) => (
          <span key={tone} data-tone={tone} style={{ flexGrow: n }} />
        ))}
    </span>
  );
}

/** Counts per kind (ready / failing / progressing / suspended), each a link to the filtered list. */
export function KindHealthTable({ kinds }: { kinds: readonly KindStats[] }) {
  const [params] = useSearchParams();
  const byPlural = new Map(kinds.map((k) => [k.plural, k]));
  const link = (plural: string, health?: Health) => {
    const meta = kindByPlural(plural);
    const search = withParam(
      new URLSearchParams(stickySearch(params)),
      "health",
      health,
    ).toString();
    return { pathname: meta?.listPath ?? "/", search: search ? `?${search}` : "" };
  };
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label="Objects by kind">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col" className={styles.num}>
              Total
            </th>
            {COUNTS.map((column) => (
              <th key={column.key} scope="col" className={styles.num}>
                <span className={styles.long}>{column.label}</span>
                <abbr className={styles.short} title={column.label}>
                  {column.short}
                </abbr>
              </th>
            ))}
            <th scope="col" className={styles.barCol}>
              <span className="visually-hidden">Distribution</span>
            </th>
          </tr>
        </thead>
        {CATEGORIES.map((category) => {
          const stats = category.plurals
            .map((plural) => byPlural.get(plural))
            .filter((s): s is KindStats => s !== undefined);
          if (stats.length === 0) return null;
          return (
            <tbody key={category.title}>
              <tr className={styles.category}>
                <th scope="rowgroup" colSpan={COUNTS.length + 3}>
                  {category.title}
                </th>
              </tr>
              {stats.map((stat) => (
                <tr key={stat.plural} data-kind={stat.plural}>
                  <th scope="row" className={styles.kind}>
                    <Link to={link(stat.plural)} title={kindByPlural(stat.plural)?.label}>
                      {kindByPlural(stat.plural)?.short ?? stat.kind}
                    </Link>
                  </th>
                  <td className={styles.num} data-column="total">
                    {stat.total}
                  </td>
                  {COUNTS.map((column) => {
                    const value = Number(stat[column.key] ?? 0);
                    return (
                      <td key={column.key} className={styles.num} data-column={column.key}>
                        {value > 0 ? (
                          <Link
                            className={styles.count}
                            data-tone={column.tone}
                            to={link(stat.plural, column.health)}
                            aria-label={`${value} ${column.label.toLowerCase()} ${kindByPlural(stat.plural)?.label ?? stat.kind}`}
                          >
                            {value}
                          </Link>
                        ) : (
                          <span className={styles.zero}>0</span>
                        )}
                      </td>
                    );
                  })}
                  <td className={styles.barCol}>
                    <Bar stats={stat} />
                  </td>
                </tr>
              ))}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}
