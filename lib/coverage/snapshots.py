"""Coverage over time: one row of headline numbers per day.

Recorded whenever the page or the CLI computes coverage; a later computation on the same day
replaces that day's row, so the chart shows each day's latest state. Not library content, so it
does not bump the library revision.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core import db
from lib.core.models import CoverageSnapshot
from lib.coverage.report import Headline

CHARTED = {
    "coverage_pct": "Cells with a use case (%)",
    "proof_pct": "Cells with shareable proof (%)",
    "completeness": "Average completeness (%)",
}


def record_snapshot(engine: Engine, today: dt.date, headline: Headline) -> bool:
    """Upsert today's snapshot; True when it was written (new or changed)."""
    figures = headline.as_dict()
    with db.unit_of_work(engine) as session:
        row = session.get(CoverageSnapshot, today)
        if row is None:
            session.add(CoverageSnapshot(day=today, figures=figures))
            return True
        if row.figures == figures:
            return False
        row.figures = figures
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
