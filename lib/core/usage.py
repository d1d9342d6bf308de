"""The usage log: every pack or question sheet generated, so coverage can show what reps use
and warn when one customer's story is put in front of prospects too often."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core import db
from lib.core.access import Actor, acting
from lib.core.limits import CONTROL_CHARACTERS
from lib.core.models import PrepFeedback, UsageEvent

DEAL_ID_LENGTH = 120  # as the usage_event and deal tables hold it
LANDED: tuple[str, ...] = ("used", "not used")  # how a prep landed, as the rep says
OBJECTION_LENGTH = 2000


def record_generation(
    engine: Engine,
    *,
    kind: str,
    format: str,
    use_case_ids: Sequence[str],
    outcome_ids: Sequence[str] = (),
    prospect: str = "",
    industry: str = "",
    company_size: str = "",
    who: str = "",
    deal_id: str = "",
    at: dt.datetime | None = None,
) -> None:
    """Log one generated pack (`kind="pack"`) or question sheet (`kind="questions"`).

    `outcome_ids` are the outcomes that went out in front of the prospect; `who` is the rep (the
    signed-in email in team mode, the sidebar name locally); `deal_id` the CRM deal the prep
    was for (from a deal link or typed on Call prep), "" when none. The log does not bump
    the library revision: it is not library content.
    """
    with db.unit_of_work(engine) as session:
        session.add(
            UsageEvent(
                at=at or dt.datetime.now(),
                kind=kind,
                format=format,
                prospect=prospect,
                industry=industry,
                company_size=company_size,
                use_case_ids=list(use_case_ids),
                outcome_ids=list(outcome_ids),
                who=who,
                deal_id=clean_deal_id(deal_id),
            )
        )


def usage_events(engine: Engine, since: dt.datetime | None = None) -> list[UsageEvent]:
    with Session(engine) as session:
        query = select(UsageEvent).order_by(UsageEvent.at)
        if since is not None:
            query = query.where(UsageEvent.at >= since)
        return list(session.scalars(query))


class UsageError(ValueError):
    """Feedback that cannot be recorded; the message says what to change."""


def clean_deal_id(text: str) -> str:
    """A CRM deal id as typed or linked: trimmed, control characters gone, at most 120
    characters (CRM ids are short; anything longer is not one)."""
    cleaned = CONTROL_CHARACTERS.sub("", " ".join(str(text or "").split()))
    if len(cleaned) > DEAL_ID_LENGTH:
        raise UsageError(
            f"the deal id is {len(cleaned)} characters long; a CRM deal id has at most "
            f"{DEAL_ID_LENGTH}: '{cleaned[:40]}…'"
        )
    return cleaned


@dataclass(frozen=True)
class Feedback:
    """The rep's word on how a prep landed."""

    who: str
    at: dt.datetime
    landed: str  # used | not used | ""
    reference_asked: bool
    objection: str


@dataclass(frozen=True)
class Prep:
    """One prep as the rep remembers it: the files generated the same day for the same
    prospect, deal and use cases (a PDF and a Word copy are one prep)."""

    event_id: int  # the newest file of the prep: feedback is recorded against it
    event_ids: tuple[int, ...]
    at: dt.datetime
    prospect: str
    deal_id: str
    industry: str
    company_size: str
    use_case_ids: tuple[str, ...]
    formats: tuple[str, ...]
    feedback: Feedback | None = None


def recent_preps(engine: Engine, who: str, *, limit: int = 10) -> list[Prep]:
    """`who`'s own recent preps, newest first, each with the newest feedback given on it."""
    if not who:
        return []
    with db.reading(engine) as conn, Session(conn) as session:  # asked on every rerun
        events = session.scalars(
            select(UsageEvent)
            .where(UsageEvent.who == who)
            .order_by(UsageEvent.at.desc(), UsageEvent.id.desc())
            .limit(limit * 10)
        ).all()
        groups: dict[tuple[object, ...], list[UsageEvent]] = {}
        for e in events:
            key = (e.at.date(), e.prospect, e.deal_id, tuple(sorted(e.use_case_ids or ())))
            if key in groups or len(groups) < limit:
                groups.setdefault(key, []).append(e)
        ids = [e.id for group in groups.values() for e in group]
        said: dict[int, PrepFeedback] = {}
        if ids:
            for f in session.scalars(
                select(PrepFeedback)
                .where(PrepFeedback.usage_event_id.in_(ids))
                .order_by(PrepFeedback.at, PrepFeedback.id)
            ):
                said[f.usage_event_id] = f  # the newest word on each file wins
    preps = []
    for group in groups.values():
        newest = group[0]
        words = [said[e.id] for e in group if e.id in said]
        latest = max(words, key=lambda f: (f.at, f.id)) if words else None
        preps.append(
            Prep(
                event_id=newest.id,
                event_ids=tuple(e.id for e in group),
                at=newest.at,
                prospect=newest.prospect,
                deal_id=newest.deal_id,
                industry=newest.industry,
                company_size=newest.company_size,
                use_case_ids=tuple(newest.use_case_ids or ()),
                formats=tuple(dict.fromkeys(e.format for e in reversed(group))),
                feedback=None
                if latest is None
                else Feedback(
                    latest.who, latest.at, latest.landed, latest.reference_asked, latest.objection
                ),
            )
        )
    return preps


def record_feedback(
    engine: Engine,
    event_id: int,
    *,
    who: str | Actor,
    landed: str = "",
    reference_asked: bool = False,
    objection: str = "",
    at: dt.datetime | None = None,
) -> None:
    """Record how the prep behind usage event `event_id` landed, by the rep who made it.

    `landed` is one of LANDED or "" (not said); `objection` is free text the rep heard.
    Earlier feedback stays as history; the newest counts.
    """
    name = acting(who, "prepare calls")
    landed = (landed or "").strip().lower()
    if landed and landed not in LANDED:
        raise UsageError(f"how the prep landed must be one of {', '.join(LANDED)}, not {landed!r}")
    objection = CONTROL_CHARACTERS.sub("", (objection or "").strip())
    if len(objection) > OBJECTION_LENGTH:
        raise UsageError(
            f"the objection is {len(objection)} characters long; keep it under "
            f"{OBJECTION_LENGTH} (the gist is enough)"
        )
    with db.unit_of_work(engine) as session:
        event = session.get(UsageEvent, event_id)
        if event is None:
            raise UsageError(f"there is no prep {event_id} in the usage log")
        if event.who and event.who != name:
            raise UsageError(f"this prep was made by {event.who}; only they can say how it landed")
        session.add(
            PrepFeedback(
                usage_event_id=event_id,
                who=name,
                at=at or dt.datetime.now(),
                landed=landed,
                reference_asked=bool(reference_asked),
                objection=objection,
            )
        )
