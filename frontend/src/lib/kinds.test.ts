import { describe, expect, it } from "vitest";
import {
  detailPath,
  detailPathForId,
  isFluxPlural,
  isReconcilable,
  KIND_LIST,
  kindByName,
  kindByPlural,
  objectId,
  parseObjectId,
} from "./kinds";

describe("kinds", () => {
  it("knows every Flux kind once, by plural and by Kind", () => {
    expect(KIND_LIST).toHaveLength(14);
    expect(new Set(KIND_LIST.map((k) => k.plural)).size).toBe(14);
    for (const meta of KIND_LIST) {
      expect(kindByPlural(meta.plural)).toBe(meta);
      expect(kindByName(meta.kind)).toBe(meta);
      expect(meta.plural).toBe(meta.plural.toLowerCase());
    }
    expect(isFluxPlural("kustomizations")).toBe(true);
    expect(isFluxPlural("deployments")).toBe(false);
  });

  it("parses and builds object ids", () => {
    expect(parseObjectId("Kustomization/flux-system/apps")).toEqual({
      kind: "Kustomization",
      namespace: "flux-system",
      name: "apps",
    });
    expect(parseObjectId("Namespace/apps")).toBeNull();
    expect(parseObjectId("a//b")).toBeNull();
    expect(objectId({ kind: "HelmRelease", namespace: "apps", name: "podinfo" })).toBe(
      "HelmRelease/apps/podinfo",
    );
  });

  it("links Flux objects to their detail page", () => {
    expect(detailPath("helmreleases", "apps", "podinfo")).toBe(
      "/resources/helmreleases/apps/podinfo",
    );
    expect(detailPathForId("GitRepository/flux-system/flux-system")).toBe(
      "/resources/gitrepositories/flux-system/flux-system",
    );
    expect(detailPathForId("Deployment/apps/podinfo")).toBeNull();
  });

  it("knows what can be reconciled", () => {
    const helmRepo = kindByPlural("helmrepositories");
    const alerts = kindByPlural("alerts");
    if (!helmRepo || !alerts) throw new Error("registry incomplete");
    expect(isReconcilable(helmRepo, "default")).toBe(true);
    expect(isReconcilable(helmRepo, "oci")).toBe(false);
    expect(isReconcilable(alerts)).toBe(false);
  });
});
