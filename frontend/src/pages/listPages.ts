/** Which kinds each list page shows, in tab order (the page path is each kind's `listPath`). */
import { type KindMeta, kindByPlural } from "@/lib/kinds";

function kinds(...plurals: string[]): KindMeta[] {
  return plurals.map((plural) => {
    const meta = kindByPlural(plural);
    if (!meta) throw new Error(`unknown kind ${plural}`);
    return meta;
  });
}

export const SOURCE_KINDS = kinds(
  "gitrepositories",
  "helmrepositories",
  "ocirepositories",
  "buckets",
  "helmcharts",
  "externalartifacts",
);
export const NOTIFICATION_KINDS = kinds("alerts", "providers", "receivers");
export const IMAGE_KINDS = kinds("imagerepositories", "imagepolicies", "imageupdateautomations");

/** The tab of `kinds` whose path ends with `tab`, the first one when absent; null when unknown. */
export function tabKind(kinds: readonly KindMeta[], tab: string | undefined): KindMeta | null {
  if (tab === undefined) return kinds[0] ?? null;
  return kinds.find((kind) => kind.listPath.endsWith(`/${tab}`)) ?? null;
}
