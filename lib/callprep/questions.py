"""The discovery-question sheet: what to ask the people attending, stage by stage.

Questions come from the chosen use cases first (in the order chosen), then the generic ones;
a question without a persona is for everyone. The same question worded the same way
(ignoring case, spacing and punctuation) is asked once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lib.callprep.candidates import Candidates, QuestionRecord
from lib.core.vocab import STAGES


@dataclass(frozen=True)
class DiscoveryQuestion:
    id: str
    stage: str
    text: str
    listen_for: str
    use_case_id: str  # "" for a generic question
    use_case_title: str
    persona: str  # the persona's name, "" when for anyone


@dataclass(frozen=True)
class QuestionSheet:
    questions: tuple[DiscoveryQuestion, ...]  # in STAGES order, then source order

    def by_stage(self) -> list[tuple[str, tuple[DiscoveryQuestion, ...]]]:
        """(stage, questions) for every stage that has any, in STAGES order."""
        return [
            (stage, group)
            for stage in STAGES
            if (group := tuple(q for q in self.questions if q.stage == stage))
        ]

    def for_use_case(self, use_case_id: str) -> tuple[DiscoveryQuestion, ...]:
        return tuple(q for q in self.questions if q.use_case_id == use_case_id)


def normalised(text: str) -> str:
    """The form two questions are compared in: lower case, words only, single spaces."""
    return " ".join(re.findall(r"[^\W_]+", (text or "").lower()))


def discovery_questions(
    candidates: Candidates,
    use_case_ids: Sequence[str],
    personas: Sequence[str] = (),
    keep: Callable[[str], bool] | None = None,
) -> QuestionSheet:
    """Questions for the chosen use cases and generic ones, for the attending personas.

    With no personas given, every question is kept; a question `keep` accepts (one that
    speaks to the prospect's notes) is kept whoever it is for.
    """
    attending = set(personas)
    sources: list[tuple[QuestionRecord, str]] = []
    for uc_id in dict.fromkeys(use_case_ids):
        candidate = candidates.get(uc_id)
        if candidate is not None:
            sources.extend((q, candidate.title) for q in candidate.questions)
    sources.extend((q, "") for q in candidates.generic_questions)

    seen: set[str] = set()
    kept: list[DiscoveryQuestion] = []
    for q, title in sources:
        wanted = not attending or not q.persona_id or q.persona_id in attending
        if not wanted and not (keep is not None and keep(f"{q.text} {q.listen_for}")):
            continue
        key = normalised(q.text)
        if not key or key in seen:
            continue
        seen.add(key)
        kept.append(
            DiscoveryQuestion(
                id=q.id,
                stage=q.stage if q.stage in STAGES else STAGES[0],
                text=q.text.strip(),
                listen_for=(q.listen_for or "").strip(),
                use_case_id=q.use_case_id or "",
                use_case_title=title,
                persona=candidates.persona_name(q.persona_id) if q.persona_id else "",
            )
        )
    rank = {stage: i for i, stage in enumerate(STAGES)}
    kept.sort(key=lambda q: rank[q.stage])  # stable: source order within a stage
    return QuestionSheet(tuple(kept))
