"""Recommend latency over a 20,000-use-case library, and the one-page PDF build time."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import replace
from pathlib import Path

from benchmarks import synthetic
from lib.callprep.candidates import load_candidates
from lib.callprep.packs import CallPrepPack, build_pack, render
from lib.callprep.prospect import Prospect
from lib.callprep.recommend import recommend
from lib.core import db

PROSPECTS = (
    Prospect(company="Acme Health", industry="Healthcare", company_size="Mid-market",
             personas=("CIO", "COO"), pains="They complain about records lookup time and "
             "manual errors in the audit backlog"),
    Prospect(industry="Finance", company_size="Enterprise", personas=("CFO",),
             pains="approval cost and churn, compliance visibility"),
    Prospect(industry="Logistics", personas=("OPS-MGR", "HEAD-CX"), pains="handoff backlog"),
    Prospect(industry="Helthcare", personas=("CTO",), pains="faster checkout conversion"),
)  # fmt: skip


def _median_ms(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


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


def run(workdir: Path) -> list[tuple[str, float, str]]:
    engine = db.make_engine(f"sqlite:///{workdir / 'library.db'}")
    synthetic.load(engine, synthetic.build(20_000, 50_000))
    start = time.perf_counter()
    candidates = load_candidates(engine)
    load_s = time.perf_counter() - start
    today = dt.date(2026, 11, 24)
    for p in PROSPECTS:  # warm the per-day shareable mask once, as a page's first call does
        recommend(candidates, p, today=today)
    rows = [
        (f"load candidates + BM25 index ({len(candidates.items):,} approved)", load_s, "s"),
    ]
    for n, p in enumerate(PROSPECTS, 1):
        ms = _median_ms(lambda p=p: recommend(candidates, p, today=today), 40)
        rows.append((f"recommend, prospect {n}, median (target < 50 ms)", ms, "ms"))
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
    engine.dispose()
    return rows
