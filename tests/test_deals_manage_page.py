"""Deals on the Manage page: an uploaded CRM export is checked, previewed, and written only
when Import deals is pressed."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from lib.core.models import Deal
from tests.apptest import open_app, plain
from tests.builders import library, uc
from tests.deal_exports import csv_bytes, sf_deal


def count(engine: Engine) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count(Deal.id))) or 0)


def test_a_bad_export_shows_every_problem_and_writes_nothing(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1")])
    at = open_app("manage")
    bad = csv_bytes([sf_deal("006A", amount="lots"), sf_deal("006B", Close_Date="2026-13-01")])
    at.file_uploader(key="deals_upload").upload("opps.csv", bad, "text/csv").run()
    assert not at.exception
    assert any("2 problems in opps.csv" in plain(e.value) for e in at.error)
    problems = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    assert any("row 2, column Amount: 'lots'" in p for p in problems["Problem"])
    assert not [b for b in at.button if b.key == "do_deals_import"]
    assert count(engine) == 0


def test_an_export_is_written_only_after_the_click(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1")])
    at = open_app("manage")
    good = csv_bytes([sf_deal("006A"), sf_deal("006B", Close_Date="03/04/2026")])
    at.file_uploader(key="deals_upload").upload("opps.csv", good, "text/csv").run()
    problems = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    assert "could be day-first or month-first" in problems["Problem"][0]
    at.selectbox(key="deals_date_format").select("DMY").run()
    assert not at.exception
    assert any("would import: 2 added" in plain(m.value) for m in at.markdown)
    assert count(engine) == 0
    at.button(key="do_deals_import").click().run()
    assert not at.exception
    assert count(engine) == 2
    assert any("imported: 2 added" in plain(s.value) for s in at.success)
    with Session(engine) as s:
        assert str(s.get(Deal, "006B").close_date) == "2026-04-03"  # type: ignore[union-attr]
