"""Coverage at 20,000 use cases / 50,000 outcomes / 10,000 logged packs: computation and page
rerun times."""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from pathlib import Path
from unittest.mock import patch

from sqlalchemy.orm import Session

from benchmarks import synthetic
from lib.core.models import UsageEvent
from lib.coverage import model as coverage_data
from lib.coverage.report import coverage_report
from lib.coverage.usage import load_usage, most_used, never_used, overuse_warnings
from lib.coverage.workbook import coverage_workbook

N_USE_CASES = 20_000
N_OUTCOMES = 50_000
N_PACKS = 10_000  # a busy year of packs in the usage log


def _log_packs(engine, data: coverage_data.CoverageData) -> None:  # type: ignore[no-untyped-def]
    """A year of generated packs, three use cases and three outcomes each, 3,000 prospects."""
    rng = random.Random(5)
    ids = [u.id for u in data.use_cases]
    outcome_ids = [o.id for o in data.outcomes]
    start = dt.datetime(2026, 1, 1)
    with Session(engine) as session:
        session.add_all(
            UsageEvent(
                at=start + dt.timedelta(minutes=50 * n),
                kind="pack",
                format="pdf",
                prospect=f"Prospect {n % 3000}",
                industry=rng.choice(data.industries),
                company_size="",
                use_case_ids=rng.sample(ids, 3),
                outcome_ids=rng.sample(outcome_ids, 3),
            )
            for n in range(N_PACKS)
        )
        session.commit()


def _timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def run(workdir: Path) -> list[tuple[str, float, str]]:
    url = f"sqlite:///{workdir / 'library.db'}"
    engine, built = _timed(lambda: synthetic.library_engine(url, N_USE_CASES, N_OUTCOMES))
    today = dt.date(2026, 11, 1)
    data, loaded = _timed(lambda: coverage_data.load(engine))
    report, computed = _timed(lambda: coverage_report(data, today))
    _, sized = _timed(lambda: coverage_report(data, today, "Mid-market"))
    _, workbook = _timed(lambda: coverage_workbook(report))
    _log_packs(engine, data)
    _, usage = _timed(
        lambda: (
            overuse_warnings(data, events := load_usage(engine)),
            most_used(data, events),
            never_used(data, events),
        )
    )
    rows = [
        ("build + load the synthetic library", built, "s"),
        ("read the library for coverage (once per revision)", loaded, "s"),
        ("compute coverage report, all sizes", computed, "s"),
        ("compute coverage report, one size", sized, "s"),
        ("coverage report workbook", workbook, "s"),
        (f"usage: read {N_PACKS:,} packs, most/never used, overuse", usage, "s"),
    ]

    with patch.dict(os.environ, {"DATABASE_URL": url}):  # the pages read this library
        from tests.apptest import open_app

        at, first = _timed(lambda: open_app("coverage", timeout=120))
        if at.exception:
            raise RuntimeError(at.exception[0].message)
        _, rerun = _timed(at.run)
        at.selectbox(key="size").select("Enterprise")
        _, size_change = _timed(at.run)
        at.selectbox(key="industry").select("Finance")
        at.selectbox(key="persona").select("CIO")
        _, cell = _timed(at.run)
    rows += [
        ("page first run (reads and computes)", first, "s"),
        ("page rerun (target < 1 s)", rerun, "s"),
        ("page rerun after a size change (target < 1 s)", size_change, "s"),
        ("page rerun after picking a cell (target < 1 s)", cell, "s"),
    ]
    engine.dispose()
    return rows
