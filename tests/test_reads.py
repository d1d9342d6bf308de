"""The one read of the library: what it holds, the rules it owns, and views built from it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import Engine

from lib.callprep.candidates import load_candidates
from lib.core import reads
from lib.core.reads import is_stale, read_library, size_key
from lib.coverage import model as coverage_model
from lib.library import catalog
from tests.builders import benefit, library, outcome, question, uc

TODAY = dt.date(2026, 11, 24)


def _library(engine: Engine) -> Engine:
    return library(
        engine,
        use_cases=[
            uc(
                "UC-B",
                "Billing",
                industries=["Healthcare", "Finance"],
                company_sizes=["SMB", "Enterprise", "Mid-market"],
                personas=["CIO", "CFO"],
                tags=["money"],
                benefits=[benefit("B-2", "Faster", persona_id="CFO"), benefit("B-1", "Cheaper")],
                last_reviewed=TODAY - dt.timedelta(days=200),
            ),
            uc("UC-A", "Admissions", status="draft", preconditions=[], extensions=[]),
            uc("UC-R", "Retired one", status="retired", last_reviewed=None),
        ],
        outcomes=[
            outcome("O-2", "UC-B", permission="internal", industry=" Healthcare "),
            outcome("O-1", "UC-B", permission="public"),
        ],
        questions=[
            question("Q-2", "What does billing cost?", use_case_id="UC-B", persona_id="CFO"),
            question("Q-1", "Who attends?", persona_id="CIO"),
        ],
        segments=[{"id": "Healthcare", "priority": 3.0}],
    )


def test_the_read_holds_every_use_case_with_its_links_in_one_order(engine: Engine) -> None:
    lib = read_library(_library(engine))
    assert [u.id for u in lib.use_cases] == ["UC-A", "UC-B", "UC-R"]
    billing = lib.get("UC-B")
    assert billing is not None
    assert billing.industries == ("Finance", "Healthcare")
    assert billing.company_sizes == ("SMB", "Mid-market", "Enterprise")
    assert billing.personas == ("CFO", "CIO")
    assert [b.id for b in billing.benefits] == ["B-1", "B-2"]
    assert [o.id for o in billing.outcomes] == ["O-1", "O-2"]
    assert [q.id for q in billing.questions] == ["Q-2"]
    assert [q.id for q in lib.generic_questions] == ["Q-1"]
    assert lib.company_sizes == ("SMB", "Mid-market", "Enterprise")
    assert lib.priorities == {"Healthcare": 3.0}
    assert lib.revision >= 1


def test_the_read_trims_the_segment_name_of_an_outcome(engine: Engine) -> None:
    billing = read_library(_library(engine)).get("UC-B")
    assert billing is not None
    by_id = {o.id: o for o in billing.outcomes}
    assert by_id["O-2"].industry == "Healthcare"


def test_equal_values_of_the_read_are_one_object_each(engine: Engine) -> None:
    """The driver makes a string for every cell; a large library held tens of thousands of
    copies of each industry, permission and date, and the blocks they left behind in Python's
    allocator made the server's memory creep up over edits."""
    use_cases = [
        uc(f"UC-{n}", industries=["Healthcare"], company_sizes=["SMB"], tags=["money"],
           benefits=[benefit(f"B-{n}", "Faster")])
        for n in (1, 2)
    ]  # fmt: skip
    outcomes = [
        outcome(f"O-{n}", f"UC-{n}", industry="Healthcare", permission="internal", date=TODAY,
                scope=["sales"])
        for n in (1, 2)
    ]  # fmt: skip
    lib = read_library(library(engine, use_cases=use_cases, outcomes=outcomes))
    one, two = lib.use_cases
    assert one.industries == ("Healthcare",)
    assert one.industries is two.industries
    assert one.company_sizes is two.company_sizes
    assert one.tags is two.tags
    assert one.owner is two.owner
    assert one.last_reviewed is two.last_reviewed
    assert [*one.extensions[0]] == ["step", "kind", "condition", "steps"]
    assert all(a is b for a, b in zip(one.extensions[0], two.extensions[0], strict=True))
    assert one.extensions[0]["kind"] is two.extensions[0]["kind"]
    first, second = lib.all_outcomes
    for name in ("industry", "permission", "date", "metric", "unit", "scope"):
        assert getattr(first, name) == getattr(second, name)
        assert getattr(first, name) is getattr(second, name), name
    assert first.scope == ("sales",)
    assert one.industries[0] is first.industry
    assert one.benefits[0].metric is two.benefits[0].metric


