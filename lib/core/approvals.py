"""Approval by a second person: what reaches reps as approved, or prospects as shareable.

In team mode (and unless a one-marketer team turns it off) a use case becomes `approved`, and
an outcome's permission becomes `public` or `anonymized`, only when a marketing user or admin
other than the person who asked approves it. The editor and the import call `hold` instead of
making such a change themselves; `decide` makes it, recorded with who asked and who approved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.orm import Session

from lib.core import changes, db
from lib.core.access import Actor, ensure
from lib.core.models import ApprovalRequest, Outcome, Setting, UseCase

SETTING_KEY = "second_approval"
HELD_USE_CASE_STATUSES = ("approved",)
HELD_PERMISSIONS = ("public", "anonymized")
CHUNK = 500  # ids per IN (...) list


class ApprovalError(Exception):
    """An approval that cannot be made; the message says why."""


@dataclass(frozen=True)
class Pending:
    id: int
    entity: str
    entity_id: str
    value: str
    summary: str
    requested_by: str
    requested_at: dt.datetime

    @property
    def asks(self) -> str:
        if self.entity == "use_case":
            return f"approve use case {self.entity_id}"
        return f"share outcome {self.entity_id} as {self.value}"


def second_person_required(engine: Engine, *, team_mode: bool) -> bool:
    """On in team mode unless an admin turned it off; never in local mode (one person)."""
    if not team_mode:
        return False
    with Session(engine) as session:
        value = session.scalar(select(Setting.value).where(Setting.key == SETTING_KEY))
    return value != "off"


def set_second_person_required(engine: Engine, actor: Actor, required: bool) -> None:
    with db.unit_of_work(engine) as session:
        ensure(actor, "manage access")
        setting = session.get(Setting, SETTING_KEY) or Setting(key=SETTING_KEY)
        setting.value = "on" if required else "off"
        session.add(setting)


def is_held(entity: str, old: str | None, new: str) -> bool:
    """Whether changing `old` to `new` needs a second person."""
    if old == new:
        return False
    if entity == "use_case":
        return new in HELD_USE_CASE_STATUSES
    return new in HELD_PERMISSIONS and old not in HELD_PERMISSIONS


def hold(
    session: Session, entity: str, entity_id: str, value: str, *, who: str, summary: str = ""
) -> None:
    """Ask for a second person's approval (inside the asker's transaction); a newer request for
    the same record replaces an open one."""
    hold_many(session, [Held(entity, entity_id, value, summary=summary)], who=who)


@dataclass(frozen=True)
class Held:
    """A change that waits for a second person instead of being written: `value` is what was
    asked for, `kept` what the record keeps meanwhile."""

    entity: str
    entity_id: str
    value: str
    kept: str | None = None
    summary: str = ""

    @property
    def describe(self) -> str:
        noun = "use case" if self.entity == "use_case" else "outcome"
        column = "status" if self.entity == "use_case" else "permission"
        stays = f" (stays {self.kept} until approved)" if self.kept else ""
        return f"{noun} {self.entity_id}: {column} {self.value} waits for approval{stays}"


def hold_many(session: Session, held: list[Held], *, who: str) -> None:
    """`hold` for many records at once (an import): a few statements, not one per record."""
    if not held:
        return
    now = dt.datetime.now()
    for entity in sorted({h.entity for h in held}):
        ids = [h.entity_id for h in held if h.entity == entity]
        for start in range(0, len(ids), CHUNK):
            session.execute(
                update(ApprovalRequest)
                .where(
                    ApprovalRequest.entity == entity,
                    ApprovalRequest.entity_id.in_(ids[start : start + CHUNK]),
                    ApprovalRequest.decision == "",
                )
                .values(decision="replaced", decided_at=now)
            )
    session.execute(
        insert(ApprovalRequest),
        [
            {
                "entity": h.entity,
                "entity_id": h.entity_id,
                "value": h.value,
                "summary": h.summary,
                "requested_by": who,
                "requested_at": now,
                "decided_by": "",
                "decision": "",
                "note": "",
            }
            for h in held
        ],
    )
    entries = [
        changes.Entry(
            h.entity_id, "ask approval", f"asked for a second person to make it {h.value}", h.entity
        )
        for h in held
    ]
    changes.record(session, entries, who=who, at=now, bump=False)


def holds_for(session: Session, who: str | Actor) -> bool:
    """Whether this person's approvals and sharing wait for a second person: a signed-in person
    (team mode) unless an admin turned it off. A plain name is local mode: one trusted user."""
    if not isinstance(who, Actor) or not who.signed_in:
        return False
    return session.scalar(select(Setting.value).where(Setting.key == SETTING_KEY)) != "off"


def applies_to(engine: Engine, who: str | Actor) -> bool:
    """`holds_for`, outside a transaction: for pages and reports that say what will wait."""
    with Session(engine) as session:
        return holds_for(session, who)


def waiting(engine: Engine, entity: str, entity_id: str) -> Pending | None:
    """The open request for one record, if any."""
    return next(
        (p for p in pending(engine) if p.entity == entity and p.entity_id == entity_id), None
    )


def pending(engine: Engine) -> list[Pending]:
    """The waiting-for-approval queue, oldest first."""
    with Session(engine) as session:
        rows = session.scalars(
            select(ApprovalRequest)
            .where(ApprovalRequest.decision == "")
            .order_by(ApprovalRequest.requested_at, ApprovalRequest.id)
        ).all()
        return [
            Pending(r.id, r.entity, r.entity_id, r.value, r.summary, r.requested_by, r.requested_at)
            for r in rows
        ]


def decide(engine: Engine, request_id: int, actor: Actor, *, approve: bool, note: str = "") -> str:
    """Approve (make the change) or decline a waiting request; returns what was done."""
    with db.unit_of_work(engine) as session:
        request = session.get(ApprovalRequest, request_id)
        if request is None or request.decision:
            raise ApprovalError("that request is no longer waiting: reload the queue")
        ensure(actor, "approve")
        if actor.who.lower() == request.requested_by.lower():
            raise ApprovalError(
                f"{actor.who} asked for this change, so a second person must approve it"
            )
        now = dt.datetime.now()
        request.decided_by = actor.who
        request.decided_at = now
        request.decision = "approved" if approve else "declined"
        request.note = note
        verb = "approved" if approve else "declined"
        summary = f"{verb} making it {request.value} (asked by {request.requested_by})"
        if approve:
            if request.entity == "use_case":
                uc = session.get(UseCase, request.entity_id)
                if uc is None:
                    raise ApprovalError(f"use case {request.entity_id} no longer exists")
                uc.status = request.value
                uc.updated_at = now
                uc.updated_by = actor.who
            else:
                outcome = session.get(Outcome, request.entity_id)
                if outcome is None:
                    raise ApprovalError(f"outcome {request.entity_id} no longer exists")
                outcome.permission = request.value
            session.flush()
        entry = changes.Entry(
            request.entity_id,
            "approve" if approve else "decline",
            summary + (f": {note}" if note else ""),
            request.entity,
        )
        # Only an approval changes content: a new version and a new revision.
        changes.record(session, [entry], who=actor.who, at=now, keep_versions=approve, bump=approve)
    return f"{request.entity_id}: {summary}"


@dataclass(frozen=True)
class Waiting:
    """A request as the queue shows it: what it is about and how the record stands now."""

    request: Pending
    title: str
    now: str

    @property
    def what(self) -> str:
        noun = "Use case" if self.request.entity == "use_case" else "Outcome"
        return f"{noun} {self.request.entity_id} · {self.title}"

    @property
    def change(self) -> str:
        column = "status" if self.request.entity == "use_case" else "permission"
        return f"{column} {self.now or '(none)'} → {self.request.value}"


def queue(engine: Engine) -> list[Waiting]:
    """The waiting-for-approval queue with each record's title and current value, oldest
    first: what a second person needs to decide without opening the record."""
    found = pending(engine)
    with Session(engine) as session:
        items = []
        for p in found:
            if p.entity == "use_case":
                uc = session.get(UseCase, p.entity_id)
                title, now = (uc.title, uc.status) if uc else ("(no longer in the library)", "")
            else:
                outcome = session.get(Outcome, p.entity_id)
                title, now = (
                    (f"{outcome.customer}, for {outcome.use_case_id}", outcome.permission)
                    if outcome
                    else ("(no longer in the library)", "")
                )
            items.append(Waiting(p, title, now))
    return items
