"""The library as the coverage page sees it: plain frozen facts built from the one library read.

Coverage, gaps, freshness and completeness all look at every use case and every outcome, so
they work from plain frozen records (no ORM objects, no lazy loads), built from the read every
page shares (`lib.core.reads`) once per library revision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine

from lib.core import reads
from lib.core.collector import collector_paused
from lib.core.reads import Library, OutcomeRecord
from lib.core.warm import courteous

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
    review_interval_days: int | None = None  # its own review interval; None: the default

    @property
    def approved(self) -> bool:
        return self.status == "approved"


@dataclass(frozen=True)
class CoverageData:
    """The library as coverage sees it. `questions` holds (use_case_id, persona_id) pairs."""

    industries: tuple[str, ...] = ()
    company_sizes: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()
    priorities: dict[str, float] = field(default_factory=dict)
    use_cases: tuple[UseCaseFacts, ...] = ()
    outcomes: tuple[OutcomeRecord, ...] = ()
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


def _filled(text: str | None) -> bool:
    return bool((text or "").strip())


def coverage_of(library: Library) -> CoverageData:
    """What coverage needs of every use case and outcome, from the library read."""
    with collector_paused():
        use_cases = tuple(
            UseCaseFacts(
                id=u.id,
                title=u.title,
                status=u.status,
                owner=u.owner.strip(),
                last_reviewed=u.last_reviewed,
                review_interval_days=u.review_interval_days,
                industries=u.industries,
                company_sizes=u.company_sizes,
                personas=u.personas,
                has_goal=_filled(u.goal),
                has_actor=_filled(u.primary_actor),
                preconditions=len(u.preconditions),
                has_trigger=_filled(u.trigger),
                main_steps=len(u.main_steps),
                extensions=len(u.extensions),
                has_success_guarantee=_filled(u.success_guarantee),
                quantified_benefit=any(b.quantified for b in u.benefits),
            )
            for u in courteous(library.use_cases)
        )
        outcomes = tuple(sorted((o for u in library.use_cases for o in u.outcomes), key=_id))
        questions = frozenset(
            (q.use_case_id, q.persona_id)
            for q in (
                *(q for u in library.use_cases for q in u.questions),
                *library.generic_questions,
            )
        )
    return CoverageData(
        industries=library.industries,
        company_sizes=library.company_sizes,
        personas=tuple(p.id for p in library.personas),
        priorities=library.priorities,
        use_cases=use_cases,
        outcomes=outcomes,
        questions=questions,
        applies_in={p.id: frozenset(p.industries) for p in library.personas if p.industries},
    )


def _id(outcome: OutcomeRecord) -> str:
    return outcome.id


@reads.derived_from(coverage_of)
def load(engine: Engine | Library) -> CoverageData:
    """`coverage_of` the library in `engine` (the app builds it from the shared read)."""
    return coverage_of(reads.library_of(engine))
