"""Re-imports skip what did not change, and still see every change: the per-record digests."""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from lib.core import db, digests
from lib.core.models import Benefit, Persona, RecordDigest, UseCase, use_case_industry
from lib.library.editing import load_draft, update_use_case
from lib.workbook import (
    SAMPLE_LIBRARY,
    apply_import,
    export_workbook,
    importing,
    load_sample_if_empty,
    plan_import,
)
from lib.workbook import sheets as specs
from lib.workbook.importing import ImportPlan
from lib.workbook.reading import RawSheet, read_sheets
from lib.workbook.validation import NAMED_SHEETS, parse_sheet
from tests import databases
from tests.workbook_support import EVERY_TABLE, dump, xlsx

EXPORTED: dict[str, bytes] = {}
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sample(engine: Engine) -> Engine:
    """The sample library, and the workbook it exports to (a file with every column), imported
    once: its cells are spelled differently from the sample file's, so that first import reads
    every record in full and keeps the digests of the export's rows."""
    assert load_sample_if_empty(engine)
    EXPORTED["file"] = export_workbook(engine)
    apply_import(engine, _replan(engine), who="Ana")
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
        for uid in sheet.ids()
    }
    assert {(kind, uid) for kind, uid in kept if kind != digests.SHEET_PARTS} == expected
    # and each sheet's XML part, scanned clean (no error cell, no formula without a value)
    assert {uid for kind, uid in kept if kind == digests.SHEET_PARTS} == set(plan.sheets)


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
    read_back = [(name, ids) for name, ids in loaded if name not in NAMED_SHEETS]
    assert read_back and all(ids is not None and not list(ids) for _n, ids in read_back), loaded
    assert all(not plan.sheets[name].records for name, _ids in read_back)


CELLS = [(spec.name, column) for spec in specs.SHEETS for column in spec.columns if column != "id"]


@pytest.fixture(scope="module")
def read_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, bytes]]:
    """The sample library imported once from its own export, and that export."""
    url = databases.new_database_url(tmp_path_factory.mktemp("digests"))
    engine = db.make_engine(url)
    assert load_sample_if_empty(engine)
    exported = export_workbook(engine)
    apply_import(engine, plan_import(engine, exported, "library.xlsx"), who="Ana")
    yield engine, exported
    engine.dispose()
    databases.drop_database(url)


def _changed_cell(value: Any) -> Any:
    """A different cell of the same type as `value` (valid or not: only difference counts)."""
    if isinstance(value, str) and value:
        return value + " (changed)"
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, dt.datetime | dt.date):
        return value + dt.timedelta(days=1)
    return "changed"  # a blank cell


@pytest.mark.parametrize(("sheet", "column"), CELLS, ids=[f"{s}.{c}" for s, c in CELLS])
def test_a_change_in_any_column_is_seen(
    read_only: tuple[Engine, bytes], sheet: str, column: str
) -> None:
    sample, exported = read_only
    raw = next(r for r in read_sheets(exported, "library.xlsx") if r.spec.name == sheet)
    header = next(i for i, row in enumerate(raw.rows) if "id" in row)
    position = {name: i for i, name in enumerate(raw.rows[header])}
    row = raw.rows[header + 1]
    uid = row[position["id"]]
    row[position[column]] = _changed_cell(row[position[column]])
    with sample.connect() as conn:
        unchanged = digests.by_digest(conn, importing.table(raw.spec))
    parsed, _problems = parse_sheet(raw, "library.xlsx", unchanged)

    assert uid in parsed.records and uid not in parsed.same
    if sheet not in NAMED_SHEETS:  # segments and personas are always read in full
        assert len(parsed.same) == len(parsed.rows) - 1


def _compare_sheet(
    engine: Engine, raw: RawSheet
) -> tuple[Any, list[Any], Any, Any, dict[str, Any]]:
    """Plan one sheet against the stored library the way an import does, digests and all."""
    with engine.connect() as conn:
        unchanged = digests.by_digest(conn, importing.table(raw.spec))
        parsed, problems = parse_sheet(raw, "library.xlsx", unchanged)
        stored = importing._stored(conn, parsed)
    changes, differences = importing._compare(parsed, stored, replace=False)
    return parsed, problems, stored, changes, differences


def test_a_changed_row_is_read_and_compared_in_full(sample: Engine) -> None:
    raw_sheets = read_sheets(EXPORTED["file"], "library.xlsx")
    raw = next(r for r in raw_sheets if r.spec.name == "Use cases")
    header = next(i for i, row in enumerate(raw.rows) if "id" in row)
    title = raw.rows[header].index("title")
    uid = raw.rows[header + 2][raw.rows[header].index("id")]
    raw.rows[header + 2][title] += " (changed)"
    parsed, problems, stored, changes, differences = _compare_sheet(sample, raw)

    assert not problems
    assert changes.changed == [uid] and list(differences[uid]) == ["title"]
    assert len(changes.unchanged) == len(parsed.rows) - 1
    assert list(stored.records) == [uid]  # only the changed row's record was read back


