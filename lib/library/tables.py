"""The tables the Library and Manage pages show, as frames a test can read without Streamlit.

Column names are the headers the reader sees; the pages only add widths and formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from lib.library.detail import UseCaseView
from lib.library.editing import Change

BENEFIT_COLUMNS = ("Benefit", "Metric", "Improvement", "Unit", "Category", "Persona")
OUTCOME_COLUMNS = ("Customer", "Sharing", "Result", "Quote", "Approval")
QUESTION_COLUMNS = ("Stage", "Question", "Listen for", "Persona")
HISTORY_COLUMNS = ("When", "Who", "What", "Details")
ANY_PERSONA = "any"


@dataclass(frozen=True)
class Counts:
    """The figures above the Library table: how many match, and how many of those have
    shareable proof or are due for a review."""

    shown: int
    total: int
    with_proof: int
    stale: int


def counts(frame: pd.DataFrame, rows: pd.DataFrame) -> Counts:
    """`rows` (the filtered catalog) counted against `frame` (the whole catalog)."""
    return Counts(
        shown=len(rows),
        total=len(frame),
        with_proof=int((rows["shareable_outcomes"] > 0).sum()),
        stale=int(rows["stale"].sum()),
    )


def benefits_table(view: UseCaseView) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (b.statement, b.metric, b.improvement, b.unit, b.category, b.persona or ANY_PERSONA)
            for b in view.benefits
        ],
        columns=list(BENEFIT_COLUMNS),
    )


def outcomes_table(view: UseCaseView) -> pd.DataFrame:
    """Every outcome, with how it may be shared ("internal — do not share", ...)."""
    return pd.DataFrame(
        [(o.customer, o.sharing, o.result, o.quote, o.approval) for o in view.outcomes],
        columns=list(OUTCOME_COLUMNS),
    )


def hidden_outcomes(view: UseCaseView) -> int:
    """How many of the use case's outcomes must not reach a prospect."""
    return sum(not o.shareable for o in view.outcomes)


def questions_table(view: UseCaseView) -> pd.DataFrame:
    return pd.DataFrame(
        [(q.stage, q.text, q.listen_for, q.persona or ANY_PERSONA) for q in view.questions],
        columns=list(QUESTION_COLUMNS),
    )


def history_table(changes: Sequence[Change]) -> pd.DataFrame:
    """A use case's change history, newest first as given."""
    return pd.DataFrame(
        [(c.at, c.who, c.action, c.summary) for c in changes], columns=list(HISTORY_COLUMNS)
    )
