import { describe, expect, it } from "vitest";
import {
  formatAgo,
  formatBytes,
  formatDuration,
  formatRelative,
  formatRepeat,
  formatTimestamp,
  parseGoDuration,
  parseTime,
  plural,
  splitRevision,
} from "./format";

const NOW = Date.parse("2026-01-10T12:00:00Z");

describe("formatDuration", () => {
  it("shows the two largest units", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(45_000)).toBe("45s");
    expect(formatDuration(200_000)).toBe("3m 20s");
    expect(formatDuration(3 * 3600_000 + 5 * 60_000 + 7_000)).toBe("3h 5m");
    expect(formatDuration(3 * 3600_000 + 7_000)).toBe("3h");
    expect(formatDuration(26 * 3600_000)).toBe("1d 2h");
    expect(formatDuration(200_000, { parts: 1 })).toBe("3m");
    expect(formatDuration(-5)).toBe("0s");
  });
});

describe("relative times", () => {
  it("reads past and future", () => {
    expect(formatRelative(NOW - 2_000, NOW)).toBe("just now");
    expect(formatRelative(NOW - 45_000, NOW)).toBe("45s ago");
    expect(formatRelative(NOW - 3 * 60_000, NOW)).toBe("3m ago");
    expect(formatRelative(NOW - 2 * 3600_000, NOW)).toBe("2h ago");
    expect(formatRelative(NOW - 5 * 86400_000, NOW)).toBe("5d ago");
    expect(formatRelative(NOW + 3 * 60_000, NOW)).toBe("in 3m");
  });

  it("handles missing and bad times", () => {
    expect(formatAgo(null, NOW)).toBe("—");
    expect(formatAgo("not a time", NOW)).toBe("—");
    expect(formatAgo("2026-01-10T11:59:00Z", NOW)).toBe("1m ago");
    expect(parseTime(undefined)).toBeNull();
    expect(formatTimestamp("2025-12-09T10:30:00Z")).toBe("2025-12-09 10:30:00 UTC");
    expect(formatTimestamp(null)).toBe("—");
  });
});

describe("parseGoDuration", () => {
  it("reads Go durations", () => {
    expect(parseGoDuration("10m")).toBe(600_000);
    expect(parseGoDuration("1m30s")).toBe(90_000);
    expect(parseGoDuration("1h")).toBe(3_600_000);
    expect(parseGoDuration("500ms")).toBe(500);
    expect(parseGoDuration("1.5h")).toBe(5_400_000);
  });

  it("refuses anything else", () => {
    expect(parseGoDuration("10")).toBeNull();
    expect(parseGoDuration("10 m")).toBeNull();
    expect(parseGoDuration("")).toBeNull();
    expect(parseGoDuration(null)).toBeNull();
    expect(parseGoDuration("1d")).toBeNull();
  });
});

describe("formatBytes and friends", () => {
  it("uses 1024-based units with one decimal like flux stats", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MiB");
    expect(formatBytes(0)).toBe("—");
    expect(formatBytes(null)).toBe("—");
  });

  it("pluralises and formats repeats", () => {
    expect(plural(1, "object")).toBe("1 object");
    expect(plural(10000, "object")).toBe("10,000 objects");
    expect(plural(2, "dependency", "dependencies")).toBe("2 dependencies");
    expect(formatRepeat(1, null, null)).toBe("");
    expect(formatRepeat(3, "2026-01-10T11:55:00Z", "2026-01-10T12:00:00Z")).toBe("×3 over 5m");
    expect(formatRepeat(3, null, "2026-01-10T12:00:00Z")).toBe("×3");
  });
});

describe("splitRevision", () => {
  it("separates the ref from the digest", () => {
    expect(splitRevision("main@sha1:0c554c94")).toEqual({ ref: "main", digest: "0c554c94" });
    expect(splitRevision("v1.2.3@sha256:abcdef12")).toEqual({ ref: "v1.2.3", digest: "abcdef12" });
    expect(splitRevision("refs/pull/420/head@sha1:abc")).toEqual({
      ref: "refs/pull/420/head",
      digest: "abc",
    });
    expect(splitRevision("sha256:29e0b77a")).toEqual({ ref: null, digest: "29e0b77a" });
    expect(splitRevision("6.5.0")).toEqual({ ref: null, digest: "6.5.0" });
    expect(splitRevision("6.5.0+0a1b2c3d4e5f")).toEqual({
      ref: null,
      digest: "6.5.0+0a1b2c3d4e5f",
    });
  });
});
