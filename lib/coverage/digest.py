"""The owners' digest: for each owner, what needs them now, in a message they can act on.

Stale use cases (by each use case's own review interval), permissions ending in the next
`EXPIRING_WITHIN_DAYS` days and permissions already expired, grouped by the use case's owner,
with the same rules as the Coverage page's freshness section, so the digest and the page never
disagree about what is due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lib.core.vocab import EXPIRING_WITHIN_DAYS
from lib.coverage.freshness import (
    NO_OWNER,
    ExpiredOutcome,
    ExpiringOutcome,
    StaleUseCase,
    expired_outcomes,
    expiring_outcomes,
    stale_use_cases,
)
from lib.coverage.model import CoverageData


@dataclass(frozen=True)
class OwnerDigest:
    owner: str
    stale: tuple[StaleUseCase, ...] = ()
    expiring: tuple[ExpiringOutcome, ...] = ()
    expired: tuple[ExpiredOutcome, ...] = ()

    @property
    def subject(self) -> str:
        parts = [
            f"{len(items)} {label}"
            for items, label in (
                (self.stale, "to review"),
                (self.expiring, "permissions ending soon"),
                (self.expired, "permissions expired"),
            )
            if items
        ]
        return "Casebook: " + ", ".join(parts)

    def text(self, today: dt.date) -> str:
        """The message, plain text: it goes into email and chat as it is."""
        lines = [f"Hello {self.owner},", "", f"What needs you in Casebook on {today:%Y-%m-%d}:"]
        if self.stale:
            lines += ["", f"Use cases due for a review ({len(self.stale)}):"]
            for s in self.stale:
                when = (
                    "never reviewed"
                    if s.days_since_review is None
                    else f"last reviewed {s.days_since_review} days ago"
                )
                lines.append(f"  - {s.id} {s.title} ({when})")
            lines.append("  Still accurate? Open it in Library and press 'Still accurate'.")
        if self.expiring:
            lines += ["", f"Permissions ending in the next {EXPIRING_WITHIN_DAYS} days:"]
            for e in self.expiring:
                lines.append(
                    f"  - {e.customer} ({e.id}, {e.use_case_id}): {e.permission} until "
                    f"{e.expires:%Y-%m-%d}, {e.days_left} days left"
                )
        if self.expired:
            lines += ["", "Permissions expired (no prospect sees these until renewed):"]
            for e in self.expired:
                lines.append(
                    f"  - {e.customer} ({e.id}, {e.use_case_id}): expired {e.expired:%Y-%m-%d}"
                )
        return "\n".join(lines) + "\n"


def owner_digests(
    data: CoverageData, today: dt.date, *, owner: str | None = None
) -> list[OwnerDigest]:
    """One digest per owner with something to do (only `owner`'s, when given), by owner."""
    stale: dict[str, list[StaleUseCase]] = {}
    expiring: dict[str, list[ExpiringOutcome]] = {}
    expired: dict[str, list[ExpiredOutcome]] = {}
    for s in stale_use_cases(data, today):
        stale.setdefault(s.owner, []).append(s)
    for e in expiring_outcomes(data, today):
        expiring.setdefault(e.owner, []).append(e)
    for x in expired_outcomes(data, today):
        expired.setdefault(x.owner, []).append(x)
    owners = sorted(set(stale) | set(expiring) | set(expired), key=lambda o: (o == NO_OWNER, o))
    if owner is not None:
        wanted = " ".join(owner.split()).casefold()
        owners = [o for o in owners if o.casefold() == wanted]
    return [
        OwnerDigest(
            o,
            tuple(stale.get(o, ())),
            tuple(expiring.get(o, ())),
            tuple(expired.get(o, ())),
        )
        for o in owners
    ]


def known_owners(data: CoverageData) -> list[str]:
    return sorted({u.owner or NO_OWNER for u in data.use_cases})
