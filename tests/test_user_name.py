"""The name typed in the sidebar is the one recorded on every change, on every page."""

from __future__ import annotations

from sqlalchemy import Engine

from lib.library.editing import history
from tests.apptest import open_app, plain
from tests.builders import library, uc


def test_the_typed_name_survives_page_switches_and_is_recorded(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", "Pay an invoice")])
    at = open_app()  # the first page of a fresh session: Home
    at.sidebar.text_input(key="user_name").input("Zoe").run()
    for page in ("library", "coverage", "manage"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception
        assert at.sidebar.text_input(key="user_name").value == "Zoe", page
    assert any("your name: **Zoe**" in plain(c.value) for c in at.caption)

    at.selectbox(key="uc").select("UC-1").run()
    title = next(t for t in at.text_input if t.key and t.key.endswith(":title"))
    title.set_value("Pay a supplier invoice")
    next(b for b in at.button if b.key and b.key.endswith(":save")).click().run()
    assert not at.exception
    assert [c.who for c in history(engine, "UC-1")] == ["Zoe"]
