"""Reference fatigue on the Coverage page: customers asked too often, and customers at risk.

Counted from real reference requests (`lib.core.fatigue`), not from pack downloads: a pack
that tells a customer's story does not call them, a reference request does. The usage log's
"shown to N prospects" stays as a measure of how much a story is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from lib.core.fatigue import Fatigue


@dataclass(frozen=True)
class FatigueWarning:
    customer: str
    reference_id: str
    kind: str  # over-asked | at risk | resting
    message: str


def fatigue_warnings(states: Sequence[Fatigue]) -> list[FatigueWarning]:
    """Over-asked (at the quarter's limit or resting) and at-risk references, at-risk first."""
    found: list[FatigueWarning] = []
    for f in states:
        ref = f.reference
        who = f"{ref.customer} ({ref.contact})" if ref.contact else ref.customer
        if ref.at_risk:
            found.append(
                FatigueWarning(
                    ref.customer,
                    ref.id,
                    "at risk",
                    f"{who} is at risk: not offered as a reference until the account owner "
                    f"({ref.account_owner or 'none named'}) clears the flag.",
                )
            )
        if f.over_asked:
            reasons = [r for r in f.reasons if not r.startswith(("at risk", "do not ask"))]
            found.append(
                FatigueWarning(
                    ref.customer,
                    ref.id,
                    "over-asked",
                    f"{who}: {'; '.join(reasons)} — not offered until the limit allows.",
                )
            )
    return sorted(found, key=lambda w: (w.kind != "at risk", w.customer.casefold()))


def fatigue_table(states: Sequence[Fatigue]) -> pd.DataFrame:
    """Every reference with this quarter's asks and whether Call prep offers it today."""
    return pd.DataFrame(
        [
            {
                "Customer": f.reference.customer,
                "Reference": f.reference.id,
                "Contact": f.reference.contact,
                "Asks this quarter": f.asks_this_quarter,
                "Limit": f.reference.max_asks_per_quarter,
                "Last asked": f.last_ask,
                "Offered": "yes" if f.available else "no",
                "Why not": "; ".join(f.reasons),
                "Account owner": f.reference.account_owner,
            }
            for f in states
        ],
        columns=[
            "Customer", "Reference", "Contact", "Asks this quarter", "Limit", "Last asked",
            "Offered", "Why not", "Account owner",
        ],
    )  # fmt: skip
