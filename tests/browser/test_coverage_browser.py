from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.coverage_library import holey_library


def test_coverage_draws_the_matrix_and_a_click_lists_the_cell(  # type: ignore[no-untyped-def]
    served_library, page, wait_for_app, open_tab
) -> None:
    base, engine = served_library
    holey_library(engine)
    page.goto(f"{base}/coverage")
    wait_for_app(page)
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.locator(".js-plotly-plot svg.main-svg").first.wait_for()
    squares = chart.locator(".scatterlayer .points path")
    expect(squares).to_have_count(6)  # 3 industries x 2 personas
    labels = chart.locator(".scatterlayer .textpoint text").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    assert sorted(labels) == ["0", "0", "0", "1", "1", "2"]
    # An empty cell is drawn in the gap colour, and the colour bar says what that colour means.
    fills = squares.evaluate_all("els => els.map(e => getComputedStyle(e).fill)")
    gap_fill = "rgb(244, 166, 160)"  # GAP_COLOUR
    assert [f == gap_fill for f in fills] == [label == "0" for label in labels]
    ticks = chart.locator(".colorbar .cbaxis text").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    assert "0 · gap" in ticks

    # Squares are drawn in order Finance, Healthcare, Retail x CFO, CIO: the 4th is
    # Healthcare x CIO. Click where it is drawn, as a person would.
    box = squares.nth(3).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    listing = page.get_by_text("2 approved use cases")
    listing.wait_for()
    wait_for_app(page)
    expect(page).to_have_url(
        re.compile(r"industry=Healthcare.*persona=CIO|persona=CIO.*industry=Healthcare")
    )
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()

    history = page.locator("[data-testid='stPlotlyChart']").nth(1)
    open_tab(page, "Over time", shows=history.locator(".js-plotly-plot svg.main-svg").first)
    expect(history.locator(".scatterlayer .trace")).to_have_count(3)
