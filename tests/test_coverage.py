from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from lib.coverage import model as coverage_data
from lib.coverage.completeness import completeness
from lib.coverage.freshness import expiring_outcomes, is_stale, review_queue, stale_use_cases
from lib.coverage.report import cell_use_cases, coverage_matrix, coverage_report, gaps
from tests.builders import library, outcome, uc
from tests.coverage_library import TODAY, holey_library


@pytest.fixture
def data(engine: Engine) -> coverage_data.CoverageData:
    return coverage_data.load(holey_library(engine))


def as_dict(frame) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    return {(i, p): int(frame.at[i, p]) for i in frame.index for p in frame.columns}


def test_matrix_counts_only_approved_use_cases(data) -> None:  # type: ignore[no-untyped-def]
    matrix = coverage_matrix(data, TODAY)
    assert list(matrix.index) == ["Finance", "Healthcare", "Retail"]
    assert list(matrix.columns) == ["CFO", "CIO"]
    assert as_dict(matrix) == {
        ("Finance", "CFO"): 1,  # UC-5; retired UC-4 does not count
        ("Finance", "CIO"): 0,  # only the draft UC-3
        ("Healthcare", "CFO"): 1,
        ("Healthcare", "CIO"): 2,
        ("Retail", "CFO"): 0,
        ("Retail", "CIO"): 0,
    }


def test_proof_counts_only_shareable_outcomes_in_their_industry(data) -> None:  # type: ignore[no-untyped-def]
    proof = as_dict(coverage_matrix(data, TODAY, measure="proof"))
    # O-1 public (both personas of UC-1); O-2 internal and O-3 expired never count;
    # O-4 has no industry so counts where UC-5 is tagged; O-5 (draft), O-7 (retired) never;
    # O-6 is a Finance customer on a Healthcare-only use case: no cell.
    assert proof == {
        ("Finance", "CFO"): 1,
        ("Finance", "CIO"): 0,
        ("Healthcare", "CFO"): 1,
        ("Healthcare", "CIO"): 1,
        ("Retail", "CFO"): 0,
        ("Retail", "CIO"): 0,
    }


def test_the_day_after_expiry_the_proof_is_gone_and_the_day_before_it_counts(
    engine: Engine,
) -> None:
    library(
        engine,
        use_cases=[uc("UC-1", industries=["Healthcare"], personas=["CIO"])],
        outcomes=[outcome("O-1", "UC-1", permission_expires=TODAY)],
    )
    data = coverage_data.load(engine)
    assert coverage_matrix(data, TODAY, measure="proof").at["Healthcare", "CIO"] == 1
    tomorrow = TODAY + dt.timedelta(days=1)
    assert coverage_matrix(data, tomorrow, measure="proof").at["Healthcare", "CIO"] == 0


def test_matrix_for_one_company_size(data) -> None:  # type: ignore[no-untyped-def]
    mid = as_dict(coverage_matrix(data, TODAY, size="Mid-market"))
    assert mid[("Healthcare", "CIO")] == 1 and mid[("Healthcare", "CFO")] == 1
    assert mid[("Finance", "CFO")] == 0
    enterprise = coverage_matrix(data, TODAY, size="Enterprise")
    assert enterprise.at["Healthcare", "CIO"] == 1
    assert coverage_matrix(data, TODAY, size="Enterprise", measure="proof").to_numpy().sum() == 0


def test_cell_lists_the_use_cases_behind_it(data) -> None:  # type: ignore[no-untyped-def]
    behind = cell_use_cases(data, TODAY, "Healthcare", "CIO")
    assert [(u.id, u.proof) for u in behind] == [("UC-1", 1), ("UC-2", 0)]
    assert cell_use_cases(data, TODAY, "Finance", "CIO") == []


def test_unknown_measure_is_refused(data) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="measure"):
        coverage_matrix(data, TODAY, measure="stories")


