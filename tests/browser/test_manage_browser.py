from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lib.core.models import UseCase
from tests.builders import library, uc

BAD = "id,title,status\nUC-B1,,approved\nUC-B2,Send a quote,published\n"
GOOD = "id,title,status\nUC-G1,Send a quote,draft\n"


def _count(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(UseCase)) or 0


def test_upload_checks_first_and_imports_on_the_click(  # type: ignore[no-untyped-def]
    served_library, page, wait_for_app, open_tab, tmp_path: Path
) -> None:
    base, engine = served_library
    library(engine, use_cases=[uc("UC-M1")])
    page.goto(f"{base}/manage")
    wait_for_app(page)
    open_tab(page, "Import", shows=page.get_by_test_id("stFileUploader").first)

    bad = tmp_path / "use_cases.csv"
    bad.write_text(BAD)
    page.locator("input[type=file]").first.set_input_files(str(bad))
    page.get_by_text("nothing was imported").wait_for()
    assert page.get_by_role("button", name="Import").count() == 0
    assert _count(engine) == 1

    good = tmp_path / "good" / "use_cases.csv"
    good.parent.mkdir()
    good.write_text(GOOD)
    page.locator("input[type=file]").first.set_input_files(str(good))
    page.get_by_text("Preview of the changes").wait_for()
    assert _count(engine) == 1  # previewed, not written
    page.get_by_role("button", name="Import").click()
    page.get_by_text("Imported use_cases.csv:").wait_for()
    assert _count(engine) == 2


def test_second_of_two_editors_is_refused_and_nothing_is_overwritten(  # type: ignore[no-untyped-def]
    served_library, new_page, page, wait_for_app
) -> None:
    from lib.library.editing import STALE_MESSAGE, history

    base, engine = served_library
    library(engine, use_cases=[uc("UC-TWO", "Pay an invoice")])
    other = new_page()  # a second visitor, with a session of its own
    editors = {"Ana": page, "Ben": other}
    for name, tab in editors.items():
        tab.goto(f"{base}/manage?uc=UC-TWO")
        wait_for_app(tab)
        tab.get_by_label("Title", exact=True).fill(f"Pay an invoice ({name})")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved UC-TWO (version 2).").wait_for()
    other.get_by_role("button", name="Save changes").click()
    refusal = other.get_by_text(f"Not saved: UC-TWO was {STALE_MESSAGE}.")
    refusal.wait_for()
    with Session(engine) as s:
        assert s.get(UseCase, "UC-TWO").title == "Pay an invoice (Ana)"  # type: ignore[union-attr]
    assert [c.action for c in history(engine, "UC-TWO")] == ["update"]
