"""Freshness: use cases nobody has reviewed lately, and proof whose permission runs out.

A stale use case may describe a product that moved on; an expiring permission means a story
reps rely on is about to disappear from their packs, and an expired one already has. All need
an owner's attention, so expired permissions are queued by the use case's owner for renewal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lib.core.review import due_for_review, is_stale
from lib.core.vocab import EXPIRING_WITHIN_DAYS, STALE_AFTER_DAYS
from lib.coverage.model import CoverageData

__all__ = ["is_stale"]

NO_OWNER = "(no owner)"


@dataclass(frozen=True)
class StaleUseCase:
    id: str
    title: str
    status: str
    owner: str
    last_reviewed: dt.date | None
    days_since_review: int | None  # None: never reviewed


@dataclass(frozen=True)
class ReviewQueue:
    """One owner's stale use cases, oldest first."""

    owner: str
    use_cases: tuple[StaleUseCase, ...]

    @property
    def count(self) -> int:
        return len(self.use_cases)


@dataclass(frozen=True)
class ExpiringOutcome:
    id: str
    customer: str
    use_case_id: str
    use_case_title: str
    permission: str
    expires: dt.date
    days_left: int
    owner: str = NO_OWNER  # the use case's owner, who asks the customer to renew


@dataclass(frozen=True)
class ExpiredOutcome:
    """Proof that was shareable until its permission ran out: ask the customer to renew."""

    id: str
    customer: str
    use_case_id: str
    use_case_title: str
    owner: str
    permission: str
    expired: dt.date
    days_ago: int


@dataclass(frozen=True)
class RenewalQueue:
    """One owner's expired permissions, longest expired first."""

    owner: str
    outcomes: tuple[ExpiredOutcome, ...]

    @property
    def count(self) -> int:
        return len(self.outcomes)


def stale_use_cases(
    data: CoverageData, today: dt.date, days: int = STALE_AFTER_DAYS
) -> list[StaleUseCase]:
    """Draft and approved use cases due for review, never-reviewed and oldest first."""
    stale = [
        StaleUseCase(
            id=u.id,
            title=u.title,
            status=u.status,
            owner=u.owner or NO_OWNER,
            last_reviewed=u.last_reviewed,
            days_since_review=None if u.last_reviewed is None else (today - u.last_reviewed).days,
        )
        for u in data.use_cases
        if due_for_review(u.status, u.last_reviewed, today, days, u.review_interval_days)
    ]
    return sorted(stale, key=_oldest_first)


def _oldest_first(s: StaleUseCase) -> tuple[int, str]:
    age = s.days_since_review
    return (-(age if age is not None else 10**9), s.id)


def review_queue(stale: list[StaleUseCase]) -> list[ReviewQueue]:
    """Stale use cases grouped by owner, the longest queue first."""
    by_owner: dict[str, list[StaleUseCase]] = {}
    for s in stale:
        by_owner.setdefault(s.owner, []).append(s)
    queues = [
        ReviewQueue(owner, tuple(sorted(items, key=_oldest_first)))
        for owner, items in by_owner.items()
    ]
    return sorted(queues, key=lambda q: (-q.count, q.owner == NO_OWNER, q.owner.lower()))


def expiring_outcomes(
    data: CoverageData, today: dt.date, days: int = EXPIRING_WITHIN_DAYS
) -> list[ExpiringOutcome]:
    """Shareable outcomes whose permission ends between today and `days` days from now."""
    titles = {u.id: u.title for u in data.use_cases}
    owners = {u.id: u.owner or NO_OWNER for u in data.use_cases}
    until = today + dt.timedelta(days=days)
    found = [
        ExpiringOutcome(
            id=o.id,
            customer=o.customer,
            use_case_id=o.use_case_id,
            use_case_title=titles.get(o.use_case_id, ""),
            permission=o.permission,
            expires=o.permission_expires,
            days_left=(o.permission_expires - today).days,
            owner=owners.get(o.use_case_id, NO_OWNER),
        )
        for o in data.outcomes
        if o.permission in ("public", "anonymized")
        and o.permission_expires is not None
        and today <= o.permission_expires <= until
    ]
    return sorted(found, key=lambda e: (e.expires, e.id))


def expired_outcomes(data: CoverageData, today: dt.date) -> list[ExpiredOutcome]:
    """Public or anonymized outcomes whose permission has run out, of use cases still in use.

    They no longer reach any prospect (the sharing rule drops them), so each is a story to
    renew with the customer or to let go; retired use cases' outcomes are left alone.
    """
    use_cases = {u.id: u for u in data.use_cases if u.status != "retired"}
    found = []
    for o in data.outcomes:
        u = use_cases.get(o.use_case_id)
        if (
            u is None
            or o.permission not in ("public", "anonymized")
            or o.permission_expires is None
            or o.permission_expires >= today
        ):
            continue
        found.append(
            ExpiredOutcome(
                id=o.id,
                customer=o.customer,
                use_case_id=o.use_case_id,
                use_case_title=u.title,
                owner=u.owner or NO_OWNER,
                permission=o.permission,
                expired=o.permission_expires,
                days_ago=(today - o.permission_expires).days,
            )
        )
    return sorted(found, key=lambda e: (e.expired, e.id))


def renewal_queue(expired: list[ExpiredOutcome]) -> list[RenewalQueue]:
    """Expired permissions grouped by the use case's owner, the longest queue first."""
    by_owner: dict[str, list[ExpiredOutcome]] = {}
    for e in expired:
        by_owner.setdefault(e.owner, []).append(e)
    queues = [RenewalQueue(owner, tuple(items)) for owner, items in by_owner.items()]
    return sorted(queues, key=lambda q: (-q.count, q.owner == NO_OWNER, q.owner.lower()))