def test_editor_saves_are_seen_by_the_next_import(sample: Engine) -> None:
    plan = _replan(sample)
    uid = next(iter(plan.sheets["Use cases"].same))
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
    uid = next(iter(_replan(sample).sheets["Use cases"].same))
    with Session(sample) as s:
        status = s.get(UseCase, uid).status  # type: ignore[union-attr]
    csv = f"id,title,status\n{uid},A title from a partial sheet,{status}\n".encode()
    partial = plan_import(sample, csv, "use_cases.csv")
    assert partial.changes["Use cases"].changed == [uid]
    apply_import(sample, partial, who="Ana")

    again = _replan(sample)

    assert again.changes["Use cases"].changed == [uid]
    assert list(again.differences["Use cases"][uid]) == ["title"]


def _export_with(edit: Callable[[dict[str, list[list[Any]]]], None]) -> bytes:
    """The exported workbook with its sheets' cells edited by `edit` (title -> rows)."""
    cells = {raw.title: raw.rows for raw in read_sheets(EXPORTED["file"], "library.xlsx")}
    edit(cells)
    return xlsx(cells)


def _skipping_and_in_full(
    engine: Engine, data: bytes, *, replace: bool
) -> tuple[ImportPlan, ImportPlan]:
    """The plan of `data` as an import makes it (unchanged rows skipped by their digest), and
    the plan of the same file with every row read and compared in full."""
    skipping = plan_import(engine, data, "library.xlsx", replace=replace)
    with db.unit_of_work(engine) as s:
        s.execute(delete(RecordDigest))
    in_full = plan_import(engine, data, "library.xlsx", replace=replace)
    assert not any(sheet.same for sheet in in_full.sheets.values())
    return skipping, in_full


def _same_plan(skipping: ImportPlan, in_full: ImportPlan) -> None:
    assert [str(p) for p in skipping.problems] == [str(p) for p in in_full.problems]
    assert skipping.summary() == in_full.summary()
    assert skipping.unlinks == in_full.unlinks


def _segment_in_use(engine: Engine) -> str:
    with engine.connect() as conn:
        return conn.scalars(
            select(use_case_industry.c.segment_id).order_by(use_case_industry.c.segment_id)
        ).first()  # type: ignore[return-value]


def test_unchanged_rows_naming_a_segment_the_import_removes_are_reported(sample: Engine) -> None:
    gone = _segment_in_use(sample)

    def drop(cells: dict[str, list[list[Any]]]) -> None:
        cells["Segments"] = [row for row in cells["Segments"] if row[0] != gone]

    skipping, in_full = _skipping_and_in_full(sample, _export_with(drop), replace=True)

    assert skipping.sheets["Use cases"].same  # the unchanged rows were skipped...
    assert any(p.sheet == "Use cases" and p.value == gone for p in skipping.problems)
    _same_plan(skipping, in_full)  # ...and found exactly as reading them in full finds them


def test_unchanged_rows_naming_a_segment_whose_kind_changes_are_reported(sample: Engine) -> None:
    flipped = _segment_in_use(sample)

    def flip(cells: dict[str, list[list[Any]]]) -> None:
        header = cells["Segments"][0]
        for row in cells["Segments"]:
            if row[0] == flipped:
                row[header.index("kind")] = "company_size"

    skipping, in_full = _skipping_and_in_full(sample, _export_with(flip), replace=False)

    assert skipping.sheets["Use cases"].same
    assert not skipping.ok
    _same_plan(skipping, in_full)


def test_a_row_repeating_an_unchanged_id_is_reported(sample: Engine) -> None:
    def repeat(cells: dict[str, list[list[Any]]]) -> None:
        cells["Benefits"].append(list(cells["Benefits"][1]))

    skipping, in_full = _skipping_and_in_full(sample, _export_with(repeat), replace=False)

    assert skipping.sheets["Benefits"].same
    assert any("is also on row 2" in p.message for p in skipping.problems)
    _same_plan(skipping, in_full)


