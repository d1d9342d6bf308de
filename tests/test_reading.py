from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from lib.core.vocab import INTERNAL_MARK
from lib.library.detail import freshness, group_extensions, read_use_case
from tests.builders import benefit, library, outcome, question, uc

TODAY = dt.date(2026, 11, 24)
EXTENSIONS = [
    {
        "step": "3a",
        "kind": "alternate",
        "condition": "Card declined",
        "steps": ["Pick another card"],
    },
    {"step": "1a", "kind": "exception", "condition": "Cart empty", "steps": ["Show a hint"]},
    {"step": "3b", "kind": "exception", "condition": "Payment down", "steps": ["Retry later"]},
    {"step": "*a", "kind": "exception", "condition": "Session expires", "steps": ["Sign in"]},
]


def test_extensions_sit_under_the_step_they_branch_from() -> None:
    steps, others = group_extensions(["Open cart", "Enter address", "Pay"], EXTENSIONS)
    assert [s.number for s in steps] == [1, 2, 3]
    assert [e.label for e in steps[0].extensions] == ["1a"]
    assert steps[1].extensions == []
    assert [(e.label, e.is_exception) for e in steps[2].extensions] == [("3a", False), ("3b", True)]
    assert [e.label for e in others] == ["*a"]


def test_freshness_reads_like_a_person_would_say_it() -> None:
    assert freshness(TODAY - dt.timedelta(days=214), TODAY) == ("reviewed 214 days ago", True)
    assert freshness(TODAY, TODAY) == ("reviewed today", False)
    assert freshness(None, TODAY) == ("never reviewed", True)


def test_read_use_case_gathers_everything(engine: Engine) -> None:
    library(
        engine,
        use_cases=[
            uc(
                "UC-1",
                main_steps=["Open cart", "Enter address", "Pay"],
                extensions=EXTENSIONS,
                benefits=[benefit("B-1", "Fewer abandoned carts")],
                industries=["E-commerce"],
                last_reviewed=TODAY - dt.timedelta(days=10),
            )
        ],
        outcomes=[
            outcome("O-1", "UC-1", permission="internal"),
            outcome("O-2", "UC-1", permission="public"),
        ],
        questions=[question("Q-1", "How do you take payments?", use_case_id="UC-1")],
    )
    view = read_use_case(engine, "UC-1", TODAY)
    assert view is not None
    assert [e.label for e in view.steps[2].extensions] == ["3a", "3b"]
    assert [b.statement for b in view.benefits] == ["Fewer abandoned carts"]
    labels = {o.id: o.sharing for o in view.outcomes}
    assert labels == {"O-1": INTERNAL_MARK, "O-2": "public"}
    assert [q.text for q in view.questions] == ["How do you take payments?"]
    assert view.freshness == "reviewed 10 days ago" and not view.stale
    assert view.industries == ["E-commerce"]
    assert read_use_case(engine, "UC-404", TODAY) is None
