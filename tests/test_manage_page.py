from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from lib.core import db
from lib.core.models import UseCase
from lib.library.editing import STALE_MESSAGE, history, load_draft, update_use_case
from tests.apptest import open_app, plain
from tests.builders import library, uc
from tests.workbook_support import BAD_FILES, EVERY_TABLE, EXPECTED, bad_workbook, dump

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = "id,title,status,main_steps,extensions\n"
BAD_CSV = (
    HEADER
    + "UC-NEW1,,approved,1. Open,\n"
    + 'UC-NEW2,Send a quote,published,"1. Draft",\n'
    + 'UC-NEW3,Send a reminder,draft,"1. Draft","2a. [oops] Broken: x"\n'
).encode()
GOOD_CSV = (HEADER + 'UC-NEW,Send a quote,draft,"1. Draft the quote\n2. Send it",\n').encode()


def _count(engine: Engine) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(UseCase)) or 0


def _title(engine: Engine, uc_id: str = "UC-1") -> str:
    with Session(engine) as s:
        return s.get(UseCase, uc_id).title  # type: ignore[union-attr]


def test_a_save_in_the_editor_writes_and_shows_in_history(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", "Pay an invoice")])
    at = open_app("manage", uc="UC-1")
    assert not at.exception
    at.session_state["user_name"] = "Ana"
    at.text_input(key="edit:UC-1:1:title").set_value("Pay a supplier invoice")
    at.session_state["edit:UC-1:1:steps"] = {
        "edited_rows": {},
        "added_rows": [{"step": "The system files the receipt"}],
        "deleted_rows": [],
    }
    at.button(key="edit:UC-1:1:save").click().run()
    assert not at.exception
    assert not at.error
    assert _title(engine) == "Pay a supplier invoice"
    draft, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    assert draft.main_steps[-1] == "The system files the receipt" and version == 2
    assert any("Saved UC-1" in plain(s.value) for s in at.success)
    changes = history(engine, "UC-1")
    assert changes[0].who == "Ana" and "title" in changes[0].summary
    history_table = next(d.value for d in at.dataframe if "Who" in d.value.columns)
    assert list(history_table["Who"]) == ["Ana"]


def test_a_stale_edit_is_refused_in_the_page(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", "Pay an invoice")])
    at = open_app("manage", uc="UC-1")
    other, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    other.title = "Someone else's title"
    update_use_case(engine, other, version=version, who="Ben")  # saved while we had it open
    rev = db.revision(engine)
    at.text_input(key="edit:UC-1:1:title").set_value("My title")
    at.button(key="edit:UC-1:1:save").click().run()
    assert not at.exception
    assert any(STALE_MESSAGE in e.value for e in at.error)
    assert _title(engine) == "Someone else's title"
    assert db.revision(engine) == rev
    assert [c.who for c in history(engine, "UC-1")] == ["Ben"]
    at.button(key="edit:UC-1:1:reload").click().run()
    assert at.text_input(key="edit:UC-1:2:title").value == "Someone else's title"


def test_invalid_edits_list_the_problems_and_write_nothing(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", "Pay an invoice")])
    at = open_app("manage", uc="UC-1")
    at.text_input(key="edit:UC-1:1:title").set_value("")
    at.session_state["edit:UC-1:1:extensions"] = {
        "edited_rows": {},
        "added_rows": [{"step": "7a", "kind": "alternate", "condition": "Late", "handling": "x"}],
        "deleted_rows": [],
    }
    at.button(key="edit:UC-1:1:save").click().run()
    text = at.error[0].value
    assert "title is required" in text and "no main step 7" in text
    assert _title(engine) == "Pay an invoice"


def test_create_retire_and_restore_from_the_page(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1")])
    at = open_app("manage")
    at.toggle(key="new").set_value(True).run()
    at.text_input(key="new0:id").set_value("UC-2")
    at.text_input(key="new0:title").set_value("Open a ticket")
    at.button(key="new0:save").click().run()
    assert not at.exception and not at.error
    assert _title(engine, "UC-2") == "Open a ticket"
    assert at.selectbox(key="uc").value == "UC-2"
    at.button(key="edit:UC-2:1:retire").click().run()
    with Session(engine) as s:
        assert s.get(UseCase, "UC-2").status == "retired"  # type: ignore[union-attr]
    at.button(key="edit:UC-2:2:restore").click().run()
    with Session(engine) as s:
        assert s.get(UseCase, "UC-2").status == "draft"  # type: ignore[union-attr]
    assert [c.action for c in history(engine, "UC-2")] == ["restore", "retire", "create"]


def test_an_upload_with_bad_rows_shows_every_problem_and_writes_nothing(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1")])
    rev = db.revision(engine)
    at = open_app("manage")
    at.file_uploader(key="upload").upload("use_cases.csv", BAD_CSV, "text/csv").run()
    assert not at.exception
    assert "nothing was imported" in at.error[0].value
    report = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    located = set(zip(report["Row"], report["Column"], strict=True))
    assert (2, "title") in located
    assert (3, "status") in located
    assert (4, "extensions") in located
    assert "published" in set(report["Value"])
    assert not [b for b in at.button if b.key == "do_import"]
    assert _count(engine) == 1 and db.revision(engine) == rev


def test_a_valid_upload_is_written_only_after_the_click(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1")])
    at = open_app("manage")
    at.file_uploader(key="upload").upload("use_cases.csv", GOOD_CSV, "text/csv").run()
    assert not at.exception and not at.error
    changes = next(d.value for d in at.dataframe if "Added" in d.value.columns)
    assert changes.set_index("Sheet").loc["Use cases", "Added"] == 1
    preview = next(d.value for d in at.dataframe if "Change" in d.value.columns)
    assert ("UC-NEW", "added") in set(zip(preview["ID"], preview["Change"], strict=True))
    assert _count(engine) == 1  # checked, previewed, not written
    at.button(key="do_import").click().run()
    assert not at.exception
    assert _count(engine) == 2 and _title(engine, "UC-NEW") == "Send a quote"
    assert any("Imported" in s.value for s in at.success)
    at.run()
    assert any("nothing to import" in i.value for i in at.info)  # and it was not read again


def test_downloads_are_offered(engine: Engine) -> None:
    at = open_app("manage")
    labels = [b.label for b in at.download_button]
    assert labels == ["Download the empty template", "Download the whole library"]


def test_a_link_to_a_use_case_no_longer_there_says_so(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", "Pay an invoice")])
    at = open_app("manage", uc="UC-GONE")
    assert not at.exception
    assert any("no use case “UC-GONE”" in plain(w.value) for w in at.warning)
    assert at.selectbox(key="uc").value is None
    at = open_app("manage", uc="UC-1")
    assert at.selectbox(key="uc").value == "UC-1" and not at.warning


# The uploader itself turns away other extensions (a .png) before the page sees them.
UPLOADABLE = [f for f in BAD_FILES if f[0].rsplit(".", 1)[-1] in ("xlsx", "xls", "csv")]


def test_every_unreadable_upload_gets_its_message_and_writes_nothing(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1")])
    before = dump(engine, EVERY_TABLE)
    at = open_app("manage")
    for name, data, message in UPLOADABLE:
        at.file_uploader(key="upload").upload(name, data, "application/octet-stream").run()
        assert not at.exception, name
        shown = plain(at.error[0].value)
        assert shown.startswith(f"Cannot import: {name}") and message in shown, shown
        assert not [b for b in at.button if b.key == "do_import"]
    assert dump(engine, EVERY_TABLE) == before


def test_a_workbook_with_bad_rows_on_two_sheets_lists_each_where_it_is(engine: Engine) -> None:
    stocked = library(
        engine,
        use_cases=[uc("UC-1", industries=["Healthcare"], company_sizes=["SMB"], personas=["CIO"])],
    )
    before = dump(stocked, EVERY_TABLE)
    at = open_app("manage")
    at.file_uploader(key="upload").upload("library.xlsx", bad_workbook(), XLSX).run()
    assert not at.exception
    assert plain(at.error[0].value).startswith(f"{len(EXPECTED)} problems in library.xlsx")
    report = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    located = set(zip(report["Sheet"], report["Row"], report["Column"], strict=True))
    assert located == EXPECTED
    values = dict(
        zip(zip(report["Row"], report["Column"], strict=True), report["Value"], strict=True)
    )
    assert values[(2, "permission")] == "maybe" and values[(3, "date")] == "31/12/2025"
    assert dump(engine, EVERY_TABLE) == before


def test_an_imported_file_is_not_checked_again_after_the_import(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lib.workbook import flow

    checked: list[str] = []
    real = flow.plan_import

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        checked.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(flow, "plan_import", counting)
    library(engine, use_cases=[uc("UC-1")])
    at = open_app("manage")
    at.file_uploader(key="upload").upload("use_cases.csv", GOOD_CSV, "text/csv").run()
    at.button(key="do_import").click().run()
    assert not at.exception
    assert checked == ["use_cases.csv"]  # checked once, before the click; not re-read after
    success = plain(at.success[0].value)
    assert success.startswith("Imported use_cases.csv:") and "- Use cases: 1 added" in success
    at.run()
    assert checked == ["use_cases.csv"]
    assert any("now matches use_cases.csv" in plain(i.value) for i in at.info)
    at.checkbox(key="import_replace").check().run()  # a different question: check again
    assert checked == ["use_cases.csv", "use_cases.csv"]


def test_a_replace_that_strands_approved_use_cases_asks_a_second_time(engine: Engine) -> None:
    library(
        engine, use_cases=[uc("UC-1", industries=["Finance"]), uc("UC-2", industries=["Retail"])]
    )
    before = dump(engine, EVERY_TABLE)
    at = open_app("manage")
    at.checkbox(key="import_replace").check().run()
    segments = b"id,kind\nFinance,industry\n"
    at.file_uploader(key="upload").upload("segments.csv", segments, "text/csv").run()
    assert not at.exception
    unlinks = next(d.value for d in at.dataframe if "Loses" in d.value.columns)
    assert list(zip(unlinks["ID"], unlinks["Loses"], strict=True)) == [("UC-2", "Retail")]
    assert at.button(key="do_import").disabled
    assert dump(engine, EVERY_TABLE) == before

    at.checkbox(key="confirm_unlink").check().run()
    assert not at.button(key="do_import").disabled
    at.button(key="do_import").click().run()
    assert not at.exception and not at.error
    with Session(engine) as s:
        assert s.get(UseCase, "UC-2").industries == []  # type: ignore[union-attr]
    assert "loses industries Retail" in history(engine, "UC-2")[0].summary


def test_notes_on_what_was_read_differently_are_shown(engine: Engine) -> None:
    from tests.xlsx_parts import workbook

    library(engine, use_cases=[uc("UC-1")])
    data = workbook(
        {"Use cases": [["id", "title", "status"], ["UC-2\u200b", "Approve", "draft"]]},
        hidden=("Use cases",),
    )
    at = open_app("manage")
    at.file_uploader(key="upload").upload("library.xlsx", data, XLSX).run()
    assert not at.exception and not at.error
    notes = [plain(c.value) for c in at.caption if plain(c.value).startswith("Note:")]
    assert any("sheet Use cases is hidden in the workbook; imported" in n for n in notes)
    assert any("invisible characters" in n for n in notes)
