"""Actions and live updates in Chromium against the embedded demo cluster.

These tests change the cluster, so they run on their own demo server (a separate
configuration key), never the one the read-only page tests share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from .harness import NewPage, RunningServer, ServerFactory

pytestmark = pytest.mark.e2e

LOAD_MS = 20_000
# The simulated controllers answer a reconcile within a few seconds.
OUTCOME_MS = 30_000
KS_API = (
    "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/{namespace}/kustomizations/{name}"
)
MERGE = {"Content-Type": "application/merge-patch+json"}


@pytest.fixture(scope="module")
def acting(server_factory: ServerFactory) -> RunningServer:
    # `action_timeout_seconds` only makes this a configuration of its own.
    return server_factory(scenario="demo", action_timeout_seconds=120.0)


@pytest.fixture
def kube(acting: RunningServer) -> Iterator[httpx.Client]:
    server = acting.app.state.runtime.server
    assert server, "the embedded cluster did not start"
    with httpx.Client(base_url=server, timeout=10) as client:
        yield client


def _toast(page: Page, text: str | re.Pattern[str]) -> Locator:
    results = page.get_by_role("region", name="Action results")
    return results.get_by_test_id("action-toast").filter(has_text=text)


def test_reconcile_from_the_detail_page_in_one_click_ends_in_a_success_toast(
    new_page: NewPage, acting: RunningServer
) -> None:
    page = new_page(acting)
    page.goto("/resources/kustomizations/apps/frontend")
    reconcile = page.get_by_role("button", name="Reconcile", exact=True)
    expect(reconcile).to_be_enabled(timeout=LOAD_MS)
    reconcile.click()  # the only click

    toast = _toast(page, "Reconciled Kustomization apps/frontend")
    expect(toast).to_be_visible(timeout=OUTCOME_MS)
    expect(toast).to_contain_text("Applied revision")
    expect(
        toast.get_by_text("flux reconcile kustomization frontend -n apps")
    ).to_be_visible()
    expect(toast.get_by_role("button", name="Copy flux command")).to_be_visible()


def test_reconcile_with_source_and_helm_options_from_the_menu(
    new_page: NewPage, acting: RunningServer
) -> None:
    page = new_page(acting)
    page.goto("/resources/helmreleases/infrastructure/cert-manager")
    page.get_by_role("button", name="More reconcile options").click(timeout=LOAD_MS)
    menu = page.get_by_role("menu", name="Reconcile options")
    for item in (
        "Reconcile with source",
        "Force install/upgrade",
        "Reset failure counters",
    ):
        expect(
            menu.get_by_role(
                "menuitem", name=re.compile(re.escape(item).replace("/", r"\/"))
            )
        ).to_be_visible()
    menu.get_by_role("menuitem", name=re.compile("Reconcile with source")).click()
    toast = _toast(page, "Reconciled HelmRelease infrastructure/cert-manager")
    expect(toast).to_be_visible(timeout=OUTCOME_MS)
    expect(toast).to_contain_text("--with-source")


def test_suspend_shows_the_blast_radius_then_resume(
    new_page: NewPage, acting: RunningServer
) -> None:
    page = new_page(acting)
    page.goto("/resources/gitrepositories/flux-system/flux-system")
    page.get_by_role("button", name="Suspend", exact=True).click(timeout=LOAD_MS)

    dialog = page.get_by_role(
        "dialog", name=re.compile(r"Suspend GitRepository flux-system\/flux-system")
    )
    expect(dialog).to_be_visible()
    affected = dialog.get_by_role("list", name="Affected objects")
    expect(
        affected.get_by_role(
            "link", name=re.compile(r"Kustomization\s*flux-system\/apps")
        )
    ).to_be_visible()
    expect(
        dialog.get_by_text("flux suspend source git flux-system -n flux-system")
    ).to_be_visible()
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    dialog.get_by_label(re.compile("Reason")).fill("e2e maintenance")
    dialog.get_by_role("button", name="Suspend", exact=True).click()

    expect(
        _toast(page, "Suspended GitRepository flux-system/flux-system")
    ).to_be_visible(timeout=OUTCOME_MS)
    banner = page.get_by_role("note", name="Suspended")
    expect(banner).to_contain_text("Suspended.")
    expect(banner).to_contain_text("e2e maintenance")
    expect(page.get_by_role("button", name="Reconcile", exact=True)).to_be_disabled()

    page.get_by_role("button", name="Resume", exact=True).click()
    dialog = page.get_by_role("dialog", name=re.compile("Resume GitRepository"))
    dialog.get_by_role("button", name="Resume", exact=True).click()
    expect(_toast(page, "Resumed GitRepository flux-system/flux-system")).to_be_visible(
        timeout=OUTCOME_MS
    )
    expect(page.get_by_role("note", name="Suspended")).to_have_count(0)
    expect(page.get_by_role("button", name="Suspend", exact=True)).to_be_visible()


def test_a_refused_action_says_why(new_page: NewPage, acting: RunningServer) -> None:
    page = new_page(acting)
    # The demo's legacy-manifests Kustomization is suspended: reconcile is refused by Flux rules,
    # so the page offers Resume and disables Reconcile with the reason.
    page.goto("/resources/kustomizations/flux-system/legacy-manifests")
    reconcile = page.get_by_role("button", name="Reconcile", exact=True)
    expect(reconcile).to_be_disabled(timeout=LOAD_MS)
    expect(reconcile).to_have_attribute("title", re.compile("Resume it first"))


def test_bulk_reconcile_from_a_list(new_page: NewPage, acting: RunningServer) -> None:
    page = new_page(acting)
    page.goto("/helmreleases?namespace=infrastructure&health=Ready")
    table = page.get_by_role("table", name="HelmReleases")
    expect(table.get_by_role("rowheader").first).to_be_visible(timeout=LOAD_MS)
    count = table.get_by_role("rowheader").count()
    assert count >= 3
    page.get_by_role("checkbox", name="Select all shown").check()
    bar = page.get_by_role("toolbar", name="Bulk actions")
    expect(bar).to_contain_text(f"{count} selected")
    bar.get_by_role("button", name=re.compile(f"Reconcile {count}")).click()
    expect(_toast(page, f"Reconciled {count} objects")).to_be_visible(
        timeout=OUTCOME_MS
    )
    expect(bar).to_have_count(0)


def test_a_status_change_appears_without_reload(
    new_page: NewPage, acting: RunningServer, kube: httpx.Client
) -> None:
    page = new_page(acting)
    page.goto("/kustomizations?namespace=team-b")
    table = page.get_by_role("table", name="Kustomizations")
    row = table.get_by_role("row").filter(
        has=page.get_by_role("link", name="team-b-apps", exact=True)
    )
    expect(row).to_have_attribute("data-health", "Ready", timeout=LOAD_MS)
    page.evaluate("window.__noReload = true")

    path = KS_API.format(namespace="team-b", name="team-b-apps")
    try:
        answer = kube.patch(path, json={"spec": {"suspend": True}}, headers=MERGE)
        assert answer.status_code == 200, answer.text
        expect(row).to_have_attribute("data-health", "Suspended", timeout=10_000)
        expect(row.get_by_text("Suspended", exact=True)).to_be_visible()
    finally:
        kube.patch(path, json={"spec": {"suspend": False}}, headers=MERGE)
    expect(row).to_have_attribute("data-health", "Ready", timeout=OUTCOME_MS)
    assert page.evaluate("window.__noReload === true"), "the page reloaded"


def test_read_only_mode_hides_every_action(
    new_page: NewPage, server_factory: ServerFactory
) -> None:
    page = new_page(server_factory(scenario="demo", read_only=True))
    page.goto("/resources/kustomizations/apps/frontend")
    expect(page.get_by_role("heading", level=1, name="frontend")).to_be_visible(
        timeout=LOAD_MS
    )
    expect(page.get_by_role("tablist", name="Kustomization details")).to_be_visible()
    for name in ("Reconcile", "Suspend", "Resume"):
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
    page.goto("/kustomizations")
    page.get_by_role("checkbox", name="Select all shown").check(timeout=LOAD_MS)
    bar = page.get_by_role("toolbar", name="Bulk actions")
    expect(bar).to_contain_text("Read-only")
    expect(
        bar.get_by_role("button", name=re.compile("^(Reconcile|Suspend|Resume)"))
    ).to_have_count(0)


def test_flux_not_installed_guidance(
    new_page: NewPage, server_factory: ServerFactory
) -> None:
    page = new_page(server_factory(scenario="empty"))
    page.goto("/")
    guidance = page.get_by_role("region", name="Flux is not installed in this cluster")
    expect(guidance).to_be_visible(timeout=LOAD_MS)
    expect(guidance.get_by_text("flux install", exact=True)).to_be_visible()
    expect(guidance).to_contain_text("flux bootstrap")
    expect(guidance).to_contain_text("Flux Operator")
    page.goto("/kustomizations")
    expect(
        page.get_by_role("heading", name="Kustomization is not served by this cluster")
    ).to_be_visible(timeout=LOAD_MS)
