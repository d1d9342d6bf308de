from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.builders import library, uc

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def seeded(served_library):  # type: ignore[no-untyped-def]
    base, engine = served_library
    library(
        engine,
        use_cases=[
            uc(
                "UC-HC1",
                "Look up patient records",
                industries=["Healthcare"],
                main_steps=["The nurse opens the chart", "The system shows allergies", "Sign"],
                extensions=[
                    {
                        "step": "2a",
                        "kind": "exception",
                        "condition": "Records service is down",
                        "steps": ["The system shows the cached copy"],
                    }
                ],
            ),
            uc("UC-HC2", "Book a scan", industries=["Healthcare"]),
            uc("UC-FN1", "Transfer funds with allergies", industries=["Finance"]),
            uc("UC-XSS", XSS, industries=["Finance"]),
        ],
    )
    return base


def _grid_ids(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The ID column of the results grid (from the grid's accessible table)."""
    grid = page.get_by_test_id("stDataFrame").first
    cells = grid.locator("td[role=gridcell][aria-colindex='1']")
    cells.first.wait_for(state="attached")
    return [c.text_content().strip() for c in cells.all()]


def test_filter_through_the_url_and_open_a_use_case(seeded, page, wait_for_app) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{seeded}/library?industry=Healthcare&q=allergies")
    wait_for_app(page)
    page.get_by_text("1 of 4 use cases").wait_for()
    assert _grid_ids(page) == ["UC-HC1"]
    grid = page.get_by_test_id("stDataFrame").first
    grid.wait_for()
    # Select the only row by clicking its row-selection cell.
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    page.get_by_text("Main success scenario").wait_for()
    expect(page).to_have_url(re.compile(r"uc=UC-HC1"))
    step2 = page.locator("ol > li").filter(has_text="The system shows allergies").first
    expect(step2).to_be_visible()
    assert "Records service is down" in step2.inner_text()  # the extension sits under step 2


def test_a_link_opens_a_use_case_and_user_text_stays_text(  # type: ignore[no-untyped-def]
    seeded, page, wait_for_app, open_tab
) -> None:
    page.goto(f"{seeded}/library?uc=UC-XSS")
    wait_for_app(page)
    page.get_by_text("Main success scenario").wait_for()
    heading = page.locator("h3").filter(has_text="onerror")
    assert heading.first.inner_text().strip() == XSS
    assert page.locator("img[src='x']").count() == 0
    drawing = page.get_by_test_id("stGraphVizChart").locator("svg")
    open_tab(page, "Diagram", shows=drawing)
    labels = drawing.locator("text").all_text_contents()
    assert any("onerror" in label for label in labels)  # the title, drawn as characters
    assert page.locator("img[src='x']").count() == 0
