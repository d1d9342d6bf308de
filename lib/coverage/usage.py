"""What reps actually use: most- and never-used use cases per segment, and much-shown stories.

Every pack or question sheet generated is in the usage log (`lib.core.usage`). A customer whose
outcomes went in front of more than `MAX_SHOWINGS_PER_QUARTER` prospects in one calendar quarter
is listed as a heavily used story. Whether the customer themselves is asked too often is
reference fatigue, counted from reference requests (`lib.core.fatigue`), not from packs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core.models import UsageEvent
from lib.coverage.model import CoverageData

MAX_SHOWINGS_PER_QUARTER = 2
ANY_SEGMENT = ""


@dataclass(frozen=True)
class Usage:
    """One generated pack or question sheet, as plain values."""

    id: int
    at: dt.datetime
    kind: str
    format: str
    prospect: str
    industry: str
    company_size: str
    use_case_ids: tuple[str, ...]
    outcome_ids: tuple[str, ...]


def load_usage(engine: Engine, since: dt.datetime | None = None) -> list[Usage]:
    """The usage log (not library content, so read fresh rather than cached on revision).

    Plain columns rather than ORM objects: the page reads the whole log on every rerun.
    """
    query = select(
        UsageEvent.id,
        UsageEvent.at,
        UsageEvent.kind,
        UsageEvent.format,
        UsageEvent.prospect,
        UsageEvent.industry,
        UsageEvent.company_size,
        UsageEvent.use_case_ids,
        UsageEvent.outcome_ids,
    ).order_by(UsageEvent.at, UsageEvent.id)
    if since is not None:
        query = query.where(UsageEvent.at >= since)
    with Session(engine) as session:
        rows = session.execute(query).all()
    return [
        Usage(
            id=r[0],
            at=r[1],
            kind=r[2],
            format=r[3],
            prospect=r[4] or "",
            industry=r[5] or "",
            company_size=r[6] or "",
            use_case_ids=tuple(r[7] or ()),
            outcome_ids=tuple(r[8] or ()),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class UseCount:
    industry: str
    use_case_id: str
    title: str
    uses: int


def most_used(
    data: CoverageData, events: list[Usage], industry: str = ANY_SEGMENT, top: int = 10
) -> list[UseCount]:
    """The use cases that went out most often, for prospects in `industry` ("" = any)."""
    titles = {u.id: u.title for u in data.use_cases}
    counts: Counter[str] = Counter()
    for e in events:
        if industry and e.industry != industry:
            continue
        counts.update(set(e.use_case_ids))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [UseCount(industry, uc, titles.get(uc, "(deleted)"), n) for uc, n in ranked]


def never_used(
    data: CoverageData, events: list[Usage], industry: str = ANY_SEGMENT
) -> list[UseCount]:
    """Approved use cases (tagged with `industry`, if given) that no pack for it included."""
    used = {uc for e in events if not industry or e.industry == industry for uc in e.use_case_ids}
    return [
        UseCount(industry, u.id, u.title, 0)
        for u in data.use_cases
        if u.approved and u.id not in used and (not industry or industry in u.industries)
    ]


def quarter(at: dt.datetime | dt.date) -> str:
    return f"{at.year}-Q{(at.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class Overuse:
    """One customer's outcomes shown to too many prospects in one quarter; `times` = prospects."""

    customer: str
    quarter: str
    times: int
    outcome_ids: tuple[str, ...]
    prospects: tuple[str, ...]

    @property
    def message(self) -> str:
        return (
            f"{self.customer}: shown to {self.times} prospects in {self.quarter} "
            f"(more than {MAX_SHOWINGS_PER_QUARTER}): a heavily used story. How often the "
            "customer is asked to speak is counted from reference requests."
        )


def _audience(e: Usage) -> str | int:
    """Who saw the pack: the prospect's name (case and spacing ignored), else the pack itself."""
    return " ".join(e.prospect.split()).casefold() or e.id


def overuse_warnings(
    data: CoverageData, events: list[Usage], limit: int = MAX_SHOWINGS_PER_QUARTER
) -> list[Overuse]:
    """Customers whose outcomes went in front of more than `limit` prospects in one quarter.

    Each prospect counts once per customer, however many packs (a PDF and a Word copy, a
    re-download) or outcomes of that customer they got; a pack without a prospect counts alone.
    """
    customer_of = {o.id: o.customer for o in data.outcomes}
    shown: dict[tuple[str, str], dict[str | int, str]] = defaultdict(dict)  # who -> as spelt
    outcomes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in events:
        if not e.outcome_ids:
            continue
        when, who, spelt = quarter(e.at), _audience(e), e.prospect.strip()
        for oid in e.outcome_ids:
            customer = customer_of.get(oid)
            if not customer:
                continue
            key = (customer, when)
            shown[key].setdefault(who, spelt)
            outcomes[key].add(oid)
    warnings = [
        Overuse(
            c,
            q,
            len(who),
            tuple(sorted(outcomes[(c, q)])),
            tuple(sorted(filter(None, who.values()))),
        )
        for (c, q), who in shown.items()
        if len(who) > limit
    ]
    return sorted(warnings, key=lambda w: (w.quarter, -w.times, w.customer))


@dataclass(frozen=True)
class UsageSummary:
    """What the coverage report workbook says about usage: over every prospect industry."""

    events: int
    most_used: list[UseCount]
    never_used: list[UseCount]
    overuse: list[Overuse]


def usage_summary(data: CoverageData, events: list[Usage], top: int = 20) -> UsageSummary:
    """Most and never used use cases and every overused reference, for the report."""
    return UsageSummary(
        len(events),
        most_used(data, events, ANY_SEGMENT, top),
        never_used(data, events, ANY_SEGMENT),
        overuse_warnings(data, events),
    )
