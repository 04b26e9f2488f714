import { describe, expect, it } from "vitest";
import { scrollToReveal, visibleRange } from "./windowing";

describe("visibleRange", () => {
  it("renders only what is visible plus the overscan", () => {
    const range = visibleRange({
      count: 10_000,
      rowHeight: 40,
      scrollTop: 40_000,
      viewportHeight: 600,
      overscan: 5,
    });
    expect(range.start).toBe(995);
    expect(range.end).toBe(1000 + 16 + 5);
    expect(range.offsetTop).toBe(995 * 40);
    expect(range.totalHeight).toBe(400_000);
    expect(range.end - range.start).toBeLessThan(40);
  });

  it("clamps at both ends", () => {
    expect(
      visibleRange({ count: 100, rowHeight: 40, scrollTop: -50, viewportHeight: 400, overscan: 2 }),
    ).toEqual({
      start: 0,
      end: 13,
      offsetTop: 0,
      totalHeight: 4000,
    });
    const end = visibleRange({
      count: 100,
      rowHeight: 40,
      scrollTop: 99_999,
      viewportHeight: 400,
      overscan: 2,
    });
    expect(end.end).toBe(100);
    expect(end.start).toBe(88);
  });

  it("handles empty and short lists", () => {
    expect(visibleRange({ count: 0, rowHeight: 40, scrollTop: 0, viewportHeight: 400 })).toEqual({
      start: 0,
      end: 0,
      offsetTop: 0,
      totalHeight: 0,
    });
    expect(visibleRange({ count: 3, rowHeight: 40, scrollTop: 0, viewportHeight: 400 }).end).toBe(
      3,
    );
  });

  it("scrolls just enough to reveal a row", () => {
    expect(scrollToReveal(0, 40, 400, 400)).toBe(0);
    expect(scrollToReveal(20, 40, 0, 400)).toBe(440);
    expect(scrollToReveal(12, 40, 400, 400)).toBe(400);
  });
});
