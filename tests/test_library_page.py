from __future__ import annotations

import csv
import datetime as dt
import io

from sqlalchemy import Engine

from tests.apptest import open_app, plain
from tests.builders import benefit, library, outcome, uc

XSS = "<img src=x onerror=alert(1)>"
MARKUP = "**bold** $x$ :red[red]"


def _seed(engine: Engine) -> None:
    library(
        engine,
        use_cases=[
            uc(
                "UC-HC",
                "Look up patient records",
                industries=["Healthcare"],
                company_sizes=["Enterprise"],
                personas=["CIO"],
                main_steps=["The nurse opens the chart", "The system shows allergies", "Sign"],
                extensions=[
                    {
                        "step": "2a",
                        "kind": "alternate",
                        "condition": "Allergy list is long",
                        "steps": ["The system groups allergies"],
                    },
                    {
                        "step": "2b",
                        "kind": "exception",
                        "condition": "Records service is down",
                        "steps": ["The system shows the cached copy"],
                    },
                ],
                benefits=[benefit("B-HC", "Fewer charting errors")],
                last_reviewed=dt.date.today() - dt.timedelta(days=214),
            ),
            uc("UC-FIN", "Transfer funds", industries=["Finance"], personas=["CFO"]),
            uc(
                "UC-X",
                XSS,
                industries=["Finance"],
                status="draft",
                tags=["odd"],
                goal=f"{XSS} {MARKUP}",
                primary_actor=f"<b>{MARKUP}</b>",
                secondary_actors=[XSS],
                preconditions=[MARKUP],
                main_steps=[f"{XSS} {MARKUP}", "Second"],
                extensions=[
                    {"step": "1a", "kind": "exception", "condition": XSS, "steps": [MARKUP]}
                ],
                benefits=[benefit("B-X", XSS)],
            ),
        ],
        outcomes=[
            outcome("O-1", "UC-HC", permission="internal", customer="Mercy Health"),
            outcome("O-X", "UC-X", permission="public", customer=XSS, quote=f"{XSS} {MARKUP}"),
        ],
    )


def _ids(at) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(at.dataframe[0].value["id"])


def test_filters_in_the_link_change_the_rows(engine: Engine) -> None:
    _seed(engine)
    at = open_app("library")
    assert not at.exception
    assert _ids(at) == ["UC-FIN", "UC-HC", "UC-X"]
    assert _ids(open_app("library", industry="Finance")) == ["UC-FIN", "UC-X"]
    assert _ids(open_app("library", persona="CFO")) == ["UC-FIN"]
    assert _ids(open_app("library", status="draft")) == ["UC-X"]
    assert _ids(open_app("library", tag="odd")) == ["UC-X"]
    assert _ids(open_app("library", size="Enterprise")) == ["UC-HC"]
    at = open_app("library", q="allergies")  # words in steps
    assert _ids(at) == ["UC-HC"]
    assert at.text_input(key="q").value == "allergies"
    at.selectbox(key="industry").set_value("Finance").run()
    assert at.dataframe == [] or at.dataframe[0].value.empty
    assert "No use case matches" in at.warning[0].value


def test_a_widget_change_updates_the_rows(engine: Engine) -> None:
    _seed(engine)
    at = open_app("library")
    at.text_input(key="q").set_value("charting").run()
    assert _ids(at) == ["UC-HC"]


def test_opening_a_use_case_shows_extensions_under_their_step(engine: Engine) -> None:
    _seed(engine)
    at = open_app("library", uc="UC-HC")
    assert not at.exception
    scenario = next(m.value for m in at.markdown if m.value.startswith("1. "))
    lines = scenario.splitlines()
    step2 = lines.index("2. The system shows allergies")
    assert "2a alternate" in lines[step2 + 1] and "Allergy list is long" in lines[step2 + 1]
    assert "exception" in lines[step2 + 3] and "Records service is down" in lines[step2 + 3]
    assert lines[step2 + 5].startswith("3. ")
    assert ":blue-badge" in lines[step2 + 1] and ":red-badge" in lines[step2 + 3]
    assert any("reviewed 214 days ago" in w.value for w in at.warning)
    tables = [d.value for d in at.dataframe]
    outcomes = next(t for t in tables if "Sharing" in t.columns)
    assert list(outcomes["Sharing"]) == ["internal — do not share"]
    assert len(at.get("graphviz_chart")) == 1
    assert at.tabs[2].label == "User stories"
    stories = [m.value for m in at.markdown if "I want to look up patient records" in m.value]
    assert len(stories) == 3  # main flow + two extensions
    assert at.download_button[0].label == "Download stories as CSV"


