import { describe, expect, it } from "vitest";
import { describeCountdown, expectedReconcileAt, tickInterval } from "./countdown";

const NOW = Date.parse("2026-01-10T12:00:00Z");

describe("countdown", () => {
  it("uses the server's estimate when there is one", () => {
    const view = describeCountdown(
      { nextReconcileAt: "2026-01-10T12:04:12Z", interval: "1h" },
      NOW,
    );
    expect(view).toEqual({ text: "in 4m 12s", remainingMs: 252_000, state: "scheduled" });
  });

  it("falls back to last reconcile + interval", () => {
    expect(expectedReconcileAt({ lastReconciled: "2026-01-10T11:55:00Z", interval: "10m" })).toBe(
      Date.parse("2026-01-10T12:05:00Z"),
    );
    expect(
      describeCountdown({ lastReconciled: "2026-01-10T11:55:00Z", interval: "10m" }, NOW).text,
    ).toBe("in 5m");
  });

  it("says when it is due, suspended or unknown", () => {
    expect(describeCountdown({ nextReconcileAt: "2026-01-10T11:59:00Z" }, NOW).state).toBe("due");
    expect(describeCountdown({ nextReconcileAt: "2026-01-10T11:59:00Z" }, NOW).text).toBe(
      "any moment now",
    );
    expect(
      describeCountdown({ nextReconcileAt: "2026-01-10T12:10:00Z", suspended: true }, NOW),
    ).toEqual({
      text: "suspended",
      remainingMs: null,
      state: "suspended",
    });
    expect(describeCountdown({ interval: "bad" }, NOW).state).toBe("none");
    expect(
      describeCountdown({ lastReconciled: "2026-01-10T11:55:00Z", interval: "bad" }, NOW).state,
    ).toBe("none");
  });

  it("ticks every second within the hour and every minute beyond", () => {
    expect(tickInterval(59_000)).toBe(1000);
    expect(tickInterval(2 * 3600_000)).toBe(60_000);
    expect(tickInterval(0)).toBeNull();
    expect(tickInterval(null)).toBeNull();
  });
});
