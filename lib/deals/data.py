"""The deals and the usage log read once, as tables the Influence figures are computed from
(kept until they change: `lib.deals.cache`)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine, Text, cast, select

from lib.core.models import Deal, Outcome, UsageEvent, UseCase
from lib.deals.cache import READ, kept
from lib.deals.segments import SegmentMap, account_key, segment_map_of


@dataclass(frozen=True)
class DealData:
    """Every deal with its library segment, and which use cases and outcomes went into it."""

    deals: pd.DataFrame  # index: deal id; account, owner, amount, currency, status, industry,
    # size, crm_industry, close_date, cycle_days
    use_cases: pd.DataFrame  # deal_id, item: each use case that appeared in a deal's packs
    outcomes: pd.DataFrame  # deal_id, item: each outcome shown in a deal's packs
    titles: dict[str, str]  # use case id -> title
    outcome_labels: dict[str, str]  # outcome id -> "customer: metric"
    customers: frozenset[str]  # account_key of every customer with an outcome
    unknown_industries: tuple[str, ...]  # CRM industry texts the library does not know
    segments: SegmentMap

    @property
    def empty(self) -> bool:
        return self.deals.empty


def load(engine: Engine) -> DealData:
    """Read the deals, the deal-linked usage events and the names the figures show."""
    with engine.connect() as conn:
        mapping = segment_map_of(conn)
        titles = dict(conn.execute(select(UseCase.id, UseCase.title)).all())
        outcome_rows = conn.execute(select(Outcome.id, Outcome.customer, Outcome.metric)).all()
        deal_rows = conn.execute(
            select(
                Deal.id,
                Deal.account,
                Deal.owner,
                Deal.amount,
                Deal.currency,
                Deal.closed,
                Deal.won,
                Deal.industry,
                Deal.employees,
                Deal.created_on,
                Deal.close_date,
                Deal.name,
            )
        ).all()
        # The lists as their JSON text, decoded in one call below: decoding 300,000 small
        # documents one by one costs seconds.
        events = conn.execute(
            select(
                UsageEvent.deal_id,
                cast(UsageEvent.use_case_ids, Text),
                cast(UsageEvent.outcome_ids, Text),
            ).where(UsageEvent.deal_id != "")
        ).all()
    deals = pd.DataFrame(
        deal_rows,
        columns=[
            "id",
            "account",
            "owner",
            "amount",
            "currency",
            "closed",
            "won",
            "crm_industry",
            "employees",
            "created_on",
            "close_date",
            "name",
        ],
    ).set_index("id")
    deals["closed"] = deals["closed"].astype(bool)
    deals["won"] = deals["won"].astype(bool)
    deals["status"] = np.where(deals["won"], "won", np.where(deals["closed"], "lost", "open"))
    crm = deals["crm_industry"].fillna("")
    known = {text: mapping.industry(text) for text in crm.unique()}
    deals["industry"] = crm.map(known)
    deals["size"] = [mapping.size(None if pd.isna(e) else int(e)) for e in deals["employees"]]
    accounts = deals["account"].fillna("")
    keys = {a: account_key(a) for a in accounts.unique()}
    deals["account_key"] = accounts.map(keys)
    created = pd.to_datetime(deals["created_on"])
    closed_on = pd.to_datetime(deals["close_date"])
    deals["cycle_days"] = (closed_on - created).dt.days
    event_deals, use_texts, outcome_texts = (
        (list(c) for c in zip(*events, strict=True)) if (events) else ([], [], [])
    )
    use_pairs = [
        (d, u)
        for d, ucs in zip(event_deals, _json_lists(use_texts), strict=True)
        for u in ucs or ()
    ]
    outcome_pairs = [
        (d, o)
        for d, outs in zip(event_deals, _json_lists(outcome_texts), strict=True)
        for o in outs or ()
    ]
    return DealData(
        deals=deals,
        use_cases=_pairs(use_pairs, deals.index),
        outcomes=_pairs(outcome_pairs, deals.index),
        titles=titles,
        outcome_labels={
            i: f"{customer}: {metric}" if metric else customer
            for i, customer, metric in outcome_rows
        },
        customers=frozenset(account_key(c) for _, c, _ in outcome_rows),
        unknown_industries=tuple(sorted(t for t, name in known.items() if t and not name)),
        segments=mapping,
    )


def _json_lists(texts: list[str | None]) -> list[list[str]]:
    """Many JSON lists decoded at once (NULL or `null` as an empty list)."""
    joined = ",".join(t if t else "null" for t in texts)
    return json.loads(f"[{joined}]") if texts else []


def _pairs(pairs: list[tuple[str, str]], deal_ids: pd.Index) -> pd.DataFrame:
    """(deal, item) once each, for deals that were imported."""
    frame = pd.DataFrame(pairs, columns=["deal_id", "item"]).drop_duplicates()
    return frame[frame["deal_id"].isin(deal_ids)].reset_index(drop=True)


def deal_data(engine: Engine) -> DealData:
    """The read, kept until the deals, the usage log or the library change."""
    return kept(engine, READ, lambda: load(engine))
