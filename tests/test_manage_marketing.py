"""Manage as marketing uses it: a picker that finds titles, Save at the top of the long form, and
an import preview that names what it adds."""

from __future__ import annotations

from sqlalchemy import Engine

from lib.library.editing import load_draft
from lib.workbook import plan_import
from lib.workbook.report import preview_table
from tests.apptest import open_app, plain
from tests.builders import library, uc

NEW_CSV = (
    b"id,title,status,main_steps\n"
    b'UC-NEW,Send a quote,draft,"1. Draft the quote\n2. Send it"\n'
    b'UC-1,Pay a supplier invoice,approved,"1. Open\n2. Pay"\n'
)


def test_the_picker_shows_titles_but_the_link_keeps_the_id(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", "Pay an invoice"), uc("UC-2", "Refund an order")])
    at = open_app("manage")
    picker = at.selectbox(key="uc")
    assert picker.options == ["UC-1 · Pay an invoice", "UC-2 · Refund an order"]
    picker.select("UC-2").run()
    assert not at.exception
    assert at.query_params["uc"] in ("UC-2", ["UC-2"])  # the id only: titles change, links must not
    assert any("Refund an order" in plain(c.value) for c in at.caption)
    again = open_app("manage", uc="UC-1")
    assert again.selectbox(key="uc").value == "UC-1"


def test_save_at_the_top_of_the_form_saves(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", "Pay an invoice")])
    at = open_app("manage", uc="UC-1")
    at.text_input(key="edit:UC-1:1:title").set_value("Pay a supplier invoice")
    at.button(key="edit:UC-1:1:save_top").click().run()
    assert not at.exception and not at.error
    draft, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    assert draft.title == "Pay a supplier invoice" and version == 2
    assert any("Saved UC-1" in plain(s.value) for s in at.success)


def test_the_import_preview_names_each_added_record(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", "Pay an invoice")])
    plan = plan_import(engine, NEW_CSV, "use_cases.csv")
    rows = preview_table(plan)
    added = [r for r in rows if r["Change"] == "added"]
    assert [(r["ID"], r["Title"]) for r in added] == [("UC-NEW", "Send a quote")]
    changed = [r for r in rows if r["Change"] == "changed" and r["Field"] == "title"]
    assert changed and changed[0]["Title"] == "Pay a supplier invoice"

    at = open_app("manage")
    at.file_uploader(key="upload").upload("use_cases.csv", NEW_CSV, "text/csv").run()
    assert not at.exception
    preview = next(d.value for d in at.dataframe if "Title" in d.value.columns)
    assert "Send a quote" in set(preview.loc[preview["Change"] == "added", "Title"])


def test_the_preview_names_an_added_outcome_by_its_customer(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1")])
    book = (
        b"id,customer,use_case_id,permission\nO-9,Northwind Clinic,UC-1,public\n"
    )
    rows = preview_table(plan_import(engine, book, "outcomes.csv"))
    assert [(r["ID"], r["Title"]) for r in rows] == [("O-9", "Northwind Clinic")]