def test_gaps_rank_by_priority_times_shortfall(data) -> None:  # type: ignore[no-untyped-def]
    found = gaps(data, TODAY)
    assert [(g.industry, g.persona, g.priority, g.shortfall, g.score) for g in found] == [
        ("Finance", "CIO", 2, 4, 8),
        ("Healthcare", "CFO", 5, 1, 5),
        ("Retail", "CIO", 1, 4, 4),
        ("Retail", "CFO", 1, 3, 3),
        ("Finance", "CFO", 2, 1, 2),
    ]
    by_cell = {(g.industry, g.persona): g.missing_text for g in found}
    assert by_cell[("Finance", "CIO")] == (
        "no use case; no shareable proof; no discovery questions for CIO"
    )
    assert by_cell[("Healthcare", "CFO")] == "only 1 of 2 use cases"
    # the generic CFO question covers CFO everywhere
    assert by_cell[("Retail", "CFO")] == "no use case; no shareable proof"


def test_equal_gaps_put_the_persona_covered_in_more_industries_first(engine: Engine) -> None:
    library(
        engine,
        segments=[{"id": "Schools", "priority": 3}],
        use_cases=[
            uc("UC-1", industries=["Banking", "Retail"], personas=["VP-SALES"]),
            uc("UC-2", industries=["Healthcare"], personas=["CMIO"]),
        ],
    )
    found = gaps(coverage_data.load(engine), TODAY)
    # Alphabetically CMIO comes first; sold in two industries, VP-SALES is the likelier gap.
    assert [(g.industry, g.persona) for g in found[:2]] == [
        ("Schools", "VP-SALES"),
        ("Schools", "CMIO"),
    ]
    assert found[0].score == found[1].score


def test_gaps_for_one_size_weigh_the_size_priority(engine: Engine) -> None:
    holey_library(engine)
    library(engine, segments=[{"id": "Enterprise", "kind": "company_size", "priority": 3}])
    found = {
        (g.industry, g.persona): g for g in gaps(coverage_data.load(engine), TODAY, "Enterprise")
    }
    assert found[("Healthcare", "CIO")].priority == 15
    # only UC-2 (no proof, no CIO questions of its own) is sold to Enterprise
    assert found[("Healthcare", "CIO")].missing == (
        "only 1 of 2 use cases",
        "no shareable proof",
        "no discovery questions for CIO",
    )
    assert found[("Healthcare", "CIO")].company_size == "Enterprise"


@pytest.mark.parametrize(("age", "stale"), [(89, False), (90, False), (91, True)])
def test_stale_boundary(age: int, stale: bool) -> None:
    assert is_stale(TODAY - dt.timedelta(days=age), TODAY, 90) is stale


def test_stale_use_cases_and_review_queue(engine: Engine) -> None:
    def reviewed(days: int | None) -> dt.date | None:
        return None if days is None else TODAY - dt.timedelta(days=days)

    library(
        engine,
        use_cases=[
            uc("UC-89", owner="Ana", last_reviewed=reviewed(89)),
            uc("UC-90", owner="Ana", last_reviewed=reviewed(90)),
            uc("UC-91", owner="Ana", last_reviewed=reviewed(91)),
            uc("UC-200", owner="Ben", last_reviewed=reviewed(200), status="draft"),
            uc("UC-NEVER", owner="Ana", last_reviewed=None),
            uc("UC-OLD", owner="", last_reviewed=reviewed(300)),
            uc("UC-RETIRED", owner="Ben", last_reviewed=reviewed(400), status="retired"),
        ],
    )
    data = coverage_data.load(engine)
    stale = stale_use_cases(data, TODAY, 90)
    assert [s.id for s in stale] == ["UC-NEVER", "UC-OLD", "UC-200", "UC-91"]
    assert stale[-1].days_since_review == 91 and stale[0].days_since_review is None
    queue = review_queue(stale)
    assert [(q.owner, [s.id for s in q.use_cases]) for q in queue] == [
        ("Ana", ["UC-NEVER", "UC-91"]),
        ("Ben", ["UC-200"]),
        ("(no owner)", ["UC-OLD"]),
    ]
    # a shorter setting flags more
    assert {s.id for s in stale_use_cases(data, TODAY, 89)} >= {"UC-90"}


