"""Automated accessibility checks (axe-core, from the frontend's dev dependencies) of the main
pages in both themes: no serious or critical violations (names, roles, contrast, ARIA use).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .harness import (
    FRONTEND_DIR,
    ColorScheme,
    NewPage,
    RunningServer,
    ServerFactory,
    in_ci,
)

pytestmark = pytest.mark.e2e

LOAD_MS = 20_000
AXE = FRONTEND_DIR / "node_modules" / "axe-core" / "axe.min.js"

PAGES: tuple[tuple[str, str], ...] = (
    ("/", "table:Objects by kind"),
    ("/kustomizations", "table:Kustomizations"),
    ("/sources/helm", "table:HelmRepositories"),
    ("/resources/kustomizations/flux-system/apps", "tab:Overview"),
    (
        "/resources/kustomizations/flux-system/flux-system?tab=inventory",
        "tab:Inventory",
    ),
    ("/resources/helmreleases/apps/podinfo?tab=history", "tab:History"),
)


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        message = f"axe-core not installed ({AXE}); run `npm --prefix frontend ci`"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return Path(AXE).read_text()


@pytest.fixture(scope="module")
def demo(server_factory: ServerFactory) -> RunningServer:
    return server_factory(scenario="demo")


def _ready(page: Page, marker: str) -> None:
    role, name = marker.split(":", 1)
    if role == "table":
        expect(
            page.get_by_role("table", name=name).get_by_role("rowheader").first
        ).to_be_visible(timeout=LOAD_MS)
    else:
        expect(page.get_by_role("tab", name=re.compile(f"^{name}"))).to_have_attribute(
            "aria-selected", "true", timeout=LOAD_MS
        )


def _violations(page: Page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        """async () => {
          const r = await axe.run(document, { resultTypes: ['violations'] });
          return r.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id} (${v.impact}): ${v.help} — ` +
                 v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '));
        }"""
    )
    return [str(line) for line in result]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_main_pages_have_no_serious_accessibility_violations(
    new_page: NewPage, demo: RunningServer, axe_source: str, scheme: ColorScheme
) -> None:
    page = new_page(demo, color_scheme=scheme)
    problems: list[str] = []
    for path, marker in PAGES:
        page.goto(path)
        _ready(page, marker)
        problems += [f"{path}: {line}" for line in _violations(page, axe_source)]
    assert not problems, "\n".join(problems)
