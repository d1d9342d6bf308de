"""What wins: the deals each use case and customer outcome was used in, and how they ended.

The figures describe, they never claim a cause: a use case is "used in deals that were won",
not "winning deals". A win rate is shown with its 95% Wilson interval, and only once enough
closed deals back it (`MIN_SAMPLE`, default 5); below that the figure reads "not enough closed
deals". Each rate is set beside comparable closed deals (the same industry and company size)
where the use case was not used.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from lib.core.win_signal import MIN_SAMPLE
from lib.deals.data import DealData

Z_95 = 1.959963984540054  # the two-sided 95% normal quantile
NOT_ENOUGH = "not enough closed deals"


@dataclass(frozen=True)
class Rate:
    """Won of closed deals, with its Wilson interval; `enough` once `closed >= min_sample`."""

    won: int
    closed: int
    min_sample: int = MIN_SAMPLE

    @property
    def enough(self) -> bool:
        return self.closed >= max(1, self.min_sample)

    @property
    def value(self) -> float | None:
        return self.won / self.closed if self.closed else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.won, self.closed) if self.closed else None

    def text(self) -> str:
        """'67% (30-90%), 6 of 9 closed' or 'not enough closed deals (3 of 5)'."""
        if not self.enough:
            return f"{NOT_ENOUGH} ({self.closed} of {self.min_sample})"
        low, high = self.interval  # type: ignore[misc]
        return f"{self.value:.0%} ({low:.0%}–{high:.0%}), {self.won} of {self.closed} closed"

    def as_dict(self) -> dict[str, object]:
        found: dict[str, object] = {"won": self.won, "closed": self.closed, "enough": self.enough}
        if self.enough:
            low, high = self.interval  # type: ignore[misc]
            found |= {"rate": self.value, "low": low, "high": high}
        return found


def wilson(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (better than the normal one for small or
    extreme samples, and never outside 0..1)."""
    if trials <= 0:
        raise ValueError("a rate needs at least one trial")
    if not 0 <= successes <= trials:
        raise ValueError(f"{successes} successes is not between 0 and {trials}")
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z / (1 + z2 / trials) * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    low = 0.0 if successes == 0 else max(0.0, centre - half)  # exact at the ends: no
    high = 1.0 if successes == trials else min(1.0, centre + half)  # rounding noise
    return low, high


@dataclass(frozen=True)
class Influence:
    """One use case or outcome: the deals it was used in and how they ended."""

    id: str
    label: str
    open: int
    won: int
    lost: int
    used: Rate
    comparable: Rate
    median_cycle_days: float | None
    pipeline: dict[str, float] = field(default_factory=dict)  # open deals' amounts by currency
    won_amount: dict[str, float] = field(default_factory=dict)

    @property
    def deals(self) -> int:
        return self.open + self.won + self.lost

    def words(self) -> str:
        """'used in 9 deals: 6 that were won, 2 that were lost, 1 still open'."""
        return (
            f"used in {self.deals} deal{'s' if self.deals != 1 else ''}: {self.won} that "
            f"{'was' if self.won == 1 else 'were'} won, {self.lost} that "
            f"{'was' if self.lost == 1 else 'were'} lost, {self.open} still open"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "open": self.open,
            "won": self.won,
            "lost": self.lost,
            "win_rate_where_used": self.used.as_dict(),
            "win_rate_comparable_not_used": self.comparable.as_dict(),
            "median_sales_cycle_days": self.median_cycle_days,
            "pipeline": self.pipeline,
            "won_amount": self.won_amount,
        }


def money(amounts: dict[str, float]) -> str:
    """'USD 1,200,000; EUR 30,000' ('' for none); an amount without currency has no code."""
    return "; ".join(
        f"{code + ' ' if code else ''}{value:,.0f}" for code, value in sorted(amounts.items())
    )


