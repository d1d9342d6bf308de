"""A profile change on Call prep reruns only the prep (its `st.fragment`), against a real app
server spoken to as the browser speaks to it (`benchmarks.streamlit_protocol`): the frame,
sidebar and the rest of the page are not run again, and whatever the frame or the rest of the
page would show differently brings the whole page back on the next change: a write to the
library made elsewhere, a file the rep generated. (The link following each field is the
browser's part: tests/browser/test_call_prep_browser.py.)"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy.orm import Session as DbSession

from benchmarks.streamlit_protocol import Run, Session, string_state, trigger_state
from lib.core import db
from lib.workbook import SAMPLE_LIBRARY, import_file
from tests import servers

TIMEOUT = 120.0  # seconds for one run on a busy machine: a condition, never a measured time
SIDEBAR_NAME = "user_name"  # the sidebar's "Your name" box: drawn only by a full run


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """One local-mode server on the sample library: (its URL, the library's URL)."""
    if not SAMPLE_LIBRARY.exists():
        pytest.skip("no sample library")
    folder = tmp_path_factory.mktemp("fragment")
    url = f"sqlite:///{folder / 'library.db'}"
    engine = db.make_engine(url)
    assert import_file(engine, SAMPLE_LIBRARY, who="test")[1] is not None
    engine.dispose()
    with servers.streamlit_app(folder, url) as base:
        yield base, url


def _bump(url: str) -> None:
    """A write made elsewhere (another server, the command line): the library's revision."""
    engine = db.make_engine(url)
    with DbSession(engine) as s, s.begin():
        db.bump_revision(s)
    engine.dispose()


async def _change(session: Session, page: Run, industry: str) -> Run:
    """Choose an industry as the browser does (the field stands from an earlier run)."""
    box = session.widgets["industry"]
    return await session.rerun([string_state(box, industry)], fragment_id=box.fragment_id)


def _first_pick(run: Run) -> str:
    picks = run.keys_starting("pick-")
    assert picks, f"no picks drawn: {sorted(run.widgets)}"
    return picks[0].label


def _scenario(base: str, steps) -> None:  # type: ignore[no-untyped-def]
    async def go() -> None:
        async with httpx.AsyncClient(timeout=TIMEOUT) as http:
            session = Session(base, http, timeout=TIMEOUT)
            try:
                await steps(session)
            finally:
                await session.close()

    # In a thread of its own: a browser test before it in this process (Playwright's sync API)
    # may have left an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, go()).result()


def test_a_profile_change_reruns_only_the_prep(app: tuple[str, str]) -> None:
    async def steps(session: Session) -> None:
        page = await session.open("call-prep?company=Acme&industry=Healthcare")
        assert not page.exceptions and not page.fragment_only
        assert SIDEBAR_NAME in page.widgets and "industry" in page.widgets
        changed = await _change(session, page, "Logistics")
        assert not changed.exceptions
        assert changed.fragment_only and SIDEBAR_NAME not in changed.widgets
        assert "industry" not in changed.widgets  # the profile's fields are not drawn again
        assert _first_pick(changed) != _first_pick(page)
        again = await _change(session, changed, "Healthcare")
        assert again.fragment_only and _first_pick(again) == _first_pick(page)

    _scenario(app[0], steps)


def test_a_write_elsewhere_brings_the_whole_page_back(app: tuple[str, str]) -> None:
    async def steps(session: Session) -> None:
        page = await session.open("call-prep?industry=Healthcare")
        changed = await _change(session, page, "Finance")
        assert changed.fragment_only
        _bump(app[1])
        after = await _change(session, changed, "Logistics")
        assert not after.exceptions
        assert not after.fragment_only and SIDEBAR_NAME in after.widgets
        quiet = await _change(session, after, "Healthcare")
        assert quiet.fragment_only  # the frame has seen the write: back to the prep alone

    _scenario(app[0], steps)


def test_a_generated_file_is_listed_on_the_next_change(app: tuple[str, str]) -> None:
    """The pack's Markdown is made when clicked and logged; the rep's recent preps (outside
    the prep's fragment) list it after the next profile change."""

    async def steps(session: Session) -> None:
        page = await session.open("call-prep?company=Fragment+Test+Co&industry=Healthcare")
        assert not any("Fragment Test Co" in label for label in page.expanders)
        text = await session.download(page.deferred_files["download-md"])
        assert "Fragment Test Co" in text
        after = await _change(session, page, "Finance")
        assert not after.exceptions and not after.fragment_only
        assert any("Fragment Test Co" in label for label in after.expanders), after.expanders

    _scenario(app[0], steps)


def test_a_suggested_industry_from_the_prep_shows_in_its_field(app: tuple[str, str]) -> None:
    """The nearest-name buttons sit in the prep but set a field drawn above it: pressing one
    brings the whole page back, so the field shows the industry the picks are ranked for."""

    async def steps(session: Session) -> None:
        page = await session.open("call-prep?industry=Care")
        assert not page.exceptions
        button = session.widgets["near-industry-Healthcare"]
        pressed = await session.rerun([trigger_state(button)], fragment_id=button.fragment_id)
        assert not pressed.exceptions and not pressed.fragment_only
        assert "industry" in pressed.widgets and SIDEBAR_NAME in pressed.widgets
        changed = await _change(session, pressed, "Finance")
        assert changed.fragment_only  # the button's request was answered once

    _scenario(app[0], steps)
