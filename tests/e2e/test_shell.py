"""Smoke tests of the app shell in Chromium, against a fluxdash server with no cluster."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .harness import PHONE_VIEWPORT, NewPage, PageProblems, Screenshot

pytestmark = pytest.mark.e2e

NAV_LABELS = (
    "Dashboard",
    "Sources",
    "Kustomizations",
    "HelmReleases",
    "Notifications",
    "Images",
    "Graph",
)


def _nav_link(page: Page, label: str) -> Locator:
    return page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile(f"^{label}")
    )


def _background(page: Page) -> str:
    return str(page.evaluate("getComputedStyle(document.body).backgroundColor"))


def test_shell_shows_navigation_and_cluster_status(
    page: Page, page_problems: PageProblems, screenshot: Screenshot
) -> None:
    page.goto("/")
    expect(page).to_have_title("fluxdash")
    for label in NAV_LABELS:
        expect(_nav_link(page, label)).to_be_visible()
    expect(_nav_link(page, "Dashboard")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()

    panel = page.get_by_role("region", name="Cluster")
    expect(panel.get_by_text("Healthy")).to_be_visible()
    expect(panel.get_by_text("Not connected")).to_be_visible()
    expect(panel.get_by_text(re.compile("no cluster", re.IGNORECASE))).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("No cluster")

    screenshot(page, "shell-dashboard-light")
    assert page_problems.console_errors == []


def test_navigation_by_click_keyboard_and_link(page: Page) -> None:
    page.goto("/")
    _nav_link(page, "Kustomizations").click()
    expect(page).to_have_url(re.compile(r"/kustomizations$"))
    expect(page.get_by_role("heading", level=1, name="Kustomizations")).to_be_visible()

    # Keyboard: "g h", "g g" (the lazily loaded graph page), "g d".
    page.keyboard.press("g")
    page.keyboard.press("h")
    expect(page).to_have_url(re.compile(r"/helmreleases$"))
    page.keyboard.press("g")
    page.keyboard.press("g")
    expect(page.get_by_role("heading", level=1, name="Graph")).to_be_visible()
    page.keyboard.press("g")
    page.keyboard.press("d")
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()

    # "/" focuses search; what is typed there lands in ?q= and is not a shortcut.
    page.keyboard.press("/")
    search = page.get_by_role("searchbox", name="Search")
    expect(search).to_be_focused()
    page.keyboard.type("gk podinfo")
    expect(page).to_have_url(re.compile(r"/\?q=gk(\+|%20)podinfo$"))


def test_namespace_lives_in_the_url_and_follows_navigation(
    page: Page, screenshot: Screenshot
) -> None:
    page.goto("/sources?namespace=apps")
    namespace = page.get_by_role("combobox", name="Namespace")
    expect(namespace).to_have_value("apps")
    # Without a cluster the list says why it is empty and what to do.
    expect(
        page.get_by_role("heading", name="Not connected to a cluster")
    ).to_be_visible()
    expect(page.get_by_text("fluxdash serve --demo")).to_be_visible()

    namespace.fill("flux-system")
    namespace.press("Enter")
    expect(page).to_have_url(re.compile(r"/sources\?namespace=flux-system$"))
    _nav_link(page, "Kustomizations").click()
    expect(page).to_have_url(re.compile(r"/kustomizations\?namespace=flux-system$"))
    expect(namespace).to_have_value("flux-system")
    screenshot(page, "shell-kustomizations-namespace")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/sources\?namespace=flux-system$"))
    page.get_by_role("button", name="Show all namespaces").click()
    expect(page).to_have_url(re.compile(r"/sources$"))
    expect(namespace).to_have_value("")


def test_unknown_path_shows_not_found_in_the_shell(page: Page) -> None:
    response = page.goto("/no/such/page")
    assert response is not None
    assert response.status == 200  # history-API fallback: the SPA decides
    expect(page.get_by_role("heading", level=1, name="Page not found")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    page.get_by_role("link", name="Go to the dashboard").click()
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()


def test_theme_toggle_switches_and_persists(page: Page, screenshot: Screenshot) -> None:
    page.goto("/")
    html = page.locator("html")
    expect(html).to_have_attribute("data-theme", "light")
    light_background = _background(page)

    page.get_by_role("button", name="Switch to dark theme").click()
    expect(html).to_have_attribute("data-theme", "dark")
    expect(page.get_by_role("button", name="Switch to light theme")).to_be_visible()
    dark_background = _background(page)
    assert dark_background != light_background
    expect(
        page.get_by_role("region", name="Cluster").get_by_text("Healthy")
    ).to_be_visible()
    screenshot(page, "shell-dashboard-dark")

    page.reload()
    expect(html).to_have_attribute("data-theme", "dark")
    assert _background(page) == dark_background


def test_theme_follows_the_system_until_chosen(new_page: NewPage) -> None:
    page = new_page(color_scheme="dark")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.get_by_role("button", name="Switch to light theme")).to_be_visible()


def test_phone_width_collapses_navigation(
    new_page: NewPage, screenshot: Screenshot
) -> None:
    page = new_page(viewport=PHONE_VIEWPORT)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()
    screenshot(page, "shell-phone")

    menu = page.get_by_role("button", name="Open navigation")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(nav).to_be_visible()
    screenshot(page, "shell-phone-nav-open")

    _nav_link(page, "Sources").click()
    expect(page).to_have_url(re.compile(r"/sources$"))
    expect(nav).to_be_hidden()
    expect(page.get_by_role("heading", level=1, name="Sources")).to_be_visible()
