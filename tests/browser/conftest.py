"""Real-browser tests: the app served by `streamlit run`, driven in Debian's Chromium.

Every wait is on a condition (the server's health check, Streamlit's script state, an element),
never a fixed sleep, and the limits are generous: on a busy 2-core machine a first page load
can take tens of seconds. The `browser` marker is applied by tests/conftest.py.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine

from lib.core import db
from tests import databases, servers

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous limits for a busy 2-core machine; a test that passes never waits for them.
PAGE_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def served_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    """A library file and the app serving it on a loopback port: (base URL, engine)."""
    folder = tmp_path_factory.mktemp("served")
    url = databases.new_database_url(folder)
    engine = db.make_engine(url)
    with servers.streamlit_app(folder, url) as base:
        yield base, engine
    engine.dispose()
    databases.drop_database(url)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One Chromium per test process (starting one costs most of a second of CPU); every test
    still gets its own context, with its own cookies and storage (`new_page`)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (tests/run.sh installs it)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=PAGE_TIMEOUT_MS)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser) -> Iterator[Callable[[], object]]:  # type: ignore[no-untyped-def]
    """Open pages as separate visitors (own cookies and session), all with the generous limits;
    closed when the test ends."""
    contexts = []

    def open_page():  # type: ignore[no-untyped-def]
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1400, "height": 1000}
        )
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        context.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> object:  # type: ignore[no-untyped-def]
    return new_page()


@pytest.fixture
def wait_for_app() -> Callable[[object], None]:
    """Wait until Streamlit is connected and has finished running the script for the page.

    The app root carries Streamlit's own script state (`initial`, `running`, `rerunRequested`,
    `notRunning`): waiting for `notRunning` with no running indicator left is the condition
    Streamlit's own browser tests wait on, with no fixed pause after it. A test then waits for
    the element it needs (`wait_for`, `expect`), which also covers a rerun still on its way.
    """

    def wait(page) -> None:  # type: ignore[no-untyped-def]
        page.wait_for_function(servers.APP_IDLE, timeout=PAGE_TIMEOUT_MS)

    return wait


@pytest.fixture
def open_tab() -> Callable[[object, str, object], None]:
    """Click the tab named `name` until `shows` (a locator inside it) is visible.

    A rerun that lands just after the click (a widget syncing the link, say) can redraw the
    tabs with the first one selected; on a busy machine that window is wide. Clicking again is
    what a person would do; the wait ends on the condition, within the page limit.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    def open_(page, name: str, shows) -> None:  # type: ignore[no-untyped-def]
        tab = page.get_by_role("tab", name=name)
        deadline = time.monotonic() + PAGE_TIMEOUT_MS / 1000
        while True:
            tab.click()
            try:
                shows.wait_for(state="visible", timeout=10_000)
                return
            except PlaywrightTimeout:
                if time.monotonic() > deadline:
                    raise

    return open_
