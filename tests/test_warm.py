"""The background build of a new revision: pages keep the ready revision until the new one is
built, say so quietly, and the person who wrote sees their own write at once."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine

from lib import warm_views
from lib.core import collector, db, ui, warm
from lib.core.warm import Attendance, Courtesy, Warmer, courteous, giving_way
from tests.apptest import open_app
from tests.builders import library, uc

WAIT = 60.0  # generous: the machine is busy; every wait is on a condition, never a sleep


class Gate:
    """A build function that records what it builds and can be held until released."""

    def __init__(self) -> None:
        self.built: list[int] = []
        self.started = threading.Event()
        self.release = threading.Event()
        self.release.set()
        self.lock = threading.Lock()

    def __call__(self, revision: int) -> None:
        self.started.set()
        assert self.release.wait(WAIT)
        with self.lock:
            self.built.append(revision)


def test_a_requested_revision_is_built_in_the_background_and_waited_for() -> None:
    gate = Gate()
    warmer = Warmer(gate)
    assert warmer.ready is None
    assert warmer.wait_for(3, WAIT)
    assert warmer.ready == 3 and gate.built == [3]
    warmer.request(2)  # older than what is ready: nothing to do
    assert warmer.wait_for(3, WAIT) and gate.built == [3]


def test_builds_never_overlap_and_only_the_newest_waiting_revision_is_built() -> None:
    gate = Gate()
    gate.release.clear()
    warmer = Warmer(gate)
    warmer.request(1)
    assert gate.started.wait(WAIT)  # revision 1 is being built and held
    for revision in (2, 3, 4):
        warmer.request(revision)
    assert warmer.ready is None and warmer.building
    gate.release.set()
    assert warmer.wait_for(4, WAIT)
    assert gate.built == [1, 4]


def test_a_failed_build_releases_its_waiters_and_a_later_request_tries_again() -> None:
    attempts: list[int] = []

    def build(revision: int) -> None:
        attempts.append(revision)
        if len(attempts) == 1:
            raise RuntimeError("database went away")

    warmer = Warmer(build)
    assert not warmer.wait_for(1, WAIT)
    assert isinstance(warmer.failure, RuntimeError) and warmer.ready is None
    assert warmer.wait_for(1, WAIT)
    assert warmer.ready == 1 and warmer.failure is None and attempts == [1, 1]


def test_freezing_survivors_collects_cycles_dropped_since_the_last_freeze() -> None:
    class Node:
        other: object = None

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector can free it
    alive = weakref.ref(a)
    try:
        gc.freeze()  # frozen while in use, as the previous revision's data is
        del a, b
        gc.collect()
        assert alive() is not None  # a frozen cycle is out of the collector's sight...
        collector.freeze_survivors()
        assert alive() is None  # ...until the next freeze unfreezes and collects first
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


class Run:
    """A script run in its own thread: entered, then held until `finish` is set."""

    def __init__(self, attendance: Attendance, *, leave: bool = True) -> None:
        self.entered, self.finish = threading.Event(), threading.Event()

        def body() -> None:
            attendance.enter()
            self.entered.set()
            assert self.finish.wait(WAIT)
            if leave:
                attendance.leave()

        self.thread = threading.Thread(target=body)
        self.thread.start()
        assert self.entered.wait(WAIT)

    def end(self) -> None:
        self.finish.set()
        self.thread.join(WAIT)


def test_pause_does_nothing_outside_a_build_or_when_no_run_is_in_progress() -> None:
    warm.pause()  # no build in this thread: returns at once
    attendance = Attendance()
    with giving_way(Courtesy(attendance)) as courtesy:
        assert list(courteous(range(5000), every=100)) == list(range(5000))
    assert courtesy.pauses == 0 and not attendance.busy()


def test_a_build_gives_way_while_a_run_is_in_progress_and_resumes_when_it_ends() -> None:
    attendance = Attendance()
    run = Run(attendance)
    courtesy = Courtesy(attendance, step_wait=WAIT, build_wait=WAIT)
    passed = threading.Event()

    def build() -> None:
        with giving_way(courtesy):
            warm.pause()
        passed.set()

    builder = threading.Thread(target=build)
    builder.start()
    assert courtesy.waiting.wait(WAIT)  # the build is waiting for the run...
    assert not passed.is_set()
    run.end()  # ...and goes on once the run has left
    assert passed.wait(WAIT)
    builder.join(WAIT)
    assert courtesy.pauses == 1 and not attendance.busy()


def test_a_run_stopped_early_counts_as_finished_once_its_thread_ends() -> None:
    attendance = Attendance()
    run = Run(attendance, leave=False)  # st.stop or a rerun: the end of app.py is not reached
    assert attendance.busy()
    run.end()
    assert not attendance.busy()
    assert attendance.wait_idle(WAIT)


def test_a_thread_that_enters_again_is_one_run() -> None:
    attendance = Attendance()
    attendance.enter()
    attendance.enter()  # the rerun of a run that stopped early, on the same thread
    attendance.leave()
    assert not attendance.busy()


def test_a_run_waiting_for_the_build_does_not_hold_the_build_up() -> None:
    attendance = Attendance()
    attendance.enter()
    try:
        with attendance.stepped_aside():
            assert not attendance.busy()
        assert attendance.busy()  # back in progress after its wait
    finally:
        attendance.leave()


def test_a_constant_stream_of_runs_delays_a_build_but_cannot_stop_it() -> None:
    attendance = Attendance()
    run = Run(attendance)  # never ends while the build runs
    try:
        courtesy = Courtesy(attendance, step_wait=0.01, build_wait=0.05)
        with giving_way(courtesy):
            for _ in courteous(range(100_000), every=10):
                pass
        # The waiting budget ran out after a few pauses; the rest of the build went on.
        assert 1 <= courtesy.pauses < 10_000 and courtesy.budget <= 0
    finally:
        run.end()


def test_the_warmer_builds_giving_way_to_runs() -> None:
    attendance = Attendance()
    run = Run(attendance)
    courtesies: list[Courtesy | None] = []

    def build(revision: int) -> None:
        courtesies.append(warm._local.courtesy)
        warm.pause()

    warmer = Warmer(build, attendance=attendance)
    warmer.request(1)
    run.end()
    assert warmer.wait_for(1, WAIT)
    (courtesy,) = courtesies
    assert courtesy is not None and courtesy.attendance is attendance


@pytest.fixture
def held_builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The app's background builds wait until the returned event is set (it starts set)."""
    release = threading.Event()
    release.set()
    real: Callable[[Engine, object, int], None] = ui._warm_build

    def held(engine: Engine, store: object, revision: int) -> None:
        assert release.wait(WAIT)
        real(engine, store, revision)  # type: ignore[arg-type]

    monkeypatch.setattr(ui, "_warm_build", held)
    monkeypatch.setenv(ui.SERVE_WHILE_BUILDING, "1")
    st.cache_resource.clear()
    yield release
    release.set()
    st.cache_resource.clear()


