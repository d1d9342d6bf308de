"""The won deals Call prep's ranking may lean on, a little: which use cases were used in the
won deals of the prospect's segment.

Computed from the deals (`lib.deals.signal`) and handed to the recommender as plain data, so
call prep does not depend on the deals. Only segments with at least the minimum sample of won
deals are present: below it there is no signal at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ALL_SIZES = ""  # the size key of a segment counted over every company size
# Closed (or, for the signal, won) deals needed before a figure is given at all.
MIN_SAMPLE = 5


@dataclass(frozen=True)
class WinSignal:
    """The won deals of one segment and how many of them each use case was used in."""

    segment: str  # as the reason names it: "Healthcare Mid-market"
    won_deals: int
    used_in: Mapping[str, int] = field(default_factory=dict)  # use case id -> won deals

    def share(self, use_case_id: str) -> float:
        """0..1: the share of the segment's won deals the use case was used in."""
        return self.used_in.get(use_case_id, 0) / self.won_deals if self.won_deals else 0.0

    def reason(self, use_case_id: str) -> str:
        """'used in 6 of 8 won Healthcare Mid-market deals' ('' when in none of them)."""
        n = self.used_in.get(use_case_id, 0)
        if not n:
            return ""
        return f"used in {n} of {self.won_deals} won {self.segment} deals"


@dataclass(frozen=True)
class WinSignals:
    """Every segment's signal, by (industry, company size); size "" counts every size."""

    by_segment: Mapping[tuple[str, str], WinSignal] = field(default_factory=dict)

    def for_segment(self, industry: str, size: str = "") -> WinSignal | None:
        """The prospect's industry and size, else the industry over all sizes, else None."""
        if not industry:
            return None
        return self.by_segment.get((industry, size)) or self.by_segment.get((industry, ALL_SIZES))
