"""Nominated wins: a rep's "this deal shows it works", turned into a draft outcome in
marketing's queue.

A rep knows a customer got results long before marketing hears of it. The nomination creates an
outcome on the chosen use case at once, `internal` (so it never reaches a prospect) with what the
rep knows, and keeps the rep's own words (what changed, the numbers, whether the customer would
be named) for marketing, who complete the outcome and mark the nomination done.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core import approvals, changes, checks, db
from lib.core.access import Actor, acting
from lib.core.limits import CONTROL_CHARACTERS, NAME_LENGTH, column_limit, too_long_message
from lib.core.models import Outcome, Segment, UseCase, WinNomination
from lib.core.vocab import PERMISSIONS

PERMISSION_KNOWN: tuple[str, ...] = ("not sure", "yes", "no")  # may the customer be named?
TEXT_LENGTH = 4000  # what changed, the numbers, the quote: a few sentences each
ID_PREFIX = "WIN-"


class NominationError(checks.RuleProblems):
    """A nomination that cannot be saved; `problems` says what to change, field by field."""


@dataclass(frozen=True)
class WinDraft:
    """What the rep fills in after a won deal."""

    use_case_id: str
    customer: str
    what_changed: str
    numbers: str = ""
    quote: str = ""
    permission_known: str = "not sure"
    deal_id: str = ""
    industry: str = ""  # the prospect's, kept on the outcome when the library knows it
    company_size: str = ""


@dataclass(frozen=True)
class Nomination:
    """One nomination as marketing's queue shows it."""

    id: int
    outcome_id: str
    use_case_id: str
    use_case_title: str
    customer: str
    what_changed: str
    numbers: str
    quote: str
    permission_known: str
    deal_id: str
    who: str
    at: dt.datetime


