/**
 * The Flux kinds as the UI names and links them. Mirrors the server's registry
 * (`fluxdash.models.kinds`): plural (used in every path and query), Kind, `flux` CLI noun and
 * which actions exist for the kind. Object ids are `Kind/namespace/name` everywhere.
 */
import type { FluxKindPlural } from "@/api/types";

export type KindMeta = {
  plural: FluxKindPlural;
  kind: string;
  /** Plural label for headings: "GitRepositories". */
  label: string;
  /** Short tab label: "Git". */
  short: string;
  /** The `flux` CLI noun: `flux reconcile <cliNoun> <name>`. */
  cliNoun: string;
  suspendable: boolean;
  /** `flux reconcile` exists (a HelmRepository of type oci is static: see `isReconcilable`). */
  reconcilable: boolean;
  /** Where its list lives: the page path and tab. */
  listPath: string;
  /** A few letters for tight spots (table cells): "git", "ks", "hr". */
  abbrev: string;
};

const ABBREV: Record<FluxKindPlural, string> = {
  gitrepositories: "git",
  helmrepositories: "helm",
  ocirepositories: "oci",
  buckets: "bucket",
  helmcharts: "chart",
  externalartifacts: "ext",
  kustomizations: "ks",
  helmreleases: "hr",
  alerts: "alert",
  providers: "provider",
  receivers: "receiver",
  imagerepositories: "image",
  imagepolicies: "policy",
  imageupdateautomations: "update",
};

function meta(
  plural: FluxKindPlural,
  kind: string,
  label: string,
  short: string,
  cliNoun: string,
  listPath: string,
  { suspendable = true, reconcilable = true } = {},
): KindMeta {
  return {
    plural,
    kind,
    label,
    short,
    cliNoun,
    suspendable,
    reconcilable,
    listPath,
    abbrev: ABBREV[plural],
  };
}

export const KIND_LIST: readonly KindMeta[] = [
  meta("gitrepositories", "GitRepository", "GitRepositories", "Git", "source git", "/sources/git"),
  meta(
    "helmrepositories",
    "HelmRepository",
    "HelmRepositories",
    "Helm",
    "source helm",
    "/sources/helm",
  ),
  meta("ocirepositories", "OCIRepository", "OCIRepositories", "OCI", "source oci", "/sources/oci"),
  meta("buckets", "Bucket", "Buckets", "Bucket", "source bucket", "/sources/buckets"),
  meta("helmcharts", "HelmChart", "HelmCharts", "HelmChart", "source chart", "/sources/charts"),
  meta(
    "externalartifacts",
    "ExternalArtifact",
    "ExternalArtifacts",
    "ExternalArtifact",
    "source external",
    "/sources/external",
    { suspendable: false, reconcilable: false },
  ),
  meta(
    "kustomizations",
    "Kustomization",
    "Kustomizations",
    "Kustomizations",
    "kustomization",
    "/kustomizations",
  ),
  meta(
    "helmreleases",
    "HelmRelease",
    "HelmReleases",
    "HelmReleases",
    "helmrelease",
    "/helmreleases",
  ),
  meta("alerts", "Alert", "Alerts", "Alerts", "alert", "/notifications/alerts", {
    reconcilable: false,
  }),
  meta(
    "providers",
    "Provider",
    "Providers",
    "Providers",
    "alert-provider",
    "/notifications/providers",
    {
      reconcilable: false,
    },
  ),
  meta("receivers", "Receiver", "Receivers", "Receivers", "receiver", "/notifications/receivers"),
  meta(
    "imagerepositories",
    "ImageRepository",
    "ImageRepositories",
    "Repositories",
    "image repository",
    "/images/repositories",
  ),
  meta(
    "imagepolicies",
    "ImagePolicy",
    "ImagePolicies",
    "Policies",
    "image policy",
    "/images/policies",
  ),
  meta(
    "imageupdateautomations",
    "ImageUpdateAutomation",
    "ImageUpdateAutomations",
    "Update automations",
    "image update",
    "/images/automations",
  ),
];

const BY_PLURAL = new Map(KIND_LIST.map((meta) => [meta.plural as string, meta]));
const BY_KIND = new Map(KIND_LIST.map((meta) => [meta.kind, meta]));

export function kindByPlural(plural: string): KindMeta | undefined {
  return BY_PLURAL.get(plural);
}

export function kindByName(kind: string): KindMeta | undefined {
  return BY_KIND.get(kind);
}

export function isFluxPlural(value: string): value is FluxKindPlural {
  return BY_PLURAL.has(value);
}

export type ObjectRef = { kind: string; namespace: string; name: string };

/** `Kind/namespace/name` → its parts; null when it is not three non-empty parts. */
export function parseObjectId(id: string): ObjectRef | null {
  const parts = id.split("/");
  if (parts.length !== 3 || parts.some((part) => part === "")) return null;
  const [kind, namespace, name] = parts as [string, string, string];
  return { kind, namespace, name };
}

export function objectId(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** The detail page of a Flux object given its plural, namespace and name. */
export function detailPath(plural: string, namespace: string, name: string): string {
  return `/resources/${encodeURIComponent(plural)}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

/** The detail page of a Flux object id (`Kind/namespace/name`); null for non-Flux kinds. */
export function detailPathForId(id: string): string | null {
  const ref = parseObjectId(id);
  if (!ref) return null;
  const meta = kindByName(ref.kind);
  return meta ? detailPath(meta.plural, ref.namespace, ref.name) : null;
}

/** Reconcilable, given the object: kinds without reconciliation and static OCI HelmRepositories are not. */
export function isReconcilable(meta: KindMeta, repoType?: string | null): boolean {
  if (!meta.reconcilable) return false;
  return !(meta.plural === "helmrepositories" && repoType === "oci");
}
