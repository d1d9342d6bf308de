"""The tables of the library.

Lists that always travel with their owner (steps, preconditions, extensions, tags) are JSON
columns: they are read and written whole, never queried alone, and that keeps a 20,000-use-case
import to a handful of bulk inserts. Segments and personas are real rows because coverage and
recommendations join on them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from lib.core.limits import (
    CHOICE_LENGTH,
    ID_LENGTH,
    LABEL_LENGTH,
    NAME_LENGTH,
    TAG_LENGTH,
    TITLE_LENGTH,
    UNIT_LENGTH,
)


class Base(DeclarativeBase):
    pass


use_case_industry = Table(
    "use_case_industry",
    Base.metadata,
    Column("use_case_id", ForeignKey("use_case.id", ondelete="CASCADE"), primary_key=True),
    Column("segment_id", ForeignKey("segment.id", ondelete="CASCADE"), primary_key=True),
)

use_case_company_size = Table(
    "use_case_company_size",
    Base.metadata,
    Column("use_case_id", ForeignKey("use_case.id", ondelete="CASCADE"), primary_key=True),
    Column("segment_id", ForeignKey("segment.id", ondelete="CASCADE"), primary_key=True),
)

use_case_persona = Table(
    "use_case_persona",
    Base.metadata,
    Column("use_case_id", ForeignKey("use_case.id", ondelete="CASCADE"), primary_key=True),
    Column("persona_id", ForeignKey("persona.id", ondelete="CASCADE"), primary_key=True),
)


class Segment(Base):
    """An industry or a company size; `priority` weighs its gaps on the coverage page."""

    __tablename__ = "segment"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    kind: Mapped[str] = mapped_column(String(CHOICE_LENGTH), index=True)
    priority: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str] = mapped_column(Text, default="")
    # Other names reps and CRMs use for it ("Banking", "Credit union" for Finance).
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    # On company-size rows: the head-count range a CRM's "Employees" maps to (either may be open).
    min_employees: Mapped[int | None] = mapped_column(Integer)
    max_employees: Mapped[int | None] = mapped_column(Integer)


class Persona(Base):
    """A buyer who attends calls: what they want, what hurts, what they are measured on."""

    __tablename__ = "persona"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    title: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    department: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    goals: Mapped[list[str]] = mapped_column(JSON, default=list)
    pains: Mapped[list[str]] = mapped_column(JSON, default=list)
    kpis: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Job titles a CRM holds for this persona ("VP of Sales", "Head of CX").
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The industries this buyer exists in (a CMIO only in healthcare); empty: every industry.
    # Coverage counts and ranks only the cells where the persona applies.
    industries: Mapped[list[str]] = mapped_column(JSON, default=list)


class UseCase(Base):
    """A fully dressed use case: an actor reaching a goal with the product.

    `extensions` is a list of {"step": "3a", "kind": "alternate"|"exception",
    "condition": str, "steps": [str, ...]}. `version` is bumped by every save so a second
    editor's stale save is refused instead of silently overwriting the first.
    """

    __tablename__ = "use_case"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    goal: Mapped[str] = mapped_column(Text, default="")
    primary_actor: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    secondary_actors: Mapped[list[str]] = mapped_column(JSON, default=list)
    scope: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    level: Mapped[str] = mapped_column(String(LABEL_LENGTH), default="")
    stakeholders: Mapped[list[str]] = mapped_column(JSON, default=list)
    preconditions: Mapped[list[str]] = mapped_column(JSON, default=list)
    trigger: Mapped[str] = mapped_column(Text, default="")
    main_steps: Mapped[list[str]] = mapped_column(JSON, default=list)
    extensions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    success_guarantee: Mapped[str] = mapped_column(Text, default="")
    minimal_guarantee: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(CHOICE_LENGTH), default="draft", index=True)
    owner: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    last_reviewed: Mapped[dt.date | None] = mapped_column(Date)
    # Days after `last_reviewed` the use case is due for a review again; None: the default 90.
    review_interval_days: Mapped[int | None] = mapped_column(Integer)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime, server_default=func.now())
    updated_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")

    industries: Mapped[list[Segment]] = relationship(
        secondary=use_case_industry, order_by=Segment.id
    )
    company_sizes: Mapped[list[Segment]] = relationship(
        secondary=use_case_company_size, order_by=Segment.id
    )
    personas: Mapped[list[Persona]] = relationship(secondary=use_case_persona, order_by=Persona.id)
    benefits: Mapped[list[Benefit]] = relationship(
        back_populates="use_case", cascade="all, delete-orphan", order_by="Benefit.id"
    )
    outcomes: Mapped[list[Outcome]] = relationship(back_populates="use_case", order_by="Outcome.id")
    questions: Mapped[list[Question]] = relationship(
        back_populates="use_case", order_by="Question.id"
    )

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}


class Benefit(Base):
    """A quantified benefit of a use case, optionally for one persona."""

    __tablename__ = "benefit"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    use_case_id: Mapped[str] = mapped_column(
        ForeignKey("use_case.id", ondelete="CASCADE"), index=True
    )
    persona_id: Mapped[str | None] = mapped_column(
        ForeignKey("persona.id", ondelete="SET NULL"), index=True
    )
    statement: Mapped[str] = mapped_column(Text)
    metric: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    improvement: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(UNIT_LENGTH), default="")
    category: Mapped[str] = mapped_column(String(CHOICE_LENGTH), default="")

    use_case: Mapped[UseCase] = relationship(back_populates="benefits")
    persona: Mapped[Persona | None] = relationship()


class Outcome(Base):
    """A real implementation with measured results and a sharing permission."""

    __tablename__ = "outcome"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    customer: Mapped[str] = mapped_column(String(NAME_LENGTH))
    industry: Mapped[str] = mapped_column(String(ID_LENGTH), default="", index=True)
    company_size: Mapped[str] = mapped_column(String(ID_LENGTH), default="", index=True)
    use_case_id: Mapped[str] = mapped_column(
        ForeignKey("use_case.id", ondelete="CASCADE"), index=True
    )
    metric: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    before: Mapped[float | None] = mapped_column(Float)
    after: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(UNIT_LENGTH), default="")
    timeframe: Mapped[str] = mapped_column(String(LABEL_LENGTH), default="")
    quote: Mapped[str] = mapped_column(Text, default="")
    permission: Mapped[str] = mapped_column(String(CHOICE_LENGTH), default="internal", index=True)
    permission_expires: Mapped[dt.date | None] = mapped_column(Date)
    anonymized_label: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    source: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    date: Mapped[dt.date | None] = mapped_column(Date)
    # "yes" only when the customer agreed to take reference calls; never inferred from public.
    reference: Mapped[str] = mapped_column(String(3), default="")
    # The permission ledger: who at the customer approved sharing, when, where the signed form
    # or email is, for which uses (`vocab.USES`; empty: not recorded, every use as before the
    # ledger), and whether the quote's wording was approved ("no" keeps it out of every file).
    approved_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    approval_ref: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    scope: Mapped[list[str]] = mapped_column(JSON, default=list)
    quote_approved: Mapped[str] = mapped_column(String(3), default="")

    use_case: Mapped[UseCase] = relationship(back_populates="outcomes")


class Question(Base):
    """A discovery question, for one use case or generic, for one persona or any."""

    __tablename__ = "question"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    use_case_id: Mapped[str | None] = mapped_column(
        ForeignKey("use_case.id", ondelete="CASCADE"), index=True
    )
    persona_id: Mapped[str | None] = mapped_column(
        ForeignKey("persona.id", ondelete="SET NULL"), index=True
    )
    stage: Mapped[str] = mapped_column(String(CHOICE_LENGTH))
    listen_for: Mapped[str] = mapped_column(Text, default="")

    use_case: Mapped[UseCase | None] = relationship(back_populates="questions")
    persona: Mapped[Persona | None] = relationship()


class ChangeRecord(Base):
    """Who changed what in the library, and when: the per-use-case history."""

    __tablename__ = "change_record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    who: Mapped[str] = mapped_column(String(NAME_LENGTH))
    entity: Mapped[str] = mapped_column(String(TAG_LENGTH))
    entity_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    action: Mapped[str] = mapped_column(String(TAG_LENGTH))
    summary: Mapped[str] = mapped_column(Text, default="")


class GapDismissal(Base):
    """A coverage gap marketing decided not to fill, with why, who and when; deleting the row
    brings the gap back."""

    __tablename__ = "gap_dismissal"

    industry: Mapped[str] = mapped_column(String(120), primary_key=True)
    persona: Mapped[str] = mapped_column(String(120), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime)


class UsageEvent(Base):
    """One pack or question sheet generated: which use cases and outcomes went out, for whom."""

    __tablename__ = "usage_event"
    # A rep's own recent preps on Call prep, newest first, without scanning everyone's.
    __table_args__ = (Index("ix_usage_event_who_at", "who", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    kind: Mapped[str] = mapped_column(String(TAG_LENGTH))
    format: Mapped[str] = mapped_column(String(CHOICE_LENGTH))
    prospect: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    industry: Mapped[str] = mapped_column(String(ID_LENGTH), default="")
    company_size: Mapped[str] = mapped_column(String(ID_LENGTH), default="")
    use_case_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    outcome_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    who: Mapped[str] = mapped_column(String(320), default="")  # the rep: email or local name
    # The CRM opportunity or deal the prep was for (from a deal link or typed), "" when none.
    deal_id: Mapped[str] = mapped_column(String(120), default="", index=True)


class CoverageSnapshot(Base):
    """The headline coverage numbers of one day, for the coverage-over-time chart."""

    __tablename__ = "coverage_snapshot"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class LibraryState(Base):
    """One row: the library's revision, bumped by every write so caches know to refresh."""

    __tablename__ = "library_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0, nullable=False)


