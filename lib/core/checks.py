"""The use-case checks the editor and the workbook import share, written once.

An imported use case must be one the editor can save as it is, and the other way round, so both
call these functions and quote the same words. Each check returns plain messages; the caller
adds where the value sits (an editor field, or a sheet, row and column).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lib.core import steps
from lib.core.vocab import EXTENSION_KINDS


class RuleProblems(ValueError):
    """A draft or entry that breaks the rules: `problems` says each one in plain words, the
    message all of them. Each writer raises its own subclass, so callers catch what they know."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ExtensionProblem:
    """What is wrong with one extension; `label` is its step label as written ('3a')."""

    label: str
    message: str


def not_one_of(value: object, choices: Sequence[str]) -> str | None:
    """ "'maybe' is not one of public, anonymized, internal", or None for a listed value."""
    if value in choices:
        return None
    return f"{str(value)!r} is not one of {', '.join(choices)}"


def _a(noun: str) -> str:
    """'an industry', 'a use case' (no noun here starts with a vowel sound spelt 'u')."""
    return f"{'an' if noun[:1] in 'aeio' else 'a'} {noun}"


def reference_problem(
    ref: str,
    noun: str,
    known: Collection[str],
    where: str,
    *,
    kinds: Mapping[str, str] | None = None,
    wanted_kind: str | None = None,
) -> str | None:
    """Why `ref` cannot be referred to as a `noun` (None: it can).

    "'Atlantis' is not a segment in the library", or, for a segment of the wrong kind,
    "'Enterprise' is a company size segment, not an industry". `where` says where it was
    looked for ("the library", "the file or the library").
    """
    if ref not in known:
        return f"{ref!r} is not {_a(noun)} in {where}"
    kind = (kinds or {}).get(ref)
    if wanted_kind and kind and kind != wanted_kind:
        return (
            f"{ref!r} is {_a(kind.replace('_', ' '))} segment, "
            f"not {_a(wanted_kind.replace('_', ' '))}"
        )
    return None


def extension_problems(
    main_steps: Sequence[str] | None, extensions: Iterable[dict[str, Any]] | None
) -> list[ExtensionProblem]:
    """Extensions whose label is malformed, names a step the main scenario does not have or
    repeats another's, whose kind is unknown, or that have no condition."""
    found: list[ExtensionProblem] = []
    seen: set[str] = set()
    count = len(main_steps or [])
    for n, ext in enumerate(extensions or [], start=1):
        label = steps.normal(ext.get("step"))
        name = f"extension {label}" if label else f"extension {n} (no step)"

        def add(message: str, label: str = label, name: str = name) -> None:
            found.append(ExtensionProblem(label, f"{name}{message}"))

        branch = steps.branch_step(label)
        if not steps.is_label(label):
            add(f": the step must look like '{steps.EXAMPLE}' (a step number and a letter)")
        elif branch is not None and not 1 <= branch <= count:
            add(f": there is no main step {branch} (it has {count})")
        elif label in seen:
            part = steps.step_part(label)
            add(f" appears twice; give each its own letter ({part}a, {part}b, ...)")
        seen.add(label)
        kind = str(ext.get("kind") or "").strip().lower()
        if (wrong := not_one_of(kind, EXTENSION_KINDS)) is not None:
            add(f": kind {wrong}")
        if not str(ext.get("condition") or "").strip():
            add(": the condition is required (what happens, like 'Card declined')")
    return found
