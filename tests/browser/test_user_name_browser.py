"""The sidebar's "Your name" on a freshly started server, in Chromium: kept through the sidebar's
page links, a refresh and a link opened in the same browser, and recorded on the change."""

from __future__ import annotations

from lib.library.editing import history
from tests.builders import library, uc


def _name_box(page):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("stSidebar").get_by_label("Your name", exact=True)


def test_the_typed_name_survives_navigation_refresh_and_links_on_a_fresh_server(  # type: ignore[no-untyped-def]
    served_library, page, new_page, wait_for_app
) -> None:
    from playwright.sync_api import expect

    base, engine = served_library
    library(engine, use_cases=[uc("UC-NAME", "Pay an invoice")])
    page.goto(base)
    wait_for_app(page)
    _name_box(page).fill("Zoe")
    _name_box(page).press("Enter")
    wait_for_app(page)

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Library").click()
    page.wait_for_url(f"{base}/library**")
    wait_for_app(page)
    expect(_name_box(page)).to_have_value("Zoe")

    page.reload()
    wait_for_app(page)
    expect(_name_box(page)).to_have_value("Zoe")

    page.goto(f"{base}/manage?uc=UC-NAME")
    wait_for_app(page)
    expect(_name_box(page)).to_have_value("Zoe")
    page.get_by_label("Title", exact=True).fill("Pay a supplier invoice")
    page.get_by_role("button", name="Save changes").first.click()
    page.get_by_text("Saved UC-NAME").first.wait_for()
    assert [c.who for c in history(engine, "UC-NAME")] == ["Zoe"]

    other = new_page()  # another browser: its own name, not Zoe's
    other.goto(f"{base}/library")
    wait_for_app(other)
    expect(_name_box(other)).to_have_value("")
