from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

from sqlalchemy import Engine

from lib.core.safe_text import csv_safe
from lib.library.detail import read_use_case
from lib.library.stories import stories_csv, user_stories
from tests.builders import benefit, library, uc

TODAY = dt.date(2026, 11, 24)


def _view(engine: Engine):  # type: ignore[no-untyped-def]
    library(
        engine,
        use_cases=[
            uc(
                "UC-PAY",
                "Check out a cart",
                primary_actor="Online shopper",
                preconditions=["The cart holds items", "The shopper is signed in"],
                trigger="The shopper presses Checkout",
                main_steps=["The shopper confirms the address", "The shopper pays"],
                extensions=[
                    {
                        "step": "2a",
                        "kind": "alternate",
                        "condition": "The card is declined",
                        "steps": ["The system asks for another card", "The shopper pays again"],
                    },
                    {
                        "step": "1a",
                        "kind": "exception",
                        "condition": '=HYPERLINK("x") address invalid',
                        "steps": ["The system highlights the field"],
                    },
                ],
                success_guarantee="The order is placed",
                minimal_guarantee="No payment is taken without an order",
                benefits=[benefit("B-1", "Fewer carts are abandoned")],
                industries=["E-commerce"],
            )
        ],
    )
    return read_use_case(engine, "UC-PAY", TODAY)


def test_one_story_for_the_main_flow_and_one_per_extension(engine: Engine) -> None:
    stories = user_stories(_view(engine))
    assert [s.source for s in stories] == ["main", "1a", "2a"]
    main = stories[0]
    assert main.statement == (
        "As an Online shopper, I want to check out a cart, so that fewer carts are abandoned."
    )
    assert main.criteria[0] == "Given the cart holds items"  # reads as one sentence
    assert main.criteria[1] == "And the shopper is signed in"
    assert "When the shopper presses Checkout" in main.criteria
    assert main.criteria[-1] == "And the order is placed"
    declined = stories[2]
    assert "When the card is declined" in declined.criteria
    assert "Then the system asks for another card" in declined.criteria
    assert "And at step 2, the shopper pays" in declined.criteria  # where the branch leaves
    assert "And the shopper pays again" in declined.criteria
    exception = stories[1]
    assert exception.so_that == "no payment is taken without an order"
    assert "exception" in exception.labels and "uc-pay" in exception.labels
    for story in stories:
        kinds = {line.split()[0] for line in story.criteria}
        assert {"Given", "When", "Then"} <= kinds


def test_csv_parses_and_formula_text_is_made_safe(engine: Engine) -> None:
    stories = user_stories(_view(engine))
    data = stories_csv(stories)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 3
    assert rows[0]["Summary"] == "Check out a cart"
    assert rows[0]["Issue Type"] == "Story"
    assert rows[0]["Description"].startswith("As an Online shopper")
    assert rows[0]["Acceptance Criteria"].splitlines()[0] == "Given the cart holds items"
    # Jira has no acceptance-criteria field out of the box: the description carries them too.
    assert rows[0]["Description"].endswith(rows[0]["Acceptance Criteria"])
    assert rows[1]["Use case"] == "UC-PAY"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    assert csv_safe("=1+1") == "'=1+1" and csv_safe("-5") == "'-5" and csv_safe("ok") == "ok"


def test_tracker_summaries_are_one_line_within_jiras_limit(engine: Engine) -> None:
    view = _view(engine)
    long = replace(view, title="Reconcile\nthe ledger " + "and more " * 40)
    rows = list(csv.DictReader(io.StringIO(stories_csv(user_stories(long)).decode("utf-8-sig"))))
    for row in rows:
        assert "\n" not in row["Summary"] and len(row["Summary"]) <= 255
    assert rows[0]["Summary"].startswith("Reconcile the ledger and more") and rows[0][
        "Summary"
    ].endswith("…")


def test_acronyms_and_names_keep_their_capitals(engine: Engine) -> None:
    view = replace(_view(engine), preconditions=["CRM sync is on", "SAP holds the order"])
    criteria = user_stories(view)[0].criteria
    assert criteria[:2] == ["Given CRM sync is on", "And SAP holds the order"]


def test_the_actors_opening_steps_are_the_when_and_the_systems_answers_the_then(
    engine: Engine,
) -> None:
    from lib.library.detail import StepView

    steps = [
        StepView(1, "The shopper enters a promo code."),
        StepView(2, "The system checks the code."),
        StepView(3, "The payment service reserves the discount."),
    ]
    view = replace(_view(engine), steps=steps, secondary_actors=["Payment service"])
    criteria = user_stories(view)[0].criteria
    assert criteria[2:] == [
        "When the shopper presses Checkout",
        "And the shopper enters a promo code",
        "Then the system checks the code",
        "And the payment service reserves the discount",
        "And the order is placed",
    ]


def test_a_formula_like_long_summary_stays_within_the_limit_with_its_text_mark(
    engine: Engine,
) -> None:
    view = replace(_view(engine), title="=SUM(A1) " + "x" * 300)
    rows = list(csv.DictReader(io.StringIO(stories_csv(user_stories(view)).decode("utf-8-sig"))))
    assert rows[0]["Summary"].startswith("'=SUM(A1)") and len(rows[0]["Summary"]) == 255
