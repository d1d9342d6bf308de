"""The app's cache of the library read: one read per revision, bounded whatever the edits."""

from __future__ import annotations

import datetime as dt
import gc
import re
import threading
import weakref
from collections.abc import Iterator

import pytest
import streamlit as st
from sqlalchemy import Engine, event

from lib.callprep.candidates import load_candidates
from lib.core import db, ui
from lib.core.revision_cache import RevisionCache
from lib.coverage import model as coverage_model
from lib.coverage.report import coverage_report
from lib.library import catalog
from tests.builders import library, outcome, uc

TODAY = dt.date(2026, 11, 24)
USE_CASE_READ = re.compile(r"\bFROM use_case\b(?!_)", re.IGNORECASE)


def test_a_value_is_built_once_per_revision_and_key() -> None:
    cache = RevisionCache()
    built: list[str] = []
    for _ in range(3):
        cache.get(1, "a", lambda: built.append("a"))
    cache.get(2, "a", lambda: built.append("a2"))
    assert built == ["a", "a2"]


def test_sessions_asking_at_once_share_one_build() -> None:
    cache = RevisionCache()
    started, release = threading.Event(), threading.Event()
    builds: list[int] = []

    def slow() -> str:
        builds.append(1)
        started.set()
        release.wait(30)
        return "read"

    results: list[str] = []
    first = threading.Thread(target=lambda: results.append(cache.get(1, "read", slow)))
    first.start()
    assert started.wait(30)
    others = [
        threading.Thread(target=lambda: results.append(cache.get(1, "read", slow)))
        for _ in range(4)
    ]
    for t in others:
        t.start()
    release.set()
    for t in [first, *others]:
        t.join(30)
    assert builds == [1] and results == ["read"] * 5


def test_at_most_the_current_and_previous_revision_are_held() -> None:
    cache = RevisionCache(pinned=frozenset({"read"}))
    for revision in range(1, 60):
        cache.get(revision, "read", lambda revision=revision: revision)
        assert cache.revisions() == [revision]
        cache.get(revision, ("view", 1), lambda: "v")
        assert len(cache.revisions()) <= 2


def test_the_previous_revision_stays_while_the_new_one_is_being_built() -> None:
    cache = RevisionCache()
    cache.get(1, "read", lambda: "old")
    seen: list[list[int]] = []
    cache.get(2, "read", lambda: seen.append(cache.revisions()) or "new")
    assert seen == [[1, 2]]
    assert cache.revisions() == [2]


def test_a_late_rerun_on_an_older_revision_does_not_bring_it_back() -> None:
    cache = RevisionCache()
    cache.get(5, "read", lambda: "five")
    assert cache.get(4, "read", lambda: "four") == "four"
    assert cache.revisions() == [5]


def test_views_per_revision_are_bounded_but_the_read_is_pinned() -> None:
    cache = RevisionCache(pinned=frozenset({"read"}), max_views=3)
    reads: list[int] = []
    cache.get(1, "read", lambda: reads.append(1))
    for n in range(10):
        cache.get(1, ("view", n), lambda n=n: n)
    assert cache.entries(1) == 4  # the read and the three latest views
    cache.get(1, "read", lambda: reads.append(2))
    assert reads == [1]


@pytest.fixture
def app_engine(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The engine the app itself uses for `db_url`, with a clean per-process cache. Only the
    library's views are built in the background here: the results kept beside them (the
    Influence figures, registered once any test has run the app frame) read the deals and
    their own labels, which is not the library read these tests count."""
    monkeypatch.setattr(ui, "_warm_also", {})
    st.cache_resource.clear()
    st.cache_data.clear()
    engine = ui.engine()
    yield engine
    st.cache_resource.clear()
    st.cache_data.clear()
    engine.dispose()


def _count_use_case_reads(engine: Engine) -> list[str]:
    statements: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def note(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT") and USE_CASE_READ.search(statement):
            statements.append(statement)

    return statements


def _three_views() -> None:
    frame = ui.cached(catalog.library_frame, TODAY)
    candidates = ui.shared(load_candidates)
    data = ui.shared(coverage_model.load)
    report = ui.kept(coverage_report, coverage_model.load, TODAY, None, 90, 30)
    assert len(frame) == len(data.use_cases) and report.headline is not None
    assert all(c.id in set(frame["id"]) for c in candidates.items)


def test_the_three_views_after_a_revision_cost_one_read(app_engine: Engine) -> None:
    library(app_engine, use_cases=[uc("UC-1", industries=["Healthcare"]), uc("UC-2")])
    reads_seen = _count_use_case_reads(app_engine)
    _three_views()
    _three_views()
    assert len(reads_seen) == 1
    library(app_engine, use_cases=[uc("UC-3")], outcomes=[outcome("O-1", "UC-3")])
    _three_views()
    assert len(reads_seen) == 2
    assert "UC-3" in set(ui.cached(catalog.library_frame, TODAY)["id"])


def test_the_app_holds_at_most_two_revisions_after_many_edits(app_engine: Engine) -> None:
    library(app_engine, use_cases=[uc("UC-1")])
    store = ui.store_for(db.database_url())
    for n in range(25):
        with db.unit_of_work(app_engine) as session:
            db.bump_revision(session)
        _three_views()
        assert len(store.revisions()) <= 2, f"after edit {n + 1}"
        # The older revision is dropped once the new one is served (the warmer's settle).
        assert ui.warmer_for(db.database_url()).wait_settled(ui.current_revision(), 60)
        assert store.revisions() == [ui.current_revision()], f"after edit {n + 1}"


def test_a_dropped_revision_is_collected_once_the_new_one_is_served(
    app_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ui.FREEZE_SETTING, "1")  # the server's collect-and-freeze after a build
    library(app_engine, use_cases=[uc("UC-1", industries=["Healthcare"])])
    url = db.database_url()
    try:
        _three_views()
        old = ui.library()
        read = weakref.ref(old)
        candidates = weakref.ref(ui.shared(load_candidates))
        del old
        with db.unit_of_work(app_engine) as session:
            db.bump_revision(session)
        _three_views()
        assert ui.warmer_for(url).wait_settled(ui.current_revision(), 60)
        # Nothing else (the build's locals, the store, a finished thread's frame) holds the
        # previous revision: the settle's own collection freed it, no further collection asked.
        assert read() is None and candidates() is None
    finally:
        gc.unfreeze()
