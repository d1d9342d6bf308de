"""Measure one thing in a fresh process and print it as JSON lines: the benchmarks' probe.

Run by the benchmarks as `python -m benchmarks.probe DATABASE_URL WHAT...`, so every first view
starts cold (empty caches, as right after an import in a new server process) and its peak memory
is its own. WHAT is a page (call-prep, library, coverage), `recommend` (median of repeated calls on
an already loaded library), `bumps:N` (N revision bumps, each followed by a view of every page,
printing the resident memory after each), `warm:PAGE` (PAGE's warm view once built), `edit`
(each page's first view after someone else's write, while the new revision is built in the
background, beside its warm view) or `builds` (each per-revision build on its own, recommend's
latency, and the whole background build).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import statistics
import sys
import time
from typing import Any

PAGES = ("call-prep", "library", "coverage")
MIB = 1024 * 1024


def rss_mib() -> float:
    """The process's resident memory now, from /proc (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / MIB


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _emit(**figures: Any) -> None:
    print(json.dumps(figures), flush=True)


def _open(page: str) -> None:
    from tests.apptest import open_app

    at = open_app(page, timeout=600)
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")


def view(page: str) -> None:
    """Time the first view of `page`: wall, CPU, the process's peak memory and its growth."""
    before = rss_mib()
    wall, cpu = time.perf_counter(), time.process_time()
    _open(page)
    _emit(
        what=page,
        wall=time.perf_counter() - wall,
        cpu=time.process_time() - cpu,
        peak=peak_mib(),
        grew=rss_mib() - before,
    )


def _time_recommend(candidates: Any, today: dt.date, rounds: int) -> None:
    """recommend's median and worst latency over `rounds` of the benchmark prospects, after one
    round to warm up."""
    from benchmarks.bench_recommend import PROSPECTS
    from lib.callprep.recommend import recommend

    for p in PROSPECTS:
        recommend(candidates, p, today=today)
    times = []
    for _ in range(rounds):
        for p in PROSPECTS:
            start = time.perf_counter()
            recommend(candidates, p, today=today)
            times.append((time.perf_counter() - start) * 1000)
    _emit(what="recommend", median_ms=statistics.median(times), worst_ms=max(times))


def recommend_latency() -> None:
    from lib.callprep.candidates import load_candidates
    from lib.core import db

    _time_recommend(load_candidates(db.make_engine()), dt.date(2026, 11, 24), rounds=15)


def bumps(n: int) -> None:
    """Views of every page, then `n` times: a revision bump and views of every page again.

    After each: the resident memory right after the views (the new revision may still be
    building, so two are held), then once its build has finished ("settled"), with the memory
    Python's objects hold (`sys.getallocatedblocks`, blocks of any size) and the revisions
    kept, to tell live objects from memory the allocator has not handed back; and where the
    settled memory is (`benchmarks.allocator`: Python's arenas, glibc's arenas and what of
    them is free)."""
    import gc

    from benchmarks import allocator
    from lib.core import db, ui

    engine = db.make_engine()
    url = db.database_url()
    for page in PAGES:
        _open(page)
    ui.warmer_for(url).wait_settled(db.revision(engine))
    _emit(what="bump", n=0, rss=rss_mib(), settled=rss_mib(), blocks=sys.getallocatedblocks(),
          frozen=gc.get_freeze_count(), revisions=ui.store_for(url).revisions(),
          **allocator.figures())  # fmt: skip
    for i in range(1, n + 1):
        with db.unit_of_work(engine) as session:
            revision = db.bump_revision(session)
        for page in PAGES:
            _open(page)
        after_views = rss_mib()
        ui.warmer_for(url).wait_settled(revision)  # built, the older revision dropped
        _emit(what="bump", n=i, rss=after_views, settled=rss_mib(),
              blocks=sys.getallocatedblocks(), frozen=gc.get_freeze_count(),
              revisions=ui.store_for(url).revisions(), **allocator.figures())  # fmt: skip


def _timed(page: str) -> dict[str, float]:
    """The whole of `open_app` (wall, cpu), and the page's own script run (run_wall, run_cpu):
    the run a browser opening the page's address makes, without AppTest's set-up and the Home
    run before it, in whose gaps a background build rightly goes on."""
    from streamlit.testing.v1 import AppTest

    from tests.apptest import APP

    wall, cpu = time.perf_counter(), time.process_time()
    at = AppTest.from_file(str(APP), default_timeout=600).run()
    at.switch_page(f"app_pages/{page.replace('-', '_')}.py")
    run_wall, run_cpu = time.perf_counter(), time.process_time()
    at.run()
    run_wall, run_cpu = time.perf_counter() - run_wall, time.process_time() - run_cpu
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")
    return {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "run_wall": run_wall,
        "run_cpu": run_cpu,
    }


