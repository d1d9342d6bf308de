"""Every page, for every hostile string in the library and in the link, sends the browser no
live link, colour, icon, maths or HTML made from data, and still shows the text as typed.

The pages only read, so the tests share one library holding every hostile string (each in its
own use case, segments, persona, outcomes and questions); a page that shows the whole library
(Home, Coverage without a size) is checked for all the strings in one run, and names the ones
that leaked."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from lib.callprep.candidates import load_candidates
from lib.callprep.packs import build_pack, render
from lib.callprep.prospect import Prospect
from lib.core import ui
from lib.core.safe_text import plotly_text
from lib.coverage.charts import matrix_figure, selected_cell
from tests.apptest import open_app, plain
from tests.hostile_library import every_hostile_string, size_name, use_case_id
from tests.markup import INJECTIONS, live_markup, plotly_labels, plotly_markup, rendered_markdown


def _named(source: str) -> list[str]:
    """The hostile strings (by their test id, s0, s1, ...) whose text is in `source`."""
    readable = html.unescape(plain(source))
    return [f"s{n}" for n, text in enumerate(INJECTIONS) if text in readable]


def assert_inert(at: Any, text: str, *, shown: bool = True) -> None:
    """No element's Markdown comes alive, and (when the page shows data) the text reads as
    typed somewhere on it."""
    assert_all_inert(at, [text] if shown else [])


def assert_all_inert(at: Any, shown: list[str]) -> None:
    """No element's Markdown comes alive (naming the strings in each element that does), and
    each text in `shown` reads as typed somewhere on the page."""
    assert not at.exception, at.exception
    sources = rendered_markdown(at)
    live = {
        source[:80]: (_named(source), found) for source in sources if (found := live_markup(source))
    }
    assert not live, live
    readable = [html.unescape(plain(source)) for source in sources]
    missing = [text for text in shown if not any(text in r for r in readable)]
    assert not missing, f"these hostile texts never reached the page: {missing}"


@pytest.fixture(params=INJECTIONS, ids=[f"s{n}" for n in range(len(INJECTIONS))])
def text(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, schema_copy: Any) -> Iterator[Engine]:
    """The library with every hostile string, which the pages under test open (read only)."""
    with every_hostile_string(tmp_path_factory.mktemp("hostile"), schema_copy, INJECTIONS) as e:
        yield e


def test_home(hostile: Engine) -> None:
    assert_all_inert(open_app("home"), shown=[])  # Home shows counts only


def test_library_reading_view(hostile: Engine, text: str) -> None:
    at = open_app("library", uc=use_case_id(text))
    assert_inert(at, text)
    assert any(plain(s).startswith(f"{text} title") for s in (h.value for h in at.subheader))


def test_library_link_to_a_missing_use_case(hostile: Engine, text: str) -> None:
    assert_inert(open_app("library", uc=text), text)


def test_manage_editor_and_a_missing_use_case(hostile: Engine, text: str) -> None:
    assert_inert(open_app("manage", uc=use_case_id(text)), text)
    assert_inert(open_app("manage", uc=f"{text} gone"), text)


def test_manage_messages_quoting_names_and_files(hostile: Engine, text: str) -> None:
    """The editor's name, a saved-change message and an import summary all quote user text."""
    at = open_app("manage")
    at.session_state["user_name"] = text
    at.session_state[f"{ui.FLASH_KEY}manage"] = ("success", f"Created {text}.")
    at.session_state["import_result"] = (f"{text}.xlsx", [f"1 use case added: {text}"])
    at.run()
    assert_inert(at, text)
    assert any(f"Created {text}." in plain(s.value) for s in at.success)
    assert any(f"Imported {text}.xlsx" in plain(s.value) for s in at.success)


def test_admin_refusing_a_hostile_email_quotes_it_inertly(hostile: Engine, text: str) -> None:
    at = open_app("admin")
    assert_inert(at, text, shown=False)
    at.text_input[0].input(text)
    next(b for b in at.button if b.label == "Grant").click().run()
    assert at.error, "the access list refuses a pattern that is not an email or @domain"
    assert_inert(at, text)


def test_call_prep_from_a_hostile_link_over_a_hostile_library(hostile: Engine, text: str) -> None:
    at = open_app(
        "call-prep", company=text, industry=text, size=size_name(text), persona=[text],
        pains=text, objective=text, include=f"{text}, UC-missing",
    )  # fmt: skip
    assert_inert(at, text)
    assert at.checkbox, "the hostile use case is picked, so its title, reasons and pack show"
    assert text in plain(at.checkbox[0].label)


def test_call_prep_nearest_names_from_a_hostile_library(hostile: Engine, text: str) -> None:
    at = open_app("call-prep", industry=f"{text}x", size=f"{size_name(text)}x", persona=[text])
    assert_inert(at, text)
    assert any(plain(b.label) == text for b in at.button), "a button offers the library's name"


def test_coverage_page_and_its_charts(hostile: Engine, text: str) -> None:
    at = open_app("coverage", industry=text, persona=text, size=size_name(text))
    assert_inert(at, text)
    assert any(f"{text} × {text}" in plain(m.value) for m in at.markdown)
    charts = at.get("plotly_chart")
    assert charts
    for chart in charts:
        assert plotly_markup(chart.proto.spec) == []
    drawn = [html.unescape(str(label)) for label in plotly_labels(charts[0].proto.spec)]
    assert text in drawn


def test_coverage_without_a_size_shows_the_overuse_note(hostile: Engine) -> None:
    at = open_app("coverage")
    assert_all_inert(at, shown=list(INJECTIONS))
    notes = [plain(i.value) for i in at.info]
    unwarned = [t for t in INJECTIONS if not any(f"{t}: shown to 3 prospects" in n for n in notes)]
    assert not unwarned, f"no overuse note names {unwarned}"


def test_the_matrix_figure_draws_names_as_text_and_clicks_name_the_real_cell() -> None:
    import pandas as pd

    names = list(INJECTIONS[:6])
    matrix = pd.DataFrame([[1] * 6] * 6, index=names, columns=names)
    figure = matrix_figure(matrix, "Approved use cases")
    spec = figure.to_json()
    assert plotly_markup(spec) == []
    trace = json.loads(spec)["data"][0]
    assert set(trace["y"]) == {plotly_text(n) for n in names}
    k = 4 * len(names) + 3  # row 4 (industry), column 3 (persona)
    point = {"x": trace["x"][k], "y": trace["y"][k], "customdata": trace["customdata"][k]}
    assert selected_cell({"selection": {"points": [point]}}) == (names[4], names[3])
    del point["customdata"]  # a selection without customdata still names the real cell
    assert selected_cell({"selection": {"points": [point]}}) == (names[4], names[3])


def test_the_exported_markdown_pack_is_inert(hostile: Engine, text: str) -> None:
    prospect = Prospect(company=text, industry=text, personas=(text,), pains=text, objective=text)
    pack = build_pack(load_candidates(hostile), prospect, [use_case_id(text)])
    md = render(pack, "md").data.decode()
    assert live_markup(md) == []
    assert text in html.unescape(plain(md))
