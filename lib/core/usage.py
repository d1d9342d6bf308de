"""The usage log: every pack or question sheet generated, so coverage can show what reps use
and warn when one customer's story is put in front of prospects too often."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core import db
from lib.core.models import UsageEvent


def record_generation(
    engine: Engine,
    *,
    kind: str,
    format: str,
    use_case_ids: Sequence[str],
    outcome_ids: Sequence[str] = (),
    prospect: str = "",
    industry: str = "",
    company_size: str = "",
    who: str = "",
    at: dt.datetime | None = None,
) -> None:
    """Log one generated pack (`kind="pack"`) or question sheet (`kind="questions"`).

    `outcome_ids` are the outcomes that went out in front of the prospect; `who` is the rep (the
    signed-in email in team mode, the sidebar name locally). The log does not bump
    the library revision: it is not library content.
    """
    with db.unit_of_work(engine) as session:
        session.add(
            UsageEvent(
                at=at or dt.datetime.now(),
                kind=kind,
                format=format,
                prospect=prospect,
                industry=industry,
                company_size=company_size,
                use_case_ids=list(use_case_ids),
                outcome_ids=list(outcome_ids),
                who=who,
            )
        )


def usage_events(engine: Engine, since: dt.datetime | None = None) -> list[UsageEvent]:
    with Session(engine) as session:
        query = select(UsageEvent).order_by(UsageEvent.at)
        if since is not None:
            query = query.where(UsageEvent.at >= since)
        return list(session.scalars(query))
