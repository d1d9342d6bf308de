"""Coverage over time: one row of headline numbers per day.

The first time coverage is computed on a day (the page's first view, or the CLI) that day's
numbers are kept; later views that day write nothing, so a page rerun never writes. Days compare
because a snapshot always uses the standard settings (stale after 90 days, expiring within 30,
all company sizes). Not library content, so it does not bump the library revision.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lib.core import db
from lib.core.models import CoverageSnapshot
from lib.coverage.model import CoverageData
from lib.coverage.report import CoverageReport, coverage_report

CHARTED = {
    "coverage_pct": "Cells with a use case (%)",
    "proof_pct": "Cells with shareable proof (%)",
    "completeness": "Average completeness (%)",
}


def has_snapshot(engine: Engine, day: dt.date) -> bool:
    with Session(engine) as session:
        return session.get(CoverageSnapshot, day) is not None


def record_daily_snapshot(engine: Engine, data: CoverageData, report: CoverageReport) -> bool:
    """Keep the headline of `report.today` unless that day already has one; True if written.

    A report computed with other settings (a different "stale after") is not kept as it is:
    the standard one is computed instead, and only when the day has no snapshot yet.
    """
    day = report.today
    if has_snapshot(engine, day):
        return False
    headline = report.headline if report.standard else coverage_report(data, day).headline
    try:
        with db.unit_of_work(engine) as session:
            if session.get(CoverageSnapshot, day) is not None:
                return False
            session.add(CoverageSnapshot(day=day, figures=headline.as_dict()))
    except IntegrityError:  # another view recorded the day between our check and our write
        return False
    return True


def snapshot_history(engine: Engine) -> pd.DataFrame:
    """One row per recorded day (index `day`), one column per headline number."""
    with Session(engine) as session:
        rows = session.execute(
            select(CoverageSnapshot.day, CoverageSnapshot.figures).order_by(CoverageSnapshot.day)
        ).all()
    frame = pd.DataFrame([{"day": day, **(figures or {})} for day, figures in rows])
    if frame.empty:
        return pd.DataFrame(columns=["day", *CHARTED]).set_index("day")
    return frame.set_index("day")
