"""Reference fatigue: whether a customer reference may be asked again, from the real requests.

A willing customer stays willing when they are not asked too often. The References sheet sets
each one's limits (asks per calendar quarter, rest days after an ask, do-not-ask-until, at
risk); every reference request that was not declined is an ask, dated when it was made. Call
prep offers only references with no reason here, and Coverage warns about the rest. Both read
this module, so a reference Call prep holds back is the one Coverage names.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select

from lib.core import db
from lib.core.models import CustomerReference, ReferenceRequest

# A request in these states did not reach the customer, so it is not an ask.
NOT_ASKED: tuple[str, ...] = ("declined",)
REQUEST_STATES: tuple[str, ...] = ("open", "approved", "declined", "done")


@dataclass(frozen=True, slots=True)
class ReferenceRecord:
    """One row of the References sheet, as plain values."""

    id: str
    customer: str
    contact: str = ""
    role: str = ""
    activities: tuple[str, ...] = ()
    industry: str = ""
    company_size: str = ""
    max_asks_per_quarter: int | None = None
    rest_days: int | None = None
    do_not_ask_until: dt.date | None = None
    at_risk: bool = False
    account_owner: str = ""


@dataclass(frozen=True, slots=True)
class Ask:
    reference_id: str
    on: dt.date


@dataclass(frozen=True, slots=True)
class Fatigue:
    """Where one reference stands today: its asks this quarter and why it may not be asked."""

    reference: ReferenceRecord
    asks_this_quarter: int
    last_ask: dt.date | None
    reasons: tuple[str, ...]

    @property
    def available(self) -> bool:
        return not self.reasons

    @property
    def over_asked(self) -> bool:
        """Asked as often as the limit allows this quarter, or still resting."""
        return any(not r.startswith(("at risk", "do not ask")) for r in self.reasons)

    @property
    def limit_text(self) -> str:
        limit = self.reference.max_asks_per_quarter
        return f"{self.asks_this_quarter} of {limit if limit is not None else 'no limit'}"


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def load_references(engine: Engine) -> list[ReferenceRecord]:
    """Every reference, by customer then id (not library content: read fresh)."""
    with db.reading(engine) as conn:
        return _references(conn)


_REFERENCE_COLUMNS = (
    CustomerReference.id, CustomerReference.customer, CustomerReference.contact,
    CustomerReference.role, CustomerReference.activities, CustomerReference.industry,
    CustomerReference.company_size, CustomerReference.max_asks_per_quarter,
    CustomerReference.rest_days, CustomerReference.do_not_ask_until, CustomerReference.at_risk,
    CustomerReference.account_owner,
)  # fmt: skip


def _references(conn: Connection) -> list[ReferenceRecord]:
    """`load_references` on an open connection: plain rows, no ORM objects (Call prep asks on
    every rerun)."""
    found = [
        ReferenceRecord(
            id=r.id,
            customer=r.customer,
            contact=r.contact or "",
            role=r.role or "",
            activities=tuple(r.activities or ()),
            industry=r.industry or "",
            company_size=r.company_size or "",
            max_asks_per_quarter=r.max_asks_per_quarter,
            rest_days=r.rest_days,
            do_not_ask_until=r.do_not_ask_until,
            at_risk=(r.at_risk or "") == "yes",
            account_owner=r.account_owner or "",
        )
        for r in conn.execute(select(*_REFERENCE_COLUMNS))
    ]
    return sorted(found, key=lambda r: (r.customer.casefold(), r.id))


def load_asks(engine: Engine) -> list[Ask]:
    """Every request that reached (or is about to reach) a customer."""
    with db.reading(engine) as conn:
        return _asks(conn)


def _asks(conn: Connection) -> list[Ask]:
    query = select(ReferenceRequest.reference_id, ReferenceRequest.requested_at).where(
        ReferenceRequest.status.not_in(NOT_ASKED)
    )
    return [Ask(rid, at.date()) for rid, at in conn.execute(query)]


def fatigue_of(reference: ReferenceRecord, asks: Iterable[Ask], today: dt.date) -> Fatigue:
    """The one rule: at risk, do-not-ask-until, the quarter's limit, the rest after an ask."""
    dates = sorted(a.on for a in asks if a.reference_id == reference.id)
    start = quarter_start(today)
    this_quarter = sum(1 for d in dates if start <= d <= today)
    last = dates[-1] if dates else None
    reasons: list[str] = []
    if reference.at_risk:
        reasons.append("at risk: the account owner asked that they not be asked")
    if reference.do_not_ask_until and today < reference.do_not_ask_until:
        reasons.append(f"do not ask until {reference.do_not_ask_until.isoformat()}")
    limit = reference.max_asks_per_quarter
    if limit is not None and this_quarter >= limit:
        reasons.append(f"asked {this_quarter} times this quarter (limit {limit})")
    if reference.rest_days and last is not None:
        rested = (today - last).days
        if rested < reference.rest_days:
            reasons.append(
                f"last asked {last.isoformat()}, resting {reference.rest_days} days "
                f"(until {(last + dt.timedelta(days=reference.rest_days)).isoformat()})"
            )
    return Fatigue(reference, this_quarter, last, tuple(reasons))


def fatigue_all(engine: Engine, today: dt.date | None = None) -> list[Fatigue]:
    """Every reference with where it stands today."""
    day = today or dt.date.today()
    with db.reading(engine) as conn:  # both reads on one connection: Call prep asks per rerun
        asks, references = _asks(conn), _references(conn)
    by_reference: dict[str, list[Ask]] = defaultdict(list)
    for ask in asks:
        by_reference[ask.reference_id].append(ask)
    return [fatigue_of(r, by_reference[r.id], day) for r in references]


def resting_customers(engine: Engine, today: dt.date | None = None) -> frozenset[str]:
    """Customers with References rows of which none may be asked today: a pack does not offer
    a reference conversation with them (a willing customer with no row keeps the outcome's
    `reference` answer)."""
    return resting_among(fatigue_all(engine, today))


def resting_among(standings: Iterable[Fatigue]) -> frozenset[str]:
    """`resting_customers` from standings already read (`fatigue_all`): a page that shows the
    references too reads them once per run."""
    available: dict[str, bool] = {}
    for standing in standings:
        customer = standing.reference.customer
        available[customer] = available.get(customer, False) or standing.available
    return frozenset(c for c, ok in available.items() if not ok)
