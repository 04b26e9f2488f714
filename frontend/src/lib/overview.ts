/**
 * The Overview tab of a detail page as data: the spec and status fields the PRD lists for each
 * kind (US-FLUX-005, 011, 021), grouped, with references as object ids the page links to.
 * Empty fields are left out, so an overview shows what is configured, not a wall of dashes.
 */
import type { FluxObject, ResourceDetail, ResourceRow } from "@/api/types";
import { formatBytes, formatDuration, parseGoDuration } from "./format";

export type FieldValue =
  | { type: "text"; text: string; mono?: boolean }
  | { type: "object"; id: string }
  | { type: "objects"; ids: readonly string[] }
  | { type: "url"; url: string }
  | { type: "time"; value: string }
  | { type: "list"; items: readonly string[]; mono?: boolean }
  | { type: "yaml"; value: unknown };

export type Field = { label: string; value: FieldValue; hint?: string };
export type FieldGroup = { title: string; fields: Field[] };

type Maybe<T> = T | null | undefined;

function textField(
  label: string,
  value: Maybe<string | number>,
  mono = false,
  hint?: string,
): Field | null {
  if (value === null || value === undefined || value === "") return null;
  return { label, value: { type: "text", text: String(value), mono }, hint };
}

function boolField(label: string, value: Maybe<boolean>): Field | null {
  if (value === null || value === undefined) return null;
  return { label, value: { type: "text", text: value ? "Yes" : "No" } };
}

function objectField(label: string, id: Maybe<string>): Field | null {
  return id ? { label, value: { type: "object", id } } : null;
}

function objectsField(label: string, ids: Maybe<readonly string[]>): Field | null {
  return ids && ids.length > 0 ? { label, value: { type: "objects", ids } } : null;
}

function listField(label: string, items: Maybe<readonly string[]>, mono = true): Field | null {
  return items && items.length > 0 ? { label, value: { type: "list", items, mono } } : null;
}

function timeField(label: string, value: Maybe<string>): Field | null {
  return value ? { label, value: { type: "time", value } } : null;
}

function urlField(label: string, url: Maybe<string>): Field | null {
  return url ? { label, value: { type: "url", url } } : null;
}

function yamlField(label: string, value: unknown): Field | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "object" && Object.keys(value).length === 0) return null;
  return { label, value: { type: "yaml", value } };
}

function group(title: string, fields: (Field | null)[]): FieldGroup | null {
  const present = fields.filter((field): field is Field => field !== null);
  return present.length > 0 ? { title, fields: present } : null;
}

/** `a=b, c=d` for label maps. */
function labels(map: Maybe<Record<string, string>>): string | null {
  if (!map) return null;
  const entries = Object.entries(map);
  return entries.length > 0 ? entries.map(([k, v]) => `${k}=${v}`).join(", ") : null;
}

/** Kustomization `spec.timeout` or its effective default: interval − 30s, at least 30s. */
export function kustomizationTimeout(
  timeout: Maybe<string>,
  interval: Maybe<string>,
): { text: string; hint?: string } | null {
  if (timeout) return { text: timeout };
  const ms = parseGoDuration(interval);
  if (ms === null) return null;
  return {
    text: formatDuration(Math.max(ms - 30_000, 30_000)),
    hint: "default: interval − 30s, at least 30s",
  };
}

function retries(value: Maybe<number>): string | null {
  if (value === null || value === undefined) return null;
  return value < 0 ? "unlimited" : String(value);
}

function artifactGroup(detail: ResourceDetail): FieldGroup | null {
  const artifact = detail.artifact;
  if (!artifact) return null;
  return group("Artifact", [
    textField("Revision", artifact.revision, true),
    textField("Digest", artifact.digest, true),
    textField("Size", artifact.size ? formatBytes(artifact.size) : null),
    timeField("Updated", artifact.lastUpdateTime),
    textField("Origin revision", artifact.metadata?.["org.opencontainers.image.revision"], true),
    urlField("Origin source", artifact.metadata?.["org.opencontainers.image.source"]),
  ]);
}

function reconcileGroup(row: ResourceRow, extra: (Field | null)[] = []): FieldGroup | null {
  return group("Reconciliation", [
    textField("Interval", row.interval, true),
    timeField("Last reconciled", row.lastReconciled),
    textField("Last requested", row.lastHandledReconcileAt, true),
    textField(
      "Generation",
      row.generation !== null && row.generation !== undefined
        ? `${row.generation} (observed ${row.observedGeneration ?? "—"})`
        : null,
    ),
    ...extra,
  ]);
}

