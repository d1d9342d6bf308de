"""The reference request flow: a rep asks, the account owner or marketing decides, the rep
says how it went.

open -> approved | declined (with a note) -> done (did it help, would they do it again). Each
step keeps who and when on the request and leaves a line in the change history. A request is
refused when the reference is over its limits at that moment (`lib.core.fatigue`), so two reps
cannot both take a customer's last ask of the quarter from pages opened earlier.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core import db
from lib.core.access import Actor, acting, acting_as_owner, may_as_owner
from lib.core.changes import Entry, record
from lib.core.fatigue import NOT_ASKED, Ask, ReferenceRecord, fatigue_of, load_references
from lib.core.limits import CONTROL_CHARACTERS
from lib.core.models import ReferenceRequest

ENTITY = "reference_request"
YES_NO: tuple[str, ...] = ("yes", "no")
DECIDE = "decide reference requests"


class RequestError(Exception):
    """A request or decision that cannot be made; the message says why."""


@dataclass(frozen=True, slots=True)
class RequestView:
    """One request as the References page shows it."""

    id: int
    reference_id: str
    customer: str
    activity: str
    deal_id: str
    prospect: str
    why: str
    status: str
    approver: str
    requested_by: str
    requested_at: dt.datetime
    decided_by: str
    decided_at: dt.datetime | None
    note: str
    done_by: str
    done_at: dt.datetime | None
    helped: str
    would_again: str
    feedback: str


def _clean(text: str, limit: int = 2000) -> str:
    value = CONTROL_CHARACTERS.sub("", (text or "").strip())
    if len(value) > limit:
        raise RequestError(f"the text is {len(value):,} characters long; at most {limit:,} fit")
    return value


def _reference(engine: Engine, reference_id: str) -> ReferenceRecord:
    found = {r.id: r for r in load_references(engine)}
    if reference_id not in found:
        raise RequestError(f"{reference_id!r} is not a reference on the References sheet")
    return found[reference_id]


def request_reference(
    engine: Engine,
    who: str | Actor,
    reference_id: str,
    *,
    activity: str = "call",
    deal_id: str = "",
    prospect: str = "",
    why: str = "",
    at: dt.datetime | None = None,
) -> int:
    """Ask for one activity of a reference for a deal; returns the request's number."""
    name = acting(who, "request references")
    when = at or dt.datetime.now()
    ref = _reference(engine, reference_id)
    if ref.activities and activity not in ref.activities:
        raise RequestError(
            f"{ref.customer} agreed to {', '.join(ref.activities)}, not to {activity!r}"
        )
    deal = _clean(deal_id, 120)
    with db.unit_of_work(engine) as session:
        db.lock_library(session.connection())  # one ask at a time: the limits hold under races
        asks = [a for a in _asks_in(session) if a.reference_id == ref.id]
        state = fatigue_of(ref, asks, when.date())
        if not state.available:
            raise RequestError(f"{ref.customer} may not be asked now: {'; '.join(state.reasons)}")
        row = ReferenceRequest(
            reference_id=ref.id,
            customer=ref.customer,
            activity=activity,
            deal_id=deal,
            prospect=_clean(prospect, 200),
            why=_clean(why),
            status="open",
            approver=ref.account_owner,
            requested_by=name,
            requested_at=when,
        )
        session.add(row)
        session.flush()
        summary = f"{activity} with {ref.customer}" + (f" for deal {deal}" if deal else "")
        record(
            session, [Entry(str(row.id), "request", summary, ENTITY)], who=name, at=when, bump=False
        )
        return row.id


def _asks_in(session: Session) -> list[Ask]:
    query = select(ReferenceRequest.reference_id, ReferenceRequest.requested_at).where(
        ReferenceRequest.status.not_in(NOT_ASKED)
    )
    return [Ask(rid, at.date()) for rid, at in session.execute(query)]


def may_decide(who: Actor, approver: str) -> bool:
    """Marketing and admins decide any request; the account owner decides their customer's."""
    return may_as_owner(who, DECIDE, approver)


