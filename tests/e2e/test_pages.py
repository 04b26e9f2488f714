"""The pages in Chromium against the embedded demo cluster (read-only checks).

The demo fleet's notable objects and states are pinned by kubesim's scenario tests
(``backend/kubesim/scenarios/demo.py``); these tests rely on them and change nothing.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from .harness import NewPage, RunningServer, ServerFactory

pytestmark = pytest.mark.e2e

# Cluster start, first list and first snapshot take a few seconds on this machine.
LOAD_MS = 20_000


@pytest.fixture(scope="module")
def demo(server_factory: ServerFactory) -> RunningServer:
    return server_factory(scenario="demo")


def _api(page: Page, path: str) -> Any:
    response = page.request.get(path)
    assert response.ok, f"{path}: {response.status} {response.text()}"
    return response.json()


def _wait_synced(page: Page) -> None:
    deadline = time.monotonic() + LOAD_MS / 1000
    while time.monotonic() < deadline:
        if _api(page, "/api/v1/cluster").get("synced"):
            return
        time.sleep(0.2)
    pytest.fail("the demo cluster did not sync")


def _kind_row(page: Page, plural: str) -> Locator:
    return page.get_by_role("table", name="Objects by kind").locator(
        f'tr[data-kind="{plural}"]'
    )


def _ui_counts(page: Page, plural: str) -> dict[str, int]:
    row = _kind_row(page, plural)
    return {
        column: int(row.locator(f'td[data-column="{column}"]').inner_text().strip())
        for column in ("total", "ready", "failed", "progressing", "suspended")
    }


def test_dashboard_counts_equal_the_api(new_page: NewPage, demo: RunningServer) -> None:
    page = new_page(demo)
    page.goto("/")
    _wait_synced(page)
    expect(page.get_by_role("table", name="Objects by kind")).to_be_visible(
        timeout=LOAD_MS
    )
    # The page is live, so compare against the API until both show the same moment.
    mismatch: list[str] = []
    for _ in range(10):
        summary = _api(page, "/api/v1/summary")
        mismatch = []
        for stats in summary["kinds"]:
            want = {
                k: stats[k]
                for k in ("total", "ready", "failed", "progressing", "suspended")
            }
            got = _ui_counts(page, stats["plural"])
            if got != want:
                mismatch.append(f"{stats['plural']}: page {got} != API {want}")
        if not mismatch:
            total = page.get_by_label("Totals").get_by_role("definition").first
            expect(total).to_have_text(str(summary["total"]))
            break
        time.sleep(0.5)
    assert not mismatch, "\n".join(mismatch)
    # Every kind the cluster serves has its row.
    assert len(summary["kinds"]) == 14


def test_a_failing_kustomization_is_two_clicks_from_the_dashboard(
    new_page: NewPage, demo: RunningServer
) -> None:
    page = new_page(demo)
    page.goto("/")
    attention = page.get_by_role("list", name="Failing objects")
    item = attention.get_by_role(
        "link", name=re.compile(r"Kustomization\s*flux-system\/infra-configs")
    )
    expect(item).to_be_visible(timeout=LOAD_MS)
    expect(item).to_contain_text("health check failed")
    item.click()  # click 1 of at most 2

    expect(page).to_have_url(
        re.compile(r"/resources/kustomizations/flux-system\/infra-configs")
    )
    detail = _api(page, "/api/v1/resources/kustomizations/flux-system/infra-configs")
    message = page.get_by_test_id("resource-message")
    expect(message).to_have_text(detail["row"]["message"])
    expect(page.get_by_role("heading", level=1, name="infra-configs")).to_be_visible()
    expect(
        page.locator("header").get_by_text("Failed", exact=True).first
    ).to_be_visible()


def test_namespace_filter_search_and_deep_links(
    new_page: NewPage, demo: RunningServer
) -> None:
    page = new_page(demo)
    page.goto("/kustomizations")
    table = page.get_by_role("table", name="Kustomizations")
    expect(table.get_by_role("link", name="apps", exact=True)).to_be_visible(
        timeout=LOAD_MS
    )
    all_rows = _api(page, "/api/v1/resources?kind=kustomizations")["total"]
    expect(page.get_by_text(f"{all_rows} objects")).to_be_visible()

    namespace = page.get_by_role("combobox", name="Namespace")
    namespace.fill("apps")
    namespace.press("Enter")
    expect(page).to_have_url(re.compile(r"/kustomizations\?namespace=apps$"))
    in_apps = _api(page, "/api/v1/resources?kind=kustomizations&namespace=apps")[
        "items"
    ]
    expect(table.get_by_role("rowheader")).to_have_count(len(in_apps))
    for row in in_apps:
        expect(table.get_by_role("link", name=row["name"], exact=True)).to_be_visible()

    search = page.get_by_role("searchbox", name="Search")
    search.fill("front")
    expect(page).to_have_url(re.compile(r"namespace=apps&q=front"))
    expect(table.get_by_role("rowheader")).to_have_count(1)
    expect(table.get_by_role("link", name="frontend", exact=True)).to_be_visible()

    # Health chips combine with the rest and land in the URL too.
    search.fill("")
    page.get_by_role("button", name=re.compile(r"^Ready")).click()
    expect(page).to_have_url(re.compile(r"health=Ready"))
    for row in table.get_by_role("row").all()[1:]:
        expect(row.get_by_text("Ready", exact=True)).to_be_visible()

    # The URL alone restores the view.
    page.goto("/kustomizations?namespace=team-a&q=legacy")
    expect(page.get_by_role("combobox", name="Namespace")).to_have_value("team-a")
    expect(page.get_by_role("searchbox", name="Search")).to_have_value("legacy")
    expect(table.get_by_role("rowheader")).to_have_count(1, timeout=LOAD_MS)
    expect(table.get_by_role("link", name="team-a-legacy")).to_be_visible()


def test_failing_first_and_sortable_columns(
    new_page: NewPage, demo: RunningServer
) -> None:
    page = new_page(demo)
    page.goto("/kustomizations")
    table = page.get_by_role("table", name="Kustomizations")
    expect(table.get_by_role("rowheader").first).to_be_visible(timeout=LOAD_MS)
    first = table.get_by_role("row").nth(1)
    expect(first).to_have_attribute("data-health", "Failed")

    table.get_by_role("button", name="Name", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=name"))
    expect(table.get_by_role("columnheader", name="Name")).to_have_attribute(
        "aria-sort", "ascending"
    )
    names = [
        n.strip() for n in table.get_by_role("rowheader").locator("a").all_inner_texts()
    ]
    assert names == sorted(names)
    table.get_by_role("button", name="Name", exact=True).click()
    expect(table.get_by_role("columnheader", name="Name")).to_have_attribute(
        "aria-sort", "descending"
    )


def test_sources_tabs_oci_helm_repositories_and_safe_links(
    new_page: NewPage, demo: RunningServer
) -> None:
    page = new_page(demo)
    page.goto("/sources")
    tabs = page.get_by_role("navigation", name="Sources kinds")
    for label in ("Git", "Helm", "OCI", "Bucket", "HelmChart", "ExternalArtifact"):
        expect(
            tabs.get_by_role("link", name=re.compile(f"^{label}\\b"))
        ).to_be_visible()

    git = page.get_by_role("table", name="GitRepositories")
    legacy = git.get_by_role("row").filter(
        has=page.get_by_role("link", name="legacy-config")
    )
    expect(legacy).to_be_visible(timeout=LOAD_MS)
    link = legacy.get_by_role("link", name=re.compile("gitlab.com"))
    href = link.get_attribute("href") or ""
    assert href.startswith("https://gitlab.com/"), href
    for secret in ("glpat", "deploy-bot", "@"):
        assert secret not in href, href
    assert link.get_attribute("rel") == "noopener noreferrer"
    # An ssh:// URL is shown but never linked.
    bootstrap = git.get_by_role("row").filter(
        has=page.get_by_role("link", name="flux-system", exact=True)
    )
    expect(
        bootstrap.get_by_text(re.compile("github.com/acme/fleet-infra"))
    ).to_be_visible()
    expect(bootstrap.locator('a[href^="ssh:"]')).to_have_count(0)
    assert "glpat" not in page.content()

    tabs.get_by_role("link", name=re.compile(r"^Helm\b")).click()
    expect(page).to_have_url(re.compile(r"/sources/helm"))
    helm = page.get_by_role("table", name="HelmRepositories")
    bitnami = helm.get_by_role("row").filter(
        has=page.get_by_role("link", name="bitnami")
    )
    jetstack = helm.get_by_role("row").filter(
        has=page.get_by_role("link", name="jetstack")
    )
    expect(bitnami.get_by_text("OCI", exact=True)).to_be_visible(timeout=LOAD_MS)
    expect(jetstack.get_by_text("HTTP", exact=True)).to_be_visible()


def test_detail_tabs_of_a_kustomization_and_a_helmrelease(
    new_page: NewPage, demo: RunningServer
) -> None:
    page = new_page(demo)
    page.goto("/resources/kustomizations/flux-system/flux-system")
    tabs = page.get_by_role("tablist", name="Kustomization details")
    expect(tabs).to_be_visible(timeout=LOAD_MS)
    panel = page.get_by_role("tabpanel")
    expect(panel.get_by_role("region", name="Source")).to_be_visible()

    tabs.get_by_role("tab", name=re.compile("^Conditions")).click()
    expect(page).to_have_url(re.compile(r"tab=conditions"))
    expect(panel.get_by_role("cell", name="Ready", exact=True)).to_be_visible()

    tabs.get_by_role("tab", name=re.compile("^Inventory")).click()
    inventory = panel.get_by_role("table")
    expect(
        inventory.get_by_role(
            "link", name=re.compile(r"GitRepository\s*flux-system\/flux-system")
        )
    ).to_be_visible()
    panel.get_by_role("searchbox", name="Filter inventory").fill("Deployment")
    expect(inventory.get_by_role("row").nth(1)).to_contain_text("Deployment")

    tabs.get_by_role("tab", name=re.compile("^Dependencies")).click()
    expect(panel.get_by_role("region", name="Downstream")).to_be_visible()

    tabs.get_by_role("tab", name="YAML").click()
    code = panel.locator("pre")
    expect(code).to_contain_text("kind: Kustomization")
    assert "managedFields" not in code.inner_text()

    # Arrow keys move between tabs.
    tabs.get_by_role("tab", name="YAML").focus()
    page.keyboard.press("Home")
    expect(tabs.get_by_role("tab", name="Overview")).to_have_attribute(
        "aria-selected", "true"
    )

    page.goto("/resources/helmreleases/apps/podinfo?tab=history")
    history = page.get_by_role("tabpanel").get_by_role("table")
    expect(history.get_by_role("row")).to_have_count(
        4, timeout=LOAD_MS
    )  # header + 3 releases
    expect(history.get_by_text("deployed", exact=True)).to_be_visible()


def test_secrets_never_reach_the_page(new_page: NewPage, demo: RunningServer) -> None:
    page = new_page(demo)
    page.goto("/resources/helmreleases/infrastructure/kube-prometheus-stack?tab=yaml")
    expect(page.get_by_role("tabpanel").locator("pre")).to_contain_text(
        "kind: HelmRelease", timeout=LOAD_MS
    )
    page.goto("/resources/gitrepositories/team-a/legacy-config?tab=yaml")
    expect(page.get_by_role("tabpanel").locator("pre")).to_contain_text(
        "gitlab.com", timeout=LOAD_MS
    )
    assert "glpat" not in page.content()
    page.goto("/resources/providers/flux-system/slack")
    expect(page.get_by_role("heading", level=1, name="slack")).to_be_visible(
        timeout=LOAD_MS
    )
    assert "hooks.slack.com/services/T" not in page.content()


def test_unknown_objects_and_kinds_say_so(
    new_page: NewPage, demo: RunningServer
) -> None:
    page = new_page(demo)
    page.goto("/resources/kustomizations/flux-system/no-such-thing")
    expect(page.get_by_role("heading", name=re.compile("not found"))).to_be_visible(
        timeout=LOAD_MS
    )
    expect(page.get_by_role("link", name="All Kustomizations")).to_be_visible()
    page.goto("/resources/deployments/apps/frontend")
    expect(page.get_by_role("heading", level=1, name="Page not found")).to_be_visible()
    page.goto("/sources/nope")
    expect(page.get_by_role("heading", level=1, name="Page not found")).to_be_visible()


def test_keyboard_shortcuts_reach_every_list(
    new_page: NewPage, demo: RunningServer
) -> None:
    page = new_page(demo)
    page.goto("/?namespace=apps")
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()
    for keys, path, heading in (
        ("gk", "/kustomizations", "Kustomizations"),
        ("gh", "/helmreleases", "HelmReleases"),
        ("gs", "/sources", "Sources"),
        ("gn", "/notifications", "Notifications"),
        ("gi", "/images", "Images"),
        ("gd", "/", "Dashboard"),
    ):
        page.locator("body").press(keys[0])
        page.locator("body").press(keys[1])
        expect(page).to_have_url(re.compile(f"{re.escape(path)}\\?namespace=apps$"))
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