def _ids(at) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(at.dataframe[0].value["id"])


def _notes(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.value for c in at.sidebar.caption]


def test_a_write_made_elsewhere_serves_the_previous_revision_until_the_new_one_is_built(
    engine: Engine, held_builds: threading.Event
) -> None:
    library(engine, use_cases=[uc("UC-1")])
    at = open_app("library")
    assert _ids(at) == ["UC-1"]
    assert "Library updated, refreshing…" not in _notes(at)
    held_builds.clear()
    library(engine, use_cases=[uc("UC-2")])  # another person's write
    at.run()
    assert not at.exception
    assert _ids(at) == ["UC-1"]  # the ready revision, not a cold build on this view
    assert "Library updated, refreshing…" in _notes(at)
    held_builds.set()
    assert ui.warmer_for(db.database_url()).wait_for(db.revision(engine), WAIT)
    at.run()
    assert _ids(at) == ["UC-1", "UC-2"]
    assert "Library updated, refreshing…" not in _notes(at)


def test_the_person_who_saved_sees_their_own_write_at_once(
    engine: Engine, held_builds: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    library(engine, use_cases=[uc("UC-1")])
    at = open_app("manage")
    waited_for: list[int] = []
    real_wait = Warmer.wait_for

    def wait_for(self: Warmer, revision: int, timeout: float = WAIT) -> bool:
        waited_for.append(revision)
        held_builds.set()  # only a waiter for the new revision lets its build go
        return real_wait(self, revision, timeout)

    monkeypatch.setattr(Warmer, "wait_for", wait_for)
    held_builds.clear()
    at.toggle(key="new").set_value(True).run()
    at.text_input(key="new0:id").set_value("UC-2")
    at.text_input(key="new0:title").set_value("Open a ticket")
    at.button(key="new0:save").click().run()
    assert not at.exception and not at.error
    assert at.session_state[ui.OWN_WRITE] == db.revision(engine)
    assert waited_for and waited_for[-1] == db.revision(engine)
    assert "UC-2 · Open a ticket" in at.selectbox(key="uc").options
    assert at.selectbox(key="uc").value == "UC-2"
    assert "Library updated, refreshing…" not in _notes(at)
    at.switch_page("app_pages/library.py").run()
    assert _ids(at) == ["UC-1", "UC-2"]


def test_the_background_build_prepares_what_the_pages_open_with(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", industries=["Healthcare"], personas=["CIO"])])
    st.cache_resource.clear()
    open_app("home")  # the frame starts the build; Home itself needs none of it
    url = db.database_url()
    revision = db.revision(engine)
    assert ui.warmer_for(url).wait_for(revision, WAIT)
    store = ui.store_for(url)
    before = store.entries(revision)
    assert before >= 9  # the read, seven views and the Coverage report
    for page in ("call-prep", "library", "coverage"):
        at = open_app(page)
        assert not at.exception
    # Nothing left to build on the first views: a page opening a new shared view of the read
    # should add it to `lib/warm_views.py`.
    assert store.entries(revision) == before


def test_freed_memory_can_be_handed_back_on_this_system() -> None:
    assert collector.release_freed_memory()


def test_a_page_view_is_a_run_in_progress_only_while_it_runs(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    library(engine, use_cases=[uc("UC-1")])
    st.cache_resource.clear()
    seen: list[bool] = []
    real = ui.cached

    def cached(fn, *args):  # type: ignore[no-untyped-def]
        seen.append(ui.attendance().busy())
        return real(fn, *args)

    monkeypatch.setattr(ui, "cached", cached)
    at = open_app("library")
    assert not at.exception
    assert seen and all(seen)  # in progress while the page ran...
    assert not ui.attendance().busy()  # ...and not once it is done


def test_the_server_builds_at_start_before_any_visit(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", industries=["Healthcare"], personas=["CIO"])])
    st.cache_resource.clear()
    warm_views.register()
    ui.warm_at_start()  # what serve.py does as the server starts: no script run at all
    url, revision = db.database_url(), db.revision(engine)
    assert ui.warmer_for(url).wait_for(revision, WAIT)
    store = ui.store_for(url)
    before = store.entries(revision)
    assert before >= 7  # the read, five views, Coverage's report
    at = open_app("library")  # the first visit uses that build: nothing is built again
    assert not at.exception and _ids(at) == ["UC-1"]
    assert store.entries(revision) == before


def test_a_database_that_cannot_be_opened_is_left_for_the_first_visit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "not-a-database-url")
    st.cache_resource.clear()
    ui.warm_at_start()  # no build, no error: the first visit says what is wrong


def test_streamlit_serves_serve_py_as_an_app_with_a_start_hook() -> None:
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(Path(__file__).resolve().parents[1] / "serve.py")
    assert found.is_asgi_app and found.app_name == "app"


def test_the_older_revision_is_settled_only_once_the_new_one_is_served() -> None:
    seen: list[tuple[int, int | None]] = []
    warmer: Warmer

    def settle(revision: int) -> None:
        seen.append((revision, warmer.ready))  # what a new run is served meanwhile

    warmer = Warmer(lambda revision: None, settle=settle)
    assert warmer.wait_settled(1, WAIT) and warmer.wait_settled(2, WAIT)
    assert seen == [(1, 1), (2, 2)]


def test_the_settle_gives_way_to_runs_still_using_the_older_revision() -> None:
    attendance = Attendance()
    courtesies: list[Courtesy] = []
    entered, settled = threading.Event(), threading.Event()

    def settle(revision: int) -> None:
        courtesies.append(warm._local.courtesy)
        entered.set()
        warm.pause()  # as ui._settle does before it drops the older revision
        settled.set()

    warmer = Warmer(lambda revision: None, attendance=attendance, settle=settle)
    run = Run(attendance)  # a run served the older revision, still in progress
    try:
        assert warmer.wait_for(1, WAIT) and entered.wait(WAIT)
        assert courtesies[0].waiting.wait(WAIT)  # giving way to that run...
        assert not settled.is_set()
    finally:
        run.end()
    assert warmer.wait_settled(1, WAIT) and settled.is_set()  # ...and done once it ended
