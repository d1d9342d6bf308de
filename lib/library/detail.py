"""One use case laid out for reading: steps in order, each extension under the step it leaves.

A reader follows the main success scenario and wants to see, at step 3, what happens when the
card is declined (3a) — not hunt for it in a list at the bottom. Extensions whose step is not a
main step (`*a`, "any step", or a typo) are kept in `other_extensions`, never dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from lib.core import sharing, steps
from lib.core.models import Question, UseCase
from lib.core.review import due_for_review, is_stale
from lib.core.safe_text import markdown_text

NOT_FOR_CALLS = {  # why Call prep does not offer a use case in this status, and what to do
    "draft": "Draft: Call prep does not offer it to reps until it is approved in Manage.",
    "retired": "Retired: kept for the record, not offered in Call prep. Restore it in Manage.",
}


@dataclass(frozen=True)
class ExtensionView:
    label: str  # "3a"
    kind: str  # alternate | exception
    condition: str
    steps: list[str]

    @property
    def is_exception(self) -> bool:
        return self.kind == "exception"


@dataclass(frozen=True)
class StepView:
    number: int
    text: str
    extensions: list[ExtensionView] = field(default_factory=list)


@dataclass(frozen=True)
class BenefitView:
    statement: str
    metric: str
    improvement: float | None
    unit: str
    category: str
    persona: str


@dataclass(frozen=True)
class OutcomeView:
    id: str
    customer: str
    result: str
    quote: str
    sharing: str  # "public", "anonymized", "internal — do not share", "permission expired ..."
    shareable: bool
    approval: str = ""  # the permission ledger: who approved, when, the record, the uses


@dataclass(frozen=True)
class QuestionView:
    text: str
    stage: str
    persona: str
    listen_for: str


@dataclass(frozen=True)
class UseCaseView:
    id: str
    title: str
    goal: str
    primary_actor: str
    secondary_actors: list[str]
    stakeholders: list[str]
    scope: str
    level: str
    preconditions: list[str]
    trigger: str
    steps: list[StepView]
    other_extensions: list[ExtensionView]
    success_guarantee: str
    minimal_guarantee: str
    status: str
    owner: str
    industries: list[str]
    company_sizes: list[str]
    personas: list[str]
    tags: list[str]
    benefits: list[BenefitView]
    outcomes: list[OutcomeView]
    questions: list[QuestionView]
    freshness: str
    stale: bool
    version: int

    @property
    def extensions(self) -> list[ExtensionView]:
        return [e for s in self.steps for e in s.extensions] + self.other_extensions


def step_number(ref: str) -> int | None:
    """3 for '3a' or '3'; None for '*a' or anything that names no step."""
    return steps.branch_step(ref)


def freshness(
    last_reviewed: dt.date | None, today: dt.date, interval: int | None = None
) -> tuple[str, bool]:
    """('reviewed 214 days ago', stale?) — stale by the one rule, `reads.is_stale`."""
    if last_reviewed is None:
        return "never reviewed", is_stale(None, today, interval=interval)
    days = (today - last_reviewed).days
    if days <= 0:
        text = "reviewed today"
    elif days == 1:
        text = "reviewed yesterday"
    else:
        text = f"reviewed {days} days ago"
    return text, is_stale(last_reviewed, today, interval=interval)


def group_extensions(
    main_steps: list[str], extensions: list[dict]
) -> tuple[list[StepView], list[ExtensionView]]:
    """Main steps numbered from 1, each with the extensions that branch from it."""
    by_step: dict[int, list[ExtensionView]] = {}
    others: list[ExtensionView] = []
    for ext in extensions or []:
        view = ExtensionView(
            label=str(ext.get("step", "")),
            kind=str(ext.get("kind") or "alternate"),
            condition=str(ext.get("condition", "")),
            steps=[str(s) for s in ext.get("steps") or []],
        )
        number = step_number(view.label)
        if number is not None and 1 <= number <= len(main_steps):
            by_step.setdefault(number, []).append(view)
        else:
            others.append(view)
    steps = [
        StepView(number=i, text=str(text), extensions=by_step.get(i, []))
        for i, text in enumerate(main_steps or [], start=1)
    ]
    return steps, others


def read_use_case(engine: Engine, use_case_id: str, today: dt.date) -> UseCaseView | None:
    """The whole use case for reading, or None when there is no such id."""
    with Session(engine) as session:
        uc = session.scalar(
            select(UseCase)
            .where(UseCase.id == use_case_id)
            .options(
                selectinload(UseCase.industries),
                selectinload(UseCase.company_sizes),
                selectinload(UseCase.personas),
                selectinload(UseCase.benefits),
                selectinload(UseCase.outcomes),
            )
        )
        if uc is None:
            return None
        questions = session.scalars(
            select(Question).where(Question.use_case_id == use_case_id).order_by(Question.id)
        ).all()
        steps, others = group_extensions(list(uc.main_steps or []), list(uc.extensions or []))
        text, _ = freshness(uc.last_reviewed, today, uc.review_interval_days)
        # as Library and Coverage
        stale = due_for_review(uc.status, uc.last_reviewed, today, interval=uc.review_interval_days)
        return UseCaseView(
            id=uc.id,
            title=uc.title,
            goal=uc.goal or "",
            primary_actor=uc.primary_actor or "",
            secondary_actors=list(uc.secondary_actors or []),
            stakeholders=list(uc.stakeholders or []),
            scope=uc.scope or "",
            level=uc.level or "",
            preconditions=list(uc.preconditions or []),
            trigger=uc.trigger or "",
            steps=steps,
            other_extensions=others,
            success_guarantee=uc.success_guarantee or "",
            minimal_guarantee=uc.minimal_guarantee or "",
            status=uc.status,
            owner=uc.owner or "",
            industries=[s.id for s in uc.industries],
            company_sizes=[s.id for s in uc.company_sizes],
            personas=[p.id for p in uc.personas],
            tags=list(uc.tags or []),
            benefits=[
                BenefitView(
                    statement=b.statement,
                    metric=b.metric or "",
                    improvement=b.improvement,
                    unit=b.unit or "",
                    category=b.category or "",
                    persona=b.persona_id or "",
                )
                for b in uc.benefits
            ],
            outcomes=[
                OutcomeView(
                    id=o.id,
                    customer=o.customer,
                    result=sharing.describe_result(
                        o.metric or "", o.before, o.after, o.unit or "", o.timeframe or ""
                    ),
                    quote=o.quote or "",
                    sharing=sharing.internal_label(o, today),
                    shareable=sharing.is_shareable(o, today),
                    approval=sharing.approval_summary(o),
                )
                for o in uc.outcomes
            ],
            questions=[
                QuestionView(
                    text=q.text,
                    stage=q.stage,
                    persona=q.persona_id or "",
                    listen_for=q.listen_for or "",
                )
                for q in questions
            ],
            freshness=text,
            stale=stale,
            version=uc.version,
        )


def extension_badge(ext: ExtensionView) -> str:
    """A coloured Streamlit badge: exceptions red with an error icon, alternates blue."""
    label = markdown_text(ext.label, one_line=True)
    if ext.is_exception:
        return f":red-badge[:material/error: {label} exception]"
    return f":blue-badge[:material/alt_route: {label} alternate]"


def _extension_lines(ext: ExtensionView, indent: str) -> list[str]:
    condition = markdown_text(ext.condition, one_line=True) or "*(no condition)*"
    lines = [f"{indent}- {extension_badge(ext)} {condition}"]
    for n, step in enumerate(ext.steps, start=1):
        lines.append(f"{indent}    {n}. {markdown_text(step, one_line=True)}")
    return lines


def scenario_markdown(view: UseCaseView) -> str:
    """The main success scenario as nested Markdown: numbered steps, extensions beneath."""
    lines: list[str] = []
    for step in view.steps:
        marker = f"{step.number}. "
        lines.append(f"{marker}{markdown_text(step.text, one_line=True)}")
        for ext in step.extensions:
            lines.extend(_extension_lines(ext, " " * len(marker)))
    return "\n".join(lines)


def other_extensions_markdown(view: UseCaseView) -> str:
    """Extensions that apply at any step (or name no main step), as a Markdown list."""
    lines: list[str] = []
    for ext in view.other_extensions:
        lines.extend(_extension_lines(ext, ""))
    return "\n".join(lines)


def bullet_list(items: list[str]) -> str:
    return "\n".join(f"- {markdown_text(item, one_line=True)}" for item in items)
