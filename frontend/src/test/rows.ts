/** Test data builders: valid API objects with only what a test cares about spelled out. */
import type { ResourceDetail, ResourceRow } from "@/api/types";
import { kindByName } from "@/lib/kinds";

type RowInit = Partial<ResourceRow> & { name: string };

export function makeRow({ name, ...rest }: RowInit): ResourceRow {
  const kind = rest.kind ?? "Kustomization";
  const namespace = rest.namespace ?? "flux-system";
  const meta = kindByName(kind);
  return {
    id: `${kind}/${namespace}/${name}`,
    kind,
    plural: meta?.plural ?? "kustomizations",
    category: "applier",
    namespace,
    name,
    health: "Ready",
    message: "",
    suspended: false,
    ...rest,
  };
}

export function makeDetail(row: ResourceRow, rest: Partial<ResourceDetail> = {}): ResourceDetail {
  return {
    row,
    manifest: {},
    conditions: [],
    events: [],
    dependsOn: [],
    dependents: [],
    managedBy: [],
    history: [],
    reconcileHistory: [],
    ...rest,
  };
}
