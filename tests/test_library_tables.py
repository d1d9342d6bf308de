"""The Library and Manage tables, built without Streamlit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from lib.core.vocab import INTERNAL_MARK
from lib.library import catalog, editing, tables
from lib.library.detail import read_use_case
from tests.builders import benefit, library, outcome, question, uc

TODAY = dt.date(2026, 11, 24)


def _library(engine: Engine) -> None:
    library(
        engine,
        use_cases=[
            uc(
                "UC-1",
                "Pay an invoice",
                benefits=[benefit("B-1", "Faster payments", persona_id="CFO"), benefit("B-2")],
                last_reviewed=TODAY,
            ),
            uc("UC-2", "Approve a claim", last_reviewed=TODAY - dt.timedelta(days=400)),
        ],
        outcomes=[
            outcome("O-1", "UC-1", customer="Contoso", quote="Paid in a day"),
            outcome("O-2", "UC-1", customer="Globex", permission="internal"),
        ],
        questions=[
            question("Q-1", "Who approves payments?", "problem", use_case_id="UC-1"),
            question(
                "Q-2",
                "How long does it take?",
                use_case_id="UC-1",
                persona_id="CFO",
                listen_for="days",
            ),
        ],
    )


def test_the_reading_tables_list_benefits_outcomes_and_questions(engine: Engine) -> None:
    _library(engine)
    view = read_use_case(engine, "UC-1", TODAY)
    assert view is not None
    benefits = tables.benefits_table(view)
    assert tuple(benefits.columns) == tables.BENEFIT_COLUMNS
    assert sorted(zip(benefits["Benefit"], benefits["Persona"], strict=True)) == [
        ("Faster payments", "CFO"),
        ("Saves time", "any"),
    ]
    outcomes = tables.outcomes_table(view).set_index("Customer")
    assert tuple(outcomes.columns) == tables.OUTCOME_COLUMNS[1:]
    assert outcomes.loc["Globex", "Sharing"] == INTERNAL_MARK
    assert outcomes.loc["Contoso", "Quote"] == "Paid in a day"
    assert tables.hidden_outcomes(view) == 1
    questions = tables.questions_table(view).set_index("Question")
    assert questions.loc["How long does it take?", "Persona"] == "CFO"
    assert questions.loc["How long does it take?", "Listen for"] == "days"
    assert questions.loc["Who approves payments?", ["Stage", "Persona"]].tolist() == [
        "problem",
        "any",
    ]


def test_a_use_case_without_proof_gives_empty_tables_with_their_headers(engine: Engine) -> None:
    _library(engine)
    view = read_use_case(engine, "UC-2", TODAY)
    assert view is not None
    assert tables.outcomes_table(view).empty and tables.hidden_outcomes(view) == 0
    assert tuple(tables.questions_table(view).columns) == tables.QUESTION_COLUMNS


def test_the_counts_above_the_table_follow_the_filters(engine: Engine) -> None:
    _library(engine)
    frame = catalog.library_frame(engine, TODAY)
    assert tables.counts(frame, frame) == tables.Counts(shown=2, total=2, with_proof=1, stale=1)
    rows = catalog.filter_frame(frame, catalog.Filters(text="claim"))
    assert tables.counts(frame, rows) == tables.Counts(shown=1, total=2, with_proof=0, stale=1)


def test_the_change_history_table(engine: Engine) -> None:
    _library(engine)
    draft, version = editing.load_draft(engine, "UC-1")  # type: ignore[misc]
    draft.title = "Pay a supplier invoice"
    editing.update_use_case(engine, draft, version=version, who="Ana")
    history = tables.history_table(editing.history(engine, "UC-1"))
    assert tuple(history.columns) == tables.HISTORY_COLUMNS
    assert history[["Who", "What", "Details"]].values.tolist() == [
        ["Ana", "update", "changed title"]
    ]