@pytest.mark.parametrize("where", ["after", "before"])
def test_a_changed_row_repeating_an_unchanged_id_is_reported(sample: Engine, where: str) -> None:
    """A row read in full that carries the id of a row found unchanged is a repeated id,
    reported on whichever of the two comes second, as reading every row finds it."""

    def repeat(cells: dict[str, list[list[Any]]]) -> None:
        header, first = cells["Benefits"][0], cells["Benefits"][1]
        copy = list(first)
        copy[header.index("statement")] = f"{copy[header.index('statement')]} (again)"
        cells["Benefits"].insert(len(cells["Benefits"]) if where == "after" else 1, copy)
        last_row.append(len(cells["Benefits"]))

    last_row: list[int] = []
    skipping, in_full = _skipping_and_in_full(sample, _export_with(repeat), replace=False)

    assert skipping.sheets["Benefits"].same
    [repeated] = [p for p in skipping.problems if "is also on row" in p.message]
    assert (repeated.sheet, repeated.row) == ("Benefits", 3 if where == "before" else last_row[0])
    assert "is also on row 2" in repeated.message
    _same_plan(skipping, in_full)


def test_re_importing_the_same_file_writes_nothing_not_even_digests(sample: Engine) -> None:
    tables = (*EVERY_TABLE, "record_digest")
    before = dump(sample, tables)
    plan = _replan(sample)

    apply_import(sample, plan, who="Ben")

    assert not any(plan.digests.values())
    assert dump(sample, tables) == before


def _version_2_digest(cells: tuple[Any, ...]) -> str:
    """A row digest as DIGEST_VERSION 2 wrote it: blake2b of the version and `repr` of the cells."""
    return hashlib.blake2b(("2" + repr(cells)).encode(), digest_size=16).hexdigest()


def _version_3_digest(cells: tuple[Any, ...]) -> str:
    """A row digest as DIGEST_VERSION 3 wrote it: blake2b, personalised with the version, of
    the cells marshalled in column order, dates and times as (type name, repr) pairs."""
    plain = tuple(
        c if type(c) in (str, float, int, bool, type(None)) else (type(c).__name__, repr(c))
        for c in cells
    )
    return hashlib.blake2b(
        marshal.dumps(plain, 2), digest_size=16, person=b"casebook-row-v3"
    ).hexdigest()


def _rows_by_id(raw: RawSheet) -> dict[str, tuple[Any, ...]]:
    """Each data row's cells in the sheet's column order (what a digest is taken of), by id."""
    header = next(i for i, row in enumerate(raw.rows) if "id" in row)
    position = {name: i for i, name in enumerate(raw.rows[header])}
    return {
        row[position["id"]]: tuple(row[position[c]] for c in raw.spec.columns)
        for row in raw.rows[header + 1 :]
        if row[position["id"]]
    }


def _store_digests(engine: Engine, kind: str, values: dict[str, str]) -> None:
    with engine.begin() as conn:
        digests.store(conn, kind, values)


@pytest.mark.parametrize("old_digest", [_version_2_digest, _version_3_digest])
def test_a_digest_of_the_previous_kind_never_skips_a_changed_row(
    sample: Engine, old_digest: Callable[[tuple[Any, ...]], str]
) -> None:
    """A library imported before the serialisation changed holds older digests; a row whose
    old digest is the stored one is still read, compared and found changed."""
    raw = next(
        r for r in read_sheets(EXPORTED["file"], "library.xlsx") if r.spec.name == "Use cases"
    )
    header = next(i for i, row in enumerate(raw.rows) if "id" in row)
    title = raw.rows[header].index("title")
    row = raw.rows[header + 1]
    uid = row[raw.rows[header].index("id")]
    row[title] += " (changed)"
    _store_digests(sample, "use_case", {uid: old_digest(_rows_by_id(raw)[uid])})

    parsed, problems, _stored, changes, differences = _compare_sheet(sample, raw)

    assert not problems
    assert uid in parsed.records and uid not in parsed.same
    assert changes.changed == [uid] and list(differences[uid]) == ["title"]


@pytest.mark.parametrize("old_digest", [_version_2_digest, _version_3_digest])
def test_digests_of_the_previous_kind_are_recomputed_by_the_next_import(
    sample: Engine, old_digest: Callable[[tuple[Any, ...]], str]
) -> None:
    """After an upgrade every row is read in full once (nothing changes), the digests are
    stored anew, and the import after that skips every row again."""
    for raw in read_sheets(EXPORTED["file"], "library.xlsx"):
        old = {uid: old_digest(cells) for uid, cells in _rows_by_id(raw).items()}
        _store_digests(sample, raw.spec.entity, old)
    before = dump(sample)

    first = _replan(sample)
    assert not first.has_changes
    assert not any(sheet.same for sheet in first.sheets.values())
    apply_import(sample, first, who="Ana")
    assert dump(sample) == before

    second = _replan(sample)
    assert not second.has_changes
    for name, sheet in second.sheets.items():
        if name not in NAMED_SHEETS and sheet.rows:
            assert set(sheet.same) == set(sheet.rows), name


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("1",), (1,)),
        ((1,), (1.0,)),
        ((1,), (True,)),
        ((0.0,), (-0.0,)),
        (("",), (None,)),
        (("2024-01-05",), (dt.date(2024, 1, 5),)),
        ((dt.date(2024, 1, 5),), (dt.datetime(2024, 1, 5),)),
        ((dt.date(2024, 1, 5),), ("datetime.date(2024, 1, 5)",)),
        ((dt.time(9, 30),), (dt.timedelta(hours=9, minutes=30),)),
        (("a", "bc"), ("ab", "c")),
        (("a\x1fb",), ("a", "b")),
    ],
)
def test_rows_that_differ_in_value_or_type_have_different_digests(
    one: tuple[Any, ...], other: tuple[Any, ...]
) -> None:
    assert digests.digest(one) != digests.digest(other)