def test_a_use_case_without_outcomes_says_what_to_do(engine: Engine) -> None:
    _seed(engine)
    at = open_app("library", uc="UC-FIN")
    assert any("No customer outcomes yet" in i.value for i in at.info)


def test_unknown_use_case_and_empty_library(engine: Engine) -> None:
    at = open_app("library")
    assert "library is empty" in at.info[0].value
    assert "Load the sample library from Home" in at.info[0].value  # not a terminal command
    _seed(engine)
    at = open_app("library", uc="UC-NOPE")
    assert any("no use case “UC-NOPE”" in plain(w.value) for w in at.warning)


def test_user_text_is_shown_as_text_never_as_html(engine: Engine) -> None:
    _seed(engine)
    at = open_app("library", uc="UC-X")
    assert not at.exception
    assert not at.html
    heading = at.subheader[0].value
    assert heading.startswith("\\<img")  # escaped: Markdown shows the characters
    assert plain(heading) == XSS  # and exactly the characters typed
    shown = [*at.markdown, *at.subheader, *at.caption]
    for element in shown:
        assert "<img" not in element.value.replace("\\<img", "")
        assert "**bold**" not in element.value and "$x$" not in element.value
        assert ":red[" not in element.value
    text = "\n".join(plain(e.value) for e in shown)
    # Title, goal, actor, steps, the extension and its handling step, the stories: all literal.
    assert text.count(XSS) >= 6 and text.count(MARKUP) >= 5
    assert XSS in set(at.dataframe[0].value["title"])
    outcomes = next(d.value for d in at.dataframe if "Quote" in d.value.columns)
    assert list(outcomes["Quote"]) == [f"{XSS} {MARKUP}"]  # a table cell: always plain text
    dot = at.get("graphviz_chart")[0].proto.spec
    assert "<img" in dot and 'label="<' in dot  # DOT string labels, never HTML-like <labels>


def test_stories_csv_comes_out_for_the_use_case(engine: Engine) -> None:
    from lib.library.detail import read_use_case
    from lib.library.stories import stories_csv, user_stories

    _seed(engine)
    view = read_use_case(engine, "UC-HC", dt.date.today())
    rows = list(csv.DictReader(io.StringIO(stories_csv(user_stories(view)).decode("utf-8-sig"))))
    assert len(rows) == 3


def test_no_matches_offers_to_clear_every_filter(engine: Engine) -> None:
    _seed(engine)
    at = open_app("library", industry="Healthcare", q="nothing-like-this")
    assert "No use case matches" in at.warning[0].value
    at.button[0].click().run()
    assert not at.exception
    assert _ids(at) == ["UC-FIN", "UC-HC", "UC-X"]
    assert at.selectbox(key="industry").value is None and at.text_input(key="q").value == ""
    assert "industry" not in at.query_params and "q" not in at.query_params


def test_outcome_and_question_tables_wrap_and_show_the_sharing_mark_first(engine: Engine) -> None:
    _seed(engine)
    at = open_app("library", uc="UC-HC")
    outcomes = next(d for d in at.dataframe if "Sharing" in d.value.columns)
    columns = list(outcomes.value.columns)
    assert columns.index("Sharing") < columns.index("Quote")  # never scrolled out of sight
    assert outcomes.proto.row_height > 35  # long quotes wrap instead of being cut off


def test_a_draft_says_it_is_not_offered_on_calls_yet(engine: Engine) -> None:
    _seed(engine)
    assert any(
        "Draft: Call prep does not offer" in i.value for i in open_app("library", uc="UC-X").info
    )
    assert not any("Call prep does not" in i.value for i in open_app("library", uc="UC-HC").info)
