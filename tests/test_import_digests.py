"""Re-imports skip what did not change, and still see every change: the per-record digests."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core import db
from lib.core.models import Benefit, Persona, RecordDigest
from lib.library.editing import load_draft, update_use_case
from lib.workbook import (
    apply_import,
    export_workbook,
    importing,
    load_sample_if_empty,
    plan_import,
)
from lib.workbook import sheets as specs
from lib.workbook.importing import ImportPlan
from tests import databases

EXPORTED: dict[str, bytes] = {}


@pytest.fixture
def sample(engine: Engine) -> Engine:
    """The sample library, and the workbook it exports to (a file with every column)."""
    assert load_sample_if_empty(engine)
    EXPORTED["file"] = export_workbook(engine)
    return engine


def _replan(engine: Engine) -> importing.ImportPlan:
    plan = plan_import(engine, EXPORTED["file"], "library.xlsx")
    assert plan.ok, plan.problems[:3]
    return plan


def test_an_import_keeps_a_digest_of_every_record_it_writes(sample: Engine) -> None:
    plan = _replan(sample)
    with Session(sample) as s:
        kept = {(d.kind, d.id) for d in s.scalars(select(RecordDigest))}
    expected = {
        (specs.BY_NAME[name].entity, uid)
        for name, sheet in plan.sheets.items()
        for uid in sheet.records
    }
    assert kept == expected


def test_an_unchanged_re_import_reads_no_record_back(
    sample: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded: list[tuple[str, Any]] = []
    real = importing.load_records

    def spy(conn: Any, spec: specs.Sheet, ids: Any = None) -> Any:
        loaded.append((spec.name, ids))
        return real(conn, spec, ids)

    monkeypatch.setattr(importing, "load_records", spy)
    plan = _replan(sample)

    assert not plan.has_changes
    assert loaded and all(ids is not None and not list(ids) for _name, ids in loaded), loaded


def _another(value: Any) -> Any:
    """A different value of the same shape as `value` (valid or not: only difference counts)."""
    if isinstance(value, str):
        return value + " (changed)"
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [{**value[0], "condition": value[0]["condition"] + " (changed)"}, *value[1:]]
    if isinstance(value, list):
        return [*value, "changed"]
    return "changed"  # None


CELLS = [(spec.name, column) for spec in specs.SHEETS for column in spec.columns if column != "id"]


@pytest.fixture(scope="module")
def read_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, ImportPlan]]:
    """The sample library imported once, and the plan of re-importing its export (unchanged)."""
    url = databases.new_database_url(tmp_path_factory.mktemp("digests"))
    engine = db.make_engine(url)
    assert load_sample_if_empty(engine)
    plan = plan_import(engine, export_workbook(engine), "library.xlsx")
    yield engine, plan
    engine.dispose()
    databases.drop_database(url)


@pytest.mark.parametrize(("sheet", "column"), CELLS, ids=[f"{s}.{c}" for s, c in CELLS])
def test_a_change_in_any_column_is_seen(
    read_only: tuple[Engine, ImportPlan], sheet: str, column: str
) -> None:
    sample, plan = read_only
    read = plan.sheets[sheet]
    parsed = dataclasses.replace(read, records=copy.deepcopy(read.records))
    uid = next(iter(parsed.records))
    before = parsed.records[uid][column]
    parsed.records[uid][column] = _another(before)

    with sample.connect() as conn:
        stored = importing._stored(conn, parsed)
    changes, differences = importing._compare(parsed, stored, replace=False)

    assert changes.changed == [uid]
    assert list(differences[uid]) == [column]


def test_editor_saves_are_seen_by_the_next_import(sample: Engine) -> None:
    plan = _replan(sample)
    uid = next(iter(plan.sheets["Use cases"].records))
    draft, version = load_draft(sample, uid)  # type: ignore[misc]
    draft.title = draft.title + " (edited)"
    draft.industries = draft.industries[:-1] if len(draft.industries) > 1 else []
    benefit_id = draft.benefits[0]["id"]
    draft.benefits[0]["baseline"] = 12345
    update_use_case(sample, draft, version=version, who="Ana")

    again = _replan(sample)

    assert again.changes["Use cases"].changed == [uid]
    assert {"title", "industries"} <= set(again.differences["Use cases"][uid])
    assert again.changes["Benefits"].changed == [benefit_id]
    apply_import(sample, again, who="Ben")
    assert not _replan(sample).has_changes


def test_removing_a_persona_outside_the_import_is_seen_on_the_records_that_named_it(
    sample: Engine,
) -> None:
    with Session(sample) as s:
        persona_id, benefit_ids = next(
            (p.id, ids)
            for p in s.scalars(select(Persona).order_by(Persona.id))
            if (ids := sorted(s.scalars(select(Benefit.id).where(Benefit.persona_id == p.id))))
        )
    with db.unit_of_work(sample) as s:
        s.delete(s.get(Persona, persona_id))

    plan = _replan(sample)

    assert plan.changes["Personas"].added == [persona_id]
    assert set(benefit_ids) <= set(plan.changes["Benefits"].changed)


def test_a_sheet_given_in_part_forgets_the_digests_of_what_it_changed(sample: Engine) -> None:
    uid, record = next(iter(_replan(sample).sheets["Use cases"].records.items()))
    csv = f"id,title,status\n{uid},A title from a partial sheet,{record['status']}\n".encode()
    partial = plan_import(sample, csv, "use_cases.csv")
    assert partial.changes["Use cases"].changed == [uid]
    apply_import(sample, partial, who="Ana")

    again = _replan(sample)

    assert again.changes["Use cases"].changed == [uid]
    assert list(again.differences["Use cases"][uid]) == ["title"]
