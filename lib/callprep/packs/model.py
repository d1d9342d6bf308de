"""The call-prep pack as one object every format renders: what goes in front of the rep.

Everything customer-related comes through `lib.core.sharing`: a section's proof point is a
`SharedOutcome`, so internal or expired outcomes, and anonymized customers' names, can never
reach a renderer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import TypeVar

from sqlalchemy import Engine

from lib.callprep.candidates import (
    BenefitRecord,
    Candidate,
    Candidates,
    OutcomeRecord,
    load_candidates,
)
from lib.callprep.packs.remembered import remembered_clean
from lib.callprep.proof import lead_proof
from lib.callprep.prospect import Prospect
from lib.callprep.questions import DiscoveryQuestion, QuestionSheet, discovery_questions
from lib.callprep.recommend import (
    COMMON_WORD_SHARE,
    Profile,
    headline_result,
    understand,
)
from lib.callprep.terms import note_terms, tokens
from lib.core import figures, sharing
from lib.core.filenames import slug
from lib.core.vocab import SALES_USE


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
    heard: tuple[str, ...] = ()  # what the prospect said, in their words, shortened

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
    matched_steps: tuple[int, ...] = ()  # step numbers that matched the prospect's notes

    def scenario(self, max_steps: int = 4) -> str:
        """'Nurse: finds a record fast. Key steps: 1. …; 2. …; 5. ….' in two or three lines."""
        lead = f"{self.actor}: {self.goal}" if self.actor else self.goal
        steps = key_steps(self.steps, max_steps, self.matched_steps)
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
    disclosure: sharing.Disclosure | None = None  # who this pack may name, and why

    @property
    def use_case_ids(self) -> list[str]:
        return [s.id for s in self.sections]

    @property
    def outcome_ids(self) -> list[str]:
        """The outcomes this pack puts in front of the prospect (for the usage log)."""
        return [s.proof.id for s in self.sections if s.proof is not None]


def key_steps(
    steps: Sequence[str], limit: int, keep: Collection[int] = ()
) -> list[tuple[int, str]]:
    """Up to `limit` numbered steps: those in `keep` (the steps that matched the prospect's
    notes) first, then the first and the last (the shape of the story), then the rest."""
    numbered = [(i + 1, s.strip()) for i, s in enumerate(steps) if s and s.strip()]
    if len(numbered) <= limit:
        return numbered
    order = [n for n, _ in numbered if n in keep]
    order += [numbered[0][0], numbered[-1][0], *(n for n, _ in numbered)]
    chosen = set(list(dict.fromkeys(order))[: max(limit, 0)])
    return [(n, s) for n, s in numbered if n in chosen]


def benefit_line(b: BenefitRecord, persona_name: str = "") -> str:
    """'Faster records lookup: records lookup time 12 → 7.4 min (-38%), for the CIO'."""
    metric = _mid_sentence(" ".join((b.metric or "").split()))
    measured = figures.change(metric, b.baseline, b.target, b.unit)
    if measured:
        detail = f"{metric} {measured}".strip()
    elif b.improvement is not None:
        detail = f"{figures.improvement(metric, b.improvement, b.unit)} {metric}".strip()
    else:
        detail = ""  # a metric without numbers adds nothing to the statement
    line = b.statement.strip().rstrip(".")
    if detail:
        line = f"{line}: {detail}"
    return f"{line}, for {persona_name}" if persona_name else line


def _mid_sentence(text: str) -> str:
    """'No-show rate' -> 'no-show rate' inside a line; 'NPS' and 'CSAT score' stay."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and not any(ch.isupper() for ch in first[1:]):
        return text[:1].lower() + text[1:]
    return text


@dataclass(frozen=True)
class NoteMatch:
    """Whether a text speaks to the prospect's notes: it shares a meaningful word with them
    (not one found in most use cases, such as 'system')."""

    stems: frozenset[str] = frozenset()

    @classmethod
    def of(cls, pains: str, candidates: Candidates) -> NoteMatch:
        stems = note_terms(pains).stems
        if len(candidates.items) < 10:  # a pack's own few use cases: no measure of 'common'
            return cls(frozenset(stems))
        return cls(frozenset(s for s in stems if not candidates.is_common(s, COMMON_WORD_SHARE)))

    def __call__(self, text: str) -> bool:
        return bool(self.stems and self.stems.intersection(tokens(text or "")))