class AccessRule(Base):
    """Who may use a team's Casebook: an email (`ana@acme.com`) or a whole domain
    (`@acme.com`) and the role it gets. Kept in the database so every app server agrees."""

    __tablename__ = "access_rule"

    pattern: Mapped[str] = mapped_column(String(320), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    granted_by: Mapped[str] = mapped_column(String(320), default="")
    granted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Setting(Base):
    """A team-wide setting (the role of signed-in people not on the access list, ...)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class UseCaseVersion(Base):
    """A use case as it stood after one save (edit, import, restore), with its links,
    benefits, outcomes and questions, so any two can be compared and an old one restored."""

    __tablename__ = "use_case_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    use_case_id: Mapped[str] = mapped_column(String(120), index=True)
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    who: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ApprovalRequest(Base):
    """A change that waits for a second person: a use case to approve, or an outcome to share.

    In team mode the person who made such a change cannot also approve it; the request records
    who asked, who decided and when, and the change happens only when it is approved."""

    __tablename__ = "approval_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))  # use_case | outcome
    entity_id: Mapped[str] = mapped_column(String(120), index=True)
    value: Mapped[str] = mapped_column(String(40))  # the status or permission asked for
    summary: Mapped[str] = mapped_column(Text, default="")
    requested_by: Mapped[str] = mapped_column(String(320))
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime)
    decided_by: Mapped[str] = mapped_column(String(320), default="")
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decision: Mapped[str] = mapped_column(String(20), default="")  # approved | declined | ""
    note: Mapped[str] = mapped_column(Text, default="")


class Deal(Base):
    """A CRM opportunity or deal, imported from a Salesforce or HubSpot report export, so the
    usage log can be set against what was won and lost."""

    __tablename__ = "deal"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)  # the CRM's own id
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    account: Mapped[str] = mapped_column(String(NAME_LENGTH), default="", index=True)
    stage: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    amount: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3), default="")
    created_on: Mapped[dt.date | None] = mapped_column(Date)
    close_date: Mapped[dt.date | None] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(default=False)
    won: Mapped[bool] = mapped_column(default=False)
    industry: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")  # as the CRM says it
    employees: Mapped[int | None] = mapped_column(Integer)
    owner: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    source: Mapped[str] = mapped_column(String(CHOICE_LENGTH), default="")  # salesforce | hubspot
    imported_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class RecordDigest(Base):
    """A digest of a library record as the workbook import last wrote it, so re-importing an
    unchanged record skips loading and comparing it (`lib.core.digests` keeps them right)."""

    __tablename__ = "record_digest"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)  # the record's table
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    digest: Mapped[str] = mapped_column(String(32))


class PrepFeedback(Base):
    """How a prep landed, as the rep said after the call: used or not, whether the prospect
    asked for a reference, an objection heard. The newest word on a prep counts; older ones
    stay as its history."""

    __tablename__ = "prep_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    usage_event_id: Mapped[int] = mapped_column(
        ForeignKey("usage_event.id", ondelete="CASCADE"), index=True
    )
    who: Mapped[str] = mapped_column(String(320), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    landed: Mapped[str] = mapped_column(String(CHOICE_LENGTH), default="")  # used | not used
    reference_asked: Mapped[bool] = mapped_column(default=False)
    objection: Mapped[str] = mapped_column(Text, default="")


class WinNomination(Base):
    """A rep's "this deal shows it works": the draft outcome it created (internal until
    marketing completes it) and what the rep said, in marketing's queue until marked done."""

    __tablename__ = "win_nomination"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outcome_id: Mapped[str] = mapped_column(
        ForeignKey("outcome.id", ondelete="CASCADE"), index=True
    )
    use_case_id: Mapped[str] = mapped_column(String(ID_LENGTH), default="")
    deal_id: Mapped[str] = mapped_column(String(120), default="")
    who: Mapped[str] = mapped_column(String(320), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    customer: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    what_changed: Mapped[str] = mapped_column(Text, default="")
    numbers: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[str] = mapped_column(Text, default="")
    permission_known: Mapped[str] = mapped_column(String(CHOICE_LENGTH), default="")
    done_by: Mapped[str] = mapped_column(String(320), default="")
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class CustomerReference(Base):
    """A customer who agreed to speak for us, what they agreed to and how often they may be asked.

    `industry` and `company_size` say which prospects they suit (blank: taken from the
    customer's outcomes); the limits are what keeps a willing customer willing."""

    __tablename__ = "customer_reference"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    customer: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    contact: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    role: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    activities: Mapped[list[str]] = mapped_column(JSON, default=list)
    industry: Mapped[str] = mapped_column(String(ID_LENGTH), default="")
    company_size: Mapped[str] = mapped_column(String(ID_LENGTH), default="")
    max_asks_per_quarter: Mapped[int | None] = mapped_column(Integer)
    rest_days: Mapped[int | None] = mapped_column(Integer)
    do_not_ask_until: Mapped[dt.date | None] = mapped_column(Date)
    at_risk: Mapped[str] = mapped_column(String(3), default="")  # "yes" or ""
    account_owner: Mapped[str] = mapped_column(String(320), default="")


class ReferenceRequest(Base):
    """A rep's request for one reference activity for a deal, and what became of it.

    open -> approved | declined (by the account owner or marketing, with a note) -> done (with
    feedback). Each step keeps who and when; fatigue counts the requests that were not declined."""

    __tablename__ = "reference_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    customer: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    activity: Mapped[str] = mapped_column(String(CHOICE_LENGTH), default="call")
    deal_id: Mapped[str] = mapped_column(String(120), default="")
    prospect: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    why: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(CHOICE_LENGTH), default="open", index=True)
    approver: Mapped[str] = mapped_column(String(320), default="")  # the account owner
    requested_by: Mapped[str] = mapped_column(String(320), index=True)
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime)
    decided_by: Mapped[str] = mapped_column(String(320), default="")
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    done_by: Mapped[str] = mapped_column(String(320), default="")
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    helped: Mapped[str] = mapped_column(String(3), default="")  # yes | no | ""
    would_again: Mapped[str] = mapped_column(String(3), default="")  # yes | no | ""
    feedback: Mapped[str] = mapped_column(Text, default="")
