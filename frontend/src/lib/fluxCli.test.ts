import { describe, expect, it } from "vitest";
import { fluxCommand } from "./fluxCli";
import { kindByPlural } from "./kinds";

function meta(plural: string) {
  const found = kindByPlural(plural);
  if (!found) throw new Error(plural);
  return found;
}

describe("fluxCommand", () => {
  it("matches the flux CLI for every action", () => {
    expect(
      fluxCommand("reconcile", meta("kustomizations"), "flux-system", "apps", { withSource: true }),
    ).toBe("flux reconcile kustomization apps -n flux-system --with-source");
    expect(fluxCommand("suspend", meta("gitrepositories"), "flux-system", "infra")).toBe(
      "flux suspend source git infra -n flux-system",
    );
    expect(fluxCommand("resume", meta("imageupdateautomations"), "apps", "bot")).toBe(
      "flux resume image update bot -n apps",
    );
    expect(
      fluxCommand("reconcile", meta("helmreleases"), "apps", "podinfo", {
        force: true,
        reset: true,
      }),
    ).toBe("flux reconcile helmrelease podinfo -n apps --force --reset");
  });

  it("ignores HelmRelease-only flags on other kinds", () => {
    expect(fluxCommand("reconcile", meta("kustomizations"), "a", "b", { force: true })).toBe(
      "flux reconcile kustomization b -n a",
    );
  });
});
