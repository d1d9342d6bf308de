"""`--replace` says everything it does: every record that loses a link is listed, recorded in
the history, and approved use cases are not left unmatched without a confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from lib.commands import main
from lib.core.models import ChangeRecord, Outcome
from lib.workbook import (
    SAMPLE_LIBRARY,
    UnlinkRefused,
    apply_import,
    import_file,
    plan_import,
)
from tests.builders import benefit, library, outcome, question, uc
from tests.workbook_support import EVERY_TABLE, dump

SEGMENTS_CSV = b"id,kind,priority\nHealthcare,industry,5\nMid-market,company_size,5\n"
PERSONAS_CSV = b"id,name\nCIO,Chief Information Officer\n"


@pytest.fixture
def sample_engine(engine: Engine) -> Engine:
    plan, result = import_file(engine, SAMPLE_LIBRARY, who="test")
    assert plan.ok and result is not None
    return engine


def linked(engine: Engine, sql: str) -> set[tuple]:
    with engine.connect() as conn:
        return set(conn.execute(text(sql)).all())


def test_a_partial_segments_sheet_lists_every_use_case_losing_a_link(sample_engine: Engine) -> None:
    plan = plan_import(sample_engine, SEGMENTS_CSV, "segments.csv", replace=True)
    assert plan.ok

    losing = linked(
        sample_engine,
        "SELECT use_case_id, segment_id FROM use_case_industry "
        "WHERE segment_id <> 'Healthcare' UNION "
        "SELECT use_case_id, segment_id FROM use_case_company_size "
        "WHERE segment_id <> 'Mid-market'",
    )
    listed = {(u.id, lost) for u in plan.unlinks if u.sheet == "Use cases" for lost in u.lost}
    assert listed == losing and len(losing) > 40
    outcomes = linked(
        sample_engine,
        "SELECT id FROM outcome WHERE industry NOT IN ('', 'Healthcare') "
        "OR company_size NOT IN ('', 'Mid-market')",
    )
    assert {(u.id,) for u in plan.unlinks if u.sheet == "Outcomes"} == outcomes
    assert plan.needs_unlink_confirmation
    assert any(line.startswith("Kept but losing links") for line in plan.summary())


def test_the_replace_is_refused_until_confirmed_and_then_recorded(sample_engine: Engine) -> None:
    before = dump(sample_engine, EVERY_TABLE)
    plan = plan_import(sample_engine, SEGMENTS_CSV, "segments.csv", replace=True)
    with pytest.raises(UnlinkRefused) as refused:
        apply_import(sample_engine, plan, who="Dana")
    assert "approved use case(s) with no industry, company size or persona" in str(refused.value)
    assert dump(sample_engine, EVERY_TABLE) == before

    result = apply_import(sample_engine, plan, who="Dana", allow_unlink=True)
    assert result.unlinks == plan.unlinks
    with Session(sample_engine) as s:
        history = s.execute(
            select(ChangeRecord.entity_id, ChangeRecord.summary).where(ChangeRecord.who == "Dana")
        ).all()
        leftover = s.scalars(
            select(Outcome.id).where(Outcome.industry.not_in(["", "Healthcare"]))
        ).all()
    recorded = {uid for uid, summary in history if "loses industries" in summary}
    assert recorded == {u.id for u in plan.unlinks if u.column == "industries"}
    assert all("removed with --replace from segments.csv" in summary for _uid, summary in history)
    assert leftover == []  # outcomes no longer name a segment that is gone


def test_a_partial_personas_sheet_lists_benefits_and_questions_losing_their_persona(
    sample_engine: Engine,
) -> None:
    plan = plan_import(sample_engine, PERSONAS_CSV, "personas.csv", replace=True)
    benefits = linked(
        sample_engine, "SELECT id FROM benefit WHERE persona_id IS NOT NULL AND persona_id <> 'CIO'"
    )
    questions = linked(
        sample_engine,
        "SELECT id FROM question WHERE persona_id IS NOT NULL AND persona_id <> 'CIO'",
    )
    assert {(u.id,) for u in plan.unlinks if u.sheet == "Benefits"} == benefits
    assert {(u.id,) for u in plan.unlinks if u.sheet == "Questions"} == questions
    assert benefits and questions
    assert any(u.sheet == "Use cases" and u.column == "personas" for u in plan.unlinks)


def test_losing_one_of_several_links_goes_ahead_and_is_recorded(engine: Engine) -> None:
    library(
        engine,
        use_cases=[
            uc(
                "UC-1",
                industries=["Finance", "Healthcare"],
                personas=["CIO", "CFO"],
                benefits=[benefit("B-1", persona_id="CFO")],
            )
        ],
        questions=[question("Q-1", "How?", persona_id="CFO")],
    )
    personas = b"id,name\nCIO,Chief Information Officer\n"
    plan = plan_import(engine, personas, "personas.csv", replace=True)
    assert not plan.needs_unlink_confirmation
    assert sorted(u.describe() for u in plan.unlinks) == [
        "benefit B-1 loses persona_id CFO",
        "question Q-1 loses persona_id CFO",
        "use case UC-1 loses personas CFO (left: CIO)",
    ]
    apply_import(engine, plan, who="Dana")
    with Session(engine) as s:
        history = set(s.execute(select(ChangeRecord.entity, ChangeRecord.entity_id)).all())
    assert history == {("use_case", "UC-1"), ("question", "Q-1")}


def test_a_draft_left_without_links_needs_no_confirmation(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", industries=["Finance"], status="draft")])
    plan = plan_import(engine, b"id,kind\nHealthcare,industry\n", "segments.csv", replace=True)
    assert [u.id for u in plan.unlinks] == ["UC-1"] and not plan.needs_unlink_confirmation


def test_the_use_cases_sheet_in_the_same_file_is_checked_not_unlinked(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", industries=["Finance"])])
    plan = plan_import(engine, b"id,kind\nHealthcare,industry\n", "segments.csv", replace=False)
    assert plan.unlinks == []  # nothing is removed without --replace


def test_cli_dry_run_lists_consequences_and_the_import_needs_allow_unlink(
    sample_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "segments.csv"
    path.write_bytes(SEGMENTS_CSV)
    before = dump(sample_engine, EVERY_TABLE)

    assert main(["import", str(path), "--replace", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "use case UC-FIN-001 loses industries Finance, Insurance (left: none)" in out
    assert "would be refused" in out and "--allow-unlink" in out

    assert main(["import", str(path), "--replace"]) == 1
    captured = capsys.readouterr()
    assert "--allow-unlink" in captured.err and "Traceback" not in captured.err
    assert dump(sample_engine, EVERY_TABLE) == before

    assert main(["import", str(path), "--replace", "--allow-unlink"]) == 0
    assert "Kept but losing links to removed records" in capsys.readouterr().out
    assert linked(sample_engine, "SELECT segment_id FROM use_case_industry") == {("Healthcare",)}


# --- a segment kind change that breaks links ----------------------------------------------


def test_flipping_a_segments_kind_that_use_cases_rely_on_is_refused(engine: Engine) -> None:
    library(
        engine,
        use_cases=[uc("UC-1", industries=["Healthcare"]), uc("UC-2", industries=["Healthcare"])],
        outcomes=[outcome("O-1", "UC-1", industry="Healthcare")],
    )
    data = b"id,kind\nHealthcare,company_size\n"
    plan = plan_import(engine, data, "segments.csv")
    [found] = plan.problems
    assert (found.sheet, found.row, found.column) == ("Segments", 2, "kind")
    assert "used as an industry by 2 use case(s) (UC-1, UC-2) and 1 outcome(s) (O-1)" in (
        found.message
    )


def test_flipping_an_unused_segments_kind_is_fine(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", industries=["Healthcare"])])
    library(engine, use_cases=[])
    with Session(engine) as s, s.begin():
        s.execute(
            text("INSERT INTO segment (id, kind, description) VALUES ('Tiny', 'industry', '')")
        )
    plan = plan_import(engine, b"id,kind\nTiny,company_size\n", "segments.csv")
    assert plan.ok and plan.changes["Segments"].changed == ["Tiny"]
