"""The call-prep pack as one object every format renders: what goes in front of the rep.

Everything customer-related comes through `lib.core.sharing`: a section's proof point is a
`SharedOutcome`, so internal or expired outcomes, and anonymized customers' names, can never
reach a renderer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Engine

from lib.callprep.candidates import BenefitRecord, Candidate, Candidates, load_candidates
from lib.callprep.prospect import Prospect
from lib.callprep.questions import DiscoveryQuestion, QuestionSheet, discovery_questions
from lib.callprep.recommend import best_proof, headline_result
from lib.core import sharing
from lib.core.filenames import slug


class PackError(ValueError):
    """A pack cannot be built as asked (say, a use case that is not approved)."""


@dataclass(frozen=True)
class PackHeader:
    company: str
    industry: str
    company_size: str
    attendees: tuple[str, ...]
    date: dt.date
    objective: str

    def facts(self) -> list[tuple[str, str]]:
        """(label, value) of the header lines that have a value, in reading order."""
        facts = [
            ("Date", f"{self.date:%Y-%m-%d}"),
            ("Industry", self.industry),
            ("Company size", self.company_size),
            ("Attending", ", ".join(self.attendees)),
            ("Call objective", self.objective),
        ]
        return [(label, value) for label, value in facts if value]


@dataclass(frozen=True)
class UseCaseSection:
    id: str
    title: str
    actor: str
    goal: str
    steps: tuple[str, ...]
    benefits: tuple[str, ...]
    proof: sharing.SharedOutcome | None
    objections: tuple[str, ...]
    questions: tuple[DiscoveryQuestion, ...]

    def scenario(self, max_steps: int = 4) -> str:
        """'Nurse: finds a record fast. Key steps: 1. …; 2. …; 5. ….' in two or three lines."""
        lead = f"{self.actor}: {self.goal}" if self.actor else self.goal
        steps = key_steps(self.steps, max_steps)
        if not steps:
            return lead
        listed = "; ".join(f"{n}. {s.rstrip('.;')}" for n, s in steps)
        return f"{lead} Key steps: {listed}."

    @property
    def proof_line(self) -> str:
        """'A mid-market healthcare organization: -38% lookup time (12 → 7.4 min, in 6 months)'."""
        if self.proof is None:
            return ""
        return f"{self.proof.customer}: {self.proof.result or headline_result(self.proof)}"


@dataclass(frozen=True)
class CallPrepPack:
    header: PackHeader
    sections: tuple[UseCaseSection, ...]
    next_steps: tuple[str, ...]
    questions: QuestionSheet

    @property
    def use_case_ids(self) -> list[str]:
        return [s.id for s in self.sections]

    @property
    def outcome_ids(self) -> list[str]:
        """The outcomes this pack puts in front of the prospect (for the usage log)."""
        return [s.proof.id for s in self.sections if s.proof is not None]


def key_steps(steps: Sequence[str], limit: int) -> list[tuple[int, str]]:
    """Up to `limit` numbered steps, keeping the first and last: the shape of the story."""
    numbered = [(i + 1, s.strip()) for i, s in enumerate(steps) if s and s.strip()]
    if len(numbered) <= limit or limit < 2:
        return numbered[: max(limit, 0)]
    head = numbered[: limit - 1]
    return [*head, numbered[-1]]


def benefit_line(b: BenefitRecord, persona_name: str = "") -> str:
    """'Faster records lookup (-30% lookup time, for the CIO)'."""
    figures = []
    metric = _mid_sentence(b.metric or "")
    if b.improvement is not None:
        unit = (b.unit or "").strip()
        if unit != "%" and unit.lower() in metric.lower().split():
            unit = ""  # '-5 delay complaints per 1,000 shipments', not '-5 complaints delay …'
        amount = f"{b.improvement:+g}{unit}" if unit == "%" else f"{b.improvement:+g} {unit}"
        figures.append(" ".join(f"{amount.strip()} {metric}".split()))
    elif b.baseline is not None and b.target is not None:
        figures.append(f"{metric} {b.baseline:g} → {b.target:g} {b.unit}".strip())
    if persona_name:
        figures.append(f"for {persona_name}")
    detail = f" ({', '.join(f for f in figures if f)})" if figures else ""
    return f"{b.statement.strip()}{detail}"


def _mid_sentence(text: str) -> str:
    """'No-show rate' -> 'no-show rate' inside a line; 'NPS' and 'CSAT score' stay."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and not any(ch.isupper() for ch in first[1:]):
        return text[:1].lower() + text[1:]
    return text


def _benefits(c: Candidate, attending: Sequence[str], candidates: Candidates) -> tuple[str, ...]:
    mine = [b for b in c.benefits if b.persona_id in attending]
    everyone = [b for b in c.benefits if not b.persona_id]
    chosen = (mine + everyone) if attending else list(c.benefits)
    chosen = chosen or list(c.benefits)
    return tuple(
        benefit_line(b, candidates.persona_name(b.persona_id) if b.persona_id else "")
        for b in chosen
    )


