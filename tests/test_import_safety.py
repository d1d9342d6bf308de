"""Bad cells never become silent blanks or silent changes, and whole-file faults say what to do.

Each case is one a real workbook or CSV produces: error cells, formulas with no saved value,
merged cells, hidden sheets, control characters, text longer than a cell, look-alike ids.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.commands import main
from lib.core import identifiers
from lib.core.limits import CELL_CHARACTERS
from lib.core.models import Outcome, UseCase
from lib.workbook import WorkbookError, apply_import, cells, export_workbook, plan_import, reading
from tests.builders import library, uc
from tests.workbook_support import EVERY_TABLE, dump, xlsx
from tests.xlsx_parts import Xml, error, formula, workbook

OUTCOME_HEADER = ["id", "customer", "use_case_id", "permission", "permission_expires", "before"]
USE_CASE_HEADER = ["id", "title", "status", "goal", "industries", "personas", "tags"]


@pytest.fixture
def stocked(engine: Engine) -> Engine:
    return library(
        engine,
        use_cases=[uc("UC-1", industries=["Healthcare"], company_sizes=["SMB"], personas=["CIO"])],
    )


def problems_of(plan) -> set[tuple[str, int | None, str | None, str]]:
    return {(p.sheet, p.row, p.column, p.message) for p in plan.problems}


# --- 2: error cells and formulas with no saved value --------------------------------------


def test_an_error_cell_is_reported_with_its_error_never_read_as_blank(stocked: Engine) -> None:
    data = workbook(
        {
            "Outcomes": [
                OUTCOME_HEADER,
                ["O-1", "Acme", "UC-1", "public", error("#REF!"), 10],
                ["O-2", "Beta", "UC-1", "public", "", error("#DIV/0!")],
                ["O-3", "Gamma", "UC-1", error("#N/A"), "", 5],
            ]
        }
    )
    before = dump(stocked, EVERY_TABLE)
    plan = plan_import(stocked, data, "library.xlsx")

    assert problems_of(plan) == {
        ("Outcomes", 2, "permission_expires", "cell holds the Excel error #REF!"),
        ("Outcomes", 3, "before", "cell holds the Excel error #DIV/0!"),
        ("Outcomes", 4, "permission", "cell holds the Excel error #N/A"),
    }
    with pytest.raises(WorkbookError):
        apply_import(stocked, plan, who="test")
    assert dump(stocked, EVERY_TABLE) == before


def test_a_formula_with_no_saved_value_is_reported_and_one_with_a_value_is_read(
    stocked: Engine,
) -> None:
    data = workbook(
        {
            "Use cases": [
                USE_CASE_HEADER,
                ["UC-2", "Approve", "draft", formula('CONCAT("a","b")'), "", "", ""],
                ["UC-3", "Refund", "draft", formula("A1", cached="Cached goal"), "", "", ""],
            ]
        }
    )
    plan = plan_import(stocked, data, "library.xlsx")

    [found] = plan.problems
    assert (found.row, found.column) == (2, "goal")
    assert "formula with no saved value" in found.message and "paste" in found.message


@pytest.mark.parametrize(
    "element",
    [
        "<f>A1*2</f>",
        "<f/>",
        '<f t="shared" si="0"/>',
        '<f\tt="shared" ref="D2:D3" si="0">A1*2</f>',
        "<f\n>A1*2</f>",
        '<x:f xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">A1</x:f>',
    ],
    ids=["plain", "empty", "shared", "tab", "line-break", "prefixed"],
)
def test_a_formula_with_no_saved_value_is_found_however_its_element_is_spelled(
    stocked: Engine, element: str
) -> None:
    row = ["UC-2", "Approve", "draft", Xml(element), "", "", ""]
    plan = plan_import(stocked, workbook({"Use cases": [USE_CASE_HEADER, row]}), "library.xlsx")

    [found] = plan.problems
    assert (found.row, found.column) == (2, "goal")
    assert "formula with no saved value" in found.message


def test_an_error_in_a_row_that_is_otherwise_blank_is_still_reported(stocked: Engine) -> None:
    data = workbook({"Outcomes": [OUTCOME_HEADER, ["", "", "", "", error("#VALUE!"), ""]]})
    plan = plan_import(stocked, data, "library.xlsx")
    assert ("Outcomes", 2, "permission_expires", "cell holds the Excel error #VALUE!") in (
        problems_of(plan)
    )


def test_an_error_in_a_column_the_library_does_not_use_is_ignored(stocked: Engine) -> None:
    header = [*OUTCOME_HEADER, "helper"]
    rows = [["O-1", "Acme", "UC-1", "public", "", 5, 1], ["", "", "", "", "", "", error("#N/A")]]
    plan = plan_import(stocked, workbook({"Outcomes": [header, *rows]}), "library.xlsx")
    assert plan.ok and plan.ignored_columns == {"Outcomes": ["helper"]}


def _counting_scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each sheet part whose XML the import unpacks and scans."""
    scanned: list[str] = []
    real = reading.scan_sheet

    def scan(archive: Any, part: str, xml: bytes | None = None) -> Any:
        scanned.append(part)
        return real(archive, part, xml)

    monkeypatch.setattr(reading, "scan_sheet", scan)
    return scanned