def _benefits(
    c: Candidate, attending: Sequence[str], candidates: Candidates, matches: NoteMatch
) -> tuple[str, ...]:
    """The benefits that matched the notes first, whoever they are tagged for; then those for
    the people attending and for everyone."""
    matched = [b for b in c.benefits if matches(f"{b.statement} {b.metric}")]
    mine = [b for b in c.benefits if b.persona_id in attending]
    everyone = [b for b in c.benefits if not b.persona_id]
    chosen = (matched + mine + everyone) if attending else matched + list(c.benefits)
    chosen = list(dict.fromkeys(chosen)) or list(c.benefits)
    return tuple(
        benefit_line(b, candidates.persona_name(b.persona_id) if b.persona_id else "")
        for b in chosen
    )


# Words that make a condition a clause ("the record is locked"), asked as "What if …?";
# without one it is a noun phrase ("Dangerous goods", "Card declined"), asked as it stands.
_CLAUSE_WORDS = frozenset(
    {
        *("is", "are", "was", "were", "has", "have", "had", "does", "do", "did", "can"),
        *("cannot", "can't", "will", "would", "must", "may", "not", "no", "nobody", "there"),
        "another",
    }
)
_CLAUSE_STARTS = ("a ", "an ", "the ", "no ", "nobody ", "another ")


def _sentence(text: str) -> str:
    """One handling step as a sentence: trimmed, ending in a full stop."""
    text = " ".join(str(text or "").split())
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?" else f"{text}."


def objection(condition: str, steps: Sequence[str]) -> str:
    """'What if the record is locked? The system shows who holds it.'; 'Dangerous goods? The
    system asks for the UN number.': a question as a prospect would ask it, then the answer."""
    condition = " ".join(str(condition or "").split()).rstrip("?.!:;")
    if not condition:
        return ""
    words = {w.lower() for w in re.findall(r"[\w']+", condition)}
    if words & _CLAUSE_WORDS or condition.lower().startswith(_CLAUSE_STARTS):
        question = f"What if {_mid_sentence(condition)}?"
    else:
        question = f"{condition[:1].upper()}{condition[1:]}?"
    answer = " ".join(s for s in map(_sentence, steps) if s)
    return f"{question} {answer}" if answer else question


def _objections(c: Candidate) -> tuple[str, ...]:
    """A likely objection from each extension, with how the product handles it."""
    found = (objection(str(e.get("condition") or ""), e.get("steps") or ()) for e in c.extensions)
    return tuple(o for o in found if o)


def _next_steps(
    header: PackHeader, sections: Sequence[UseCaseSection], references: Sequence[str]
) -> tuple[str, ...]:
    steps = ["Confirm the pains in their own words and the numbers behind them (today vs. goal)."]
    if sections:
        who = ", ".join(header.attendees) or "the attendees"
        steps.append(
            f"Agree a follow-up with {who}: a tailored walk-through of '{sections[0].title}'."
        )
    if references:
        steps.append(f"Offer a reference conversation with {references[0]}.")
    elif any(s.proof is not None for s in sections):
        steps.append("Offer the customer story behind the proof points as a follow-up read.")
    if header.objective:
        steps.append(f"Check the call objective was met: {header.objective}")
    return tuple(steps)


def _cleaned(c: Candidate, clean: Callable[[str], str]) -> Candidate:
    """The candidate's text with every customer the pack may not name taken out, before any
    of it is reworded (lower-cased into an objection, joined into a benefit line)."""
    return replace(
        c,
        title=clean(c.title),
        goal=clean(c.goal),
        primary_actor=clean(c.primary_actor),
        main_steps=tuple(clean(s) for s in c.main_steps),
        extensions=tuple(
            {
                **ext,
                "condition": clean(str(ext.get("condition") or "")),
                "steps": [clean(str(s)) for s in ext.get("steps") or ()],
            }
            for ext in c.extensions
        ),
        benefits=tuple(
            replace(b, statement=clean(b.statement), metric=clean(b.metric), unit=clean(b.unit))
            for b in c.benefits
        ),
        questions=tuple(
            replace(q, text=clean(q.text), listen_for=clean(q.listen_for or ""))
            for q in c.questions
        ),
    )


T = TypeVar("T")


def _clean_all(value: T, clean: Callable[[str], str]) -> T:
    """Every string inside `value` (dataclasses, tuples) cleaned: nothing is left to chance."""
    if isinstance(value, str):
        return clean(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_clean_all(v, clean) for v in value)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        parts = {f.name: getattr(value, f.name) for f in fields(value)}
        changes = {
            name: _clean_all(part, clean)
            for name, part in parts.items()
            if isinstance(part, (str, tuple)) or is_dataclass(part)
        }
        return replace(value, **changes)
    return value


def _shown_proof(
    c: Candidate, profile: Profile, notes: Collection[str], today: dt.date
) -> OutcomeRecord | None:
    """The outcome a section leads with, as stored (the disclosure decides how it shows):
    the one that speaks to the notes and the people attending first, then the strongest; the
    very one the page's reasons quote (`lead_proof`)."""
    shown = sharing.shareable(list(c.outcomes), today)
    best = lead_proof(
        c,
        shown,
        industry=profile.industry,
        size=profile.company_size,
        notes=notes,
        attending=profile.personas,
    )
    return next((o for o in c.outcomes if best is not None and o.id == best.id), None)


