"""The sharing rule takes the use: scope and quote approval from the permission ledger."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from lib.core import sharing

TODAY = dt.date(2026, 11, 24)


def outcome(**fields: object) -> SimpleNamespace:
    data = {
        "id": "O-1",
        "customer": "Zorblax Holdings",
        "industry": "Healthcare",
        "company_size": "Mid-market",
        "use_case_id": "UC-1",
        "metric": "review time",
        "before": 10.0,
        "after": 6.0,
        "unit": "min",
        "timeframe": "6 months",
        "quote": "Zorblax cut review time in half.",
        "permission": "public",
        "permission_expires": None,
        "anonymized_label": "",
        "date": TODAY,
        "scope": (),
        "quote_approved": "",
        "approved_by": "",
        "approved_on": None,
    }
    data.update(fields)
    return SimpleNamespace(**data)


@pytest.mark.parametrize(
    ("scope", "use", "seen"),
    [
        ((), "sales", "public"),  # nothing recorded: the permission word decides, as before
        (("sales",), "sales", "public"),
        (("web", "sales"), "sales", "public"),
        (("web",), "sales", "hidden"),
        (("press", "logo"), "sales", "hidden"),
        (("web",), "web", "public"),
        (("sales",), "press", "hidden"),
    ],
)
def test_an_outcome_outside_the_outputs_use_is_hidden(scope, use, seen) -> None:  # type: ignore[no-untyped-def]
    assert sharing.visibility(outcome(scope=scope), TODAY, use) == seen


def test_every_casebook_output_is_a_sales_output_by_default() -> None:
    assert sharing.visibility(outcome(scope=("web",)), TODAY) == "hidden"
    assert not sharing.is_shareable(outcome(scope=("web",)), TODAY)
    assert sharing.disclose([], [], TODAY).use == "sales"


def test_an_out_of_scope_customer_is_named_nowhere_in_the_output() -> None:
    web_only = outcome(id="O-1", scope=("web",))
    other = outcome(id="O-2", customer="Quintrel GmbH", quote="Great.", scope=("sales",))
    disclosure = sharing.disclose([web_only, other], [web_only, other], TODAY)
    assert disclosure.show(web_only) is None
    assert disclosure.named == {"Quintrel GmbH"}
    assert "Zorblax" not in disclosure.clean("As Zorblax Holdings found, ZORBLAX's team ...")
    # A web output of the same outcomes names Zorblax but not Quintrel (sales only).
    web = sharing.disclose([web_only, other], [web_only, other], TODAY, use="web")
    assert web.named == {"Zorblax Holdings"}
    assert "Quintrel" not in web.clean("Quintrel GmbH's archive")


@pytest.mark.parametrize(("approved", "kept"), [("yes", True), ("", True), ("no", False)])
def test_a_quote_not_approved_is_left_out_and_the_metric_stays(approved: str, kept: bool) -> None:
    shared = sharing.for_prospects(outcome(quote_approved=approved), TODAY)
    assert shared is not None
    assert (shared.quote == "Zorblax cut review time in half.") is kept
    assert shared.quote == "" or kept
    assert "review time" in shared.result and "10" in shared.result


def test_internal_screens_say_why_an_out_of_scope_outcome_is_not_shared() -> None:
    label = sharing.internal_label(outcome(scope=("web", "press")), TODAY)
    assert label == "approved for web, press only — not for sales"


@pytest.mark.parametrize(
    ("by", "on", "has"),
    [("", None, False), ("Dana", None, True), ("", TODAY, True), ("  ", None, False)],
)
def test_an_approval_is_on_record_with_who_or_when(by: str, on: dt.date | None, has: bool) -> None:
    assert sharing.has_approval(outcome(approved_by=by, approved_on=on)) is has
