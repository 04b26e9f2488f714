"""The live stream in Chromium: changes in the cluster show up in an open page, no reload.

The server runs the embedded cluster (kubesim, scenario ``empty``); the tests change it through
its Kubernetes HTTP API and its fault endpoint, the way a controller or an outage would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from fluxdash.models.kinds import kind_by_plural
from tests.api.fleet import crd
from tests.cache import objects as o

from .harness import NewPage, RunningServer, Screenshot, ServerFactory

pytestmark = pytest.mark.e2e

KS = "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations"
MERGE = {"Content-Type": "application/merge-patch+json"}
NO_RELOAD_MARK = "window.__fluxdashNoReload"


@pytest.fixture(scope="module")
def live_server(server_factory: ServerFactory) -> RunningServer:
    # Its own configuration key: these tests change the cluster, other tests must not see it.
    return server_factory(scenario="empty", ws_coalesce_ms=50)


@pytest.fixture
def kube(live_server: RunningServer) -> Iterator[httpx.Client]:
    server = live_server.app.state.runtime.server
    assert server, "the embedded cluster did not start"
    with httpx.Client(base_url=server, timeout=10) as client:
        yield client
        client.post("/_kubesim/faults", json={"clear": True})


def mark_page(page: Page) -> None:
    page.evaluate(f"{NO_RELOAD_MARK} = true")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate(f"{NO_RELOAD_MARK} === true"), "the page was reloaded"


def test_the_indicator_goes_stale_during_an_outage_and_live_again(
    new_page: NewPage,
    live_server: RunningServer,
    kube: httpx.Client,
    screenshot: Screenshot,
) -> None:
    page = new_page(live_server)
    page.goto("/")
    indicator = page.get_by_role("status")
    expect(indicator).to_contain_text("Live", timeout=20_000)
    mark_page(page)

    response = kube.post("/_kubesim/faults", json={"outage": 4, "dropWatches": True})
    assert response.status_code == 200, response.text
    expect(indicator).to_contain_text("Stale", timeout=15_000)
    expect(indicator).to_have_attribute("data-state", "stale")
    screenshot(page, "live-indicator-stale")

    expect(indicator).to_contain_text("Live", timeout=30_000)
    expect(indicator).to_have_attribute("data-state", "live")
    assert_not_reloaded(page)


def _install_kustomizations(kube: httpx.Client) -> None:
    definition = crd(kind_by_plural("kustomizations"))
    name = definition["metadata"]["name"]
    if kube.get(
        f"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}"
    ).is_success:
        return
    created = kube.post(
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", json=definition
    )
    assert created.status_code == 201, created.text


def _create(kube: httpx.Client, obj: dict[str, Any]) -> None:
    namespace = obj["metadata"]["namespace"]
    if not kube.get(f"/api/v1/namespaces/{namespace}").is_success:
        made = kube.post("/api/v1/namespaces", json={"metadata": {"name": namespace}})
        assert made.status_code == 201, made.text
    obj["metadata"].pop("resourceVersion", None)
    kube.delete(f"{KS}/{obj['metadata']['name']}")
    created = kube.post(KS, json=obj)
    assert created.status_code == 201, created.text


SUBSCRIBE_FROM_THE_PAGE = """
() => new Promise((resolve, reject) => {
  const url = location.origin.replace(/^http/, "ws") + "/api/v1/ws";
  const ws = new WebSocket(url);
  window.__liveFrames = [];
  window.__liveSocket = ws;
  ws.onmessage = (event) => window.__liveFrames.push(JSON.parse(event.data));
  ws.onopen = () => {
    ws.send(JSON.stringify({type: "subscribe", id: "ks", kinds: ["kustomizations"]}));
    resolve(true);
  };
  ws.onerror = () => reject(new Error("websocket failed"));
})
"""

ROW_HEALTH = """
([id, health]) => window.__liveFrames.some((f) =>
  (f.type === "changes" && f.upserts.some((r) => r.id === id && r.health === health)) ||
  (f.type === "snapshot" && f.items.some((r) => r.id === id && r.health === health)))
"""


def test_a_status_change_reaches_the_open_page(
    new_page: NewPage, live_server: RunningServer, kube: httpx.Client
) -> None:
    _install_kustomizations(kube)
    _create(kube, o.kustomization("live-e2e"))
    row_id = "Kustomization/flux-system/live-e2e"

    page = new_page(live_server)
    page.goto("/kustomizations")
    expect(page.get_by_role("status")).to_contain_text("Live", timeout=20_000)
    mark_page(page)
    # The same-origin upgrade from a real browser page (Chromium sets Origin) is accepted.
    assert page.evaluate(SUBSCRIBE_FROM_THE_PAGE) is True
    page.wait_for_function(ROW_HEALTH, arg=[row_id, "Ready"], timeout=20_000)

    patch = {
        "status": {
            "conditions": [o.ready("False", "BuildFailed", "kustomize build failed")]
        }
    }
    response = kube.patch(f"{KS}/live-e2e", json=patch, headers=MERGE)
    assert response.status_code == 200, response.text
    page.wait_for_function(ROW_HEALTH, arg=[row_id, "Failed"], timeout=10_000)
    frames = page.evaluate("window.__liveFrames")
    failed = [
        r
        for f in frames
        if f["type"] == "changes"
        for r in f["upserts"]
        if r["id"] == row_id and r["health"] == "Failed"
    ]
    assert failed[-1]["message"] == "kustomize build failed"
    assert failed[-1]["healthReason"] == "BuildFailed"
    assert_not_reloaded(page)


def test_a_foreign_page_cannot_open_the_stream(
    new_page: NewPage, live_server: RunningServer
) -> None:
    page = new_page(live_server)
    # A page on another origin (a different loopback port) tries to connect cross-site.
    page.route(
        re.compile(r"http://localhost:\d+/evil"),
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<p>evil</p>"
        ),
    )
    port = live_server.base_url.rsplit(":", 1)[1]
    page.goto(f"http://localhost:{port}/evil")
    outcome = page.evaluate(
        """(url) => new Promise((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve("open");
          ws.onclose = (e) => resolve("closed " + e.code);
        })""",
        f"ws://127.0.0.1:{port}/api/v1/ws",
    )
    assert outcome == "closed 1006"  # the handshake was refused (HTTP 403)