function specGroups(resource: FluxObject, detail: ResourceDetail): (FieldGroup | null)[] {
  const row = detail.row;
  switch (resource.kind) {
    case "Kustomization": {
      const spec = resource.spec;
      const status = resource.status;
      const timeout = kustomizationTimeout(spec.timeout, spec.interval);
      const substitute = spec.postBuild?.substitute ?? {};
      return [
        group("Source", [
          objectField("Source", row.source),
          textField("Path", spec.path || "./", true),
          textField("Target namespace", spec.targetNamespace, true),
          textField(
            "Name prefix / suffix",
            [spec.namePrefix, spec.nameSuffix].filter(Boolean).join(" … ") || null,
            true,
          ),
          listField("Components", spec.components),
        ]),
        group("Apply", [
          textField("Interval", spec.interval, true),
          textField(
            "Retry interval",
            spec.retryInterval ?? spec.interval,
            true,
            spec.retryInterval ? undefined : "default: the interval",
          ),
          timeout ? textField("Timeout", timeout.text, true, timeout.hint) : null,
          boolField("Prune", spec.prune),
          textField("Deletion policy", spec.deletionPolicy),
          boolField("Wait for all resources", spec.wait),
          boolField("Force (recreate immutable)", spec.force),
          textField("Service account", spec.serviceAccountName, true),
          textField("Decryption", spec.decryption ? spec.decryption.provider : null),
          textField(
            "Remote cluster (kubeConfig)",
            spec.kubeConfig?.secretRef?.name ?? spec.kubeConfig?.configMapRef?.name,
            true,
          ),
        ]),
        group("Health checks", [
          listField(
            "Health checks",
            spec.healthChecks?.map(
              (check) =>
                `${check.kind}/${check.namespace ?? resource.metadata.namespace}/${check.name}`,
            ),
          ),
        ]),
        group("Dependencies", [objectsField("Depends on", row.dependsOn)]),
        group("Post-build substitutions", [
          Object.keys(substitute).length > 0
            ? {
                label: "Variables",
                value: {
                  type: "list",
                  items: Object.entries(substitute).map(([k, v]) => `${k}=${v}`),
                  mono: true,
                },
              }
            : null,
          listField(
            "From",
            spec.postBuild?.substituteFrom?.map(
              (ref) => `${ref.kind}/${ref.name}${ref.optional ? " (optional)" : ""}`,
            ),
          ),
          textField("Strategy", spec.postBuild?.substituteStrategy),
        ]),
        group("Status", [
          textField("Last applied revision", status?.lastAppliedRevision, true),
          textField("Last attempted revision", status?.lastAttemptedRevision, true),
          textField("Origin revision", status?.lastAppliedOriginRevision, true),
          timeField("Last reconciled", row.lastReconciled),
          textField("Last requested", row.lastHandledReconcileAt, true),
        ]),
      ];
    }
    case "HelmRelease": {
      const spec = resource.spec;
      const status = resource.status;
      const chartSpec = spec.chart?.spec;
      const latest = status?.history?.[0];
      return [
        group("Chart", [
          textField(
            "Chart",
            chartSpec ? `${chartSpec.chart}@${chartSpec.version ?? "*"}` : null,
            true,
          ),
          objectField(chartSpec ? "Chart source" : "Chart reference", row.source),
          objectField("HelmChart", row.helmChart),
          textField("Reconcile strategy", chartSpec?.reconcileStrategy),
          listField("Values files", chartSpec?.valuesFiles),
        ]),
        group("Release", [
          textField("Release name", spec.releaseName ?? row.releaseName, true),
          textField("Target namespace", spec.targetNamespace, true),
          textField("Storage namespace", spec.storageNamespace ?? status?.storageNamespace, true),
          textField("Interval", spec.interval, true),
          textField("Timeout", spec.timeout ?? "5m", true, spec.timeout ? undefined : "default"),
          textField("Max history", spec.maxHistory),
          textField("Service account", spec.serviceAccountName, true),
          textField("Drift detection", spec.driftDetection?.mode),
        ]),
        group("Remediation", [
          textField("Install retries", retries(spec.install?.remediation?.retries)),
          textField("Upgrade retries", retries(spec.upgrade?.remediation?.retries)),
          textField("Upgrade remediation", spec.upgrade?.remediation?.strategy),
          boolField("Remediate last failure", spec.upgrade?.remediation?.remediateLastFailure),
          textField("Install strategy", spec.install?.strategy?.name),
          textField("Upgrade strategy", spec.upgrade?.strategy?.name),
          textField("CRDs", spec.install?.crds ?? spec.upgrade?.crds),
          boolField("Rollback: cleanup on fail", spec.rollback?.cleanupOnFail),
          boolField("Rollback: force", spec.rollback?.force),
          boolField("Rollback: recreate", spec.rollback?.recreate),
          textField("Rollback timeout", spec.rollback?.timeout, true),
          boolField("Tests enabled", spec.test?.enable),
        ]),
        group("Dependencies", [objectsField("Depends on", row.dependsOn)]),
        group("Values", [
          listField(
            "Values from",
            spec.valuesFrom?.map(
              (ref) =>
                `${ref.kind}/${ref.name}${ref.valuesKey ? `:${ref.valuesKey}` : ""}${ref.targetPath ? ` → ${ref.targetPath}` : ""}${ref.optional ? " (optional)" : ""}`,
            ),
          ),
          yamlField("Inline values", spec.values),
        ]),
        group("Status", [
          textField(
            "Last release",
            latest
              ? `v${latest.version} ${latest.status} (${latest.chartName}@${latest.chartVersion})`
              : null,
          ),
          textField("Last attempted revision", status?.lastAttemptedRevision, true),
          textField("Last action", status?.lastAttemptedReleaseAction),
          textField("Failures", status?.failures ?? null),
          textField("Install failures", status?.installFailures ?? null),
          textField("Upgrade failures", status?.upgradeFailures ?? null),
          timeField("Last reconciled", row.lastReconciled),
        ]),
      ];
    }
    case "GitRepository": {
      const spec = resource.spec;
      return [
        group("Repository", [
          urlField("URL", row.url ?? spec.url),
          textField("Ref", row.ref, true),
          textField("Provider", spec.provider),
          textField("Credentials", spec.secretRef?.name, true, "Secret name"),
          textField("Verification", spec.verify ? (spec.verify.mode ?? "HEAD") : null),
          boolField("Recurse submodules", spec.recurseSubmodules),
          listField(
            "Include",
            spec.include?.map(
              (inc) =>
                `${inc.repository.name}${inc.fromPath ? `:${inc.fromPath}` : ""}${inc.toPath ? ` → ${inc.toPath}` : ""}`,
            ),
          ),
          listField("Sparse checkout", spec.sparseCheckout),
          textField("Ignore", spec.ignore, true),
        ]),
        reconcileGroup(row, [textField("Timeout", spec.timeout ?? "60s", true)]),
        artifactGroup(detail),
      ];
    }
    case "OCIRepository": {
      const spec = resource.spec;
      return [
        group("Repository", [
          urlField("URL", row.url ?? spec.url),
          textField("Reference", row.ref, true),
          textField(
            "Layer selector",
            spec.layerSelector
              ? `${spec.layerSelector.mediaType ?? "*"} (${spec.layerSelector.operation ?? "extract"})`
              : null,
            true,
          ),
          textField("Provider", spec.provider),
          textField("Credentials", spec.secretRef?.name, true, "Secret name"),
          textField("Verification", spec.verify?.provider),
          boolField("Insecure", spec.insecure),
          textField("Ignore", spec.ignore, true),
        ]),
        reconcileGroup(row, [textField("Timeout", spec.timeout ?? "60s", true)]),
        artifactGroup(detail),
      ];
    }
    case "HelmRepository": {
      const spec = resource.spec;
      const oci = spec.type === "oci";
      return [
        group("Repository", [
          urlField("URL", row.url ?? spec.url),
          textField(
            "Type",
            oci ? "OCI registry (static, no index artifact)" : "Helm HTTP(S) index",
          ),
          textField("Provider", spec.provider),
          textField("Credentials", spec.secretRef?.name, true, "Secret name"),
          boolField("Pass credentials", spec.passCredentials),
          boolField("Insecure", spec.insecure),
        ]),
        oci ? null : reconcileGroup(row, [textField("Timeout", spec.timeout, true)]),
        artifactGroup(detail),
      ];
    }
    case "HelmChart": {
      const spec = resource.spec;
      return [
        group("Chart", [
          textField("Chart", spec.chart, true),
          textField("Version", spec.version ?? "*", true),
          objectField("Source", row.source),
          textField("Reconcile strategy", spec.reconcileStrategy ?? "ChartVersion"),
          listField("Values files", spec.valuesFiles),
          textField("Verification", spec.verify?.provider),
        ]),
        reconcileGroup(row),
        artifactGroup(detail),
      ];
    }
    case "Bucket": {
      const spec = resource.spec;
      return [
        group("Bucket", [
          textField("Endpoint", spec.endpoint, true),
          textField("Bucket", spec.bucketName, true),
          textField("Provider", spec.provider ?? "generic"),
          textField("Region", spec.region),
          textField("Prefix", spec.prefix, true),
          textField("Credentials", spec.secretRef?.name, true, "Secret name"),
          boolField("Insecure", spec.insecure),
        ]),
        reconcileGroup(row, [textField("Timeout", spec.timeout ?? "60s", true)]),
        artifactGroup(detail),
      ];
    }
    case "ExternalArtifact":
      return [group("Producer", [objectField("Source", row.source)]), artifactGroup(detail)];
    case "Alert": {
      const spec = resource.spec;
      return [
        group("Alert", [
          objectField("Provider", row.providerRef),
          textField("Severity", spec.eventSeverity ?? "info"),
          listField("Event sources", row.eventSources),
          listField("Inclusion list", spec.inclusionList),
          listField("Exclusion list", spec.exclusionList),
          textField("Summary", spec.summary),
          textField("Event metadata", labels(spec.eventMetadata), true),
        ]),
      ];
    }
    case "Provider": {
      const spec = resource.spec;
      return [
        group("Provider", [
          textField("Type", spec.type),
          textField("Channel", spec.channel, true),
          textField("Username", spec.username),
          textField("Address", spec.address, true, "masked: secrets never leave the server"),
          textField("Credentials", spec.secretRef?.name, true, "Secret name"),
          textField("Timeout", spec.timeout, true),
        ]),
      ];
    }
    case "Receiver": {
      const spec = resource.spec;
      return [
        group("Receiver", [
          textField("Type", spec.type),
          listField("Events", spec.events, false),
          listField("Resources", row.resources),
          textField("Webhook path", row.webhookPath, true),
          textField("Resource filter", spec.resourceFilter, true),
          textField("Token", spec.secretRef?.name, true, "Secret name"),
        ]),
        reconcileGroup(row),
      ];
    }
    case "ImageRepository": {
      const spec = resource.spec;
      const scan = resource.status?.lastScanResult;
      return [
        group("Image", [
          textField("Image", spec.image, true),
          textField("Canonical name", resource.status?.canonicalImageName, true),
          textField("Provider", spec.provider),
          textField("Credentials", spec.secretRef?.name, true, "Secret name"),
          listField("Exclusion list", spec.exclusionList),
        ]),
        group("Last scan", [
          timeField("Scanned", scan?.scanTime),
          textField("Tags", scan?.tagCount ?? null),
          listField("Latest tags", scan?.latestTags),
        ]),
        reconcileGroup(row),
      ];
    }
    case "ImagePolicy": {
      const spec = resource.spec;
      const latest = resource.status?.latestRef;
      const previous = resource.status?.observedPreviousRef;
      return [
        group("Policy", [
          objectField("Image repository", row.imageRepository),
          textField("Policy", row.policy, true),
          textField("Tag filter", spec.filterTags?.pattern, true),
          textField("Extract", spec.filterTags?.extract, true),
          textField("Digest reflection", spec.digestReflectionPolicy),
        ]),
        group("Result", [
          textField(
            "Latest image",
            latest
              ? `${latest.name}:${latest.tag}${latest.digest ? `@${latest.digest}` : ""}`
              : null,
            true,
          ),
          textField("Previous image", previous ? `${previous.name}:${previous.tag}` : null, true),
        ]),
      ];
    }
    case "ImageUpdateAutomation": {
      const spec = resource.spec;
      const status = resource.status;
      const checkout = spec.git?.checkout?.ref;
      return [
        group("Automation", [
          objectField("Git repository", row.source),
          textField(
            "Checkout",
            checkout
              ? Object.entries(checkout)
                  .filter(([, v]) => v)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(", ") || null
              : null,
            true,
          ),
          textField("Push branch", spec.git?.push?.branch ?? spec.git?.push?.refspec, true),
          textField(
            "Commit author",
            spec.git?.commit
              ? `${spec.git.commit.author.name ?? ""} <${spec.git.commit.author.email}>`.trim()
              : null,
          ),
          textField("Update path", spec.update?.path, true),
          textField("Strategy", spec.update?.strategy ?? "Setters"),
          textField("Policy selector", labels(spec.policySelector?.matchLabels), true),
        ]),
        group("Last run", [
          timeField("Last run", status?.lastAutomationRunTime),
          textField("Last push commit", status?.lastPushCommit, true),
          timeField("Last push", status?.lastPushTime),
          textField("Source revision", status?.observedSourceRevision, true),
          listField(
            "Observed policies",
            Object.entries(status?.observedPolicies ?? {}).map(
              ([name, ref]) => `${name}: ${ref.name}:${ref.tag}`,
            ),
          ),
        ]),
        reconcileGroup(row),
      ];
    }
  }
}

/** Groups of the Overview tab; falls back to the row's columns when the object has no model. */
export function overviewGroups(detail: ResourceDetail): FieldGroup[] {
  const resource = detail.resource;
  const groups = resource
    ? specGroups(resource, detail)
    : [
        group("Summary", [
          urlField("URL", detail.row.url),
          textField("Revision", detail.row.revisionFull ?? detail.row.revision, true),
          objectField("Source", detail.row.source),
        ]),
        reconcileGroup(detail.row),
      ];
  const meta = group("Metadata", [
    timeField("Created", detail.row.createdAt),
    textField("Labels", labels(detail.row.labels), true),
    textField("UID", detail.row.uid, true),
  ]);
  return [...groups, meta].filter((g): g is FieldGroup => g !== null);
}
