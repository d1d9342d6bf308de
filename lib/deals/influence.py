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

import numpy as np
import pandas as pd

from lib.core.win_signal import MIN_SAMPLE
from lib.deals.data import DealData
from lib.deals.segments import account_key

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
    most deals first.

    Computed on arrays (one row per deal and item used in it) rather than row by row: 300,000
    usage events over 20,000 use cases take well under a second.
    """
    pairs = data.use_cases if kind == "use_case" else data.outcomes
    labels = data.titles if kind == "use_case" else data.outcome_labels
    if pairs.empty:
        return []
    deals = data.deals
    d, item, items = pairs.deal, pairs.item, pairs.items
    n = len(items)
    deal_won = deals["won"].to_numpy(dtype=bool)
    deal_closed = deals["closed"].to_numpy(dtype=bool)
    won, closed = deal_won[d], deal_closed[d]
    lost, still_open = closed & ~won, ~closed

    def per_item(mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(
            item[mask], weights=None if weights is None else weights[mask], minlength=n
        )

    n_open, n_won, n_lost = per_item(still_open), per_item(won), per_item(lost)
    # Comparable deals: closed, in a (known industry, size) cell where the item was used on a
    # closed deal, but without the item.
    industry = deals["industry"].to_numpy(dtype=object).astype(str)
    cell_of, cells = pd.factorize(pd.Series(industry) + "\x1f" + deals["size"].astype(str).values)
    cell_of = np.where(industry != "", cell_of, -1)
    m = len(cells)
    known = cell_of >= 0
    cell_closed = np.bincount(cell_of[known & deal_closed], minlength=m)
    cell_won = np.bincount(cell_of[known & deal_won], minlength=m)
    pair_cell = cell_of[d]
    used = closed & (pair_cell >= 0)
    keys, where = np.unique(item[used] * m + pair_cell[used], return_inverse=True)
    used_closed = np.bincount(where, minlength=len(keys))
    used_won = np.bincount(where, weights=won[used], minlength=len(keys))
    key_item, key_cell = keys // m, keys % m
    other_closed = np.bincount(
        key_item, weights=cell_closed[key_cell] - used_closed, minlength=n
    ).astype(int)
    other_won = np.bincount(key_item, weights=cell_won[key_cell] - used_won, minlength=n).astype(
        int
    )
    medians = _medians(item, won, deals["cycle_days"].to_numpy(dtype=float)[d], n)
    amount = pd.to_numeric(deals["amount"], errors="coerce").to_numpy(dtype=float)[d]
    currency = deals["currency"].fillna("").to_numpy(dtype=object).astype(str)[d]
    pipeline: dict[str, np.ndarray] = {}
    won_amount: dict[str, np.ndarray] = {}
    has_amount = ~np.isnan(amount)
    for code in np.unique(currency[has_amount]):
        mask = has_amount & (currency == code)
        pipeline[str(code)] = per_item(mask & still_open, amount)
        won_amount[str(code)] = per_item(mask & won, amount)
    found: list[Influence] = []
    for i, item_id in enumerate(items.tolist()):
        w, lo = int(n_won[i]), int(n_lost[i])
        found.append(
            Influence(
                id=item_id,
                label=labels.get(item_id, f"{item_id} (no longer in the library)"),
                open=int(n_open[i]),
                won=w,
                lost=lo,
                used=Rate(w, w + lo, min_sample),
                comparable=Rate(int(other_won[i]), int(other_closed[i]), min_sample),
                median_cycle_days=None if np.isnan(medians[i]) else float(medians[i]),
                pipeline={c: float(v[i]) for c, v in pipeline.items() if v[i]},
                won_amount={c: float(v[i]) for c, v in won_amount.items() if v[i]},
            )
        )
    found.sort(key=lambda r: (-r.deals, -r.won, r.id))
    return found


def _medians(item: np.ndarray, won: np.ndarray, cycle: np.ndarray, n: int) -> np.ndarray:
    """The median sales cycle of each item's won deals (NaN when none has both dates)."""
    medians = np.full(n, np.nan)
    mask = won & ~np.isnan(cycle)
    if not mask.any():
        return medians
    items, days = item[mask], cycle[mask]
    order = np.lexsort((days, items))
    items, days = items[order], days[order]
    starts = np.flatnonzero(np.r_[True, items[1:] != items[:-1]])
    ends = np.r_[starts[1:], len(items)]
    for start, end in zip(starts, ends, strict=True):
        half = (end - start) // 2
        middle = start + half
        medians[items[start]] = (
            days[middle] if (end - start) % 2 else (days[middle - 1] + days[middle]) / 2
        )
    return medians


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
    deals = data.deals
    won = (deals["won"] & (deals["industry"] != "")).to_numpy(dtype=bool)
    if not won.any():
        return []
    industry = deals["industry"].to_numpy(dtype=object)
    size = deals["size"].to_numpy(dtype=object)
    cell_of, cells = pd.factorize(pd.MultiIndex.from_arrays([industry[won], size[won]]))
    cell = np.full(len(deals), -1, dtype=np.int64)
    cell[won] = cell_of
    totals = np.bincount(cell_of, minlength=len(cells))
    pairs = data.use_cases
    pair_cell = cell[pairs.deal] if not pairs.empty else np.zeros(0, dtype=np.int64)
    used = pair_cell >= 0
    n = max(len(pairs.items), 1)
    keys, counts = np.unique(pair_cell[used] * n + pairs.item[used], return_counts=True)
    key_cell, key_item = keys // n, keys % n
    # Within a cell: most won deals first, then by id (item positions follow the sorted ids).
    order = np.lexsort((key_item, -counts, key_cell))
    key_cell, key_item, counts = key_cell[order], key_item[order], counts[order]
    starts = np.searchsorted(key_cell, np.arange(len(cells)))
    ends = np.searchsorted(key_cell, np.arange(len(cells)), side="right")
    found = []
    for c, (cell_industry, cell_size) in enumerate(cells):
        first, last = starts[c], min(ends[c], starts[c] + top)
        items = tuple(
            (str(pairs.items[i]), int(k))
            for i, k in zip(key_item[first:last], counts[first:last], strict=True)
        )
        found.append(SegmentWins(str(cell_industry), str(cell_size), int(totals[c]), items))
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
    won = deals[deals["won"] & (deals["account"] != "")]
    keys = {a: account_key(a) for a in won["account"].unique()}
    askable = won[~won["account"].map(keys).isin(data.customers)]
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
                close_date=None if pd.isna(row.close_date) else row.close_date.date(),
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