def test_a_narrow_read_holds_only_the_asked_use_cases_and_the_generic_questions(
    engine: Engine,
) -> None:
    lib = read_library(_library(engine), only=["UC-B", "UC-NOPE"])
    assert [u.id for u in lib.use_cases] == ["UC-B"]
    assert [q.id for q in lib.generic_questions] == ["Q-1"]


def test_an_empty_library_reads_as_empty(engine: Engine) -> None:
    lib = read_library(engine)
    assert lib.empty and lib.revision == 0


@pytest.mark.parametrize(
    ("last_reviewed", "after_days", "stale"),
    [
        (None, 90, True),
        (TODAY, 90, False),
        (TODAY - dt.timedelta(days=90), 90, False),
        (TODAY - dt.timedelta(days=91), 90, True),
        (TODAY - dt.timedelta(days=10), 7, True),
    ],
)
def test_the_stale_rule(last_reviewed: dt.date | None, after_days: int, stale: bool) -> None:
    assert is_stale(last_reviewed, TODAY, after_days) is stale


def test_company_sizes_sort_small_to_large_then_unknown_by_name() -> None:
    names = ["Enterprise", "Startup", "SMB", "Conglomerate", "Mid-market"]
    assert sorted(names, key=size_key) == [
        "SMB",
        "Mid-market",
        "Enterprise",
        "Conglomerate",
        "Startup",
    ]


def test_views_from_a_read_equal_views_from_the_database(engine: Engine) -> None:
    _library(engine)
    lib = read_library(engine)
    assert catalog.frame_of(lib, TODAY).equals(catalog.library_frame(engine, TODAY))
    assert coverage_model.coverage_of(lib) == coverage_model.load(engine)
    from_read, from_db = load_candidates(lib), load_candidates(engine)
    assert from_read.items == from_db.items
    assert [c.id for c in from_read.items] == ["UC-B"]  # approved only


def test_a_pack_reads_only_its_use_cases_yet_builds_the_same_candidates(engine: Engine) -> None:
    _library(engine)
    narrow = load_candidates(engine, only=["UC-B"])
    whole = load_candidates(engine)
    assert narrow.items == whole.items
    assert narrow.generic_questions == whole.generic_questions


def test_coverage_facts_come_from_the_read(engine: Engine) -> None:
    data = coverage_model.load(_library(engine))
    facts = {u.id: u for u in data.use_cases}
    assert facts["UC-A"].preconditions == 0 and facts["UC-A"].extensions == 0
    assert facts["UC-B"].main_steps == 3 and facts["UC-B"].quantified_benefit
    assert [o.id for o in data.outcomes] == ["O-1", "O-2"]
    assert data.has_questions("CFO", "UC-B") and data.has_questions("CIO", None)


def test_the_catalog_flags_stale_by_the_one_rule(engine: Engine) -> None:
    frame = catalog.library_frame(_library(engine), TODAY).set_index("id")
    lib = read_library(engine)
    for u in lib.use_cases:
        due = u.status != "retired" and is_stale(u.last_reviewed, TODAY)  # retired: never due
        assert bool(frame.loc[u.id, "stale"]) is due


def test_a_title_less_use_case_is_recommended_under_its_id(engine: Engine) -> None:
    lib = read_library(_library(engine))
    untitled = dataclasses.replace(lib, use_cases=tuple(
        dataclasses.replace(u, title="") for u in lib.use_cases
    ))  # fmt: skip
    assert [c.title for c in load_candidates(untitled).items] == ["UC-B"]


def test_a_view_is_marked_with_the_function_of_the_read_it_is() -> None:
    assert reads.builder_of(catalog.library_frame) is catalog.frame_of
    assert reads.builder_of(coverage_model.load) is coverage_model.coverage_of
    assert reads.builder_of(catalog.find_use_cases) is None