def test_a_row_digest_does_not_depend_on_where_its_dates_were_first_seen() -> None:
    day = dt.date(2024, 1, 5)
    rows = [("a", day, "x"), ("b", "text", day), ("c", 1.5, "y")]
    alone = [digests.digest(row) for row in rows]
    assert digests.digest_all(rows) == alone
    assert digests.digest_all(rows[::-1]) == alone[::-1]
    assert len(set(alone)) == 3


def test_a_sheet_digests_its_rows_as_each_row_alone() -> None:
    """The whole-sheet path gives each row the digest it has alone, whether every cell
    serialises directly or a date typed in a text column sends the sheet the slow way."""
    day = dt.date(2024, 1, 5)
    clean = [["a", "x", day, 1.5], ["b", "y", "", 2], ["c", "z", day, True]]
    odd = [*clean, ["d", day, day, None]]
    for rows in (clean, odd):
        alone = [digests.digest_rows([row], range(4), as_text=[2]) for row in rows]
        assert digests.digest_rows(rows, range(4), as_text=[2]) == [d for d, in alone]
        assert len(set(map(tuple, alone))) == len(rows)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ((["a", dt.date(2024, 1, 5)], [1]), (["a", "datetime.date(2024, 1, 5)"], [1])),
        ((["a", dt.date(2024, 1, 5)], [1]), (["a", dt.datetime(2024, 1, 5)], [1])),
        ((["a", "1"], [1]), (["a", 1], [1])),
        ((["a", "b"], [1]), (["a", "b"], [])),
        ((["a", "b"], [1]), (["a", "b"], [0])),
        ((["b", "a"], [0]), (["a", "b"], [1])),
    ],
)
def test_rows_read_with_date_columns_differ_when_their_cells_or_columns_do(
    one: tuple[list[Any], list[int]], other: tuple[list[Any], list[int]]
) -> None:
    """A cell serialised as its repr is not the text of that repr, and the same cells with
    other date columns (or swapped) are another row."""
    (cells, dates), (other_cells, other_dates) = one, other
    assert digests.digest_rows([cells], range(2), dates) != digests.digest_rows(
        [other_cells], range(2), other_dates
    )


def test_the_library_ids_and_their_digests_are_read_together(sample: Engine) -> None:
    """Every record is listed, with or without a digest; a digest left behind by a record
    that is gone is not offered for skipping a row."""
    t = importing.table(specs.USE_CASES)
    with sample.connect() as conn:
        every = set(conn.scalars(select(t.c.id)))
    bare, *_ = sorted(every)
    with sample.begin() as conn:
        digests.forget(conn, "use_case", [bare])
        digests.store(conn, "use_case", {"UC-GONE-1": "0" * 32})

    with sample.connect() as conn:
        ids, by_digest = digests.ids_and_digests(conn, t)

    assert ids == every
    assert set(by_digest.values()) == every - {bare}
    assert "0" * 32 not in by_digest


def test_an_import_that_changes_nothing_sets_up_no_mapper(tmp_path: Path) -> None:
    """Setting up the ORM's mappers costs a tenth of a second; an import that only has to
    compare (every row unchanged) reads through tables and never needs them."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'library.db'}"}
    first = ["-m", "lib", "import", str(SAMPLE_LIBRARY)]
    subprocess.run([sys.executable, *first], cwd=ROOT, env=env, check=True, capture_output=True)
    code = (
        "import sys\n"
        "from lib.commands import main\n"
        "from lib.core.models import UseCase\n"
        f"status = main(['import', {str(SAMPLE_LIBRARY)!r}])\n"
        "print(status, UseCase.__mapper__.configured)\n"
    )
    again = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert again.returncode == 0, again.stderr
    assert "0 added, 0 changed" in again.stdout
    assert again.stdout.split()[-2:] == ["0", "False"], again.stdout
