"""Recommend's latency at 2,000 / 20,000 (and, with `--large`, 100,000) use cases, and the
one-page PDF build time at 20,000.

Recommend is timed on a warm server (candidates built) over 40 varied prospects
(`benchmarks.recommend_prospects`: known, missing and misspelt segments, 0-6 words of notes,
use cases forced in or left out), without and with a won-deal signal: each prospect's first
call (its segment's parts are built then) and the same call again (a rep refining the notes),
as the median and worst of the wall milliseconds, with the CPU milliseconds beside them (on a
shared machine the CPU figure is the comparable one). Target: < 50 ms at 100,000.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from benchmarks import recommend_prospects, synthetic
from benchmarks.bench_first_view import sizes
from benchmarks.measure import measure, row
from lib.callprep.candidates import Candidates, load_candidates
from lib.callprep.packs import CallPrepPack, build_pack, render
from lib.callprep.prospect import Prospect
from lib.callprep.recommend import recommend

PROSPECTS = (
    Prospect(company="Acme Health", industry="Healthcare", company_size="Mid-market",
             personas=("CIO", "COO"), pains="They complain about records lookup time and "
             "manual errors in the audit backlog"),
    Prospect(industry="Finance", company_size="Enterprise", personas=("CFO",),
             pains="approval cost and churn, compliance visibility"),
    Prospect(industry="Logistics", personas=("OPS-MGR", "HEAD-CX"), pains="handoff backlog"),
    Prospect(industry="Helthcare", personas=("CTO",), pains="faster checkout conversion"),
)  # fmt: skip
N_PROSPECTS = 40
TARGET = "target < 50 ms at 100k"


def _median_ms(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _timed_ms(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _latency_rows(candidates: Candidates, n: int) -> list[tuple[str, float, str]]:
    """Median and worst of each prospect's first call and of the same call again."""
    profiles = recommend_prospects.prospects(N_PROSPECTS, n_use_cases=n)
    signal = recommend_prospects.win_signals(n)
    today = recommend_prospects.TODAY
    # The process's first call loads what any first call loads (stems, word frequencies).
    recommend(candidates, Prospect(industry="Finance", pains="warm up"), today=today)
    rows = []
    for label, wins in (("without", None), ("with the win signal", signal)):
        first, again = [], []
        call = partial(recommend, candidates, today=today, wins=wins)
        for p in profiles:
            first.append(_timed_ms(partial(call, p)))
            again.append(_timed_ms(partial(call, p)))
        for when, figures in (("first call", first), ("again", again)):
            wall = [w for w, _ in figures]
            cpu = [c for _, c in figures]
            rows.append((
                f"recommend {label}, {when}, {n:,}: median",
                statistics.median(wall),
                f"ms  worst {max(wall):.1f} ms; CPU median {statistics.median(cpu):.1f} ms,"
                f" worst {max(cpu):.1f} ms  ({TARGET})",
            ))  # fmt: skip
    return rows


def _longest(pack: CallPrepPack) -> CallPrepPack:
    """The same pack with every part far too long, so fitting has to shorten."""
    text = "The charge nurse searches the record by name or MRN in São Paulo — é ü ñ € — " * 4
    sections = tuple(
        replace(
            s,
            steps=(text,) * 14,
            benefits=(text,) * 10,
            objections=(text,) * 8,
            questions=tuple(replace(q, text=text) for q in s.questions) * 4,
        )
        for s in pack.sections
    )
    return replace(pack, sections=sections)


def _pack_rows(candidates: Candidates) -> list[tuple[str, float, str]]:
    today = dt.date(2026, 11, 24)
    rows = []
    picks = [pick.id for pick in recommend(candidates, PROSPECTS[0], today=today).picks]
    pack = build_pack(candidates, PROSPECTS[0], picks, today=today)
    for paper in ("Letter", "A4"):
        ms = _median_ms(lambda paper=paper: render(pack, "pdf", paper), 15)
        rows.append((f"one-page PDF, {paper}, median (target < 200 ms)", ms, "ms"))
    ms = _median_ms(lambda: build_pack(candidates, PROSPECTS[0], picks, today=today), 15)
    rows.append(("build the pack object, median", ms, "ms"))
    long = _longest(pack)
    ms = _median_ms(lambda: render(long, "pdf", "Letter"), 10)
    rows.append(("one-page PDF, overlong content fitted, median (target < 200 ms)", ms, "ms"))
    return rows


def run(workdir: Path) -> list[tuple[str, float, str]]:
    rows: list[tuple[str, float, str]] = []
    for n in sizes():
        engine = synthetic.library_engine(f"sqlite:///{workdir / f'library-{n}.db'}", n)
        candidates, built = measure(lambda engine=engine: load_candidates(engine))
        approved = len(candidates.items)
        rows.append(row(f"load candidates + indexes, {n:,} ({approved:,} approved)", built))
        rows += _latency_rows(candidates, n)
        if n == 20_000:
            rows += _pack_rows(candidates)
        del candidates
        engine.dispose()
    return rows