def test_expiring_window(engine: Engine) -> None:
    def expires(days: int) -> dt.date:
        return TODAY + dt.timedelta(days=days)

    library(
        engine,
        use_cases=[uc("UC-1", title="Find records")],
        outcomes=[
            outcome("O-past", "UC-1", permission_expires=expires(-1)),
            outcome("O-today", "UC-1", permission_expires=expires(0)),
            outcome("O-30", "UC-1", permission="anonymized", permission_expires=expires(30)),
            outcome("O-31", "UC-1", permission_expires=expires(31)),
            outcome("O-internal", "UC-1", permission="internal", permission_expires=expires(3)),
            outcome("O-never", "UC-1"),
        ],
    )
    found = expiring_outcomes(coverage_data.load(engine), TODAY, 30)
    assert [(e.id, e.days_left) for e in found] == [("O-today", 0), ("O-30", 30)]
    assert found[0].use_case_title == "Find records"


def test_completeness_scores_and_missing(data) -> None:  # type: ignore[no-untyped-def]
    scores = {c.id: c for c in completeness(data, TODAY)}
    assert "UC-4" not in scores  # retired
    assert scores["UC-1"].score == 90.0
    assert scores["UC-1"].missing == ("questions for CFO",)
    assert scores["UC-2"].score == 50.0
    assert scores["UC-2"].missing == (
        "trigger",
        "main steps (2 of 3)",
        "an extension",
        "a quantified benefit",
        "questions for CIO",
    )
    # UC-3 is a draft whose only outcome is public: proof counts, questions and benefit do not
    assert scores["UC-3"].missing == ("a quantified benefit", "questions for CIO")
    ordered = [c.id for c in completeness(data, TODAY)]
    assert ordered[0] == "UC-2"  # fix these first
    assert ordered.index("UC-5") < ordered.index("UC-3")  # same score: approved first


def test_a_use_case_without_personas_is_missing_them(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1")], outcomes=[outcome("O-1", "UC-1")])
    (only,) = completeness(coverage_data.load(engine), TODAY)
    assert only.missing == ("a quantified benefit", "a tagged persona with questions")
    assert only.score == 80.0


def test_report_headline(data) -> None:  # type: ignore[no-untyped-def]
    report = coverage_report(data, TODAY)
    h = report.headline
    assert h.approved_use_cases == 3
    assert h.shareable_proof == 3  # O-1, O-4, O-6 (approved use cases, shareable)
    assert (h.cells, h.cells_covered, h.cells_with_proof) == (6, 3, 3)
    assert h.coverage_pct == 50.0
    assert h.gaps == 5
    assert h.stale == 0


def test_a_size_change_reuses_the_all_sizes_work_until_the_library_changes(
    engine: Engine,
) -> None:
    holey_library(engine)
    data = coverage_data.load(engine)
    everything = coverage_report(data, TODAY)
    sized = coverage_report(data, TODAY, "Enterprise")
    assert sized.completeness is everything.completeness and sized.stale is everything.stale
    assert sized.matrix.at["Healthcare", "CIO"] == 1  # but the matrix is the size's own
    assert coverage_report(data, TODAY, stale_days=1).stale is not everything.stale
    library(engine, use_cases=[uc("UC-9", industries=["Retail"], personas=["CIO"])])
    changed = coverage_report(coverage_data.load(engine), TODAY, "Enterprise")
    assert changed.headline.approved_use_cases == everything.headline.approved_use_cases + 1


def test_empty_library(engine: Engine) -> None:
    data = coverage_data.load(engine)
    assert data.empty
    report = coverage_report(data, TODAY)
    assert report.matrix.empty and report.gaps == [] and report.headline.coverage_pct == 0
