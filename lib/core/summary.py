"""Headline counts of the library, for the home page and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from lib.core.models import Outcome, Persona, Question, Segment, UseCase


@dataclass(frozen=True)
class LibraryCounts:
    use_cases: int
    approved: int
    drafts: int
    retired: int
    outcomes: int
    personas: int
    industries: int
    company_sizes: int
    questions: int

    @property
    def empty(self) -> bool:
        return self.use_cases == 0

    def describe(self) -> str:
        """'47 use cases, 72 outcomes, 10 personas and 1 question': counts a person reads."""
        parts = [
            _counted(self.use_cases, "use case"),
            _counted(self.outcomes, "outcome"),
            _counted(self.personas, "persona"),
            _counted(self.questions, "question"),
        ]
        return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _counted(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def library_counts(engine: Engine) -> LibraryCounts:
    """Count what the library holds, in one short read."""
    with Session(engine) as session:
        by_status = dict(
            session.execute(select(UseCase.status, func.count()).group_by(UseCase.status)).all()
        )
        by_kind = dict(
            session.execute(select(Segment.kind, func.count()).group_by(Segment.kind)).all()
        )

        def count(model: type) -> int:
            return session.scalar(select(func.count()).select_from(model)) or 0

        return LibraryCounts(
            use_cases=sum(by_status.values()),
            approved=by_status.get("approved", 0),
            drafts=by_status.get("draft", 0),
            retired=by_status.get("retired", 0),
            outcomes=count(Outcome),
            personas=count(Persona),
            industries=by_kind.get("industry", 0),
            company_sizes=by_kind.get("company_size", 0),
            questions=count(Question),
        )
