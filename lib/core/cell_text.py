"""How a list, steps or extensions value is written into one workbook cell.

The export writes these cells and the editor measures them: a value is only saved when its cell
fits in a workbook, so an exported library always imports back whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lib.core import steps as labels
from lib.core.limits import CELL_CHARACTERS

# Where one extension starts inside a cell without line breaks: "... 4a. Next one".
EXTENSION_START = re.compile(rf"\s+(?={labels.LABEL}[.)]\s)")


def write_list(items: Sequence[str]) -> str:
    """One item per line. A lone item holding `;` gets a line break so it stays one item."""
    if len(items) == 1 and ";" in items[0]:
        return items[0] + "\n"
    return "\n".join(items)


def write_steps(steps: Sequence[str]) -> str:
    return "\n".join(f"{n}. {step}" for n, step in enumerate(steps, 1))


def write_extensions(extensions: Sequence[dict[str, Any]]) -> str:
    lines = []
    for ext in extensions:
        condition = ext.get("condition", "")
        kind = ext.get("kind") or "alternate"
        mark = ""
        if kind != "alternate" or condition.startswith("["):
            mark = f"[{kind}] "
        handling = ext.get("steps") or []
        line = f"{ext.get('step', '')}. {mark}{condition}"
        if handling:
            line += ": " + labels.handling_text(handling)
        lines.append(line)
    if len(lines) == 1 and EXTENSION_START.search(lines[0]):
        # One extension whose text holds something like "3b. ": a line break keeps it whole,
        # as a cell without one may hold several extensions.
        return lines[0] + "\n"
    return "\n".join(lines)


def written_length(kind: str, value: Any) -> int:
    """How many characters `value` takes in its cell once exported (0 for an empty value)."""
    if not value:
        return 0
    if kind == "steps":
        return len(write_steps(value))
    if kind == "extensions":
        return len(write_extensions(value))
    return len(write_list(value))


def fits_in_cell(kind: str, value: Any) -> bool:
    return written_length(kind, value) <= CELL_CHARACTERS
