"""Browser figures, in Debian's Chromium driven by Playwright: dashboard first render and graph
laid out, both timed from navigation start (``performance.now()`` in the page).

An init script installs a MutationObserver before the SPA loads and records the page's clock
when (a) the dashboard's totals (``dl[aria-label=Totals]``, drawn from ``/summary``) first appear
and (b) the graph canvas first reports ``data-layout="done"`` (set by ``GraphView`` on
Cytoscape's ``layoutstop``). Every sample is a fresh browser context (no HTTP cache, no
storage), so it includes loading the SPA's bundle from fluxdash.
"""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import async_playwright

from tests.bench.figures import Figure, figure

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
VIEWPORT = {"width": 1440, "height": 900}

_OBSERVER = """
(() => {
  const marks = (window.__fluxdashBench = {});
  const check = () => {
    if (marks.dashboard === undefined && document.querySelector('dl[aria-label="Totals"]')) {
      marks.dashboard = performance.now();
    }
    if (marks.graph === undefined &&
        document.querySelector('[data-testid="graph-canvas"][data-layout="done"]')) {
      marks.graph = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-layout"],
  });
})();
"""


def chromium_available() -> bool:
    return CHROMIUM.exists()


async def measure_page(
    url: str, mark: str, samples: int, timeout_ms: float = 60_000
) -> list[float]:
    """``samples`` navigations to ``url``; ms from navigation start to ``mark``."""
    times: list[float] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            for _ in range(samples + 1):  # the first warms Chromium's own caches
                context = await browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]  # a plain dict is Playwright's ViewportSize
                try:
                    page = await context.new_page()
                    await page.add_init_script(_OBSERVER)
                    await page.goto(url)
                    await page.wait_for_function(
                        f"window.__fluxdashBench && window.__fluxdashBench.{mark} !== undefined",
                        timeout=timeout_ms,
                        polling=50,
                    )
                    value = await page.evaluate(f"window.__fluxdashBench.{mark}")
                    times.append(float(value))
                finally:
                    await context.close()
        finally:
            await browser.close()
    return times[1:]


async def measure_in_app(
    base_url: str, target: str, mark: str, samples: int, timeout_ms: float = 60_000
) -> list[float]:
    """``samples`` client-side navigations (the SPA settled on the dashboard: drawn, and the
    network idle, so the chunks the SPA prefetches when idle are in) to ``target``; ms from the
    route change to ``mark``, as a user clicking a link sees it."""
    times: list[float] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            for _ in range(samples + 1):  # the first warms Chromium's own caches
                context = await browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]  # a plain dict is Playwright's ViewportSize
                try:
                    page = await context.new_page()
                    await page.add_init_script(_OBSERVER)
                    await page.goto(base_url + "/")
                    await page.wait_for_function(
                        "window.__fluxdashBench && window.__fluxdashBench.dashboard !== undefined",
                        timeout=timeout_ms,
                        polling=50,
                    )
                    await page.wait_for_load_state("networkidle", timeout=timeout_ms)
                    started = await page.evaluate(
                        """(target) => {
                          const t = performance.now();
                          window.history.pushState({}, "", target);
                          window.dispatchEvent(new PopStateEvent("popstate", { state: {} }));
                          return t;
                        }""",
                        target,
                    )
                    await page.wait_for_function(
                        f"window.__fluxdashBench.{mark} !== undefined",
                        timeout=timeout_ms,
                        polling=50,
                    )
                    value = await page.evaluate(f"window.__fluxdashBench.{mark}")
                    times.append(float(value) - float(started))
                finally:
                    await context.close()
        finally:
            await browser.close()
    return times[1:]


async def dashboard_first_render(base_url: str, samples: int, n: int) -> Figure:
    times = await measure_page(base_url + "/", "dashboard", samples)
    return figure(
        "dashboard first render",
        times,
        note=f"navigation → totals drawn, {n:,} objects, fresh context",
    )


async def graph_laid_out(
    base_url: str, samples: int, size: int, nodes: int, edges: int
) -> list[Figure]:
    """Named by the size asked for (``size``), so goals find them whatever the exact count."""
    in_app = await measure_in_app(base_url, "/graph", "graph", samples)
    page_load = await measure_page(base_url + "/graph", "graph", samples)
    shape = f"{nodes:,} nodes, {edges:,} edges"
    return [
        figure(
            f"graph laid out, {size:,} nodes",
            in_app,
            note=f"in-app navigation dashboard → graph → layoutstop; {shape}",
        ),
        figure(
            f"graph laid out, {size:,} nodes (page load)",
            page_load,
            note=f"fresh tab: navigation → SPA loaded → layoutstop; {shape}",
        ),
    ]