def build_pack(
    source: Engine | Candidates,
    prospect: Prospect,
    use_case_ids: Sequence[str],
    today: dt.date | None = None,
    resting: Collection[str] = (),
    names: sharing.LibraryNames | None = None,
) -> CallPrepPack:
    """The pack for `prospect` about the chosen use cases, in the order given.

    The sharing rule is applied to the pack as a whole (`sharing.disclose`): the renderers get
    content that is already safe to show. `resting` are the customers who may not be asked for
    a reference now (`core.fatigue.resting_customers`): the pack offers no call with them.
    `names` are the library's hidden and reference customers on `today`
    (`lib.callprep.library_names`, kept per revision); without them (or for another day) the
    whole library is scanned here.
    """
    today = today or dt.date.today()
    ids = list(dict.fromkeys(i for i in use_case_ids if i))
    candidates = source if isinstance(source, Candidates) else load_candidates(source, only=ids)
    missing = [i for i in ids if candidates.get(i) is None]
    if missing:
        raise PackError(
            f"Not approved use cases in the library: {', '.join(missing)}. "
            "Only approved use cases go into a pack."
        )
    # The pack speaks the library's names: 'Banking' is shown as Finance, a segment the
    # library does not know is not printed at all.
    profile = understand(candidates, prospect)
    attending = list(profile.personas)
    raw = [c for i in ids if (c := candidates.get(i)) is not None]
    matches = NoteMatch.of(prospect.pains, candidates)
    notes = note_terms(prospect.pains).stems
    proofs = {c.id: _shown_proof(c, profile, notes, today) for c in raw}
    if names is None or (names.today, names.use) != (today, SALES_USE):
        names = sharing.library_names(
            candidates.library_outcomes or candidates.outcome_records, today
        )
    disclosure = sharing.disclose(names, [o for o in proofs.values() if o], today)
    clean = remembered_clean(disclosure)  # the same texts recur in the next profile's pack
    chosen = [_cleaned(c, clean) for c in raw]
    sheet = _clean_all(discovery_questions(candidates, ids, attending, matches), clean)
    sections = []
    for c in chosen:
        proof = proofs[c.id]
        sections.append(
            UseCaseSection(
                id=c.id,
                title=c.title,
                actor=c.primary_actor,
                goal=c.goal.strip(),
                steps=c.main_steps,
                benefits=_benefits(c, attending, candidates, matches),
                proof=disclosure.show(proof) if proof is not None else None,
                objections=_objections(c),
                # The questions that speak to the notes first: the PDF keeps only a few.
                questions=tuple(
                    sorted(sheet.for_use_case(c.id), key=lambda q: not matches(q.text))
                ),
                matched_steps=tuple(n for n, step in enumerate(c.main_steps, 1) if matches(step)),
            )
        )
    header = PackHeader(
        company=prospect.company.strip() or "Prospect",
        industry=profile.industry,
        company_size=profile.company_size,
        attendees=tuple(candidates.persona_name(p) for p in attending),
        date=prospect.on(today),
        objective=clean(prospect.objective.strip()),
        heard=tuple(clean(line) for line in heard(prospect.pains)),
    )
    safe_sections = _clean_all(tuple(sections), clean)
    return CallPrepPack(
        header,
        safe_sections,
        _clean_all(
            _next_steps(
                header, safe_sections, [r for r in disclosure.references if r not in resting]
            ),
            clean,
        ),
        sheet,
        disclosure,
    )


def heard(pains: str, most: int = 3, limit: int = 140) -> tuple[str, ...]:
    """What the prospect said, in their words: the first few lines or sentences of the notes,
    each shortened at a word to `limit` characters."""
    parts = re.split(r"[\n;•]+|(?<=[.!?])\s+|^\s*[-*]\s+", pains or "", flags=re.MULTILINE)
    said = [" ".join(p.split()).strip(" -*") for p in parts]
    out = []
    for line in (p for p in said if p):
        if len(line) > limit:
            cut = line[: limit - 1]
            line = (cut[: cut.rfind(" ")] if " " in cut else cut).rstrip(" ,;:.-") + "…"
        out.append(line)
    return tuple(out[:most])


def file_name(kind: str, company: str, day: dt.date, extension: str) -> str:
    """'call-prep_acme-health_2026-11-24.pdf': one naming rule for every download."""
    return f"{kind}_{slug(company)}_{day:%Y-%m-%d}.{extension}"
