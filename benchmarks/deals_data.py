"""Synthetic CRM deals and deal-linked usage events over the synthetic library.

`export(path, n)` writes a Salesforce opportunity report of `n` deals as .xlsx (real dates,
numbers and booleans, as Salesforce writes them); `usage(engine, n_events, ...)` logs packs
prepared for those deals, each with two or three use cases of the deal's industry (and
sometimes an outcome), so every Influence figure has something to count.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter
from sqlalchemy import Engine, insert

from benchmarks.synthetic import INDUSTRIES, SyntheticLibrary
from lib.core import db
from lib.core.models import UsageEvent
from tests.deal_exports import SALESFORCE_HEADERS

HEADERS = SALESFORCE_HEADERS  # the report's columns, as the tests write them
STAGES = ("Closed Won", "Closed Lost", "Closed Lost", "Negotiation", "Prospecting")


def deal_id(i: int) -> str:
    return f"006{i:015d}"


def deal_industry(i: int) -> str:
    return INDUSTRIES[i % len(INDUSTRIES)]


def export(path: Path, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Opportunities")
    dates = book.add_format({"num_format": "m/d/yyyy"})
    for c, h in enumerate(HEADERS):
        sheet.write_string(0, c, h)
    start = dt.datetime(2024, 1, 1)
    for i in range(n):
        r = i + 1
        stage = rng.choice(STAGES)
        created = start + dt.timedelta(days=rng.randint(0, 900))
        sheet.write_string(r, 0, deal_id(i))
        sheet.write_string(r, 1, f"Opportunity {i}")
        sheet.write_string(r, 2, f"Account {rng.randint(0, n // 3)}")
        sheet.write_string(r, 3, stage)
        sheet.write_number(r, 4, round(rng.uniform(2_000, 400_000), 2))
        sheet.write_datetime(r, 5, created + dt.timedelta(days=rng.randint(14, 240)), dates)
        sheet.write_datetime(r, 6, created, dates)
        sheet.write_boolean(r, 7, stage == "Closed Won")
        sheet.write_boolean(r, 8, stage.startswith("Closed"))
        sheet.write_string(r, 9, deal_industry(i))
        sheet.write_number(r, 10, rng.choice((40, 120, 450, 900, 3000, 12000)))
        sheet.write_string(r, 11, f"Rep {rng.randint(1, 200)}")
    book.close()


def usage(
    engine: Engine, library: SyntheticLibrary, n_deals: int, n_events: int, seed: int = 13
) -> None:
    rng = random.Random(seed)
    by_industry: dict[str, list[str]] = {}
    for link in library.industry_links:
        by_industry.setdefault(link["segment_id"], []).append(link["use_case_id"])
    outcomes_of: dict[str, list[str]] = {}
    for o in library.outcomes:
        outcomes_of.setdefault(o["use_case_id"], []).append(o["id"])
    # A few favourite use cases per industry, so won deals share some (as in real teams).
    favourites = {k: v[:25] for k, v in by_industry.items()}
    rows = []
    at = dt.datetime(2025, 1, 1)
    for e in range(n_events):
        i = rng.randrange(n_deals)
        industry = deal_industry(i)
        pool: Sequence[str] = (
            favourites.get(industry) if rng.random() < 0.6 else by_industry.get(industry)
        ) or [link["use_case_id"] for link in library.industry_links[:50]]
        ucs = rng.sample(list(pool), k=min(len(pool), rng.choice((2, 3))))
        outs = [o for u in ucs for o in outcomes_of.get(u, ())[:1]][:2]
        rows.append(
            {
                "at": at + dt.timedelta(seconds=e * 30),
                "kind": "pack",
                "format": "pdf",
                "prospect": f"Account {i}",
                "industry": industry,
                "company_size": "",
                "use_case_ids": ucs,
                "outcome_ids": outs,
                "who": f"rep{rng.randint(1, 200)}@acme.com",
                "deal_id": deal_id(i),
            }
        )
    with db.unit_of_work(engine) as session:
        for start in range(0, len(rows), 50_000):
            session.execute(insert(UsageEvent), rows[start : start + 50_000])
