"""The Influence report: what the page, `python -m lib influence` and the coverage workbook
show, computed once per state of the deals, the usage log and the library."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from lib.deals import data as deal_data
from lib.deals.cache import kept
from lib.deals.influence import (
    MIN_SAMPLE,
    Ask,
    Influence,
    SegmentWins,
    asks_table,
    influence,
    influence_table,
    money,
    segment_table,
    whom_to_ask,
    won_by_segment,
)
from lib.deals.signal import win_signals

CAVEAT = (
    "These figures describe the deals each use case or outcome was used in; they do not show "
    "that it made the difference. Rates are of closed deals, with a 95% Wilson interval; below "
    "{n} closed deals no rate is given."
)


@dataclass(frozen=True)
class InfluenceReport:
    """Everything the Influence view shows; its tables are built once and shared (read only)."""

    min_sample: int
    deals: Counter[str]  # open / won / lost
    deals_with_usage: int
    use_cases: tuple[Influence, ...]
    outcomes: tuple[Influence, ...]
    segments: tuple[SegmentWins, ...]
    titles: dict[str, str]
    unknown_industries: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not sum(self.deals.values())

    @property
    def caveat(self) -> str:
        return CAVEAT.format(n=self.min_sample)

    @cached_property
    def use_case_table(self) -> pd.DataFrame:
        return influence_table(self.use_cases)

    @cached_property
    def outcome_table(self) -> pd.DataFrame:
        return influence_table(self.outcomes, "outcome")

    @cached_property
    def segment_table(self) -> pd.DataFrame:
        return segment_table(self.segments, self.titles)

    def headline(self) -> str:
        d = self.deals
        return (
            f"{sum(d.values()):,} deals ({d['won']:,} won, {d['lost']:,} lost, "
            f"{d['open']:,} open); "
            f"{self.deals_with_usage:,} had a pack or question sheet prepared for them"
        )


def build(data: deal_data.DealData, min_sample: int = MIN_SAMPLE) -> InfluenceReport:
    deals = data.deals
    return InfluenceReport(
        min_sample=min_sample,
        deals=Counter(deals["status"].tolist()) if not deals.empty else Counter(),
        deals_with_usage=len(np.union1d(data.use_cases.deal, data.outcomes.deal)),
        use_cases=tuple(influence(data, "use_case", min_sample)),
        outcomes=tuple(influence(data, "outcome", min_sample)),
        segments=tuple(won_by_segment(data)),
        titles=data.titles,
        unknown_industries=data.unknown_industries,
    )


def influence_report(engine: Engine, min_sample: int = MIN_SAMPLE) -> InfluenceReport:
    """The report, kept until the deals, the usage log or the library change."""
    if min_sample < 1:
        raise ValueError(f"the minimum sample must be at least 1 closed deal, not {min_sample}")
    return kept(
        engine,
        f"influence report {min_sample}",
        lambda: build(deal_data.deal_data(engine), min_sample),
    )


def warm_influence(engine: Engine) -> None:
    """The Influence figures and Call prep's win signal, read from the deals and the usage log:
    built in the background with every new revision (app.py), so their first view after a
    write or a start is quick."""
    influence_report(engine)
    win_signals(engine)


def asks(engine: Engine, gaps: Iterable[tuple[str, str, str | None]]) -> list[Ask]:
    """Whom to ask for proof: closed-won accounts without an outcome, for these gaps."""
    wanted = tuple(sorted(set(gaps), key=lambda g: (g[0], g[1], g[2] or "")))
    return kept(
        engine, f"asks {hash(wanted)}", lambda: whom_to_ask(deal_data.deal_data(engine), wanted)
    )


def asks_frame(found: Iterable[Ask]) -> pd.DataFrame:
    return asks_table(found)


def influence_sheet(report: InfluenceReport) -> pd.DataFrame:
    """One table for the coverage workbook: every use case, then every outcome."""
    frames = []
    for kind, table in (("use case", report.use_case_table), ("outcome", report.outcome_table)):
        table = table.rename(columns={table.columns[0]: "Id", table.columns[1]: "Name"})
        table.insert(0, "Kind", kind)
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def as_json(report: InfluenceReport, found_asks: Iterable[Ask] = ()) -> dict[str, object]:
    return {
        "min_sample": report.min_sample,
        "caveat": report.caveat,
        "deals": dict(report.deals),
        "deals_with_usage": report.deals_with_usage,
        "use_cases": [i.as_dict() for i in report.use_cases],
        "outcomes": [i.as_dict() for i in report.outcomes],
        "by_segment": [
            {
                "industry": s.industry,
                "company_size": s.size,
                "won_deals": s.won_deals,
                "use_cases": [{"id": u, "won_deals_used_in": n} for u, n in s.use_cases],
            }
            for s in report.segments
        ],
        "whom_to_ask": [
            {
                "industry": a.industry,
                "gap_personas": list(a.personas),
                "account": a.account,
                "owner": a.owner,
                "amount": a.amount,
                "currency": a.currency,
                "close_date": a.close_date.isoformat() if a.close_date else None,
                "deal": a.deal_id,
            }
            for a in found_asks
        ],
        "unknown_industries": list(report.unknown_industries),
    }


def as_text(report: InfluenceReport, found_asks: Iterable[Ask] = (), top: int = 20) -> str:
    if report.empty:
        return (
            "No deals yet: import a Salesforce opportunity report or HubSpot deals export with "
            "`python -m lib deals import FILE`."
        )
    lines = ["Influence: " + report.headline(), report.caveat, ""]
    for title, rows in (("Use cases", report.use_cases), ("Customer outcomes", report.outcomes)):
        lines.append(f"{title} ({min(top, len(rows))} of {len(rows)} used in deals):")
        for r in rows[:top]:
            lines.append(f"  {r.id}  {r.label}")
            lines.append(f"    {r.words()}")
            lines.append(f"    win rate where used: {r.used.text()}")
            lines.append(f"    comparable deals where not used: {r.comparable.text()}")
            extra = []
            if r.median_cycle_days is not None:
                extra.append(f"median sales cycle of the won ones {r.median_cycle_days:g} days")
            if r.pipeline:
                extra.append(f"open pipeline {money(r.pipeline)}")
            if r.won_amount:
                extra.append(f"won amount {money(r.won_amount)}")
            if extra:
                lines.append(f"    {'; '.join(extra)}")
        if not rows:
            lines.append("  none yet: no pack was prepared for an imported deal")
        lines.append("")
    lines.append("Use cases in the won deals of each industry x size:")
    for s in report.segments[:top]:
        used = ", ".join(f"{u} (in {n} of {s.won_deals})" for u, n in s.use_cases) or "none"
        lines.append(f"  {s.industry} x {s.size or 'size not known'}: {used}")
    found_asks = list(found_asks)
    if found_asks:
        lines += ["", "Whom to ask for proof (won deals in gap segments, no outcome yet):"]
        for a in found_asks[:top]:
            amount = money({a.currency: a.amount}) if a.amount is not None else "no amount"
            lines.append(
                f"  {a.account} ({a.industry}; owner {a.owner or 'unknown'}; {amount}; "
                f"closed {a.close_date or 'date unknown'}; for {', '.join(a.personas)})"
            )
    if report.unknown_industries:
        lines += [
            "",
            "CRM industries the library does not know (add them as aliases on Segments): "
            + ", ".join(report.unknown_industries),
        ]
    return "\n".join(lines)


def influence_sheet_for(engine: Engine) -> pd.DataFrame | None:
    """The coverage workbook's Influence sheet, or None when no deal was imported."""
    report = influence_report(engine)
    return None if report.empty else influence_sheet(report)
