"""A rep on a 1366x768 laptop, on a network that reaches nothing but the app: the page icon
needs no outside server, the pack's downloads are in view without scrolling, and "CIO" typed
in Attending means the CIO."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from lib.workbook import load_sample_if_empty

LAPTOP = {"width": 1366, "height": 768}
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
DOWNLOADS = ("Pack (PDF)", "Pack (Word)", "Pack (Markdown)", "Questions (Excel)",
             "Questions (PDF)")  # fmt: skip


@pytest.fixture(scope="module")
def sample(served_library):  # type: ignore[no-untyped-def]
    base, engine = served_library
    assert load_sample_if_empty(engine)
    return base


@pytest.fixture
def offline(browser) -> Iterator[tuple[object, list[str]]]:  # type: ignore[no-untyped-def]
    """A laptop-sized page whose every request outside the loopback is refused and recorded."""
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True)
    context.set_default_timeout(60_000)
    outside: list[str] = []

    def guard(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and (
            urlsplit(url).hostname not in LOOPBACK
        ):
            outside.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    yield context.new_page(), outside
    context.close()


def _open_call_prep(page, base: str, wait_for_app) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/call-prep?company=Acme+Health&industry=Healthcare&size=Mid-market"
              "&persona=CIO&persona=COO&pains=records+lookup+time")  # fmt: skip
    wait_for_app(page)
    page.get_by_role("heading", name="Call prep", exact=True).wait_for()
    page.get_by_text("Chosen:", exact=False).wait_for()


def test_the_page_icon_loads_with_no_outside_request(sample, offline, wait_for_app) -> None:  # type: ignore[no-untyped-def]
    page, outside = offline
    _open_call_prep(page, sample, wait_for_app)
    page.wait_for_function(
        """() => {
            const link = document.querySelector("link[rel='shortcut icon']");
            return link !== null && link.href.startsWith("data:image/svg+xml");
        }"""
    )
    size = page.evaluate(
        """() => new Promise((resolve) => {
            const img = new Image();
            img.onload = () => resolve([img.naturalWidth, img.naturalHeight]);
            img.onerror = () => resolve([0, 0]);
            img.src = document.querySelector("link[rel='shortcut icon']").href;
        })"""
    )
    assert size[0] > 0 and size[1] > 0
    page.get_by_test_id("stSidebarNav").get_by_text("Library", exact=True).click()
    wait_for_app(page)
    page.get_by_role("heading", name="Library", exact=True).wait_for()
    assert outside == []


def test_the_downloads_are_in_view_without_scrolling(sample, offline, wait_for_app) -> None:  # type: ignore[no-untyped-def]
    page, _outside = offline
    _open_call_prep(page, sample, wait_for_app)
    assert page.evaluate("() => window.scrollY") == 0
    for label in DOWNLOADS:
        button = page.get_by_role("button", name=label)
        button.wait_for()
        box = button.bounding_box()
        assert box is not None, label
        assert box["y"] >= 0 and box["y"] + box["height"] <= LAPTOP["height"], (label, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"], (label, box)


def test_the_downloads_stay_in_view_for_an_industry_known_by_an_alias(
    sample, offline, wait_for_app
) -> None:  # type: ignore[no-untyped-def]
    """'Banking' is ranked as Finance and says so; the message does not push the PDF away."""
    page, _outside = offline
    page.goto(f"{sample}/call-prep?company=Bayview&industry=Banking&size=Mid-market"
              "&pains=card+disputes+take+weeks")  # fmt: skip
    wait_for_app(page)
    page.get_by_text("Ranked as Finance", exact=False).wait_for()
    page.get_by_text("Chosen:", exact=False).wait_for()
    box = page.get_by_role("button", name="Pack (PDF)").bounding_box()
    assert box is not None and box["y"] + box["height"] <= LAPTOP["height"], box


def _attend(page, typed: str) -> None:  # type: ignore[no-untyped-def]
    """Type in Attending and press Enter, as a rep does."""
    box = page.get_by_test_id("stMultiSelect").locator("input")
    box.click()
    box.fill(typed)
    # Enter only once the list is filtered: its first row holds what was typed (an option
    # containing it, or "Add: ..."), not the unfiltered list's first persona.
    expect(page.get_by_role("option").first).to_contain_text(typed, ignore_case=True)
    box.press("Enter")


def test_cio_and_enter_adds_the_cio_alone(sample, offline, wait_for_app) -> None:  # type: ignore[no-untyped-def]
    """Not CIO, CMIO and CISO (Streamlit's "Select all matches"), not the first fuzzy match."""
    page, _outside = offline
    page.goto(f"{sample}/call-prep?industry=Healthcare&pains=records+lookup+time")
    wait_for_app(page)
    page.get_by_text("Chosen:", exact=False).wait_for()
    _attend(page, "CIO")
    page.wait_for_function("() => location.search.includes('persona=')")
    wait_for_app(page)
    attending = page.get_by_test_id("stMultiSelect")
    expect(attending).to_contain_text("Chief Information Officer (CIO)")
    for other in ("CMIO", "CISO", "CFO", "COO"):
        expect(attending).not_to_contain_text(f"({other})")
    assert "CMIO" not in page.url and "CISO" not in page.url
    page.get_by_text("resonates with Chief Information Officer", exact=False).first.wait_for()

    # A title from the CRM that no option contains is added as typed and read through the
    # aliases marketing keeps (VP IT is an alias of the CIO in the sample).
    page.goto(f"{sample}/call-prep?industry=Healthcare&pains=records+lookup+time")
    wait_for_app(page)
    page.get_by_text("Chosen:", exact=False).wait_for()
    _attend(page, "VP IT")
    page.get_by_text("Attending read as: VP IT → Chief Information Officer (CIO)").wait_for()
    expect(page.get_by_test_id("stMultiSelect")).not_to_contain_text("(CISO)")