def _may_decide(who: str | Actor, approver: str) -> str:
    return acting_as_owner(
        who, DECIDE, approver, owner_is="account owner", ask="decide this request"
    )


def decide(
    engine: Engine,
    who: str | Actor,
    request_id: int,
    *,
    approve: bool,
    note: str = "",
    at: dt.datetime | None = None,
) -> None:
    """Approve or decline an open request, with a note for the rep."""
    when = at or dt.datetime.now()
    with db.unit_of_work(engine) as session:
        row = session.get(ReferenceRequest, request_id, with_for_update=True)
        if row is None:
            raise RequestError(f"there is no reference request {request_id}")
        name = _may_decide(who, row.approver)
        if row.status != "open":
            raise RequestError(f"request {request_id} was already {row.status} by {row.decided_by}")
        row.status = "approved" if approve else "declined"
        row.decided_by, row.decided_at, row.note = name, when, _clean(note)
        summary = f"{row.status} {row.activity} with {row.customer}" + (
            f": {row.note}" if row.note else ""
        )
        record(
            session,
            [Entry(str(row.id), row.status, summary, ENTITY)],
            who=name,
            at=when,
            bump=False,
        )


def complete(
    engine: Engine,
    who: str | Actor,
    request_id: int,
    *,
    helped: str,
    would_again: str,
    feedback: str = "",
    at: dt.datetime | None = None,
) -> None:
    """Close an approved request with how it went: did it help the deal, would they do it again."""
    name = acting(who, "request references")
    when = at or dt.datetime.now()
    for label, value in (("did it help", helped), ("would they do it again", would_again)):
        if value not in YES_NO:
            raise RequestError(f"{label}: {value!r} is not one of yes, no")
    with db.unit_of_work(engine) as session:
        row = session.get(ReferenceRequest, request_id, with_for_update=True)
        if row is None:
            raise RequestError(f"there is no reference request {request_id}")
        if row.status != "approved":
            raise RequestError(
                f"request {request_id} is {row.status}; only an approved request can be done"
            )
        row.status, row.done_by, row.done_at = "done", name, when
        row.helped, row.would_again, row.feedback = helped, would_again, _clean(feedback)
        summary = f"done: helped {helped}, would do it again {would_again}"
        record(
            session, [Entry(str(row.id), "done", summary, ENTITY)], who=name, at=when, bump=False
        )


def requests(engine: Engine, *, status: tuple[str, ...] = ()) -> list[RequestView]:
    """Requests, newest first (optionally only in some states)."""
    query = select(ReferenceRequest).order_by(
        ReferenceRequest.requested_at.desc(), ReferenceRequest.id.desc()
    )
    if status:
        query = query.where(ReferenceRequest.status.in_(status))
    with Session(engine) as session:
        return [
            RequestView(
                r.id,
                r.reference_id,
                r.customer,
                r.activity,
                r.deal_id,
                r.prospect,
                r.why,
                r.status,
                r.approver,
                r.requested_by,
                r.requested_at,
                r.decided_by,
                r.decided_at,
                r.note,
                r.done_by,
                r.done_at,
                r.helped,
                r.would_again,
                r.feedback,
            )
            for r in session.scalars(query)
        ]


@dataclass(frozen=True)
class OpenWork:
    """What is waiting: open requests by who decides them, approved ones by the rep to close."""

    by_approver: dict[str, list[RequestView]]
    by_rep: dict[str, list[RequestView]]


def open_work(engine: Engine) -> OpenWork:
    approver: dict[str, list[RequestView]] = defaultdict(list)
    rep: dict[str, list[RequestView]] = defaultdict(list)
    for r in requests(engine, status=("open", "approved")):
        if r.status == "open":
            approver[r.approver or "marketing"].append(r)
        rep[r.requested_by].append(r)
    return OpenWork(dict(sorted(approver.items())), dict(sorted(rep.items())))
