"""Measure one thing in a fresh process and print it as JSON lines: the benchmarks' probe.

Run by the benchmarks as `python -m benchmarks.probe DATABASE_URL WHAT...`, so every first view
starts cold (empty caches, as right after an import in a new server process) and its peak memory
is its own. WHAT is a page (call-prep, library, coverage), `recommend` (median of repeated calls on
an already loaded library) or `bumps:N` (N revision bumps, each followed by a view of every page,
printing the resident memory after each) or `edit` (each page's first view after someone else's
write, while the new revision is built in the background, beside its warm view).
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


def recommend_latency() -> None:
    from benchmarks.bench_recommend import PROSPECTS
    from lib.callprep.candidates import load_candidates
    from lib.callprep.recommend import recommend
    from lib.core import db

    candidates = load_candidates(db.make_engine())
    today = dt.date(2026, 11, 24)
    for p in PROSPECTS:
        recommend(candidates, p, today=today)
    times = []
    for _ in range(15):
        for p in PROSPECTS:
            start = time.perf_counter()
            recommend(candidates, p, today=today)
            times.append((time.perf_counter() - start) * 1000)
    _emit(what="recommend", median_ms=statistics.median(times), worst_ms=max(times))


def bumps(n: int) -> None:
    """Views of every page, then `n` times: a revision bump and views of every page again."""
    from lib.core import db

    engine = db.make_engine()
    for page in PAGES:
        _open(page)
    _emit(what="bump", n=0, rss=rss_mib())
    for i in range(1, n + 1):
        with db.unit_of_work(engine) as session:
            db.bump_revision(session)
        for page in PAGES:
            _open(page)
        _emit(what="bump", n=i, rss=rss_mib())


def _timed(page: str) -> dict[str, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    _open(page)
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


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
    during = {page: _timed(page) for page in PAGES}
    build_wait = time.perf_counter()
    ui.warmer_for(db.database_url()).wait_for(revision)
    waited = time.perf_counter() - build_wait
    after = {page: _timed(page) for page in PAGES}
    for page in PAGES:
        _emit(what=page, warm=warm[page], during=during[page], after=after[page], waited=waited)


def main(argv: list[str]) -> None:
    os.environ["DATABASE_URL"] = argv[0]
    _open("home")  # imports and the app frame, so the figures are the page's own work
    for what in argv[1:]:
        if what == "recommend":
            recommend_latency()
        elif what == "edit":
            after_edit()
        elif what.startswith("bumps:"):
            bumps(int(what.split(":", 1)[1]))
        else:
            view(what)


if __name__ == "__main__":
    main(sys.argv[1:])
