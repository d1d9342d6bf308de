"""How fully dressed each use case is, and what to add first.

The template is the fully dressed use case: goal, actors, preconditions, trigger, at least three
main steps, at least one extension, a success guarantee, a quantified benefit, a shareable proof
point and discovery questions for every persona it is tagged with. Each is one point; the score
is the share of points met, so the list sorts worst first — "fix these first".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from lib.core.sharing import is_shareable
from lib.core.warm import courteous
from lib.coverage.model import CoverageData, UseCaseFacts

MIN_MAIN_STEPS = 3


@dataclass(frozen=True)
class Completeness:
    id: str
    title: str
    status: str
    owner: str
    score: float  # 0-100
    missing: tuple[str, ...]

    @property
    def missing_text(self) -> str:
        return "; ".join(self.missing)


Check = Callable[[UseCaseFacts], str | None]


def _simple_checks() -> list[Check]:
    def need(ok: Callable[[UseCaseFacts], bool], what: str) -> Check:
        return lambda u: None if ok(u) else what

    return [
        need(lambda u: u.has_goal, "goal"),
        need(lambda u: u.has_actor, "primary actor"),
        need(lambda u: u.preconditions > 0, "preconditions"),
        need(lambda u: u.has_trigger, "trigger"),
        lambda u: (
            None
            if u.main_steps >= MIN_MAIN_STEPS
            else f"main steps ({u.main_steps} of {MIN_MAIN_STEPS})"
        ),
        need(lambda u: u.extensions > 0, "an extension"),
        need(lambda u: u.has_success_guarantee, "success guarantee"),
        need(lambda u: u.quantified_benefit, "a quantified benefit"),
    ]


CHECKS = 10  # the eight simple checks, shareable proof, questions per persona


def completeness(
    data: CoverageData, today: dt.date, include_retired: bool = False
) -> list[Completeness]:
    """Every draft and approved use case scored against the template, lowest score first."""
    proven = {o.use_case_id for o in courteous(data.outcomes) if is_shareable(o, today)}
    checks = _simple_checks()
    scored = []
    for u in courteous(data.use_cases):
        if u.status == "retired" and not include_retired:
            continue
        missing = [what for check in checks if (what := check(u)) is not None]
        if u.id not in proven:
            missing.append("a shareable proof point")
        if not u.personas:
            missing.append("a tagged persona with questions")
        else:
            without = [p for p in u.personas if not data.has_questions(p, u.id)]
            if without:
                missing.append("questions for " + ", ".join(without))
        score = round(100.0 * (CHECKS - len(missing)) / CHECKS, 1)
        scored.append(Completeness(u.id, u.title, u.status, u.owner, score, tuple(missing)))
    return sorted(scored, key=lambda c: (c.score, c.status != "approved", c.id))


def average_score(scores: list[Completeness]) -> float:
    return round(sum(c.score for c in scores) / len(scores), 1) if scores else 0.0