def after_edit() -> None:
    """Each page's warm view, then a write by someone else and each page's first view while
    the new revision is built in the background, then again once it is built."""
    from lib.core import db, ui

    engine = db.make_engine()
    for page in PAGES:
        _open(page)
    warm = {page: _timed(page) for page in PAGES}
    with db.unit_of_work(engine) as session:
        revision = db.bump_revision(session)
    warmer = ui.warmer_for(db.database_url())
    during = {}
    for page in PAGES:
        during[page] = _timed(page)
        # Whether the view was really served during the build (not after it finished).
        during[page]["built_meanwhile"] = float((warmer.ready or 0) >= revision)
    build_wait = time.perf_counter()
    ui.warmer_for(db.database_url()).wait_for(revision)
    waited = time.perf_counter() - build_wait
    after = {page: _timed(page) for page in PAGES}
    for page in PAGES:
        _emit(what=page, warm=warm[page], during=during[page], after=after[page], waited=waited)


def warm_view(page: str, runs: int = 3) -> None:
    """`page`'s warm view once the background build is done: the median of `runs` script
    runs (the page's own run only, as `after_edit` times it), and the process's memory."""
    from lib.core import db, ui

    _open(page)
    ui.warmer_for(db.database_url()).wait_for(db.revision(db.make_engine()))
    _open(page)
    timed = [_timed(page) for _ in range(runs)]
    _emit(
        what=f"{page} warm view",
        run_wall=statistics.median(t["run_wall"] for t in timed),
        run_cpu=statistics.median(t["run_cpu"] for t in timed),
        rss=rss_mib(),
        peak=peak_mib(),
    )


def builds() -> None:
    """Each build of a revision's shared data from the one read, measured on its own, then
    the whole background build as the server does it and the collect-and-freeze after it."""
    from benchmarks.measure import measure
    from lib.callprep.candidates import candidates_of
    from lib.core import collector, db, reads
    from lib.coverage.model import coverage_of
    from lib.library.catalog import frame_of, options_of, titles_of

    engine = db.make_engine()
    today = dt.date(2026, 11, 24)

    def step(what: str, fn):  # type: ignore[no-untyped-def]
        value, m = measure(fn)
        _emit(what=what, wall=m.wall, cpu=m.cpu, peak=m.peak)
        return value

    _each_build(engine, today, step)

    def everything() -> None:
        with collector.collector_paused():
            read = reads.read_library(engine)
            frame_of(read, today)
            candidates_of(read)
            coverage_of(read)
            options_of(read)
            titles_of(read)

    step("whole background build", everything)
    step("collect and freeze after it", collector.freeze_survivors)


def _each_build(engine: Any, today: dt.date, step: Any) -> None:
    """Each build on its own (its records are dropped on return, before the whole build)."""
    from lib.callprep.candidates import candidates_of
    from lib.core import reads
    from lib.coverage.model import coverage_of
    from lib.coverage.report import coverage_report
    from lib.library.catalog import frame_of

    library = step("read", lambda: reads.read_library(engine))
    step("catalog", lambda: frame_of(library, today))
    candidates = step("candidates", lambda: candidates_of(library))
    data = step("coverage read", lambda: coverage_of(library))
    step("coverage report, all sizes", lambda: coverage_report(data, today))
    step("coverage report, one size", lambda: coverage_report(data, today, "Mid-market"))
    _time_recommend(candidates, today, rounds=10)


def main(argv: list[str]) -> None:
    os.environ["DATABASE_URL"] = argv[0]
    if argv[1:] != ["builds"]:
        _open("home")  # imports and the app frame, so the figures are the page's own work
    for what in argv[1:]:
        if what == "recommend":
            recommend_latency()
        elif what == "builds":
            builds()
        elif what == "edit":
            after_edit()
        elif what.startswith("warm:"):
            warm_view(what.split(":", 1)[1])
        elif what.startswith("bumps:"):
            bumps(int(what.split(":", 1)[1]))
        else:
            view(what)


if __name__ == "__main__":
    main(sys.argv[1:])
