"""Step labels: how an extension names the main step it branches from (`3a`, `3b`, `*a`, `3a1`).

The editor, the workbook's reader and checks, and the use-case reading all follow this one
grammar, so a label the workbook accepts is one the editor saves and the Library places under
its step. A label is a step number (or `*`, "at any step"), letters, then optional digits for a
nested extension; case does not matter and labels are kept lower-case.
"""

from __future__ import annotations

import re

LABEL = r"(?:\d+|\*)[A-Za-z]+\d*"  # for patterns that find a label inside longer text
ANY_STEP = "*"
EXAMPLE = "3a"
HANDLING_SEPARATOR = "; "  # between an extension's handling steps, in the editor and a cell

_LABEL = re.compile(r"^(?P<step>\d+|\*)[a-z]+\d*$", re.IGNORECASE)


def normal(label: object) -> str:
    """A label as stored: trimmed, lower-case ('3A ' -> '3a')."""
    return str(label or "").strip().lower()


def is_label(label: object) -> bool:
    """True for a well-formed label such as '3a', '*a' or '3a1'."""
    return _LABEL.match(normal(label)) is not None


def branch_step(label: object) -> int | None:
    """3 for '3a' (the main step it branches from); None for '*a' or a malformed label."""
    match = _LABEL.match(normal(label))
    if match is None or match["step"] == ANY_STEP:
        return None
    return int(match["step"])


def step_part(label: object) -> str:
    """'3' for '3a', '*' for '*a': what a sibling label shares ('3a', '3b', ...)."""
    match = _LABEL.match(normal(label))
    return match["step"] if match else ANY_STEP


def handling_steps(text: str) -> list[str]:
    """'pick another card; retry' -> ['pick another card', 'retry'] (blanks dropped)."""
    return [s for s in (part.strip() for part in text.split(HANDLING_SEPARATOR.strip())) if s]


def handling_text(handling: list[str]) -> str:
    """The reverse of `handling_steps`."""
    return HANDLING_SEPARATOR.join(handling)
