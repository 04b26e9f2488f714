import { describe, expect, it } from "vitest";
import type { FluxObject } from "@/api/types";
import { makeDetail, makeRow } from "@/test/rows";
import { kustomizationTimeout, overviewGroups } from "./overview";

function labelsOf(groups: ReturnType<typeof overviewGroups>): string[] {
  return groups.flatMap((g) => g.fields.map((f) => `${g.title}/${f.label}`));
}

describe("overviewGroups", () => {
  it("lists a Kustomization's spec fields from the PRD, linking source and dependencies", () => {
    const row = makeRow({
      name: "apps",
      source: "GitRepository/flux-system/flux-system",
      dependsOn: ["Kustomization/flux-system/infra"],
      lastReconciled: "2026-01-10T10:00:00Z",
    });
    const resource: FluxObject = {
      kind: "Kustomization",
      metadata: { name: "apps", namespace: "flux-system" },
      spec: {
        sourceRef: { kind: "GitRepository", name: "flux-system" },
        path: "./apps",
        interval: "10m",
        prune: true,
        targetNamespace: "apps",
        suspend: false,
        healthChecks: [{ kind: "Deployment", name: "podinfo", namespace: "apps" }],
        postBuild: {
          substitute: { cluster: "prod" },
          substituteFrom: [{ kind: "ConfigMap", name: "vars" }],
        },
      },
      status: { lastAppliedRevision: "main@sha1:abc", conditions: [] },
    };
    const groups = overviewGroups(makeDetail(row, { resource }));
    const labels = labelsOf(groups);
    for (const expected of [
      "Source/Source",
      "Source/Path",
      "Source/Target namespace",
      "Apply/Interval",
      "Apply/Retry interval",
      "Apply/Timeout",
      "Apply/Prune",
      "Health checks/Health checks",
      "Dependencies/Depends on",
      "Post-build substitutions/Variables",
      "Post-build substitutions/From",
      "Status/Last applied revision",
      "Status/Last reconciled",
    ]) {
      expect(labels).toContain(expected);
    }
    const source = groups[0]?.fields[0];
    expect(source?.value).toEqual({ type: "object", id: "GitRepository/flux-system/flux-system" });
    const timeout = groups
      .find((g) => g.title === "Apply")
      ?.fields.find((f) => f.label === "Timeout");
    expect(timeout?.value).toEqual({ type: "text", text: "9m 30s", mono: true });
    expect(timeout?.hint).toMatch(/interval − 30s/);
    // Nothing configured, nothing shown.
    expect(labels).not.toContain("Apply/Decryption");
  });

  it("shows HelmRelease chart, remediation and values", () => {
    const row = makeRow({
      name: "podinfo",
      kind: "HelmRelease",
      namespace: "apps",
      source: "HelmRepository/apps/podinfo",
    });
    const resource: FluxObject = {
      kind: "HelmRelease",
      metadata: { name: "podinfo", namespace: "apps" },
      spec: {
        interval: "5m",
        suspend: false,
        chart: {
          spec: {
            chart: "podinfo",
            version: "6.x",
            sourceRef: { kind: "HelmRepository", name: "podinfo" },
          },
        },
        install: { remediation: { retries: -1 } },
        upgrade: { remediation: { retries: 3, strategy: "rollback" } },
        values: { replicaCount: 2 },
        valuesFrom: [{ kind: "ConfigMap", name: "podinfo-values", valuesKey: "values.yaml" }],
      },
      status: {
        conditions: [],
        history: [
          {
            name: "podinfo",
            namespace: "apps",
            version: 4,
            status: "deployed",
            chartName: "podinfo",
            chartVersion: "6.5.0",
            digest: "",
            configDigest: "",
          },
        ],
        installFailures: 0,
        upgradeFailures: 2,
      },
    };
    const groups = overviewGroups(makeDetail(row, { resource }));
    const fields = Object.fromEntries(
      groups.flatMap((g) => g.fields.map((f) => [f.label, f.value])),
    );
    expect(fields.Chart).toEqual({ type: "text", text: "podinfo@6.x", mono: true });
    expect(fields["Install retries"]).toEqual({ type: "text", text: "unlimited", mono: false });
    expect(fields["Upgrade remediation"]).toEqual({ type: "text", text: "rollback", mono: false });
    expect(fields["Inline values"]).toEqual({ type: "yaml", value: { replicaCount: 2 } });
    expect(fields["Last release"]).toEqual({
      type: "text",
      text: "v4 deployed (podinfo@6.5.0)",
      mono: false,
    });
    expect(fields["Upgrade failures"]).toEqual({ type: "text", text: "2", mono: false });
  });

  it("falls back to the row when the object has no model", () => {
    const row = makeRow({
      name: "x",
      kind: "GitRepository",
      url: "https://example.com/r",
      interval: "1m",
    });
    const labels = labelsOf(overviewGroups(makeDetail(row)));
    expect(labels).toContain("Summary/URL");
    expect(labels).toContain("Reconciliation/Interval");
  });

  it("computes the Kustomization default timeout", () => {
    expect(kustomizationTimeout(null, "10m")?.text).toBe("9m 30s");
    expect(kustomizationTimeout(null, "40s")?.text).toBe("30s");
    expect(kustomizationTimeout("2m", "10m")).toEqual({ text: "2m" });
    expect(kustomizationTimeout(null, "bad")).toBeNull();
  });
});
