from __future__ import annotations

import json

from sqlalchemy import Engine

from lib.core.usage import record_generation
from tests.apptest import open_app, plain
from tests.coverage_library import holey_library


def _matrix_counts(at) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    """The counts drawn in the coverage matrix chart: {(industry, persona): n}."""
    chart = at.get("plotly_chart")[0]
    trace = json.loads(chart.proto.spec)["data"][0]
    return {(y, x): int(t) for x, y, t in zip(trace["x"], trace["y"], trace["text"], strict=True)}


def test_page_shows_headline_matrix_and_lists(engine: Engine) -> None:
    holey_library(engine)
    at = open_app("coverage")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Approved use cases"] == "3"
    assert metrics["Cells covered"] == "50%"
    counts = _matrix_counts(at)
    assert counts[("Healthcare", "CIO")] == 2 and counts[("Finance", "CIO")] == 0
    tables = [df.value for df in at.dataframe]
    gaps = next(t for t in tables if "What is missing" in t and "Shortfall" in t)
    assert list(gaps["Industry"])[:2] == ["Finance", "Healthcare"]
    complete = next(t for t in tables if "Score" in t and "Shortfall" not in t)
    assert complete.iloc[0]["Use case"] == "UC-2"


def test_size_query_param_changes_the_matrix(engine: Engine) -> None:
    holey_library(engine)
    at = open_app("coverage", size="Enterprise")
    assert not at.exception
    assert at.selectbox(key="size").value == "Enterprise"
    counts = _matrix_counts(at)
    assert counts[("Healthcare", "CIO")] == 1 and counts[("Healthcare", "CFO")] == 0
    # the headline stays over all sizes, and says so
    assert any("for all company sizes" in c.value and "Enterprise" in c.value for c in at.caption)
    at.selectbox(key="size").set_value(None).run()
    assert _matrix_counts(at)[("Healthcare", "CIO")] == 2
    assert not any("for all company sizes" in c.value for c in at.caption)


def test_measure_switches_to_shareable_proof(engine: Engine) -> None:
    holey_library(engine)
    at = open_app("coverage", measure="Shareable proof")  # the URL holds the label
    assert not at.exception
    counts = _matrix_counts(at)
    assert counts[("Healthcare", "CIO")] == 1 and counts[("Finance", "CFO")] == 1


def test_picking_a_cell_lists_its_use_cases(engine: Engine) -> None:
    holey_library(engine)
    at = open_app("coverage")
    at.selectbox(key="industry").select("Healthcare")
    at.selectbox(key="persona").select("CIO").run()
    assert not at.exception
    assert any("2 approved use cases" in m.value for m in at.markdown)
    listing = next(df.value for df in at.dataframe if "Shareable proof" in df.value)
    assert list(listing["Use case"]) == ["UC-1", "UC-2"]
    assert list(listing["Shareable proof"]) == [1, 0]
    at.selectbox(key="persona").select("CIO")
    at.selectbox(key="industry").select("Finance").run()
    assert any("No approved use case covers Finance × CIO" in w.value for w in at.warning)


def test_a_shared_link_opens_on_its_cell(engine: Engine) -> None:
    holey_library(engine)
    at = open_app("coverage", industry="Finance", persona="CFO")
    assert not at.exception
    listing = next(df.value for df in at.dataframe if "Shareable proof" in df.value)
    assert list(listing["Use case"]) == ["UC-5"]


def test_a_much_shown_story_is_noted_not_warned_about(engine: Engine) -> None:
    holey_library(engine)
    for n in range(3):
        record_generation(
            engine, kind="pack", format="pdf", use_case_ids=["UC-1"], outcome_ids=["O-1"],
            prospect=f"P{n}", industry="Healthcare",
        )  # fmt: skip
    at = open_app("coverage")
    assert not at.exception
    # Pack downloads measure how much a story is used; fatigue comes from reference requests.
    assert any("Customer O-1: shown to 3 prospects" in plain(i.value) for i in at.info)
    assert not any("shown to 3 prospects" in plain(w.value) for w in at.warning)


def test_overuse_in_an_earlier_quarter_is_history_not_a_warning(engine: Engine) -> None:
    import datetime as dt

    holey_library(engine)
    for n in range(3):
        record_generation(
            engine, kind="pack", format="pdf", use_case_ids=["UC-1"], outcome_ids=["O-1"],
            prospect=f"P{n}", industry="Healthcare", at=dt.datetime.now() - dt.timedelta(days=400),
        )  # fmt: skip
    at = open_app("coverage")
    assert not at.exception
    assert not any("shown to 3 prospects" in i.value for i in at.info)
    assert any("earlier quarters (1)" in e.label for e in at.expander)
    earlier = next(df.value for df in at.dataframe if "Times shown" in df.value)
    assert list(earlier["Customer"]) == ["Customer O-1"] and list(earlier["Times shown"]) == [3]


