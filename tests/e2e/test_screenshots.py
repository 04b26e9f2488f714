"""Screenshots of every page at 1280x800 and at phone width, light and dark, for review.

Each page is checked for what makes it that page (a heading, a table) before the picture is
taken, and for uncaught errors; the PNGs land in ``tests/e2e/artifacts/``. The dashboard's
first render is timed and written to ``tests/e2e/artifacts/metrics.json`` (a figure, not a
threshold: speed asserts belong in benchmarks).
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from .harness import (
    ARTIFACTS_DIR,
    PHONE_VIEWPORT,
    ColorScheme,
    NewPage,
    RunningServer,
    Screenshot,
    ServerFactory,
    Viewport,
)

pytestmark = pytest.mark.e2e

LOAD_MS = 20_000

# name, path, what must be visible before the screenshot
PAGES: tuple[tuple[str, str, str], ...] = (
    ("dashboard", "/", "table:Objects by kind"),
    ("sources-git", "/sources/git", "table:GitRepositories"),
    ("sources-helm", "/sources/helm", "table:HelmRepositories"),
    ("sources-oci", "/sources/oci", "table:OCIRepositories"),
    ("sources-bucket", "/sources/buckets", "table:Buckets"),
    ("sources-helmchart", "/sources/charts", "table:HelmCharts"),
    ("sources-external", "/sources/external", "table:ExternalArtifacts"),
    ("kustomizations", "/kustomizations", "table:Kustomizations"),
    ("kustomizations-failing", "/kustomizations?health=Failed", "table:Kustomizations"),
    ("helmreleases", "/helmreleases", "table:HelmReleases"),
    ("notifications-alerts", "/notifications/alerts", "table:Alerts"),
    ("notifications-providers", "/notifications/providers", "table:Providers"),
    ("notifications-receivers", "/notifications/receivers", "table:Receivers"),
    ("images-repositories", "/images/repositories", "table:ImageRepositories"),
    ("images-policies", "/images/policies", "table:ImagePolicies"),
    ("images-automations", "/images/automations", "table:ImageUpdateAutomations"),
    (
        "detail-kustomization",
        "/resources/kustomizations/flux-system/apps",
        "tab:Overview",
    ),
    (
        "detail-kustomization-conditions",
        "/resources/kustomizations/flux-system/apps?tab=conditions",
        "tab:Conditions",
    ),
    (
        "detail-kustomization-events",
        "/resources/kustomizations/flux-system/infra-configs?tab=events",
        "tab:Events",
    ),
    (
        "detail-kustomization-inventory",
        "/resources/kustomizations/flux-system/flux-system?tab=inventory",
        "tab:Inventory",
    ),
    (
        "detail-kustomization-dependencies",
        "/resources/kustomizations/flux-system/apps?tab=dependencies",
        "tab:Dependencies",
    ),
    (
        "detail-kustomization-yaml",
        "/resources/kustomizations/apps/frontend?tab=yaml",
        "tab:YAML",
    ),
    (
        "detail-kustomization-suspended",
        "/resources/kustomizations/flux-system/legacy-manifests",
        "tab:Overview",
    ),
    (
        "detail-helmrelease",
        "/resources/helmreleases/infrastructure/kube-prometheus-stack",
        "tab:Overview",
    ),
    (
        "detail-helmrelease-history",
        "/resources/helmreleases/apps/podinfo?tab=history",
        "tab:History",
    ),
    (
        "detail-gitrepository",
        "/resources/gitrepositories/team-b/team-b-repo",
        "tab:Overview",
    ),
    ("detail-alert", "/resources/alerts/flux-system/on-call", "tab:Overview"),
    (
        "detail-imagepolicy",
        "/resources/imagepolicies/flux-system/podinfo",
        "tab:Overview",
    ),
)


@pytest.fixture(scope="module")
def demo(server_factory: ServerFactory) -> RunningServer:
    return server_factory(scenario="demo")


def _ready(page: Page, marker: str) -> None:
    role, name = marker.split(":", 1)
    if role == "table":
        table = page.get_by_role("table", name=name)
        expect(table.get_by_role("rowheader").first).to_be_visible(timeout=LOAD_MS)
    else:
        expect(page.get_by_role("tab", name=re.compile(f"^{name}"))).to_have_attribute(
            "aria-selected", "true", timeout=LOAD_MS
        )


# The dark theme is checked on one page of each layout (the rest share their styles).
DARK_PAGES = frozenset(
    {
        "dashboard",
        "kustomizations",
        "sources-helm",
        "detail-kustomization",
        "detail-helmrelease-history",
    }
)


def _tour(
    new_page: NewPage,
    server: RunningServer,
    screenshot: Screenshot,
    viewport: Viewport,
    scheme: ColorScheme,
    suffix: str,
    only: frozenset[str] | None = None,
) -> None:
    page = new_page(server, viewport=viewport, color_scheme=scheme)
    for name, path, marker in PAGES:
        if only is not None and name not in only:
            continue
        page.goto(path)
        _ready(page, marker)
        screenshot(page, f"page-{name}-{suffix}")


def test_every_page_at_1280x800_light(
    new_page: NewPage, demo: RunningServer, screenshot: Screenshot
) -> None:
    _tour(new_page, demo, screenshot, Viewport(1280, 800), "light", "1280-light")


def test_every_page_at_1280x800_dark(
    new_page: NewPage, demo: RunningServer, screenshot: Screenshot
) -> None:
    _tour(
        new_page, demo, screenshot, Viewport(1280, 800), "dark", "1280-dark", DARK_PAGES
    )


def test_every_page_at_phone_width(
    new_page: NewPage, demo: RunningServer, screenshot: Screenshot
) -> None:
    _tour(new_page, demo, screenshot, PHONE_VIEWPORT, "light", "phone")


def test_dialogs_and_toasts(
    new_page: NewPage, server_factory: ServerFactory, screenshot: Screenshot
) -> None:
    server = server_factory(scenario="demo", action_timeout_seconds=120.0)
    page = new_page(server)
    page.goto("/resources/kustomizations/flux-system/infra-controllers")
    page.get_by_role("button", name="Suspend", exact=True).click(timeout=LOAD_MS)
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("list", name="Affected objects")).to_be_visible()
    screenshot(page, "dialog-suspend-blast-radius")
    dialog.get_by_role("button", name="Cancel").click()
    page.get_by_role("button", name="Reconcile", exact=True).click()
    toast = page.get_by_test_id("action-toast").first
    expect(toast).to_contain_text("Reconciled", timeout=30_000)
    screenshot(page, "toast-reconcile-succeeded")


def test_dashboard_first_render_time(new_page: NewPage, demo: RunningServer) -> None:
    page = new_page(demo)
    page.goto("/")  # warm: the server's caches and the browser's HTTP cache
    expect(page.get_by_role("table", name="Objects by kind")).to_be_visible(
        timeout=LOAD_MS
    )
    samples = []
    for _ in range(3):
        cold = new_page(demo)
        cold.goto("/")
        expect(cold.get_by_role("table", name="Objects by kind")).to_be_visible(
            timeout=LOAD_MS
        )
        timing = cold.evaluate(
            """() => {
              const nav = performance.getEntriesByType('navigation')[0];
              const paint = performance.getEntriesByName('first-contentful-paint')[0];
              return { now: performance.now(), fcp: paint ? paint.startTime : null,
                       dcl: nav ? nav.domContentLoadedEventEnd : null };
            }"""
        )
        samples.append(timing)
    samples.sort(key=lambda t: t["now"])
    median = samples[len(samples) // 2]
    metrics_path = ARTIFACTS_DIR / "metrics.json"
    metrics = json.loads(metrics_path.read_text()) if metrics_path.is_file() else {}
    metrics["dashboard_first_render_ms"] = {
        "data_rendered_median": round(median["now"], 1),
        "first_contentful_paint": median["fcp"] and round(median["fcp"], 1),
        "dom_content_loaded": median["dcl"] and round(median["dcl"], 1),
        "samples": [round(t["now"], 1) for t in samples],
    }
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    metrics_path.write_text(json.dumps(metrics, indent=2) + "\n")
