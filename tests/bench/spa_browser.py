"""Browser figures of the SPA, for the benchmark runner (Playwright in Debian's Chromium).

- ``dashboard_first_render(base_url)``: navigation start → the dashboard's per-kind table is
  on screen (data rendered), plus first contentful paint; fresh browser context per sample.
- ``list_scroll(base_url, path)``: a list page (e.g. ``/kustomizations`` on ``scale:25000``,
  10,000 rows): time to the first row, rows in the DOM (windowing), frame times while
  scrolling through it, and time for a search to narrow it.

Run against any fluxdash serving the built SPA, e.g.::

    fluxdash serve --demo --demo-scenario scale:25000 --port 8800 &
    python -m tests.bench.spa_browser http://127.0.0.1:8800
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass

from playwright.sync_api import sync_playwright

from tests.e2e.harness import CHROMIUM_ARGS, CHROMIUM_PATH

LOAD_TIMEOUT_MS = 120_000

_SCROLL_SCRIPT = """async (limitMs) => {
  const el = document.querySelector('[data-testid=resource-table]');
  const frames = [];
  let last = performance.now();
  const start = last;
  await new Promise((resolve) => {
    function step(now) {
      frames.push(now - last);
      last = now;
      el.scrollTop += 200;
      const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
      if (end || now - start > limitMs) resolve(); else requestAnimationFrame(step);
    }
    requestAnimationFrame(step);
  });
  frames.shift();
  return { frames, scrolled: el.scrollTop, rowsInDom: document.querySelectorAll('[role=row]').length };
}"""


@dataclass(frozen=True)
class Percentiles:
    p50: float
    p95: float
    n: int

    @classmethod
    def of(cls, samples: list[float]) -> Percentiles:
        ordered = sorted(samples)
        if not ordered:
            return cls(0.0, 0.0, 0)
        return cls(
            round(statistics.median(ordered), 1),
            round(
                ordered[min(len(ordered) - 1, int(0.95 * (len(ordered) - 1) + 0.5))], 1
            ),
            len(ordered),
        )


@dataclass(frozen=True)
class FirstRender:
    data_rendered_ms: Percentiles
    first_contentful_paint_ms: Percentiles


@dataclass(frozen=True)
class ListScroll:
    rows: int
    first_row_ms: float
    rows_in_dom: int
    frame_ms: Percentiles
    search_ms: float


def dashboard_first_render(base_url: str, samples: int = 5) -> FirstRender:
    rendered: list[float] = []
    paints: list[float] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM_PATH), headless=True, args=list(CHROMIUM_ARGS)
        )
        for _ in range(samples):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(base_url + "/")
            page.get_by_role("table", name="Objects by kind").wait_for(
                timeout=LOAD_TIMEOUT_MS
            )
            timing = page.evaluate(
                "() => ({ now: performance.now(),"
                " fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null })"
            )
            rendered.append(float(timing["now"]))
            if timing["fcp"] is not None:
                paints.append(float(timing["fcp"]))
            context.close()
        browser.close()
    return FirstRender(Percentiles.of(rendered), Percentiles.of(paints))


def list_scroll(
    base_url: str, path: str = "/kustomizations", scroll_ms: int = 4000
) -> ListScroll:
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM_PATH), headless=True, args=list(CHROMIUM_ARGS)
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        started = time.perf_counter()
        page.goto(base_url + path)
        table = page.locator("[data-testid=resource-table]")
        table.get_by_role("rowheader").first.wait_for(timeout=LOAD_TIMEOUT_MS)
        first_row_ms = (time.perf_counter() - started) * 1000
        rows = int(table.get_attribute("aria-rowcount") or "1") - 1
        result = page.evaluate(_SCROLL_SCRIPT, scroll_ms)
        first_name = table.get_by_role("rowheader").first.locator("a").inner_text()
        started = time.perf_counter()
        page.get_by_role("searchbox", name="Search").fill(first_name)
        page.wait_for_function(
            "(n) => Number(document.querySelector('[data-testid=resource-table]')"
            ".getAttribute('aria-rowcount')) - 1 < n",
            arg=rows,
            timeout=LOAD_TIMEOUT_MS,
        )
        search_ms = (time.perf_counter() - started) * 1000
        browser.close()
    return ListScroll(
        rows=rows,
        first_row_ms=round(first_row_ms, 1),
        rows_in_dom=int(result["rowsInDom"]),
        frame_ms=Percentiles.of([float(f) for f in result["frames"]]),
        search_ms=round(search_ms, 1),
    )


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    base = argv[1].rstrip("/")
    figures = {
        "dashboard_first_render": asdict(dashboard_first_render(base)),
        "list_scroll": asdict(list_scroll(base)),
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
