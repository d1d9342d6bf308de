from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from lib.library.catalog import Filters, filter_frame, filter_options, find_use_cases, library_frame
from tests.builders import benefit, library, outcome, uc

TODAY = dt.date(2026, 11, 24)


def _library(engine: Engine) -> None:
    library(
        engine,
        use_cases=[
            uc(
                "UC-H",
                "Look up patient records",
                industries=["Healthcare"],
                company_sizes=["Enterprise"],
                personas=["CIO"],
                tags=["records"],
                main_steps=["The nurse opens the chart", "The system shows allergies"],
                last_reviewed=TODAY - dt.timedelta(days=214),
            ),
            uc(
                "UC-F",
                "Transfer funds",
                industries=["Finance"],
                company_sizes=["SMB"],
                personas=["CFO"],
                tags=["payments"],
                benefits=[benefit("B-F", "Cuts reconciliation effort in half")],
                last_reviewed=TODAY,
            ),
            uc(
                "UC-D",
                "Draft a claim",
                status="draft",
                industries=["Finance", "Healthcare"],
                company_sizes=["Mid-market"],
                personas=["CIO", "CFO"],
            ),
        ],
        outcomes=[
            outcome("O-1", "UC-F", permission="public"),
            outcome("O-2", "UC-F", permission="internal"),
            outcome("O-3", "UC-F", permission="public", permission_expires=TODAY - dt.timedelta(1)),
        ],
    )


def _ids(engine: Engine, **filters: str) -> list[str]:
    return sorted(find_use_cases(engine, Filters(**filters), TODAY)["id"])


def test_each_filter_narrows_the_rows(engine: Engine) -> None:
    _library(engine)
    assert _ids(engine) == ["UC-D", "UC-F", "UC-H"]
    assert _ids(engine, industry="Healthcare") == ["UC-D", "UC-H"]
    assert _ids(engine, size="SMB") == ["UC-F"]
    assert _ids(engine, persona="CFO") == ["UC-D", "UC-F"]
    assert _ids(engine, status="draft") == ["UC-D"]
    assert _ids(engine, tag="payments") == ["UC-F"]
    assert _ids(engine, industry="Finance", persona="CIO") == ["UC-D"]


def test_a_segment_name_never_matches_inside_another(engine: Engine) -> None:
    library(
        engine, use_cases=[uc("UC-1", industries=["Health"]), uc("UC-2", industries=["Healthcare"])]
    )
    assert _ids(engine, industry="Health") == ["UC-1"]


def test_text_search_reads_steps_and_benefits_and_needs_every_word(engine: Engine) -> None:
    _library(engine)
    assert _ids(engine, text="ALLERGIES") == ["UC-H"]  # a main step, any case
    assert _ids(engine, text="reconciliation") == ["UC-F"]  # a benefit
    assert _ids(engine, text="system retry") == ["UC-D", "UC-F", "UC-H"]  # extension steps
    assert _ids(engine, text="allergies reconciliation") == []
    assert _ids(engine, text="patient  records") == ["UC-H"]


def test_rows_carry_proof_counts_and_freshness(engine: Engine) -> None:
    _library(engine)
    frame = library_frame(engine, TODAY).set_index("id")
    assert frame.loc["UC-F", "outcomes"] == 3
    assert frame.loc["UC-F", "shareable_outcomes"] == 1  # internal and expired are not
    assert frame.loc["UC-F", "benefits"] == 1
    assert frame.loc["UC-H", "days_since_review"] == 214
    assert bool(frame.loc["UC-H", "stale"]) and not bool(frame.loc["UC-F", "stale"])
    assert frame.loc["UC-D", "industries"] == "Finance, Healthcare"


def test_options_list_what_the_library_holds(engine: Engine) -> None:
    _library(engine)
    options = filter_options(engine)
    assert options.industries == ["Finance", "Healthcare"]
    assert options.sizes == ["SMB", "Mid-market", "Enterprise"]
    assert options.tags == ["payments", "records"]
    assert "approved" in options.statuses


def test_empty_library_gives_an_empty_frame(engine: Engine) -> None:
    frame = library_frame(engine, TODAY)
    assert frame.empty
    assert filter_frame(frame, Filters(text="x", industry="Finance")).empty


def test_search_ignores_accents_either_way(engine: Engine) -> None:
    library(
        engine,
        use_cases=[
            uc("UC-SP", "Open a branch in São Paulo", goal="Café owners pay in €"),
            uc("UC-Z", "Pay suppliers in Zurich"),
        ],
    )
    assert _ids(engine, text="sao paulo") == ["UC-SP"]
    assert _ids(engine, text="SÃO") == ["UC-SP"]
    assert _ids(engine, text="cafe €") == ["UC-SP"]
    assert _ids(engine, text="zürich") == ["UC-Z"]
