"""A compact, read-only picture of the library for the coverage page, loaded in a few queries.

Coverage, gaps, freshness and completeness all look at every use case and every outcome, so
they work from plain frozen records (no ORM objects, no lazy loads): a 20,000-use-case library
loads in a handful of SELECTs and the page caches the result until the library changes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from lib.core.models import (
    Benefit,
    Outcome,
    Persona,
    Question,
    Segment,
    UseCase,
    use_case_company_size,
    use_case_industry,
    use_case_persona,
)
from lib.core.vocab import COMPANY_SIZES

DEFAULT_PRIORITY = 1.0


@dataclass(frozen=True, slots=True)
class UseCaseFacts:
    """What coverage needs to know about one use case."""

    id: str
    title: str
    status: str
    owner: str
    last_reviewed: dt.date | None
    industries: tuple[str, ...] = ()
    company_sizes: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()
    has_goal: bool = False
    has_actor: bool = False
    preconditions: int = 0
    has_trigger: bool = False
    main_steps: int = 0
    extensions: int = 0
    has_success_guarantee: bool = False
    quantified_benefit: bool = False

    @property
    def approved(self) -> bool:
        return self.status == "approved"


@dataclass(frozen=True, slots=True)
class OutcomeFacts:
    """What coverage needs to know about one outcome; enough for `sharing.is_shareable`."""

    id: str
    customer: str
    use_case_id: str
    industry: str
    company_size: str
    permission: str
    permission_expires: dt.date | None


@dataclass(frozen=True)
class CoverageData:
    """The library as coverage sees it. `questions` holds (use_case_id, persona_id) pairs."""

    industries: tuple[str, ...] = ()
    company_sizes: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()
    priorities: dict[str, float] = field(default_factory=dict)
    use_cases: tuple[UseCaseFacts, ...] = ()
    outcomes: tuple[OutcomeFacts, ...] = ()
    questions: frozenset[tuple[str | None, str | None]] = frozenset()
    # persona -> the industries it exists in; a persona not listed applies everywhere
    applies_in: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.use_cases

    def priority(self, segment: str) -> float:
        """The segment's target priority; unset counts as 1 so every gap still ranks."""
        return self.priorities.get(segment, DEFAULT_PRIORITY)

    def applies(self, industry: str, persona: str) -> bool:
        """Whether the industry x persona cell can exist (a CMIO outside healthcare cannot)."""
        where = self.applies_in.get(persona)
        return where is None or industry in where

    def has_questions(self, persona: str, use_case_id: str | None) -> bool:
        """Discovery questions for `persona`: on this use case for that persona or for anyone.

        With `use_case_id=None`, a generic question written for that persona.
        """
        if use_case_id is None:
            return (None, persona) in self.questions
        return (use_case_id, persona) in self.questions or (use_case_id, None) in self.questions


def _size_order(name: str) -> tuple[int, str]:
    return (COMPANY_SIZES.index(name), "") if name in COMPANY_SIZES else (len(COMPANY_SIZES), name)


def _filled(text: str | None) -> bool:
    return bool((text or "").strip())


def load(engine: Engine) -> CoverageData:
    """Read the library into a `CoverageData` in nine short queries."""
    with Session(engine) as session:
        segments = session.execute(select(Segment.id, Segment.kind, Segment.priority)).all()
        persona_rows = session.execute(select(Persona.id, Persona.industries)).all()
        personas = sorted(pid for pid, _ in persona_rows)
        applies_in = {pid: frozenset(where) for pid, where in persona_rows if where}
        links: dict[str, dict[str, list[str]]] = {
            "industries": defaultdict(list),
            "company_sizes": defaultdict(list),
            "personas": defaultdict(list),
        }
        for name, column, table in (
            ("industries", use_case_industry.c.segment_id, use_case_industry),
            ("company_sizes", use_case_company_size.c.segment_id, use_case_company_size),
            ("personas", use_case_persona.c.persona_id, use_case_persona),
        ):
            for uc_id, other in session.execute(select(table.c.use_case_id, column)):
                links[name][uc_id].append(other)
        quantified = set(
            session.scalars(
                select(Benefit.use_case_id)
                .where(
                    or_(
                        Benefit.improvement.is_not(None),
                        Benefit.baseline.is_not(None) & Benefit.target.is_not(None),
                    )
                )
                .distinct()
            )
        )
        length = func.json_array_length
        rows = session.execute(
            select(
                UseCase.id,
                UseCase.title,
                UseCase.status,
                UseCase.owner,
                UseCase.last_reviewed,
                UseCase.goal,
                UseCase.primary_actor,
                func.coalesce(length(UseCase.preconditions), 0),
                UseCase.trigger,
                func.coalesce(length(UseCase.main_steps), 0),
                func.coalesce(length(UseCase.extensions), 0),
                UseCase.success_guarantee,
            ).order_by(UseCase.id)
        ).all()
        use_cases = tuple(
            UseCaseFacts(
                id=r[0],
                title=r[1] or "",
                status=r[2] or "",
                owner=(r[3] or "").strip(),
                last_reviewed=r[4],
                industries=tuple(sorted(links["industries"].get(r[0], ()))),
                company_sizes=tuple(sorted(links["company_sizes"].get(r[0], ()), key=_size_order)),
                personas=tuple(sorted(links["personas"].get(r[0], ()))),
                has_goal=_filled(r[5]),
                has_actor=_filled(r[6]),
                preconditions=int(r[7]),
                has_trigger=_filled(r[8]),
                main_steps=int(r[9]),
                extensions=int(r[10]),
                has_success_guarantee=_filled(r[11]),
                quantified_benefit=r[0] in quantified,
            )
            for r in rows
        )
        outcomes = tuple(
            OutcomeFacts(
                id=r[0],
                customer=r[1] or "",
                use_case_id=r[2],
                industry=(r[3] or "").strip(),
                company_size=(r[4] or "").strip(),
                permission=r[5] or "",
                permission_expires=r[6],
            )
            for r in session.execute(
                select(
                    Outcome.id,
                    Outcome.customer,
                    Outcome.use_case_id,
                    Outcome.industry,
                    Outcome.company_size,
                    Outcome.permission,
                    Outcome.permission_expires,
                ).order_by(Outcome.id)
            )
        )
        questions = frozenset(
            (uc_id, persona_id)
            for uc_id, persona_id in session.execute(
                select(Question.use_case_id, Question.persona_id).distinct()
            )
        )
    return CoverageData(
        industries=tuple(sorted(s.id for s in segments if s.kind == "industry")),
        company_sizes=tuple(
            sorted((s.id for s in segments if s.kind == "company_size"), key=_size_order)
        ),
        personas=tuple(personas),
        priorities={s.id: s.priority for s in segments if s.priority is not None},
        use_cases=use_cases,
        outcomes=outcomes,
        questions=questions,
        applies_in=applies_in,
    )
