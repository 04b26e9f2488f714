import { describe, expect, it } from "vitest";
import { displayUrl, safeExternalHref, urlScheme } from "./externalUrl";

describe("safeExternalHref", () => {
  it("links http(s) only, without credentials", () => {
    expect(safeExternalHref("https://github.com/org/repo")).toBe("https://github.com/org/repo");
    expect(safeExternalHref("https://user:token@git.example/org/repo")).toBe(
      "https://git.example/org/repo",
    );
    expect(safeExternalHref("ssh://git@github.com/org/repo")).toBeNull();
    expect(safeExternalHref("oci://ghcr.io/org/chart")).toBeNull();
    expect(safeExternalHref("javascript:alert(1)")).toBeNull();
    expect(safeExternalHref("not a url")).toBeNull();
    expect(safeExternalHref(null)).toBeNull();
  });
});

describe("displayUrl", () => {
  it("drops the http scheme and any userinfo", () => {
    expect(displayUrl("https://github.com/org/repo/")).toBe("github.com/org/repo");
    expect(displayUrl("https://user:pw@git.example/x")).toBe("git.example/x");
    expect(displayUrl("ssh://git@github.com/org/repo")).toBe("ssh://git@github.com/org/repo");
    expect(displayUrl("git@github.com:org/repo.git")).toBe("github.com:org/repo.git");
    expect(displayUrl("oci://ghcr.io/org/app")).toBe("oci://ghcr.io/org/app");
    expect(displayUrl(undefined)).toBe("");
  });

  it("names the scheme", () => {
    expect(urlScheme("OCI://ghcr.io/x")).toBe("oci");
    expect(urlScheme("https://x")).toBe("https");
    expect(urlScheme("git@github.com:x")).toBe("");
  });
});
