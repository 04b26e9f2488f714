"""The graph page in Chromium against kubesim's demo fleet: render, click through, toggle an
edge type, live recolouring when an object fails and recovers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from kubesim.server import KubeSim, ThreadedKubeSim

from .harness import NewPage, PageProblems, RunningServer, Screenshot, ServerFactory

pytestmark = pytest.mark.e2e

FAST_WATCHES: dict[str, Any] = {
    "watch_timeout_seconds": 30,
    "watch_read_timeout_seconds": 40,
    "backoff_initial_seconds": 0.05,
    "backoff_max_seconds": 0.4,
}
FRONTEND = ("Kustomization", "apps", "frontend")
FRONTEND_ID = "Kustomization/apps/frontend"
LIVE_TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def demo_sim() -> Iterator[ThreadedKubeSim]:
    """The demo fleet in a kubesim we can script (failures, reconciles) from the test."""
    sim = ThreadedKubeSim(scenario="demo").start()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture(scope="module")
def demo_server(
    server_factory: ServerFactory,
    demo_sim: ThreadedKubeSim,
    tmp_path_factory: pytest.TempPathFactory,
) -> RunningServer:
    kubeconfig: Path = tmp_path_factory.mktemp("graph-e2e") / "kubeconfig"
    demo_sim.write_kubeconfig(kubeconfig)
    server = server_factory(
        cluster_mode="kubeconfig", kubeconfig=kubeconfig, **FAST_WATCHES
    )
    for _ in range(200):
        if httpx.get(server.url("/api/v1/readyz"), timeout=5).status_code == 200:
            break
        import time

        time.sleep(0.05)
    return server


def _open_graph(
    new_page: NewPage, server: RunningServer, path: str = "/graph", **kw: Any
) -> Page:
    page = new_page(server, **kw)
    page.goto(path)
    expect(page.get_by_test_id("graph-canvas")).to_have_attribute("data-layout", "done")
    return page


def _node_position(page: Page, node_id: str) -> dict[str, float]:
    position = page.evaluate(
        "id => window.__fluxdashGraph?.nodePosition(id) ?? null", node_id
    )
    assert position is not None, f"{node_id} is not on the canvas"
    return {"x": float(position["x"]), "y": float(position["y"])}


def _node_color(page: Page, node_id: str) -> str:
    return str(page.evaluate("id => window.__fluxdashGraph?.nodeColor(id)", node_id))


def test_demo_graph_renders_every_object_with_its_root_causes(
    new_page: NewPage,
    demo_server: RunningServer,
    page_problems: PageProblems,
    screenshot: Screenshot,
) -> None:
    api = httpx.get(demo_server.url("/api/v1/graph"), timeout=10).json()
    page = _open_graph(new_page, demo_server)
    assert page.evaluate("window.__fluxdashGraph.nodeCount()") == len(api["nodes"])
    assert page.evaluate("window.__fluxdashGraph.edgeCount()") == len(api["edges"])
    expect(page.get_by_role("heading", level=1, name="Graph")).to_be_visible()
    causes = page.get_by_role("region", name=re.compile("Root causes"))
    expect(causes.get_by_text("infra-configs", exact=True)).to_be_visible()
    expect(causes.get_by_text("team-b-repo", exact=True)).to_be_visible()
    expect(causes).to_contain_text("blocks 1 object")
    screenshot(page, "graph-demo-light")

    dark = _open_graph(new_page, demo_server, color_scheme="dark")
    screenshot(dark, "graph-demo-dark")
    assert page_problems.console_errors == []


def test_hover_shows_the_message_and_click_opens_the_detail_page(
    new_page: NewPage, demo_server: RunningServer, screenshot: Screenshot
) -> None:
    page = _open_graph(new_page, demo_server)
    target = "Kustomization/flux-system/apps"
    page.evaluate("id => window.__fluxdashGraph", target)
    position = _node_position(page, target)
    page.mouse.move(position["x"], position["y"])
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_contain_text(
        "dependency 'flux-system/infra-configs' is not ready"
    )
    expect(tooltip).to_contain_text("waits on Kustomization flux-system/infra-configs")
    screenshot(page, "graph-demo-tooltip")
    page.mouse.click(position["x"], position["y"])
    expect(page).to_have_url(re.compile(r"/resources/kustomizations/flux-system/apps$"))


def test_edge_type_toggles_show_and_hide_those_edges(
    new_page: NewPage, demo_server: RunningServer
) -> None:
    page = _open_graph(new_page, demo_server)
    count = "t => window.__fluxdashGraph.visibleEdgeCount(t)"
    # inventory edges crowd the picture: off by default, one click away
    inventory = page.get_by_role("button", name="inventory", exact=True)
    expect(inventory).to_have_attribute("aria-pressed", "false")
    assert page.evaluate(count, "inventory") == 0
    inventory.click()
    expect(inventory).to_have_attribute("aria-pressed", "true")
    expect(page).to_have_url(re.compile(r"edges=[^&]*inventory"))
    assert page.evaluate(count, "inventory") > 0

    depends = page.get_by_role("button", name="depends on", exact=True)
    assert page.evaluate(count, "dependsOn") > 0
    depends.click()
    expect(depends).to_have_attribute("aria-pressed", "false")
    assert page.evaluate(count, "dependsOn") == 0
    assert page.evaluate(count, "inventory") > 0
    # the toggles live in the URL: a reload keeps them
    page.reload()
    expect(page.get_by_test_id("graph-canvas")).to_have_attribute("data-layout", "done")
    assert page.evaluate(count, "dependsOn") == 0
    assert page.evaluate(count, "inventory") > 0


def test_focus_deep_link_and_search(
    new_page: NewPage, demo_server: RunningServer
) -> None:
    page = _open_graph(
        new_page, demo_server, "/graph?focus=Kustomization/flux-system/apps&depth=1"
    )
    expect(page.get_by_role("status").filter(has_text="Around")).to_contain_text(
        "Kustomization flux-system/apps"
    )
    assert page.evaluate("window.__fluxdashGraph.nodeCount()") < 20
    page.get_by_role("button", name="Show everything").click()
    expect(page).not_to_have_url(re.compile("focus="))
    page.get_by_role("search").get_by_role("searchbox").fill("podinfo")
    expect(page.get_by_text(re.compile(r"1 of \d+"))).to_be_visible()


def _script(sim: ThreadedKubeSim, fail: bool) -> None:
    def apply(kube: KubeSim) -> None:
        assert kube.scenario is not None
        if fail:
            kube.scenario.script(
                *FRONTEND,
                delay=0,
                fail={
                    "reason": "BuildFailed",
                    "message": "kustomize build failed: e2e",
                },
            )
        else:
            kube.scenario.clear_script(*FRONTEND)
        kube.scenario.request(*FRONTEND)

    sim.call(apply)


def test_live_colour_change_on_failure_and_recovery(
    new_page: NewPage,
    demo_server: RunningServer,
    demo_sim: ThreadedKubeSim,
    screenshot: Screenshot,
) -> None:
    page = _open_graph(new_page, demo_server)
    ready = _node_color(page, FRONTEND_ID)
    layouts = page.evaluate("window.__fluxdashGraph.layoutCount()")
    try:
        _script(demo_sim, fail=True)
        page.wait_for_function(
            "([id, before]) => window.__fluxdashGraph.nodeColor(id) !== before",
            arg=[FRONTEND_ID, ready],
            timeout=LIVE_TIMEOUT_MS,
        )
        failed = _node_color(page, FRONTEND_ID)
        causes = page.get_by_role("region", name=re.compile("Root causes"))
        expect(causes.get_by_text("frontend", exact=True)).to_be_visible()
        screenshot(page, "graph-demo-live-failure")
    finally:
        _script(demo_sim, fail=False)
    page.wait_for_function(
        "([id, before]) => window.__fluxdashGraph.nodeColor(id) === before",
        arg=[FRONTEND_ID, ready],
        timeout=LIVE_TIMEOUT_MS,
    )
    assert failed != ready
    # restyled in place: no new layout for a status change
    assert page.evaluate("window.__fluxdashGraph.layoutCount()") == layouts