def _clean(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", (text or "").strip())


def _problems(draft: WinDraft) -> list[str]:
    problems = []
    if not draft.customer:
        problems.append("customer: say which customer won")
    elif len(draft.customer) > NAME_LENGTH:
        problems.append(f"customer: at most {NAME_LENGTH} characters ({len(draft.customer)} now)")
    if not draft.what_changed:
        problems.append("what changed: say in a sentence what the customer got")
    for label, value in (
        ("what changed", draft.what_changed),
        ("numbers", draft.numbers),
        ("quote", draft.quote),
    ):
        if len(value) > TEXT_LENGTH:
            problems.append(f"{label}: at most {TEXT_LENGTH} characters ({len(value)} now)")
    if draft.permission_known not in PERMISSION_KNOWN:
        problems.append(
            f"permission known: one of {', '.join(PERMISSION_KNOWN)}, "
            f"not {draft.permission_known!r}"
        )
    return problems


def _next_id(session: Session) -> str:
    taken = session.scalars(select(Outcome.id).where(Outcome.id.like(f"{ID_PREFIX}%"))).all()
    numbers = [int(m.group(1)) for t in taken if (m := re.fullmatch(rf"{ID_PREFIX}(\d+)", t))]
    return f"{ID_PREFIX}{max(numbers, default=0) + 1:03d}"


def nominate_win(engine: Engine, draft: WinDraft, *, who: str | Actor) -> str:
    """Create the draft outcome (internal) and the nomination; returns the outcome's id."""
    name = acting(who, "nominate wins")
    draft = WinDraft(
        use_case_id=(draft.use_case_id or "").strip(),
        customer=" ".join(_clean(draft.customer).split()),
        what_changed=_clean(draft.what_changed),
        numbers=_clean(draft.numbers),
        quote=_clean(draft.quote),
        permission_known=(draft.permission_known or "").strip().lower(),
        deal_id=" ".join(_clean(draft.deal_id).split())[:120],
        industry=(draft.industry or "").strip(),
        company_size=(draft.company_size or "").strip(),
    )
    problems = _problems(draft)
    if problems:
        raise NominationError(problems)
    now = dt.datetime.now()
    with db.unit_of_work(engine) as session:
        db.lock_library(session.connection())
        if session.get(UseCase, draft.use_case_id) is None:
            raise NominationError([f"use case: there is no use case {draft.use_case_id!r}"])
        kinds = {sid: kind for sid, kind in session.execute(select(Segment.id, Segment.kind))}
        outcome_id = _next_id(session)
        session.add(
            Outcome(
                id=outcome_id,
                customer=draft.customer,
                industry=draft.industry if kinds.get(draft.industry) == "industry" else "",
                company_size=draft.company_size
                if kinds.get(draft.company_size) == "company_size"
                else "",
                use_case_id=draft.use_case_id,
                quote=draft.quote,
                permission="internal",
                source=f"Win nominated by {name}"[:NAME_LENGTH],
                date=now.date(),
            )
        )
        session.flush()
        session.add(
            WinNomination(
                outcome_id=outcome_id,
                use_case_id=draft.use_case_id,
                deal_id=draft.deal_id,
                who=name,
                at=now,
                customer=draft.customer,
                what_changed=draft.what_changed,
                numbers=draft.numbers,
                quote=draft.quote,
                permission_known=draft.permission_known,
            )
        )
        changes.record(
            session,
            [
                changes.Entry(
                    draft.use_case_id,
                    "nominate win",
                    f"win nominated: {draft.customer} ({outcome_id}), internal until completed",
                )
            ],
            who=name,
            at=now,
        )
    return outcome_id


def open_nominations(engine: Engine) -> list[Nomination]:
    """The nominations marketing has not marked done, newest first."""
    with Session(engine) as session:
        rows = session.execute(
            select(WinNomination, UseCase.title)
            .join(UseCase, UseCase.id == WinNomination.use_case_id, isouter=True)
            .where(WinNomination.done_at.is_(None))
            .order_by(WinNomination.at.desc(), WinNomination.id.desc())
        ).all()
    return [
        Nomination(
            id=n.id,
            outcome_id=n.outcome_id,
            use_case_id=n.use_case_id,
            use_case_title=title or n.use_case_id,
            customer=n.customer,
            what_changed=n.what_changed,
            numbers=n.numbers,
            quote=n.quote,
            permission_known=n.permission_known,
            deal_id=n.deal_id,
            who=n.who,
            at=n.at,
        )
        for n, title in rows
    ]


def mark_done(engine: Engine, nomination_id: int, *, who: str | Actor) -> None:
    """Take a nomination out of the queue once marketing has completed its outcome."""
    name = acting(who, "complete nominated wins")
    with db.unit_of_work(engine) as session:
        nomination = session.get(WinNomination, nomination_id)
        if nomination is None:
            raise NominationError([f"there is no nominated win {nomination_id}"])
        if nomination.done_at is None:
            nomination.done_at = dt.datetime.now()
            nomination.done_by = name


@dataclass(frozen=True)
class Completion:
    """What marketing adds to a nominated win's outcome before closing the nomination."""

    metric: str = ""
    before: float | None = None
    after: float | None = None
    unit: str = ""
    timeframe: str = ""
    permission: str = "internal"
    anonymized_label: str = ""
    reference: str = ""  # "yes" only when the customer agreed to take reference calls


def _completion_problems(c: Completion) -> list[str]:
    problems = []
    if c.permission not in PERMISSIONS:
        problems.append(f"permission: one of {', '.join(PERMISSIONS)}, not {c.permission!r}")
    if c.reference not in ("", "yes", "no"):
        problems.append(f"reference: yes, no or blank, not {c.reference!r}")
    for label, number in (("before", c.before), ("after", c.after)):
        if number is not None and not math.isfinite(number):
            problems.append(f"{label}: a finite number, or blank")
    table = Outcome.__table__
    for name in ("metric", "unit", "timeframe", "anonymized_label"):
        value = getattr(c, name)
        limit = column_limit(table, name)  # type: ignore[arg-type]
        if len(value) > limit:
            problems.append(f"{name.replace('_', ' ')}: {too_long_message(len(value), limit)}")
    return problems


def complete_win(
    engine: Engine, nomination_id: int, completion: Completion, *, who: str | Actor
) -> str:
    """Fill in a nominated win's outcome (metric, figures, permission) and close the
    nomination, in one recorded change; returns the outcome's id. In team mode a permission
    that would share it (public, anonymized) waits for a second person's approval."""
    name = acting(who, "complete nominated wins")
    c = Completion(
        metric=_clean(completion.metric),
        before=completion.before,
        after=completion.after,
        unit=_clean(completion.unit),
        timeframe=_clean(completion.timeframe),
        permission=(completion.permission or "").strip().lower(),
        anonymized_label=_clean(completion.anonymized_label),
        reference="" if completion.reference == "no" else (completion.reference or "").strip(),
    )
    problems = _completion_problems(c)
    if problems:
        raise NominationError(problems)
    now = dt.datetime.now()
    with db.unit_of_work(engine) as session:
        nomination = session.get(WinNomination, nomination_id)
        if nomination is None:
            raise NominationError([f"there is no nominated win {nomination_id}"])
        outcome = session.get(Outcome, nomination.outcome_id)
        if outcome is None:
            raise NominationError([f"the outcome {nomination.outcome_id} is no longer there"])
        outcome.metric = c.metric
        outcome.before = c.before
        outcome.after = c.after
        outcome.unit = c.unit
        outcome.timeframe = c.timeframe
        # Sharing waits for a second person in team mode, as in the editor and the import.
        if approvals.holds_for(session, who) and approvals.is_held(
            "outcome", outcome.permission, c.permission
        ):
            approvals.hold(
                session,
                "outcome",
                outcome.id,
                c.permission,
                who=name,
                summary=f"nominated win {outcome.id} ({outcome.customer})",
            )
        else:
            outcome.permission = c.permission
        outcome.anonymized_label = c.anonymized_label
        outcome.reference = c.reference
        nomination.done_at = now
        nomination.done_by = name
        changes.record(
            session,
            [
                changes.Entry(
                    outcome.use_case_id,
                    "complete win",
                    f"completed nominated win {outcome.id} ({outcome.customer}): "
                    f"permission {c.permission}",
                )
            ],
            who=name,
            at=now,
        )
        return outcome.id
