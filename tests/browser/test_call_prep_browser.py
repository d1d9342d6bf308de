from __future__ import annotations

import io

import pypdf
import pytest

from lib.core.usage import usage_events
from tests.callprep_data import HIDDEN, SECRET, rep_library


@pytest.fixture(scope="module")
def prep_library(served_library):  # type: ignore[no-untyped-def]
    base, engine = served_library
    rep_library(engine)
    return base, engine


def wait_for_page(page) -> None:  # type: ignore[no-untyped-def]
    """Wait for the Call prep page inside the app frame (a fresh server's first link too)."""
    page.get_by_test_id("stSidebarNav").get_by_text("Home", exact=True).wait_for()
    page.get_by_role("heading", name="Call prep", exact=True).wait_for()
    assert page.get_by_text("Page not found").count() == 0


def test_call_prep_from_a_link_to_a_one_page_pdf(
    prep_library, page, wait_for_app, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    base, engine = prep_library
    page.goto(f"{base}/call-prep?company=Acme&industry=Healthcare&size=Mid-market&persona=CIO"
              "&pains=records+lookup+time")  # fmt: skip
    wait_for_app(page)
    wait_for_page(page)
    page.get_by_text("Find a patient's records in seconds").first.wait_for()
    page.get_by_text("Healthcare + Mid-market match", exact=False).first.wait_for()
    page.get_by_text("Chosen: UC-REC", exact=False).wait_for()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Pack (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("call-prep_acme_")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Call prep: Acme" in text and "Find a patient" in text
    assert SECRET not in text and HIDDEN not in text
    assert [e.format for e in usage_events(engine)] == ["pdf"]


def test_an_unknown_industry_can_be_corrected_in_one_click(
    prep_library, page, wait_for_app
) -> None:  # type: ignore[no-untyped-def]
    base, _engine = prep_library
    page.goto(f"{base}/call-prep?industry=Helthcare")
    wait_for_app(page)
    wait_for_page(page)
    page.get_by_text(
        "Ranked as Healthcare: the library has no industry 'Helthcare'", exact=False
    ).wait_for()
    page.get_by_role("button", name="Healthcare", exact=True).click()
    wait_for_app(page)
    page.wait_for_url("**industry=Healthcare**")
    page.get_by_text("Healthcare match", exact=False).first.wait_for()


def test_swap_a_pick_and_download_every_format(prep_library, page, wait_for_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Untick a pick, tick a runner-up: the pack follows; every button names its file by the
    prospect and the call date, and generates it only on click."""
    base, engine = prep_library
    before = len(usage_events(engine))
    page.goto(f"{base}/call-prep?company=S%C3%A3o+Paulo+Sa%C3%BAde&industry=Healthcare"
              "&persona=CIO&pains=records+lookup+time&top=2&date=2026-12-01")  # fmt: skip
    wait_for_app(page)
    wait_for_page(page)
    chosen = page.get_by_text("Chosen:", exact=False)
    chosen.wait_for()
    first = chosen.inner_text()
    assert len(usage_events(engine)) == before  # nothing generated until a click
    boxes = page.locator("[data-testid='stCheckbox']")
    boxes.nth(1).click()  # untick the second pick
    page.wait_for_function("t => !document.body.innerText.includes(t)", arg=first)
    page.get_by_text("Runners-up", exact=False).first.click()  # unfold them
    boxes.nth(2).wait_for(state="visible")
    boxes.nth(2).click()  # tick the first runner-up
    page.wait_for_function("() => /Chosen: \\S+, \\S+/.test(document.body.innerText)")
    swapped = chosen.inner_text()
    assert swapped != first and swapped.split(", ")[0] == first.split(", ")[0]
    page.wait_for_function("() => location.search.includes('pick=')")
    again = page.context.new_page()
    again.goto(page.url)  # the link as a colleague would open it
    wait_for_app(again)
    wait_for_page(again)
    again.get_by_text(swapped, exact=True).wait_for()
    again.close()
    names = {}
    for label in ("Pack (PDF)", "Pack (Word)", "Pack (Markdown)", "Questions (Excel)",
                  "Questions (PDF)"):  # fmt: skip
        with page.expect_download() as info:
            page.get_by_role("button", name=label).click()
        names[label] = info.value.suggested_filename
        info.value.save_as(tmp_path / names[label])
    assert names == {
        "Pack (PDF)": "call-prep_sao-paulo-saude_2026-12-01.pdf",
        "Pack (Word)": "call-prep_sao-paulo-saude_2026-12-01.docx",
        "Pack (Markdown)": "call-prep_sao-paulo-saude_2026-12-01.md",
        "Questions (Excel)": "discovery-questions_sao-paulo-saude_2026-12-01.xlsx",
        "Questions (PDF)": "discovery-questions_sao-paulo-saude_2026-12-01.pdf",
    }
    markdown = (tmp_path / names["Pack (Markdown)"]).read_text()
    ids = swapped.removeprefix("Chosen: ").split(", ")
    assert markdown.startswith("# Call prep: São Paulo Saúde")
    events = usage_events(engine)[before:]
    assert [e.format for e in events] == ["pdf", "docx", "md", "xlsx", "questions-pdf"]
    assert all(e.use_case_ids == ids for e in events)
