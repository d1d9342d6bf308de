"""The deals and the usage log read once, as tables the Influence figures are computed from
(kept until they change: `lib.deals.cache`)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

from lib.core import db
from lib.core.models import Deal, Outcome, UsageEvent, UseCase
from lib.deals import usage
from lib.deals.cache import READ, kept
from lib.deals.segments import SegmentMap, account_key, segment_map_of


@dataclass(frozen=True)
class Pairs:
    """Each (deal, item) that went together, once: `deal` holds positions in
    `DealData.deals`, `item` positions in `items` (the item ids, sorted). Plain arrays, so
    700,000 pairs are counted without a Python object each."""

    deal: np.ndarray
    item: np.ndarray
    items: np.ndarray  # object array of ids, sorted

    @property
    def empty(self) -> bool:
        return not len(self.deal)


@dataclass(frozen=True)
class DealData:
    """Every deal with its library segment, and which use cases and outcomes went into it."""

    deals: pd.DataFrame  # index: deal id; account, owner, amount, currency, status, industry,
    # size, crm_industry, close_date (a timestamp, NaT when not known), cycle_days
    use_cases: Pairs  # each use case that appeared in a deal's packs
    outcomes: Pairs  # each outcome shown in a deal's packs
    titles: dict[str, str]  # use case id -> title
    outcome_labels: dict[str, str]  # outcome id -> "customer: metric"
    customers: frozenset[str]  # account_key of every customer with an outcome
    unknown_industries: tuple[str, ...]  # CRM industry texts the library does not know
    segments: SegmentMap

    @property
    def empty(self) -> bool:
        return self.deals.empty


# The deal's fields read, and the names of their columns in `DealData.deals`.
DEAL_FIELDS = (
    "id",
    "account",
    "owner",
    "amount",
    "currency",
    "closed",
    "won",
    "industry",
    "employees",
    "created_on",
    "close_date",
)
DEAL_COLUMNS = tuple("crm_industry" if f == "industry" else f for f in DEAL_FIELDS)


def load(engine: Engine) -> DealData:
    """Read the deals, the deal-linked usage events and the names the figures show.

    Built column by column (numpy and pandas), never a Python object per deal or per usage
    event: 100,000 deals and 300,000 events take about a second."""
    with engine.connect() as conn:
        mapping = segment_map_of(conn)
        titles = dict(conn.execute(select(UseCase.id, UseCase.title)).all())
        outcome_rows = conn.execute(select(Outcome.id, Outcome.customer, Outcome.metric)).all()
        # As the driver returns them (dates may be ISO text): pandas reads both alike.
        columns = db.raw_columns(
            conn, select(*(getattr(Deal, c) for c in DEAL_FIELDS)), len(DEAL_FIELDS)
        )
        event_deals, use_texts, outcome_texts = db.raw_columns(
            conn,
            select(UsageEvent.deal_id, usage.USE_CASES, usage.OUTCOMES).where(
                UsageEvent.deal_id != ""
            ),
            3,
        )
    deals = pd.DataFrame(
        dict(zip(DEAL_COLUMNS[1:], columns[1:], strict=True)),
        index=pd.Index(columns[0], dtype=object, name="id"),
    )
    deals["closed"] = deals["closed"].astype(bool)
    deals["won"] = deals["won"].astype(bool)
    deals["status"] = np.where(deals["won"], "won", np.where(deals["closed"], "lost", "open"))
    crm = deals["crm_industry"].fillna("")
    known = {text: mapping.industry(text) for text in crm.unique()}
    deals["industry"] = crm.map(known)
    employees = deals["employees"]
    sizes = {e: mapping.size(int(e)) for e in employees.dropna().unique()}
    deals["size"] = employees.map(sizes).fillna(mapping.size(None))
    created = pd.to_datetime(deals["created_on"])
    closed_on = pd.to_datetime(deals["close_date"])
    deals["close_date"] = closed_on
    deals["cycle_days"] = (closed_on - created).dt.days
    event_deal = deals.index.get_indexer(pd.Index(event_deals, dtype=object))
    return DealData(
        deals=deals,
        use_cases=_pairs(event_deal, usage.json_lists(use_texts)),
        outcomes=_pairs(event_deal, usage.json_lists(outcome_texts)),
        titles=titles,
        outcome_labels={
            i: f"{customer}: {metric}" if metric else customer
            for i, customer, metric in outcome_rows
        },
        customers=frozenset(account_key(c) for _, c, _ in outcome_rows),
        unknown_industries=tuple(sorted(t for t, name in known.items() if t and not name)),
        segments=mapping,
    )


def _pairs(event_deal: np.ndarray, lists: list[list[str] | None]) -> Pairs:
    """(deal, item) once each, for events of deals that were imported (`event_deal` >= 0)."""
    lists = [x or () for x in lists]
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = np.fromiter(chain.from_iterable(lists), dtype=object, count=int(lengths.sum()))
    deal = np.repeat(event_deal.astype(np.int64), lengths)
    imported = deal >= 0
    deal, flat = deal[imported], flat[imported]
    if not len(deal):
        return Pairs(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, dtype=object))
    codes, uniques = pd.factorize(flat)
    uniques = np.asarray(uniques, dtype=object)
    order = np.argsort(uniques, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    item = rank[codes]
    # Each pair where it first appears, in the order of the usage log, so that sums of amounts
    # add up in the same order whatever way the pairs were read (a stable sort: np.unique's
    # hashing is many times slower on 700,000 numbers).
    both = deal * len(uniques) + item
    by_pair = np.argsort(both, kind="stable")
    ordered = both[by_pair]
    first = np.sort(by_pair[np.r_[True, ordered[1:] != ordered[:-1]]])
    return Pairs(deal[first], item[first], uniques[order])


def deal_data(engine: Engine) -> DealData:
    """The read, kept until the deals, the usage log or the library change."""
    return kept(engine, READ, lambda: load(engine))
