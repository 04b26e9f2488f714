import { describe, expect, it } from "vitest";
import {
  formatHealthParam,
  HEALTH_ORDER,
  healthLabel,
  healthRank,
  healthTone,
  isHealth,
  parseHealthParam,
  toggleHealth,
} from "./health";

describe("health", () => {
  it("ranks failing first and ready last", () => {
    const sorted = [...HEALTH_ORDER].reverse().sort((a, b) => healthRank(a) - healthRank(b));
    expect(sorted).toEqual(["Failed", "Progressing", "Unknown", "Suspended", "Ready"]);
  });

  it("maps every health to its own tone", () => {
    const tones = HEALTH_ORDER.map(healthTone);
    expect(new Set(tones).size).toBe(HEALTH_ORDER.length);
    expect(healthTone("Failed")).toBe("failed");
    expect(healthTone("Suspended")).toBe("suspended");
  });

  it("refines the label by the deciding reason", () => {
    expect(healthLabel("Progressing", "ProgressingWithRetry")).toBe("Retrying");
    expect(healthLabel("Progressing", "Terminating")).toBe("Terminating");
    expect(healthLabel("Progressing", "DependencyNotReady")).toBe("Waiting");
    expect(healthLabel("Failed", "Stalled")).toBe("Stalled");
    expect(healthLabel("Failed", "GitOperationFailed")).toBe("Failed");
    expect(healthLabel("Unknown", null)).toBe("Unknown");
    expect(healthLabel("Ready", "Succeeded")).toBe("Ready");
  });

  it("reads and writes the URL form, dropping junk and keeping a stable order", () => {
    expect(parseHealthParam("Ready,Failed,bogus")).toEqual(["Failed", "Ready"]);
    expect(parseHealthParam("")).toEqual([]);
    expect(parseHealthParam(null)).toEqual([]);
    expect(formatHealthParam(["Ready", "Failed"])).toBe("Failed,Ready");
    expect(formatHealthParam([])).toBeUndefined();
    expect(isHealth("Progressing")).toBe(true);
    expect(isHealth("toString")).toBe(false);
  });

  it("toggles one value in or out", () => {
    expect(toggleHealth([], "Failed")).toEqual(["Failed"]);
    expect(toggleHealth(["Ready"], "Failed")).toEqual(["Failed", "Ready"]);
    expect(toggleHealth(["Failed", "Ready"], "Failed")).toEqual(["Ready"]);
  });
});