def influence(
    data: DealData, kind: str = "use_case", min_sample: int = MIN_SAMPLE
) -> list[Influence]:
    """Per use case (`kind="use_case"`) or outcome (`"outcome"`) used in at least one deal,
    most deals first."""
    pairs = data.use_cases if kind == "use_case" else data.outcomes
    labels = data.titles if kind == "use_case" else data.outcome_labels
    if pairs.empty:
        return []
    deals = data.deals
    used = pairs.join(deals, on="deal_id")
    counts = pd.crosstab(used["item"], used["status"])
    for status in ("open", "won", "lost"):
        if status not in counts:
            counts[status] = 0
    # Comparable deals: closed, in a (known industry, size) cell where the item was used on a
    # closed deal, but without the item.
    closed = deals[deals["closed"] & (deals["industry"] != "")]
    cell_totals = closed.groupby(["industry", "size"]).agg(
        cell_closed=("won", "size"), cell_won=("won", "sum")
    )
    used_closed = used[used["closed"] & (used["industry"] != "")]
    per_cell = used_closed.groupby(["item", "industry", "size"]).agg(
        closed=("won", "size"), won=("won", "sum")
    )
    per_cell = per_cell.join(cell_totals, on=["industry", "size"])
    per_cell["other_closed"] = per_cell["cell_closed"] - per_cell["closed"]
    per_cell["other_won"] = per_cell["cell_won"] - per_cell["won"]
    comparable = per_cell.groupby(level="item")[["other_closed", "other_won"]].sum()
    cycles = used[used["won"]].groupby("item")["cycle_days"].median()
    amounts = used[used["amount"].notna()].copy()
    amounts["currency"] = amounts["currency"].fillna("")
    sums = amounts.groupby(["item", "status", "currency"])["amount"].sum()
    money_of: dict[tuple[str, str], dict[str, float]] = {}
    for (item, status, currency), total in sums.items():
        money_of.setdefault((item, status), {})[currency] = float(total)
    found: list[Influence] = []
    for item, row in counts.iterrows():
        won, lost = int(row["won"]), int(row["lost"])
        other = comparable.loc[item] if item in comparable.index else None
        cycle = cycles.get(item)
        found.append(
            Influence(
                id=str(item),
                label=labels.get(str(item), f"{item} (no longer in the library)"),
                open=int(row["open"]),
                won=won,
                lost=lost,
                used=Rate(won, won + lost, min_sample),
                comparable=Rate(
                    int(other["other_won"]) if other is not None else 0,
                    int(other["other_closed"]) if other is not None else 0,
                    min_sample,
                ),
                median_cycle_days=None if cycle is None or pd.isna(cycle) else float(cycle),
                pipeline=money_of.get((item, "open"), {}),
                won_amount=money_of.get((item, "won"), {}),
            )
        )
    found.sort(key=lambda i: (-i.deals, -i.won, i.id))
    return found


def influence_table(rows: Iterable[Influence], kind: str = "use_case") -> pd.DataFrame:
    """The figures as a table for the page, the command line and the workbook."""
    name = "Use case" if kind == "use_case" else "Outcome"
    return pd.DataFrame(
        [
            {
                name: r.id,
                "Title" if kind == "use_case" else "Customer": r.label,
                "Deals used in": r.deals,
                "Open": r.open,
                "Won": r.won,
                "Lost": r.lost,
                "Win rate where used (95% interval)": r.used.text(),
                "Comparable deals where not used": r.comparable.text(),
                "Median sales cycle of won deals (days)": r.median_cycle_days,
                "Pipeline (open deals)": money(r.pipeline),
                "Won amount": money(r.won_amount),
            }
            for r in rows
        ],
        columns=[
            name,
            "Title" if kind == "use_case" else "Customer",
            "Deals used in",
            "Open",
            "Won",
            "Lost",
            "Win rate where used (95% interval)",
            "Comparable deals where not used",
            "Median sales cycle of won deals (days)",
            "Pipeline (open deals)",
            "Won amount",
        ],
    )


