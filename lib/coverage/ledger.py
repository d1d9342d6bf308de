"""Shareable outcomes with no approval on record: proof reps use today that nobody can show a
signed form or email for. The permission word says "public", but the ledger (who at the
customer approved, and when) is empty, so marketing fills it in before someone asks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lib.core import sharing
from lib.coverage.freshness import NO_OWNER
from lib.coverage.model import CoverageData


@dataclass(frozen=True)
class UnrecordedApproval:
    id: str
    customer: str
    use_case_id: str
    use_case_title: str
    owner: str
    permission: str
    scope: str  # the recorded uses, or "" when none were recorded either


def unrecorded_approvals(data: CoverageData, today: dt.date) -> list[UnrecordedApproval]:
    """Outcomes a sales file may show today, of use cases still in use, whose ledger names
    neither who approved nor when; by owner, then outcome."""
    use_cases = {u.id: u for u in data.use_cases if u.status != "retired"}
    found = [
        UnrecordedApproval(
            id=o.id,
            customer=o.customer,
            use_case_id=o.use_case_id,
            use_case_title=u.title,
            owner=u.owner or NO_OWNER,
            permission=o.permission,
            scope=", ".join(sharing.scope_of(o)),
        )
        for o in data.outcomes
        if (u := use_cases.get(o.use_case_id)) is not None
        and sharing.is_shareable(o, today)
        and not sharing.has_approval(o)
    ]
    return sorted(found, key=lambda a: (a.owner.lower(), a.id))


def unrecorded_table(found: list[UnrecordedApproval]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            [a.owner, a.id, a.customer, f"{a.use_case_id} · {a.use_case_title}", a.permission,
             a.scope or "not recorded"]
            for a in found
        ],
        columns=["Owner", "Outcome", "Customer", "Use case", "Permission", "Approved uses"],
    )  # fmt: skip
