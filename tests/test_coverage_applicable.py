"""Coverage counts only cells that can exist, lets marketing dismiss a gap with a reason, and
queues expired permissions for renewal by owner."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text

from lib.core import db
from lib.core.access import Actor, NotAllowed, local_actor
from lib.coverage import model as coverage_data
from lib.coverage.dismissals import (
    DismissalError,
    dismiss_gap,
    dismissed_cells,
    load_dismissals,
    restore_gap,
)
from lib.coverage.freshness import NO_OWNER, expired_outcomes, renewal_queue
from lib.coverage.report import coverage_report, gaps, not_applicable
from lib.library.editing import history
from lib.workbook import apply_import, export_workbook, plan_import
from tests.builders import library, outcome, question, uc
from tests.workbook_support import xlsx

TODAY = dt.date(2026, 5, 15)


def clinic_library(engine: Engine) -> Engine:
    """Healthcare and Retail; CMIO exists only in healthcare, CIO everywhere."""
    return library(
        engine,
        segments=[{"id": "Healthcare", "priority": 5}, {"id": "Retail", "priority": 5}],
        personas=[{"id": "CMIO", "industries": ["Healthcare"]}, {"id": "CIO"}],
        use_cases=[uc("UC-1", industries=["Healthcare"], personas=["CMIO", "CIO"])],
        outcomes=[outcome("O-1", "UC-1", industry="Healthcare")],
        questions=[question("Q-1", "What hurts?")],
    )


def cells_of(found: list) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(g.industry, g.persona) for g in found}


def test_a_persona_limited_to_some_industries_is_no_gap_elsewhere(engine: Engine) -> None:
    data = coverage_data.load(clinic_library(engine))
    assert not data.applies("Retail", "CMIO")
    assert data.applies("Healthcare", "CMIO") and data.applies("Retail", "CIO")
    assert not_applicable(data) == {("Retail", "CMIO")}
    found = cells_of(gaps(data, TODAY))
    assert ("Retail", "CMIO") not in found
    assert ("Retail", "CIO") in found


def test_headline_counts_applicable_cells_only(engine: Engine) -> None:
    data = coverage_data.load(clinic_library(engine))
    h = coverage_report(data, TODAY).headline
    # 2 industries x 2 personas, less Retail x CMIO: 3 cells, 2 of them covered.
    assert (h.cells, h.cells_covered, h.cells_with_proof) == (3, 2, 2)
    assert h.coverage_pct == pytest.approx(66.7)
    # Healthcare's cells have one use case of two; Retail x CIO has none.
    assert cells_of(coverage_report(data, TODAY).gaps) == {
        ("Healthcare", "CMIO"),
        ("Healthcare", "CIO"),
        ("Retail", "CIO"),
    }
    assert h.gaps == 3


def test_blank_industries_mean_everywhere(engine: Engine) -> None:
    library(
        engine,
        segments=[{"id": "Healthcare"}, {"id": "Retail"}],
        personas=[{"id": "CMIO", "industries": []}],
    )
    data = coverage_data.load(engine)
    assert not_applicable(data) == frozenset()
    assert coverage_report(data, TODAY).headline.cells == 2


def test_a_dismissed_gap_leaves_the_list_and_the_count_and_is_recorded(engine: Engine) -> None:
    clinic_library(engine)
    before = db.revision(engine)
    dana = local_actor("Dana")
    dismiss_gap(engine, "Retail", "CIO", "  We do not sell to retail  this year ", actor=dana)
    assert db.revision(engine) == before + 1
    [d] = load_dismissals(engine)
    assert (d.industry, d.persona, d.reason, d.who) == (
        "Retail",
        "CIO",
        "We do not sell to retail this year",
        "Dana",
    )
    data = coverage_data.load(engine)
    report = coverage_report(data, TODAY, dismissed=dismissed_cells([d]))
    assert ("Retail", "CIO") not in cells_of(report.gaps)
    assert (report.headline.gaps, report.headline.dismissed) == (2, 1)
    assert [c.action for c in history(engine, "Retail × CIO")] == ["dismiss"]


def test_a_dismissal_is_undone_by_restoring_it(engine: Engine) -> None:
    clinic_library(engine)
    dismiss_gap(engine, "Retail", "CIO", "Not a market for us", actor=local_actor("Dana"))
    restore_gap(engine, "Retail", "CIO", actor=local_actor("Lee"))
    assert load_dismissals(engine) == []
    report = coverage_report(coverage_data.load(engine), TODAY, dismissed=frozenset())
    assert ("Retail", "CIO") in cells_of(report.gaps)
    actions = {(c.action, c.who) for c in history(engine, "Retail × CIO")}
    assert actions == {("dismiss", "Dana"), ("restore", "Lee")}


@pytest.mark.parametrize(
    ("industry", "persona", "reason", "who", "message"),
    [
        ("Retail", "CIO", "   ", "Dana", "the reason is empty"),
        ("Retail", "CIO", "x" * 501, "Dana", "keep it to 500"),
        ("Banking", "CIO", "fine", "Dana", "'Banking' is not an industry"),
        ("Retail", "CTO", "fine", "Dana", "'CTO' is not a persona"),
    ],
)
def test_a_bad_dismissal_is_refused_plainly_and_writes_nothing(
    engine: Engine, industry: str, persona: str, reason: str, who: str, message: str
) -> None:
    clinic_library(engine)
    before = db.revision(engine)
    with pytest.raises(DismissalError, match=message):
        dismiss_gap(engine, industry, persona, reason, actor=local_actor(who))
    assert load_dismissals(engine) == []
    assert db.revision(engine) == before


def test_a_rep_may_not_dismiss_or_restore_a_gap(engine: Engine) -> None:
    clinic_library(engine)
    rep = Actor(name="Ray", email="ray@example.com", role="rep", signed_in=True)
    with pytest.raises(NotAllowed, match="needs the marketing role"):
        dismiss_gap(engine, "Retail", "CIO", "Not our market", actor=rep)
    assert load_dismissals(engine) == []
    dismiss_gap(engine, "Retail", "CIO", "Not our market", actor=local_actor("Dana"))
    with pytest.raises(NotAllowed):
        restore_gap(engine, "Retail", "CIO", actor=rep)
    assert len(load_dismissals(engine)) == 1


def test_dismissing_twice_or_restoring_nothing_is_refused(engine: Engine) -> None:
    clinic_library(engine)
    dismiss_gap(engine, "Retail", "CIO", "Not a market", actor=local_actor("Dana"))
    with pytest.raises(DismissalError, match="already dismissed by Dana"):
        dismiss_gap(engine, "Retail", "CIO", "Again", actor=local_actor("Lee"))
    with pytest.raises(DismissalError, match="not dismissed"):
        restore_gap(engine, "Healthcare", "CIO", actor=local_actor("Lee"))


def test_expired_permissions_are_queued_for_renewal_by_owner(engine: Engine) -> None:
    gone = TODAY - dt.timedelta(days=10)
    library(
        engine,
        use_cases=[
            uc("UC-1", owner="Ana"),
            uc("UC-2", owner=""),
            uc("UC-3", owner="Ana", status="retired"),
        ],
        outcomes=[
            outcome("O-1", "UC-1", permission_expires=gone, customer="Acme"),
            outcome("O-2", "UC-1", permission="anonymized", permission_expires=TODAY),
            outcome("O-3", "UC-1", permission="internal", permission_expires=gone),
            outcome("O-4", "UC-2", permission="anonymized", permission_expires=gone),
            outcome("O-5", "UC-3", permission_expires=gone),
            outcome("O-6", "UC-1", permission_expires=TODAY - dt.timedelta(days=400)),
        ],
    )
    data = coverage_data.load(engine)
    expired = expired_outcomes(data, TODAY)
    # O-2 expires today (still shareable today), O-3 was never shareable, O-5's use case
    # is retired.
    assert [(e.id, e.owner, e.days_ago) for e in expired] == [
        ("O-6", "Ana", 400),
        ("O-1", "Ana", 10),
        ("O-4", NO_OWNER, 10),
    ]
    queues = renewal_queue(expired)
    assert [(q.owner, q.count) for q in queues] == [("Ana", 2), (NO_OWNER, 1)]
    report = coverage_report(data, TODAY)
    assert report.headline.expired == 3
    assert list(report.renewal_table["Owner"]) == ["Ana", NO_OWNER]
    assert list(report.expired_table["Outcome"]) == ["O-6", "O-1", "O-4"]


def test_the_personas_sheet_carries_industries_in_and_out(engine: Engine) -> None:
    book = xlsx(
        {
            "Segments": [["id", "kind"], ["Healthcare", "industry"], ["Retail", "industry"]],
            "Personas": [
                ["id", "name", "industries"],
                ["CMIO", "Clinical lead", "Healthcare"],
                ["CIO", "IT lead", ""],
            ],
        }
    )
    plan = plan_import(engine, book, "library.xlsx")
    assert plan.problems == []
    apply_import(engine, plan, who="test")
    data = coverage_data.load(engine)
    assert data.applies_in == {"CMIO": frozenset({"Healthcare"})}
    again = plan_import(engine, export_workbook(engine), "library.xlsx")
    assert again.problems == [] and not again.has_changes


def test_a_persona_industry_must_be_an_industry(engine: Engine) -> None:
    book = xlsx(
        {
            "Segments": [["id", "kind"], ["Healthcare", "industry"], ["SMB", "company_size"]],
            "Personas": [["id", "name", "industries"], ["CMIO", "Clinical lead", "Helthcare"],
                         ["CFO", "Money", "SMB"]],
        }
    )  # fmt: skip
    messages = [
        (p.sheet, p.row, p.column, p.message)
        for p in plan_import(engine, book, "library.xlsx").problems
    ]
    assert messages == [
        ("Personas", 2, "industries", "'Helthcare' is not a segment in the file or the library"),
        ("Personas", 3, "industries", "'SMB' is a company size segment, not an industry"),
    ]


def test_an_older_database_gets_personas_that_apply_everywhere(db_url: str) -> None:
    engine = db.make_engine(db_url)
    command.downgrade(db.alembic_config(engine), "0004_approvals")
    assert "gap_dismissal" not in inspect(engine).get_table_names()
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO persona VALUES ('CIO', 'CIO', '', '', '[]', '[]', '[]')"))
    engine.dispose()
    again = db.make_engine(db_url)
    assert "gap_dismissal" in inspect(again).get_table_names()
    assert coverage_data.load(again).applies_in == {}
    again.dispose()


def test_the_report_workbook_summarises_colours_and_lists_permissions_and_usage(
    engine: Engine,
) -> None:
    import io

    import openpyxl

    from lib.core.usage import record_generation
    from lib.coverage.charts import GAP_COLOUR, NOT_APPLICABLE_COLOUR
    from lib.coverage.usage import load_usage, usage_summary
    from lib.coverage.workbook import SHEETS, coverage_workbook

    clinic_library(engine)
    library(
        engine,
        outcomes=[
            outcome("O-9", "UC-1", customer="Lapsed Clinic", permission_expires=TODAY
                    - dt.timedelta(days=3)),
        ],
    )  # fmt: skip
    record_generation(engine, kind="pack", format="pdf", use_case_ids=["UC-1"], prospect="P1")
    data = coverage_data.load(engine)
    report = coverage_report(data, TODAY, dismissed=frozenset({("Retail", "CIO")}))
    book = openpyxl.load_workbook(
        io.BytesIO(coverage_workbook(report, usage_summary(data, load_usage(engine))))
    )
    assert tuple(book.sheetnames) == SHEETS and SHEETS[0] == "Summary"
    summary: dict[str, object] = {}
    for row in book["Summary"].iter_rows(min_row=2):  # figures first, then the sheet list
        summary.setdefault(row[0].value, row[1].value)
    assert summary["Applicable cells"] == 3 and summary["Cells not applicable"] == 1
    assert summary["Gaps"] == 2 and summary["Gaps dismissed"] == 1
    assert summary["Permissions expired"] == 1
    assert summary["Packs and question sheets"] == 1

    matrix = book["Matrix"]
    cells = {
        (row[0].value, matrix.cell(1, c.column).value): c
        for row in matrix.iter_rows(min_row=2, max_row=3)
        for c in row[1:]
    }

    def fill(cell) -> str:  # type: ignore[no-untyped-def]
        return str(cell.fill.fgColor.rgb)[-6:].upper()

    assert cells[("Retail", "CIO")].value == 0
    assert fill(cells[("Retail", "CIO")]) == GAP_COLOUR.lstrip("#").upper()
    assert cells[("Retail", "CMIO")].value == "n/a"
    assert fill(cells[("Retail", "CMIO")]) == NOT_APPLICABLE_COLOUR.lstrip("#").upper()
    assert cells[("Healthcare", "CIO")].value == 1
    assert fill(cells[("Healthcare", "CIO")]) not in {
        GAP_COLOUR.lstrip("#").upper(),
        NOT_APPLICABLE_COLOUR.lstrip("#").upper(),
    }

    permissions = book["Permissions"]
    header = [c.value for c in permissions[1]]
    assert header[:4] == ["Status", "Owner", "Outcome", "Customer"]
    rows = [[c.value for c in r] for r in permissions.iter_rows(min_row=2)]
    assert [(r[0], r[1], r[2], r[7]) for r in rows] == [("expired", "Pat Owner", "O-9", -3)]

    usage = [[c.value for c in r] for r in book["Usage"].iter_rows()]
    assert usage[0][0] == "Most used" and usage[1][:3] == ["Use case", "Title", "Packs"]
    assert usage[2][0] == "UC-1" and usage[2][2] == 1


def test_the_sample_library_has_no_cmio_or_pmo_gaps_outside_their_industries(
    engine: Engine,
) -> None:
    from lib.workbook import SAMPLE_LIBRARY, import_file

    plan, result = import_file(engine, SAMPLE_LIBRARY, who="test")
    assert plan.problems == [] and result is not None
    data = coverage_data.load(engine)
    assert data.applies_in == {
        "CMIO": frozenset({"Healthcare"}),
        "PMO-LEAD": frozenset({"Project management"}),
    }
    report = coverage_report(data, dt.date(2026, 11, 24))
    for gap in report.gaps:
        assert gap.persona != "CMIO" or gap.industry == "Healthcare"
        assert gap.persona != "PMO-LEAD" or gap.industry == "Project management"
    everything = len(data.industries) * len(data.personas)
    assert report.headline.cells == everything - 2 * (len(data.industries) - 1)
    assert report.headline.expired > 0 and report.renewal_queue
