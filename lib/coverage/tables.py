"""The coverage lists as tables with the column names people read, for the page and the workbook.

One definition per table, so what the page shows and what the downloaded report holds agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from lib.coverage.completeness import Completeness
    from lib.coverage.dismissals import Dismissal
    from lib.coverage.freshness import (
        ExpiredOutcome,
        ExpiringOutcome,
        RenewalQueue,
        ReviewQueue,
        StaleUseCase,
    )
    from lib.coverage.report import CellUseCase, Gap
    from lib.coverage.usage import Overuse, UseCount


def _frame(columns: Sequence[str], rows: list[list[object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def gaps_table(gaps: Sequence[Gap]) -> pd.DataFrame:
    return _frame(
        ["Industry", "Persona", "Company size", "Priority", "Use cases", "Shareable proof",
         "Discovery questions", "Shortfall", "Score", "What is missing"],
        [
            [g.industry, g.persona, g.company_size or "all", g.priority, g.use_cases, g.proof,
             g.has_questions, g.shortfall, g.score, g.missing_text]
            for g in gaps
        ],
    )  # fmt: skip


def stale_table(stale: Sequence[StaleUseCase]) -> pd.DataFrame:
    return _frame(
        ["Use case", "Title", "Status", "Owner", "Last reviewed", "Days since review"],
        [[s.id, s.title, s.status, s.owner, s.last_reviewed, s.days_since_review] for s in stale],
    )


def queue_table(queues: Sequence[ReviewQueue]) -> pd.DataFrame:
    return _frame(
        ["Owner", "Stale use cases", "Oldest first"],
        [
            [q.owner, q.count, ", ".join(s.id for s in q.use_cases[:5])
             + (" …" if q.count > 5 else "")]
            for q in queues
        ],
    )  # fmt: skip


def expiring_table(expiring: Sequence[ExpiringOutcome]) -> pd.DataFrame:
    return _frame(
        ["Outcome", "Customer", "Use case", "Owner", "Permission", "Expires", "Days left"],
        [
            [e.id, e.customer, f"{e.use_case_id} · {e.use_case_title}", e.owner, e.permission,
             e.expires, e.days_left]
            for e in expiring
        ],
    )  # fmt: skip


def expired_table(expired: Sequence[ExpiredOutcome]) -> pd.DataFrame:
    return _frame(
        ["Owner", "Outcome", "Customer", "Use case", "Permission", "Expired", "Days ago"],
        [
            [e.owner, e.id, e.customer, f"{e.use_case_id} · {e.use_case_title}", e.permission,
             e.expired, e.days_ago]
            for e in expired
        ],
    )  # fmt: skip


def renewal_table(queues: Sequence[RenewalQueue]) -> pd.DataFrame:
    return _frame(
        ["Owner", "Expired permissions", "Customers"],
        [
            [q.owner, q.count, ", ".join(dict.fromkeys(e.customer for e in q.outcomes))]
            for q in queues
        ],
    )


def permissions_table(
    expired: Sequence[ExpiredOutcome], expiring: Sequence[ExpiringOutcome]
) -> pd.DataFrame:
    """Expired permissions (to renew) then expiring ones, each with the owner who asks."""
    return _frame(
        ["Status", "Owner", "Outcome", "Customer", "Use case", "Permission", "Ends", "Days left"],
        [
            *([ "expired", e.owner, e.id, e.customer, f"{e.use_case_id} · {e.use_case_title}",
                e.permission, e.expired, -e.days_ago]
              for e in sorted(expired, key=lambda e: (e.owner.lower(), e.expired, e.id))),
            *([ "expiring", e.owner, e.id, e.customer, f"{e.use_case_id} · {e.use_case_title}",
                e.permission, e.expires, e.days_left]
              for e in expiring),
        ],
    )  # fmt: skip


def dismissed_table(dismissals: Sequence[Dismissal]) -> pd.DataFrame:
    return _frame(
        ["Industry", "Persona", "Reason", "Dismissed by", "When"],
        [[d.industry, d.persona, d.reason, d.who, d.at] for d in dismissals],
    )


def completeness_table(scores: Sequence[Completeness]) -> pd.DataFrame:
    return _frame(
        ["Use case", "Title", "Status", "Owner", "Score", "What is missing"],
        [[c.id, c.title, c.status, c.owner, c.score, c.missing_text] for c in scores],
    )


def cell_table(use_cases: Sequence[CellUseCase]) -> pd.DataFrame:
    return _frame(
        ["Use case", "Title", "Owner", "Shareable proof"],
        [[u.id, u.title, u.owner, u.proof] for u in use_cases],
    )


def use_count_table(counts: Sequence[UseCount]) -> pd.DataFrame:
    return _frame(
        ["Use case", "Title", "Packs"], [[c.use_case_id, c.title, c.uses] for c in counts]
    )


def overuse_table(warnings: Sequence[Overuse]) -> pd.DataFrame:
    return _frame(
        ["Customer", "Quarter", "Times shown", "Outcomes", "Prospects"],
        [
            [w.customer, w.quarter, w.times, ", ".join(w.outcome_ids), ", ".join(w.prospects)]
            for w in warnings
        ],
    )
