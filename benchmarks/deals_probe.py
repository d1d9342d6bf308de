"""Measure the Influence view and recommend with the win signal in a fresh process, printing
JSON lines: `python -m benchmarks.deals_probe` with DATABASE_URL set.

- the Influence figures: the first build (read + compute) and a rerun (kept: the stamp query);
- the Influence page in AppTest: its first view and a rerun;
- recommend with the win signal on: the median and worst of repeated calls, including the
  `win_signals` look-up the Call prep page makes on every rerun.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any


def _timed(fn: Callable[[], Any]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _emit(**figures: Any) -> None:
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures), flush=True)


def main() -> None:
    from benchmarks.bench_recommend import PROSPECTS
    from lib.callprep.candidates import load_candidates
    from lib.callprep.recommend import recommend
    from lib.core import db
    from lib.deals.report import influence_report
    from lib.deals.signal import win_signals

    engine = db.make_engine()
    wall, cpu = _timed(lambda: influence_report(engine))
    _emit(what="influence first build", wall=wall, cpu=cpu)
    wall, cpu = _timed(lambda: influence_report(engine))
    _emit(what="influence rerun", wall=wall, cpu=cpu)

    from tests.apptest import open_app

    at = None

    def first() -> None:
        nonlocal at
        at = open_app("influence", timeout=600)

    wall, cpu = _timed(first)
    assert at is not None and not at.exception, at and at.exception
    _emit(what="influence page first view", wall=wall, cpu=cpu)
    runs = [_timed(lambda: at.run(timeout=600)) for _ in range(3)]  # type: ignore[union-attr]
    _emit(
        what="influence page rerun",
        wall=statistics.median(r[0] for r in runs),
        cpu=statistics.median(r[1] for r in runs),
    )

    candidates = load_candidates(engine)
    today = dt.date(2026, 11, 24)
    wins = win_signals(engine)
    assert wins is not None and wins.by_segment, "no win signal: not enough won deals"
    for p in PROSPECTS:
        recommend(candidates, p, today=today, wins=wins)
    times, with_lookup, without = [], [], []
    for _ in range(15):
        for p in PROSPECTS:
            start = time.perf_counter()
            recommend(candidates, p, today=today)
            without.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            recommend(candidates, p, today=today, wins=wins)
            times.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            recommend(candidates, p, today=today, wins=win_signals(engine))
            with_lookup.append((time.perf_counter() - start) * 1000)
    _emit(
        what="recommend with the win signal",
        median_ms=statistics.median(times),
        worst_ms=max(times),
        median_with_lookup_ms=statistics.median(with_lookup),
        worst_with_lookup_ms=max(with_lookup),
        median_without_ms=statistics.median(without),
    )


if __name__ == "__main__":
    main()