@dataclass(frozen=True)
class SegmentWins:
    """The won deals of one industry x size and the use cases used in them."""

    industry: str
    size: str
    won_deals: int
    use_cases: tuple[tuple[str, int], ...]  # (use case id, won deals used in), most first


def won_by_segment(data: DealData, top: int = 5) -> list[SegmentWins]:
    """Per industry x size with won deals: the use cases used in most of them."""
    won = data.deals[data.deals["won"] & (data.deals["industry"] != "")]
    if won.empty:
        return []
    totals = won.groupby(["industry", "size"]).size()
    used = data.use_cases.join(won[["industry", "size"]], on="deal_id", how="inner")
    per = used.groupby(["industry", "size", "item"]).size()
    found = []
    for (industry, size), count in totals.items():
        if (industry, size) in per.index.droplevel("item"):
            top_items = per.loc[(industry, size)].sort_values(ascending=False, kind="stable")
            items = tuple(
                (str(i), int(n))
                for i, n in sorted(top_items.items(), key=lambda x: (-x[1], x[0]))[:top]
            )
        else:
            items = ()
        found.append(SegmentWins(str(industry), str(size), int(count), items))
    found.sort(key=lambda s: (-s.won_deals, s.industry, s.size))
    return found


def segment_table(rows: Iterable[SegmentWins], titles: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Industry": s.industry,
                "Company size": s.size or "(head count not known)",
                "Won deals": s.won_deals,
                "Use cases used in them": "; ".join(
                    f"{uc} {titles.get(uc, '')} (in {n} of {s.won_deals})".replace("  ", " ")
                    for uc, n in s.use_cases
                )
                or "none recorded",
            }
            for s in rows
        ],
        columns=["Industry", "Company size", "Won deals", "Use cases used in them"],
    )


@dataclass(frozen=True)
class Ask:
    """A closed-won deal whose customer has no outcome yet, in a segment short of proof."""

    industry: str
    personas: tuple[str, ...]  # the gaps' personas in that industry
    deal_id: str
    account: str
    owner: str
    amount: float | None
    currency: str
    close_date: object


def whom_to_ask(data: DealData, gaps: Iterable[tuple[str, str, str | None]]) -> list[Ask]:
    """For gaps short of shareable proof, given as (industry, persona, company size or None):
    the closed-won deals in that industry (and size) whose account has no outcome yet, the
    largest first."""
    wanted: dict[tuple[str, str | None], list[str]] = {}
    for industry, persona, size in gaps:
        wanted.setdefault((industry, size or None), []).append(persona)
    deals = data.deals
    askable = deals[
        deals["won"] & (deals["account"] != "") & ~deals["account_key"].isin(data.customers)
    ]
    found: dict[str, Ask] = {}
    for (industry, size), personas in wanted.items():
        rows = askable[askable["industry"] == industry]
        if size:
            rows = rows[rows["size"] == size]
        for row in rows[["account", "owner", "amount", "currency", "close_date"]].itertuples():
            deal_id = str(row.Index)
            earlier = found.get(deal_id)
            both = tuple(dict.fromkeys((*(earlier.personas if earlier else ()), *personas)))
            found[deal_id] = Ask(
                industry=industry,
                personas=both,
                deal_id=deal_id,
                account=str(row.account),
                owner=str(row.owner or ""),
                amount=None if pd.isna(row.amount) else float(row.amount),
                currency=str(row.currency or ""),
                close_date=row.close_date,
            )
    return sorted(found.values(), key=lambda a: (-(a.amount or 0.0), a.account, a.deal_id))


def asks_table(asks: Iterable[Ask]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Industry": a.industry,
                "Gap personas": ", ".join(a.personas),
                "Account": a.account,
                "Owner": a.owner,
                "Amount": money({a.currency: a.amount}) if a.amount is not None else "",
                "Close date": a.close_date,
                "Deal": a.deal_id,
            }
            for a in asks
        ],
        columns=["Industry", "Gap personas", "Account", "Owner", "Amount", "Close date", "Deal"],
    )
