"""User stories a delivery team would write from a use case, ready for a tracker import.

One story for the main success scenario and one per extension, each "As a <actor>, I want
<goal>, so that <benefit>" with Given/When/Then acceptance criteria: preconditions become the
Givens, the trigger (or the extension's condition) the When, and the guarantee or the
extension's handling steps the Thens.

`stories_csv` writes Jira-style columns. A cell that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return is prefixed with `'` so a spreadsheet opening the file shows it as text and
never runs it as a formula.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from lib.core.safe_text import csv_safe
from lib.library.detail import ExtensionView, StepView, UseCaseView

SUMMARY_LIMIT = 255  # Jira's limit on an issue summary
CSV_COLUMNS = ("Summary", "Issue Type", "Description", "Acceptance Criteria", "Labels", "Use case")


@dataclass(frozen=True)
class UserStory:
    use_case_id: str
    source: str  # "main" or the extension label, e.g. "3a"
    summary: str
    actor: str
    want: str
    so_that: str
    criteria: list[str]  # Gherkin lines: "Given ...", "And ...", "When ...", "Then ..."
    labels: list[str]

    @property
    def statement(self) -> str:
        return (
            f"As {_article(self.actor)} {self.actor}, I want {self.want}, so that {self.so_that}."
        )

    @property
    def acceptance(self) -> str:
        return "\n".join(self.criteria)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _lower_first(text: str) -> str:
    """'The cart holds items' -> 'the cart holds items', to follow 'Given' or 'so that'.

    Acronyms and names written with inner capitals ('CRM sync', 'iPhone', 'SAP') and the
    pronoun 'I' stay as they are.
    """
    text = text.strip().rstrip(".")
    first = text.split(maxsplit=1)[0] if text else ""
    if first and first[0].isupper() and first != "I" and not any(c.isupper() for c in first[1:]):
        return text[0].lower() + text[1:]
    return text


def _clause(text: str) -> str:
    return _lower_first(text) if text else ""


def _gherkin(keyword: str, lines: list[str]) -> list[str]:
    lines = [_lower_first(line) for line in lines if line and line.strip()]
    return [f"{keyword if i == 0 else 'And'} {line}" for i, line in enumerate(lines)]


def _label(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text.strip()).strip("-").lower()


def _labels(uc: UseCaseView, *extra: str) -> list[str]:
    return [_label(x) for x in (uc.id, *uc.industries, *extra) if x and _label(x)]


_SYSTEM = re.compile(r"^\s*(the\s+)?(system|product|platform|app|application)\b", re.IGNORECASE)


def _is_response(uc: UseCaseView, step: str) -> bool:
    """A step done by the system or a secondary actor, not by the primary actor."""
    text = step.strip().lower()
    others = [a.lower() for a in uc.secondary_actors if a]
    return bool(_SYSTEM.match(step)) or any(text.startswith((a, f"the {a}")) for a in others)


def _main_story(uc: UseCaseView) -> UserStory:
    actor = uc.primary_actor or "user"
    so_that = (
        _clause(uc.benefits[0].statement)
        if uc.benefits
        else _clause(uc.success_guarantee or uc.goal or "the goal is reached")
    )
    givens = _gherkin("Given", uc.preconditions) or ["Given the actor can use the product"]
    start = uc.trigger or (uc.steps[0].text if uc.steps else "the actor starts")
    steps = [s.text for s in uc.steps[1:]] if not uc.trigger else [s.text for s in uc.steps]
    # The actor's own opening steps are part of the When; what the system (or a secondary
    # actor) does from then on is the observable outcome, the Then.
    answer = next((i for i, text in enumerate(steps) if _is_response(uc, text)), 0)
    when = _gherkin("When", [start, *steps[:answer]])
    thens = _gherkin("Then", [*steps[answer:], uc.success_guarantee])
    thens = thens or ["Then the goal is reached"]
    return UserStory(
        use_case_id=uc.id,
        source="main",
        summary=uc.title,
        actor=actor,
        want=f"to {_clause(uc.title)}",
        so_that=so_that,
        criteria=[*givens, *when, *thens],
        labels=_labels(uc, "main-flow"),
    )


def _extension_story(uc: UseCaseView, ext: ExtensionView, step: StepView | None) -> UserStory:
    actor = uc.primary_actor or "user"
    condition = _clause(ext.condition) or "something goes differently"
    if ext.is_exception:
        so_that = _clause(uc.minimal_guarantee or "nothing is left half-done")
    else:
        so_that = _clause(uc.success_guarantee or uc.goal or "the goal is still reached")
    at_step = f"at step {step.number}, {_lower_first(step.text)}" if step and step.text else ""
    givens = _gherkin("Given", [*uc.preconditions, at_step])
    when = [f"When {condition}"]
    thens = _gherkin("Then", ext.steps) or ["Then the product handles it"]
    if ext.is_exception and uc.minimal_guarantee:
        thens.append(f"And {_clause(uc.minimal_guarantee)}")
    return UserStory(
        use_case_id=uc.id,
        source=ext.label,
        summary=f"{uc.title} — {ext.label}: {ext.condition}".strip(),
        actor=actor,
        want=f"to {_clause(uc.title)} even when {condition}",
        so_that=so_that,
        criteria=[*(givens or ["Given the actor can use the product"]), *when, *thens],
        labels=_labels(uc, ext.kind),
    )


def user_stories(uc: UseCaseView) -> list[UserStory]:
    """The main-flow story first, then one per extension in step order."""
    stories = [_main_story(uc)]
    for step in uc.steps:
        for ext in step.extensions:
            stories.append(_extension_story(uc, ext, step))
    for ext in uc.other_extensions:
        stories.append(_extension_story(uc, ext, None))
    return stories


def tracker_summary(text: str) -> str:
    """One line of at most SUMMARY_LIMIT characters: Jira refuses longer or multi-line summaries."""
    line = " ".join(text.split())
    return line if len(line) <= SUMMARY_LIMIT else line[: SUMMARY_LIMIT - 1].rstrip() + "…"


def tracker_description(story: UserStory) -> str:
    """The story and its criteria: trackers without an acceptance-criteria field keep them."""
    return f"{story.statement}\n\nAcceptance criteria:\n{story.acceptance}"


def stories_csv(stories: list[UserStory]) -> bytes:
    """UTF-8 CSV (with BOM, so Excel reads accents) in Jira-style import columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for story in stories:
        writer.writerow(
            [
                csv_safe(value)
                for value in (
                    tracker_summary(csv_safe(story.summary)),  # the mark counts too
                    "Story",
                    tracker_description(story),
                    story.acceptance,
                    " ".join(story.labels),
                    story.use_case_id,
                )
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
