"""A shared link must open the whole app, even as the first request a fresh server sees."""

from __future__ import annotations

from tests.builders import library, uc


def test_direct_link_on_a_fresh_server_opens_the_page_in_the_app_frame(
    served_library, page, wait_for_app
) -> None:  # type: ignore[no-untyped-def]
    base, engine = served_library
    library(engine, use_cases=[uc("UC-D1", industries=["Finance"], personas=["CFO"])])
    page.goto(f"{base}/coverage")
    wait_for_app(page)
    nav = page.get_by_test_id("stSidebarNav")
    nav.get_by_text("Home", exact=True).wait_for()
    assert nav.get_by_text("app", exact=True).count() == 0
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_by_text("Casebook", exact=True).count() == 1
    page.get_by_role("heading", name="Coverage").first.wait_for()
