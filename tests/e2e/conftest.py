"""Browser end-to-end fixtures: a fluxdash server on a loopback port serving the built SPA,
and Debian's Chromium driven by Playwright.

- ``server_factory(scenario=None, **settings)`` starts (once per session and configuration)
  a server; ``fluxdash_server`` is the default one, with no cluster.
- ``browser`` is a headless Chromium for the session; ``new_page(...)`` opens a page in a
  fresh context (own storage, viewport, colour scheme) on a server; ``page`` is one such page
  on ``fluxdash_server`` at 1280x800.
- ``screenshot(page, name)`` writes ``tests/e2e/artifacts/<name>.png``.
A missing Chromium skips these tests with the install command, and fails them under CI=true.
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Error,
    Page,
    Playwright,
    sync_playwright,
)

from .harness import (
    ACTION_TIMEOUT_MS,
    CHROMIUM_ARGS,
    CHROMIUM_INSTALL_HINT,
    CHROMIUM_PATH,
    DEFAULT_VIEWPORT,
    ColorScheme,
    NewPage,
    PageProblems,
    RunningServer,
    Screenshot,
    ServerFactory,
    SpaBuildError,
    Viewport,
    artifact_path,
    ensure_spa_built,
    in_ci,
    safe_artifact_name,
)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the item so fixtures can tell a failed test."""
    report = yield
    setattr(item, f"_e2e_report_{report.when}", report)
    return report


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Run browser tests last. Playwright's sync API keeps an event loop running in the main
    thread for the session, after which pytest-asyncio tests fail ("Runner.run() cannot be
    called from a running event loop"); ``tests/e2e`` sorts before ``kube``, ``sim``, ``unit``."""
    browser = [item for item in items if item.get_closest_marker("e2e") is not None]
    if browser:
        others = [item for item in items if item.get_closest_marker("e2e") is None]
        items[:] = others + browser


def _test_failed(request: pytest.FixtureRequest) -> bool:
    report = getattr(request.node, "_e2e_report_call", None)
    return bool(report is not None and report.failed)


# --- server ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def spa_dist() -> Path:
    try:
        return ensure_spa_built()
    except SpaBuildError as err:
        pytest.fail(str(err), pytrace=False)


@pytest.fixture(scope="session")
def server_factory(spa_dist: Path) -> Iterator[ServerFactory]:
    factory = ServerFactory(static_dir=spa_dist)
    yield factory
    factory.stop_all()


@pytest.fixture(scope="session")
def fluxdash_server(server_factory: ServerFactory) -> RunningServer:
    """fluxdash with no cluster configured (works before the embedded cluster exists)."""
    return server_factory()


# --- browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if CHROMIUM_PATH.is_file():
        return CHROMIUM_PATH
    message = f"Chromium not found at {CHROMIUM_PATH}; install it with: {CHROMIUM_INSTALL_HINT}"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright, chromium_path: Path) -> Iterator[Browser]:
    # launch() gives each run a fresh temporary profile; contexts are isolated on top of it.
    browser = playwright_driver.chromium.launch(
        executable_path=str(chromium_path), headless=True, args=list(CHROMIUM_ARGS)
    )
    yield browser
    browser.close()


@dataclass
class _OpenedPage:
    context: BrowserContext
    page: Page


@pytest.fixture
def page_problems() -> PageProblems:
    """Problems of every page the test opened; fixtures fail a passing test on uncaught errors."""
    return PageProblems()


@pytest.fixture
def new_page(
    browser: Browser,
    fluxdash_server: RunningServer,
    page_problems: PageProblems,
    request: pytest.FixtureRequest,
) -> Iterator[NewPage]:
    opened: list[_OpenedPage] = []

    def open_page(
        server: RunningServer | None = None,
        *,
        viewport: Viewport = DEFAULT_VIEWPORT,
        color_scheme: ColorScheme = "light",
    ) -> Page:
        target = server or fluxdash_server
        context = browser.new_context(
            base_url=target.base_url,
            viewport={"width": viewport.width, "height": viewport.height},
            color_scheme=color_scheme,
            reduced_motion="reduce",
            locale="en-US",
            timezone_id="UTC",
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        page = context.new_page()
        page_problems.watch(page)
        opened.append(_OpenedPage(context, page))
        return page

    yield open_page

    failed = _test_failed(request)
    for index, item in enumerate(opened):
        if failed:
            name = safe_artifact_name(f"failed-{request.node.name}-{index}")
            # The page may already be gone; the test's own failure is what matters then.
            with contextlib.suppress(Error):
                item.page.screenshot(path=artifact_path(name))
        item.context.close()
    if page_problems.uncaught and not failed:
        pytest.fail(
            "uncaught errors in the page:\n" + "\n".join(page_problems.uncaught),
            pytrace=False,
        )


@pytest.fixture
def page(new_page: NewPage) -> Page:
    """A fresh page on the default server at 1280x800, light colour scheme."""
    return new_page()


@pytest.fixture
def screenshot() -> Screenshot:
    """``screenshot(page, name, full_page=False)`` → ``tests/e2e/artifacts/<name>.png``."""

    def take(page: Page, name: str, *, full_page: bool = False) -> Path:
        path = artifact_path(name)
        page.screenshot(path=path, full_page=full_page, animations="disabled")
        return path

    return take