def _objections(c: Candidate) -> tuple[str, ...]:
    """'What if the record is locked? The nurse asks …' from each extension."""
    out = []
    for ext in c.extensions:
        condition = str(ext.get("condition") or "").strip().rstrip("?.")
        if not condition:
            continue
        condition = condition[0].lower() + condition[1:]
        steps = " ".join(str(s).strip() for s in ext.get("steps") or () if str(s).strip())
        line = f"What if {condition}?"
        out.append(f"{line} {steps}" if steps else line)
    return tuple(out)


def _next_steps(header: PackHeader, sections: Sequence[UseCaseSection]) -> tuple[str, ...]:
    steps = ["Confirm the pains in their own words and the numbers behind them (today vs. goal)."]
    if sections:
        who = ", ".join(header.attendees) or "the attendees"
        steps.append(
            f"Agree a follow-up with {who}: a tailored walk-through of '{sections[0].title}'."
        )
    named = [s.proof for s in sections if s.proof is not None and s.proof.named]
    if named:
        steps.append(f"Offer a reference conversation with {named[0].customer}.")
    elif any(s.proof is not None for s in sections):
        steps.append("Offer the customer story behind the proof points as a follow-up read.")
    if header.objective:
        steps.append(f"Check the call objective was met: {header.objective}")
    return tuple(steps)


def _name_guard(chosen: Sequence[Candidate], today: dt.date) -> Callable[[str], str]:
    """A scrubber for the names of customers that may not be named on `today`.

    The sharing policy already keeps them out of the proof points; this also keeps a name out
    of use-case text that mentions it (a step that says "as at Northwind Health ...").
    """
    public = {
        o.customer for c in chosen for o in c.outcomes if sharing.visibility(o, today) == "public"
    }
    hidden = sorted(
        {o.customer for c in chosen for o in c.outcomes if o.customer} - public,
        key=len,
        reverse=True,
    )

    def clean(text: str) -> str:
        for name in hidden:
            text = sharing.scrub(text, name, "a customer", proper=True)
        return text

    return clean


def _clean_sheet(sheet: QuestionSheet, clean: Callable[[str], str]) -> QuestionSheet:
    return QuestionSheet(
        tuple(
            replace(
                q,
                text=clean(q.text),
                listen_for=clean(q.listen_for),
                use_case_title=clean(q.use_case_title),
            )
            for q in sheet.questions
        )
    )


def build_pack(
    source: Engine | Candidates,
    prospect: Prospect,
    use_case_ids: Sequence[str],
    today: dt.date | None = None,
) -> CallPrepPack:
    """The pack for `prospect` about the chosen use cases, in the order given."""
    today = today or dt.date.today()
    ids = list(dict.fromkeys(i for i in use_case_ids if i))
    candidates = source if isinstance(source, Candidates) else load_candidates(source, only=ids)
    missing = [i for i in ids if candidates.get(i) is None]
    if missing:
        raise PackError(
            f"Not approved use cases in the library: {', '.join(missing)}. "
            "Only approved use cases go into a pack."
        )
    attending = [p for p in prospect.personas if p]
    chosen = [c for i in ids if (c := candidates.get(i)) is not None]
    clean = _name_guard(chosen, today)
    sheet = _clean_sheet(discovery_questions(candidates, ids, attending), clean)
    sections = []
    for c in chosen:
        shown = sharing.shareable(list(c.outcomes), today)
        sections.append(
            UseCaseSection(
                id=c.id,
                title=clean(c.title),
                actor=clean(c.primary_actor),
                goal=clean(c.goal.strip()),
                steps=tuple(clean(s) for s in c.main_steps),
                benefits=tuple(clean(b) for b in _benefits(c, attending, candidates)),
                proof=best_proof(shown, prospect.industry, prospect.company_size),
                objections=tuple(clean(o) for o in _objections(c)),
                questions=sheet.for_use_case(c.id),
            )
        )
    header = PackHeader(
        company=prospect.company.strip() or "Prospect",
        industry=prospect.industry.strip(),
        company_size=prospect.company_size.strip(),
        attendees=tuple(candidates.persona_name(p) for p in attending),
        date=prospect.on(today),
        objective=prospect.objective.strip(),
    )
    return CallPrepPack(header, tuple(sections), _next_steps(header, sections), sheet)


def file_name(kind: str, company: str, day: dt.date, extension: str) -> str:
    """'call-prep_acme-health_2026-11-24.pdf': one naming rule for every download."""
    return f"{kind}_{slug(company)}_{day:%Y-%m-%d}.{extension}"