def test_empty_library_offers_the_same_buttons_as_the_other_pages(engine: Engine) -> None:
    at = open_app("coverage")
    assert not at.exception
    assert "python -m" not in at.info[0].value  # no terminal commands for marketing
    links = {(link.proto.label, link.proto.page) for link in at.get("page_link")}
    others = {(link.proto.label, link.proto.page) for link in open_app("library").get("page_link")}
    assert links == others
    assert {"Load the sample library", "Import a workbook"} <= {label for label, _ in links}
    assert not at.get("plotly_chart")


def test_stale_setting_from_the_link_changes_the_stale_count(engine: Engine) -> None:
    import datetime as dt

    from tests.builders import library, uc

    old = dt.date.today() - dt.timedelta(days=60)
    library(engine, use_cases=[uc("UC-1", last_reviewed=old), uc("UC-2")])
    assert {m.label: m.value for m in open_app("coverage").metric}["Stale use cases"] == "0"
    at = open_app("coverage", stale_after="30")
    assert {m.label: m.value for m in at.metric}["Stale use cases"] == "1"


def test_a_chart_click_names_its_cell() -> None:
    from lib.coverage.charts import selected_cell

    clicked = {
        "selection": {
            "points": [{"x": "CIO", "y": "Healthcare", "customdata": ["Healthcare", "CIO"]}],
            "point_indices": [3],
        }
    }
    assert selected_cell(clicked) == ("Healthcare", "CIO")
    assert selected_cell({"selection": {"points": []}}) is None
    assert selected_cell(None) is None


def test_a_library_change_shows_on_the_next_rerun(engine: Engine) -> None:
    from tests.builders import library, uc

    holey_library(engine)
    at = open_app("coverage")
    assert {m.label: m.value for m in at.metric}["Approved use cases"] == "3"
    library(engine, use_cases=[uc("UC-9", industries=["Retail"], personas=["CIO"])])
    at.run()
    assert {m.label: m.value for m in at.metric}["Approved use cases"] == "4"
    assert _matrix_counts(at)[("Retail", "CIO")] == 1


def test_the_matrix_colours_an_empty_cell_as_a_gap_and_its_colour_bar_says_so() -> None:
    import pandas as pd

    from lib.coverage.charts import GAP_COLOUR, matrix_figure

    for top in (1, 2, 7, 40):
        matrix = pd.DataFrame([[0, 1], [top, 0]], index=["Finance", "Retail"], columns=["A", "B"])
        marker = matrix_figure(matrix, "Approved use cases").data[0].marker
        scale = [(float(at), colour) for at, colour in marker.colorscale]
        gap_band = max(at for at, colour in scale if colour == GAP_COLOUR)

        def colour_at(value: int, scale=scale, marker=marker) -> str:  # type: ignore[no-untyped-def]
            where = (value - marker.cmin) / (marker.cmax - marker.cmin)
            return [c for at, c in scale if at <= where][-1]

        assert colour_at(0) == GAP_COLOUR and colour_at(1) != GAP_COLOUR
        # The bar shows a band of gap colour wide enough to see, labelled as a gap.
        assert gap_band >= 0.5 / top - 1e-9
        assert "gap" in marker.colorbar.ticktext[0] and marker.colorbar.tickvals[0] == 0


def test_one_use_case_behind_a_cell_reads_in_the_singular(engine: Engine) -> None:
    holey_library(engine)
    at = open_app("coverage", industry="Healthcare", persona="CFO")
    assert not at.exception
    assert any("**1 approved use case** for" in m.value for m in at.markdown)


def test_names_with_markdown_characters_are_shown_as_written(engine: Engine) -> None:
    from tests.builders import library, outcome, uc

    library(
        engine,
        segments=[{"id": "R*D_labs"}],
        use_cases=[uc("UC-1", industries=["R*D_labs"], personas=["CIO"])],
        outcomes=[outcome("O-1", "UC-1", customer="$mart *Stores*", industry="R*D_labs")],
    )
    for n in range(3):
        record_generation(
            engine, kind="pack", format="pdf", use_case_ids=["UC-1"], outcome_ids=["O-1"],
            prospect=f"P{n}", industry="R*D_labs",
        )  # fmt: skip
    at = open_app("coverage", industry="R*D_labs", persona="CIO")
    assert not at.exception
    # Escaped, so Markdown shows the characters instead of italics or a formula.
    assert any(r"R\*D\_labs × CIO" in m.value for m in at.markdown)
    assert any(r"\$mart \*Stores\*" in i.value for i in at.info)
    assert any("$mart *Stores*: shown to 3 prospects" in plain(i.value) for i in at.info)


def test_history_with_one_day_says_the_lines_come_later(engine: Engine) -> None:
    holey_library(engine)
    at = open_app("coverage")
    assert any("two days" in i.value for i in at.info)
