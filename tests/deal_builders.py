"""Deals and deal-linked usage events in a few lines, for the Influence tests.

deals(engine, [deal("D1", "won", "Healthcare", 500)], [used("D1", "UC-1")])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from lib.core import db
from lib.core.models import Deal, UsageEvent
from lib.deals.cache import deals_changed


def deal(
    id: str, status: str = "won", industry: str = "Healthcare", employees: int | None = 500,
    **fields: Any,
) -> dict[str, Any]:  # fmt: skip
    """A deal that is `won`, `lost` or `open`."""
    data: dict[str, Any] = {
        "id": id,
        "name": f"Deal {id}",
        "account": f"Account {id}",
        "stage": {"won": "Closed Won", "lost": "Closed Lost"}.get(status, "Negotiation"),
        "amount": 10_000.0,
        "currency": "USD",
        "created_on": dt.date(2026, 1, 1),
        "close_date": dt.date(2026, 3, 2),
        "closed": status in ("won", "lost"),
        "won": status == "won",
        "industry": industry,
        "employees": employees,
        "owner": "Sam Seller",
        "source": "salesforce",
        "imported_at": dt.datetime(2026, 4, 1),
    }
    data.update(fields)
    return data


def used(deal_id: str, *use_cases: str, outcomes: Sequence[str] = ()) -> dict[str, Any]:
    """A pack generated for `deal_id` showing these use cases and outcomes."""
    return {"deal_id": deal_id, "use_case_ids": list(use_cases), "outcome_ids": list(outcomes)}


def deals(
    engine: Engine, rows: Sequence[dict[str, Any]], events: Sequence[dict[str, Any]] = ()
) -> Engine:
    with db.unit_of_work(engine) as s:
        s.add_all(Deal(**r) for r in rows)
        if rows:
            deals_changed(s)  # as the deals import does
        for n, e in enumerate(events):
            s.add(
                UsageEvent(
                    at=dt.datetime(2026, 2, 1) + dt.timedelta(minutes=n),
                    kind="pack",
                    format="pdf",
                    prospect="",
                    industry="",
                    company_size="",
                    who="rep@acme.com",
                    **e,
                )
            )
    return engine
