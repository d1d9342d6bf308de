"""Editing an outcome's permission ledger in the app: who at the customer approved sharing,
when, where the signed form or email is, for which uses, and whether the quote was approved.

The same checks as the Outcomes sheet of the workbook (the uses, yes/no, field lengths), and
the same trace as any edit: a line in the use case's change history with who and what changed,
and a new library revision, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core import changes, checks, db
from lib.core.access import Actor, acting
from lib.core.limits import CONTROL_CHARACTERS, column_limit, too_long_message
from lib.core.models import Outcome
from lib.core.vocab import USES

QUOTE_APPROVALS = ("", "yes", "no")  # "": not recorded


class LedgerError(checks.RuleProblems):
    """The ledger entry breaks a rule; `problems` says each one in plain words."""


@dataclass(frozen=True)
class LedgerEntry:
    approved_by: str = ""
    approved_on: dt.date | None = None
    approval_ref: str = ""
    scope: tuple[str, ...] = ()
    quote_approved: str = ""


@dataclass(frozen=True)
class OutcomeLedger:
    """One outcome of a use case with its ledger, for the editor to show and change."""

    id: str
    customer: str
    permission: str
    entry: LedgerEntry

    @property
    def label(self) -> str:
        return f"{self.id} · {self.customer} ({self.permission})"


def _entry(o: Outcome) -> LedgerEntry:
    return LedgerEntry(
        approved_by=o.approved_by or "",
        approved_on=o.approved_on,
        approval_ref=o.approval_ref or "",
        scope=tuple(o.scope or ()),
        quote_approved=o.quote_approved or "",
    )


def outcome_ledgers(engine: Engine, use_case_id: str) -> list[OutcomeLedger]:
    """The use case's outcomes with their ledgers, by id."""
    with Session(engine) as session:
        rows = session.scalars(
            select(Outcome).where(Outcome.use_case_id == use_case_id).order_by(Outcome.id)
        ).all()
        return [OutcomeLedger(o.id, o.customer, o.permission, _entry(o)) for o in rows]


def problems(entry: LedgerEntry) -> list[str]:
    """What is wrong with the entry, in the words the workbook import uses."""
    found = []
    for name in ("approved_by", "approval_ref"):
        value = getattr(entry, name)
        limit = column_limit(Outcome.__table__, name)
        if len(value) > limit:
            found.append(f"{name}: {too_long_message(len(value), limit)}")
        if CONTROL_CHARACTERS.search(value):
            found.append(f"{name}: holds invisible control characters; retype it")
    for use in entry.scope:
        wrong = checks.not_one_of(use, USES)
        if wrong:
            found.append(f"scope: {wrong}")
    wrong = checks.not_one_of(entry.quote_approved, QUOTE_APPROVALS)
    if wrong:
        found.append(f"quote_approved: {wrong}")
    if entry.approved_on is not None and entry.approved_on > dt.date.today():
        found.append(f"approved_on: {entry.approved_on:%Y-%m-%d} is in the future")
    return found


def _describe(before: LedgerEntry, after: LedgerEntry) -> str:
    def shown(value: object) -> str:
        if isinstance(value, tuple):
            return ", ".join(value) or "(none)"
        if isinstance(value, dt.date):
            return f"{value:%Y-%m-%d}"
        return str(value) if value else "(none)"

    parts = [
        f"{name} {shown(getattr(before, name))} → {shown(getattr(after, name))}"
        for name in ("approved_by", "approved_on", "approval_ref", "scope", "quote_approved")
        if getattr(before, name) != getattr(after, name)
    ]
    return "; ".join(parts)


def record_ledger(
    engine: Engine, outcome_id: str, entry: LedgerEntry, *, who: str | Actor
) -> str:
    """Save an outcome's ledger; returns what changed in words ("" when nothing did).

    Refuses (with `LedgerError`, writing nothing) an entry that breaks a rule or an outcome that
    is not in the library; the acting person needs the role that edits use cases.
    """
    who = acting(who, "edit use cases")
    entry = LedgerEntry(
        approved_by=" ".join(entry.approved_by.split()),
        approved_on=entry.approved_on,
        approval_ref=entry.approval_ref.strip(),
        scope=tuple(u for u in USES if u in set(entry.scope))
        + tuple(u for u in entry.scope if u not in USES),
        quote_approved=entry.quote_approved.strip().lower(),
    )
    found = problems(entry)
    if found:
        raise LedgerError(found)
    with db.unit_of_work(engine) as session:
        outcome = session.get(Outcome, outcome_id)
        if outcome is None:
            raise LedgerError([f"there is no outcome {outcome_id}"])
        summary = _describe(_entry(outcome), entry)
        if not summary:
            return ""
        outcome.approved_by = entry.approved_by
        outcome.approved_on = entry.approved_on
        outcome.approval_ref = entry.approval_ref
        outcome.scope = list(entry.scope)
        outcome.quote_approved = entry.quote_approved
        session.flush()
        changes.record(
            session,
            [changes.Entry(outcome.use_case_id, "ledger", f"outcome {outcome_id}: {summary}")],
            who=who,
            keep_versions=True,
        )
        return summary
