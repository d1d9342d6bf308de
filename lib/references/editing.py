"""Keeping a reference's limits in the app: what the request flow needs without a workbook.

Marketing adds a reference or changes what the customer agreed to, their limits, at-risk and
the account owner; the same rules as the References sheet (`lib.workbook.sheets.REFERENCES`),
and each save is in the change history with who.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine

from lib.core import db
from lib.core.access import Actor, acting
from lib.core.changes import Entry, record
from lib.core.checks import RuleProblems
from lib.core.fatigue import ReferenceRecord
from lib.core.identifiers import clean_id, record_id_problem
from lib.core.limits import CONTROL_CHARACTERS, column_limit
from lib.core.models import CustomerReference
from lib.core.vocab import REFERENCE_ACTIVITIES

ENTITY = "customer_reference"


class ReferenceEditError(RuleProblems):
    """The draft breaks the sheet's rules; `problems` names each one."""


@dataclass
class ReferenceDraft:
    id: str
    customer: str = ""
    contact: str = ""
    role: str = ""
    activities: list[str] = field(default_factory=list)
    industry: str = ""
    company_size: str = ""
    max_asks_per_quarter: int | None = None
    rest_days: int | None = None
    do_not_ask_until: dt.date | None = None
    at_risk: bool = False
    account_owner: str = ""

    @classmethod
    def of(cls, r: ReferenceRecord) -> ReferenceDraft:
        return cls(
            r.id, r.customer, r.contact, r.role, list(r.activities), r.industry, r.company_size,
            r.max_asks_per_quarter, r.rest_days, r.do_not_ask_until, r.at_risk, r.account_owner,
        )  # fmt: skip


TEXT = ("customer", "contact", "role", "industry", "company_size", "account_owner")


def problems(draft: ReferenceDraft) -> list[str]:
    """What is wrong with a draft, in the words of the References sheet's columns."""
    found: list[str] = []
    if not draft.id:
        found.append("id is required")
    elif message := record_id_problem(draft.id):
        found.append(message)
    if not draft.customer.strip():
        found.append("customer is required")
    table = CustomerReference.__table__
    for name in TEXT:
        value = getattr(draft, name)
        limit = column_limit(table, name)  # type: ignore[arg-type]
        if len(value) > limit:
            found.append(f"{name} is {len(value):,} characters long; at most {limit:,} fit")
    for item in draft.activities:
        if item not in REFERENCE_ACTIVITIES:
            found.append(f"activities: {item!r} is not one of {', '.join(REFERENCE_ACTIVITIES)}")
    for name in ("max_asks_per_quarter", "rest_days"):
        value = getattr(draft, name)
        if value is not None and (not isinstance(value, int) or value < 0):
            found.append(f"{name} {value!r} must be a whole number, 0 or more")
    return found


def save_reference(engine: Engine, draft: ReferenceDraft, *, who: str | Actor) -> None:
    """Add or update one reference (by id); refuses a draft with problems, writing nothing."""
    name = acting(who, "keep references")
    draft.id = clean_id(draft.id)[0]
    for attr in TEXT:
        setattr(draft, attr, CONTROL_CHARACTERS.sub("", getattr(draft, attr)).strip())
    wrong = problems(draft)
    if wrong:
        raise ReferenceEditError(wrong)
    with db.unit_of_work(engine) as session:
        row = session.get(CustomerReference, draft.id)
        action = "update" if row is not None else "create"
        row = row or CustomerReference(id=draft.id)
        for attr in TEXT:
            setattr(row, attr, getattr(draft, attr))
        row.activities = sorted(set(draft.activities))
        row.max_asks_per_quarter = draft.max_asks_per_quarter
        row.rest_days = draft.rest_days
        row.do_not_ask_until = draft.do_not_ask_until
        row.at_risk = "yes" if draft.at_risk else ""
        session.add(row)
        limits = (
            f"max {draft.max_asks_per_quarter if draft.max_asks_per_quarter is not None else '-'}"
            f"/quarter, rest {draft.rest_days or 0} days" + (", at risk" if draft.at_risk else "")
        )
        record(session, [Entry(draft.id, action, f"{draft.customer}: {limits}", ENTITY)],
               who=name, bump=False)  # fmt: skip