CLEAN_OUTCOMES = [OUTCOME_HEADER, ["O-1", "Acme", "UC-1", "public", "", 10]]


def test_a_sheet_part_found_clean_is_not_unpacked_again(
    stocked: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = workbook({"Outcomes": CLEAN_OUTCOMES})
    apply_import(stocked, plan_import(stocked, data, "library.xlsx"), who="test")
    scanned = _counting_scans(monkeypatch)

    plan = plan_import(stocked, data, "library.xlsx")

    assert plan.ok and scanned == []
    assert plan.summary() == ["Outcomes: 0 added, 0 changed, 1 unchanged"]


@pytest.mark.parametrize("cell", [error("#REF!"), formula("TODAY()")], ids=["error", "formula"])
def test_a_marked_cell_in_a_sheet_imported_clean_before_is_still_found(
    stocked: Engine, monkeypatch: pytest.MonkeyPatch, cell: Xml
) -> None:
    apply_import(
        stocked, plan_import(stocked, workbook({"Outcomes": CLEAN_OUTCOMES}), "x.xlsx"), who="t"
    )
    scanned = _counting_scans(monkeypatch)
    marked = [OUTCOME_HEADER, ["O-1", "Acme", "UC-1", "public", cell, 10]]

    plan = plan_import(stocked, workbook({"Outcomes": marked}), "library.xlsx")

    assert len(scanned) == 1
    [found] = plan.problems
    assert (found.row, found.column) == (2, "permission_expires")


def test_a_part_found_clean_by_other_rules_is_scanned_again(
    stocked: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = workbook({"Outcomes": CLEAN_OUTCOMES})
    apply_import(stocked, plan_import(stocked, data, "library.xlsx"), who="test")
    monkeypatch.setattr(reading, "_SCAN_LIMITS", "1000x10")  # as if the limits changed
    scanned = _counting_scans(monkeypatch)

    plan_import(stocked, data, "library.xlsx")

    assert len(scanned) == 1


def test_a_dry_run_keeps_no_part_digest(
    stocked: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "library.xlsx"
    path.write_bytes(workbook({"Outcomes": CLEAN_OUTCOMES}))
    assert main(["import", str(path), "--dry-run", "--who", "t"]) == 0
    scanned = _counting_scans(monkeypatch)

    plan_import(stocked, path, "library.xlsx")

    assert len(scanned) == 1


# --- 3: numbers that are not numbers ------------------------------------------------------


@pytest.mark.parametrize("cell", ["NaN", "INF", "-inf"])
def test_a_non_finite_number_in_a_number_cell_is_refused(stocked: Engine, cell: str) -> None:
    from tests.xlsx_parts import Xml

    data = workbook(
        {"Outcomes": [OUTCOME_HEADER, ["O-1", "Acme", "UC-1", "public", "", Xml(f"<v>{cell}</v>")]]}
    )
    plan = plan_import(stocked, data, "library.xlsx")
    [found] = plan.problems
    assert (found.row, found.column) == (2, "before")
    assert "not a finite number" in found.message


@pytest.mark.parametrize("text", ["1_000", "nan", "inf", "Infinity", "0x10", "1,5"])
def test_number_text_python_reads_but_a_person_does_not_write_is_refused(
    stocked: Engine, text: str
) -> None:
    data = xlsx({"Outcomes": [OUTCOME_HEADER, ["O-1", "Acme", "UC-1", "public", "", text]]})
    plan = plan_import(stocked, data, "library.xlsx")
    [found] = plan.problems
    assert (found.row, found.column) == (2, "before")
    assert "not a" in found.message


def test_plain_numbers_still_read(stocked: Engine) -> None:
    rows = [["O-1", "A", "UC-1", "public", "", "-38.5"], ["O-2", "B", "UC-1", "public", "", "1e3"]]
    plan, result = import_file_bytes(stocked, xlsx({"Outcomes": [OUTCOME_HEADER, *rows]}))
    assert plan.ok and result is not None
    with Session(stocked) as s:
        assert sorted(s.scalars(select(Outcome.before))) == [-38.5, 1000.0]


def import_file_bytes(engine: Engine, data: bytes, name: str = "library.xlsx"):
    plan = plan_import(engine, data, name)
    return plan, (apply_import(engine, plan, who="test") if plan.ok else None)


# --- 4: text a file cannot hold -----------------------------------------------------------


def test_nul_is_refused_in_the_dry_run_as_the_write_would(stocked: Engine) -> None:
    # Excel writes it escaped (_x0000_), and the reader gives it back as a real NUL.
    data = xlsx(
        {"Use cases": [["id", "title", "status"], ["UC-2", "Approve\x00 invoices", "draft"]]}
    )
    plan = plan_import(stocked, data, "library.xlsx")
    [found] = plan.problems
    assert (found.row, found.column) == (2, "title") and "NUL" in found.message


def test_other_control_characters_are_stripped_with_a_note(stocked: Engine) -> None:
    data = xlsx(
        {
            "Use cases": [
                USE_CASE_HEADER,
                ["UC-2", "Approve\x0b invoices\x07", "draft", "Goal\x1f", "", "", ""],
            ]
        }
    )
    plan, result = import_file_bytes(stocked, data)
    assert plan.ok and result is not None
    assert any(
        "column title" in n and "control characters" in n and "row 2" in n for n in plan.notes
    )
    assert any("column goal" in n for n in plan.notes)
    with Session(stocked) as s:
        stored = s.get(UseCase, "UC-2")
        assert stored is not None
        assert (stored.title, stored.goal) == ("Approve invoices", "Goal")


def test_tabs_and_line_breaks_are_kept(stocked: Engine) -> None:
    data = xlsx(
        {"Use cases": [USE_CASE_HEADER, ["UC-2", "Approve", "draft", "a\tb\r\nc", "", "", ""]]}
    )
    plan, _ = import_file_bytes(stocked, data)
    assert plan.ok and plan.notes == []


# --- 5: text longer than a cell -----------------------------------------------------------


def test_text_longer_than_a_cell_is_refused_with_a_clear_message(stocked: Engine) -> None:
    goal = "g" * 100_000
    data = f"id,title,status,goal\nUC-2,Approve,draft,{goal}\n".encode()
    plan = plan_import(stocked, data, "use_cases.csv")
    [found] = plan.problems
    assert (found.row, found.column) == (2, "goal")
    assert "100,000 characters" in found.message and f"{CELL_CHARACTERS:,}" in found.message


def test_steps_that_would_outgrow_a_cell_once_numbered_are_refused(stocked: Engine) -> None:
    steps = "\n".join(["x" * 20] * 1_500)  # 31,499 characters; numbering adds about 7,000
    assert len(steps) < CELL_CHARACTERS
    data = xlsx(
        {"Use cases": [["id", "title", "status", "main_steps"], ["UC-2", "A", "draft", steps]]}
    )
    plan = plan_import(stocked, data, "library.xlsx")
    [found] = plan.problems
    assert (found.row, found.column) == (2, "main_steps") and "characters long" in found.message


def test_many_short_steps_that_numbering_more_than_doubles_are_refused(stocked: Engine) -> None:
    steps = "\n".join(["x"] * 8_000)  # 15,999 characters; written back "1. x" ... "8000. x"
    assert len(steps) <= CELL_CHARACTERS // 2
    assert len(cells.write_steps(cells.read_steps(steps))) > CELL_CHARACTERS
    data = xlsx(
        {"Use cases": [["id", "title", "status", "main_steps"], ["UC-2", "A", "draft", steps]]}
    )
    plan = plan_import(stocked, data, "library.xlsx")
    [found] = plan.problems
    assert (found.row, found.column) == (2, "main_steps") and "characters long" in found.message


def test_text_that_fits_a_cell_round_trips_whole(engine: Engine, tmp_path: Path) -> None:
    goal = "g" * (CELL_CHARACTERS - 1)
    library(engine, use_cases=[uc("UC-1", goal=goal)])
    from lib.core import db
    from tests.databases import new_database_url

    copy = db.make_engine(new_database_url(tmp_path, "copy"))
    plan, result = import_file_bytes(copy, export_workbook(engine))
    assert plan.ok and result is not None
    with Session(copy) as s:
        stored = s.get(UseCase, "UC-1")
        assert stored is not None and stored.goal == goal
    copy.dispose()


def test_the_editor_measures_steps_and_lists_as_their_cells_will_be_written() -> None:
    from lib.library import editing

    many = editing.UseCaseDraft(id="UC-1", title="A", main_steps=["x"] * 8_000)
    fits = editing.UseCaseDraft(id="UC-1", title="A", main_steps=["x"] * 3_000)
    tags = editing.UseCaseDraft(id="UC-1", title="A", tags=["t" * 100] * 400)
    found = editing.problems(editing.normalized(many))
    [steps] = [p for p in found if p.startswith("main steps")]
    written = len(cells.write_steps(["x"] * 8_000))
    assert f"is {written:,} characters long" in steps and f"{CELL_CHARACTERS:,}" in steps
    assert not [p for p in editing.problems(editing.normalized(fits)) if "characters" in p]
    assert [p.split(" is ")[0] for p in editing.problems(editing.normalized(tags))] == ["tags"]


def test_the_editor_measures_extensions_as_written_and_refuses_control_characters() -> None:
    from lib.library import editing

    handling = ["retry the card once more"] * 1_400
    long = {"step": "1a", "kind": "alternate", "condition": "Declined", "steps": handling}
    draft = editing.UseCaseDraft(id="UC-1", title="A", main_steps=["Pay"], extensions=[long])
    assert any(p.startswith("extensions is ") for p in editing.problems(editing.normalized(draft)))
    bad = editing.UseCaseDraft(id="UC-1", title="A", main_steps=["Pay\x07 now", "Done"])
    found = editing.problems(editing.normalized(bad))
    assert [p.split(" holds")[0] for p in found if "control character" in p] == ["main steps"]


def test_an_export_refuses_stored_text_a_cell_cannot_hold_and_names_it(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lib.workbook.exporting import TooLongForExport

    # Stored before cells were measured: written straight into the database.
    library(engine, use_cases=[uc("UC-1"), uc("UC-2", main_steps=["x"] * 8_000)])
    with pytest.raises(TooLongForExport) as refused:
        export_workbook(engine)
    message = str(refused.value)
    assert "sheet Use cases, row 3, column main_steps (UC-2," in message
    assert "UC-1" not in message and f"{CELL_CHARACTERS:,}" in message
    out = tmp_path / "library.xlsx"
    assert main(["export", str(out)]) == 1
    assert "sheet Use cases, row 3, column main_steps" in capsys.readouterr().err
    assert not out.exists()


def _steps_written_as(length: int) -> list[str]:
    """Steps whose exported cell is exactly `length` characters long."""
    steps = ["x"] * 3_000
    written = len(cells.write_steps(steps))
    steps[-1] = "x" * (1 + length - written)
    assert len(cells.write_steps(steps)) == length
    return steps


def test_the_download_check_finds_exactly_what_the_export_refuses(engine: Engine) -> None:
    from lib.workbook.exporting import TooLongForExport, too_long_to_export

    full, over = _steps_written_as(CELL_CHARACTERS), _steps_written_as(CELL_CHARACTERS + 1)
    library(engine, use_cases=[uc("UC-1", main_steps=full), uc("UC-2", goal="g" * 20_000)])
    assert too_long_to_export(engine) == []
    assert export_workbook(engine).startswith(b"PK")
    library(engine, use_cases=[uc("UC-3", main_steps=over, tags=["t" * 90] * 400)])
    found = too_long_to_export(engine)
    assert [f.split(" (")[0] for f in found] == [
        "sheet Use cases, column main_steps",
        "sheet Use cases, column tags",
    ]
    assert all("UC-3, " in f for f in found)
    with pytest.raises(TooLongForExport, match=r"column main_steps \(UC-3"):
        export_workbook(engine)


def test_manage_says_what_to_shorten_and_offers_no_cut_download(engine: Engine) -> None:
    from tests.apptest import open_app

    library(engine, use_cases=[uc("UC-1"), uc("UC-**2**", main_steps=["x"] * 8_000)])
    at = open_app("manage")
    [warning] = [w.value for w in at.warning if "cannot be downloaded" in w.value]
    shown = re.sub(r"\\(.)", r"\1", warning)  # library text is escaped, never Markdown
    assert "UC\\-\\*\\*2" in warning and "(UC-**2**, 62,892 characters)" in shown
    [button] = [b for b in at.get("download_button") if "whole library" in b.proto.label]
    assert button.proto.disabled


# --- 6: one id rule -----------------------------------------------------------------------


def test_an_id_with_a_zero_width_space_is_the_same_id(stocked: Engine) -> None:
    data = xlsx({"Use cases": [["id", "title", "status"], ["UC-1\u200b", "Renamed", "approved"]]})
    plan, result = import_file_bytes(stocked, data)
    assert plan.ok and result is not None
    assert plan.changes["Use cases"].changed == ["UC-1"] and plan.changes["Use cases"].added == []
    assert any("invisible characters" in n and "row 2" in n for n in plan.notes)


def test_references_are_cleaned_by_the_same_rule(stocked: Engine) -> None:
    data = xlsx({"Outcomes": [OUTCOME_HEADER, ["O-1", "Acme", "\ufeffUC-1", "public", "", ""]]})
    plan, result = import_file_bytes(stocked, data)
    assert plan.ok and result is not None
    with Session(stocked) as s:
        assert s.scalars(select(Outcome.use_case_id)).all() == ["UC-1"]


@pytest.mark.parametrize("uid", ["UC-INJ-:red[ID]", "UC 1", "-UC-1", "UC-é"])
def test_an_id_the_editor_refuses_is_refused_by_the_import(stocked: Engine, uid: str) -> None:
    from lib.library import editing

    draft = editing.UseCaseDraft(id=uid, title="Approve invoices")
    assert any("may hold only" in p for p in editing.problems(editing.normalized(draft)))
    data = xlsx({"Use cases": [["id", "title", "status"], [uid, "Approve invoices", "draft"]]})
    plan = plan_import(stocked, data, "library.xlsx")
    [found] = plan.problems
    assert (found.row, found.column) == (2, "id") and "may hold only" in found.message


def test_a_segment_name_may_not_hold_a_list_separator(stocked: Engine) -> None:
    data = xlsx({"Segments": [["id", "kind"], ["Health; care", "industry"]]})
    plan = plan_import(stocked, data, "library.xlsx")
    [found] = plan.problems
    assert (found.row, found.column) == (2, "id") and "';'" in found.message


def test_the_invisible_characters_are_unicodes_format_characters() -> None:
    import unicodedata

    every = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    assert all(identifiers.clean_id(f"A{c}B") == ("AB", True) for c in every)
    assert identifiers.clean_id("Cafe\u0301") == ("Caf\u00e9", False)


# --- 7: merged cells ----------------------------------------------------------------------


def test_a_merged_cell_gives_its_value_to_every_row_it_covers(stocked: Engine) -> None:
    data = workbook(
        {
            "Use cases": [
                ["id", "title", "status", "industries", "personas"],
                ["UC-2", "Approve", "approved", "Healthcare", "CIO"],
                ["UC-3", "Refund", "approved", "", ""],
                ["UC-4", "Track", "approved", "", ""],
            ]
        },
        merges={"Use cases": ("D2:D4", "E2:E3", "A1:B1")},
    )
    plan, result = import_file_bytes(stocked, data)
    assert plan.ok and result is not None
    with Session(stocked) as s:
        industries = {u.id: [x.id for x in u.industries] for u in s.scalars(select(UseCase))}
        personas = {u.id: [x.id for x in u.personas] for u in s.scalars(select(UseCase))}
    assert industries["UC-3"] == industries["UC-4"] == ["Healthcare"]
    assert personas["UC-3"] == ["CIO"] and personas["UC-4"] == []


# --- 8: hidden sheets ---------------------------------------------------------------------


def test_a_hidden_sheet_is_named_in_the_report(stocked: Engine) -> None:
    data = workbook(
        {
            "Use cases": [["id", "title", "status"], ["UC-1", "Same", "approved"]],
            "Outcomes": [OUTCOME_HEADER, ["O-1", "Acme", "UC-1", "public", "", ""]],
        },
        hidden=("Outcomes",),
    )
    plan = plan_import(stocked, data, "library.xlsx")
    assert plan.notes == ["sheet Outcomes is hidden in the workbook; imported"]


# --- messages that say what to do ---------------------------------------------------------


def test_a_workbook_missing_a_sheet_part_says_it_is_damaged_and_what_to_do(
    stocked: Engine,
) -> None:
    data = workbook({"Use cases": [["id"]], "Outcomes": [["id"]]}, missing=("Use cases",))
    with pytest.raises(WorkbookError) as raised:
        plan_import(stocked, data, "library.xlsx")
    message = str(raised.value)
    assert "library.xlsx is damaged" in message and "'Use cases'" in message
    assert "save it again" in message


def test_an_xml_entity_bomb_is_refused_in_plain_words(stocked: Engine) -> None:
    bomb = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    data = workbook({"Use cases": [["id", "title", "status"]]}, prolog=bomb)
    with pytest.raises(WorkbookError) as raised:
        plan_import(stocked, data, "library.xlsx")
    assert "DOCTYPE or ENTITY declaration" in str(raised.value)
    assert "save it as a new .xlsx" in str(raised.value)


def test_a_folder_named_xlsx_is_called_a_folder(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "library.xlsx"
    folder.mkdir()
    assert main(["import", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "is a folder, not a spreadsheet" in err and "Traceback" not in err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_csv_says_it_is_utf16_and_how_to_save_utf8(stocked: Engine, encoding: str) -> None:
    data = "id\tname\nCIO\tChief Information Officer\n".encode(encoding)
    with pytest.raises(WorkbookError) as raised:
        plan_import(stocked, data, "personas.csv")
    assert "UTF-16" in str(raised.value) and "CSV UTF-8" in str(raised.value)


def test_an_unbalanced_quote_is_reported_with_the_row_it_opened_on(stocked: Engine) -> None:
    data = (
        b"id,title,status,tags\n"
        b"UC-2,Approve,draft,a\n"
        b'UC-3,Refund,draft,"b\n'
        b"UC-4,Track,draft,c\n"
        b"UC-5,Ship,draft,d\n"
    )
    before = dump(stocked, EVERY_TABLE)
    with pytest.raises(WorkbookError) as raised:
        plan_import(stocked, data, "use_cases.csv")
    message = str(raised.value)
    assert "use_cases.csv, row 3 (line 3 of the file)" in message
    assert "never closed" in message
    assert dump(stocked, EVERY_TABLE) == before


def test_a_stray_quote_closed_rows_later_names_the_rows_it_swallowed(stocked: Engine) -> None:
    data = (
        b"id;title;status;main_steps\n"
        b"UC-2;Approve;draft;1. Ask\n"
        b'UC-3;Refund;draft;"1. Check\n'
        b"UC-4;Track;draft;1. Look\n"
        b"UC-5;Ship;draft;1. Pack\n"
        b'UC-6;Bill;draft;1. Send"\n'
        b"UC-7;Pay;draft;1. Pay\n"
    )
    before = dump(stocked, EVERY_TABLE)
    with pytest.raises(WorkbookError) as raised:
        plan_import(stocked, data, "use_cases.csv")
    message = str(raised.value)
    assert "use_cases.csv, row 3 (line 3 of the file)" in message
    assert "closes on line 6" in message
    assert "line 4 (UC-4), line 5 (UC-5), line 6 (UC-6)" in message
    assert dump(stocked, EVERY_TABLE) == before


def test_multi_line_cells_that_do_not_read_as_rows_are_not_taken_for_swallowed_ones(
    stocked: Engine,
) -> None:
    data = (
        b"id,title,status,main_steps\n"
        b'UC-2,Approve,draft,"1. Ask, check, send\n2. Wait, then chase, again\n3. Done"\n'
    )
    plan = plan_import(stocked, data, "use_cases.csv")
    assert plan.ok, plan.problems
    assert plan.sheets["Use cases"].records["UC-2"]["main_steps"][1] == "Wait, then chase, again"


def test_quoted_cells_over_several_lines_still_read(stocked: Engine) -> None:
    data = b'id,title,status,tags\nUC-2,Approve,draft,"a\nb"\nUC-3,"Say ""hi""",draft,c\n'
    plan = plan_import(stocked, data, "use_cases.csv")
    assert plan.ok
    records = plan.sheets["Use cases"].records
    assert records["UC-2"]["tags"] == ["a", "b"] and records["UC-3"]["title"] == 'Say "hi"'


def test_the_editor_holds_text_to_a_cell_and_cleans_ids_like_the_import() -> None:
    from lib.library import editing

    draft = editing.UseCaseDraft(id="UC-1\u200b", title="Approve", goal="g" * 40_000)
    cleaned = editing.normalized(draft)
    assert cleaned.id == "UC-1"
    assert any(p.startswith("goal is 40,000 characters") for p in editing.problems(cleaned))


def test_a_formula_written_by_openpyxl_which_saves_no_value_is_reported(stocked: Engine) -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Use cases"
    sheet.append(["id", "title", "status", "goal"])
    sheet.append(["UC-2", "Approve", "draft", '=UPPER("goal")'])
    buffer = io.BytesIO()
    book.save(buffer)
    plan = plan_import(stocked, buffer.getvalue(), "library.xlsx")
    assert [(p.row, p.column) for p in plan.problems] == [(2, "goal")]
    assert "formula with no saved value" in plan.problems[0].message


def test_the_editor_refuses_the_control_characters_the_import_strips() -> None:
    from lib.library import editing

    draft = editing.UseCaseDraft(id="UC-1", title="Approve\x00", goal="Go\x0bal")
    found = editing.problems(editing.normalized(draft))
    assert [p.split(" ")[0] for p in found if "control character" in p] == ["title", "goal"]


def test_binary_bytes_in_a_csv_are_not_mistaken_for_utf16(stocked: Engine) -> None:
    data = b"\x00\x01\x02\x03" * 512
    with pytest.raises(WorkbookError) as raised:
        plan_import(stocked, data, "personas.csv")
    assert "UTF-16" not in str(raised.value) and "binary data" in str(raised.value)
