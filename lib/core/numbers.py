"""The one rule for a number a person writes, shared by the editor and the workbook import.

A number is digits with one '.', optionally an exponent, and finite. Python's `float()` also
takes '1_000', 'nan', 'inf' and 'infinity', and '1e999' overflows to infinity: none of those
can be stored, exported or printed in a pack, so both the editor and the import refuse them
with the same words.
"""

from __future__ import annotations

import math
import re
from typing import Any

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


class NumberProblem(ValueError):
    """The value is not a number the library can hold; the message quotes it."""


def _quoted(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return repr(str(int(raw)))
    return repr(raw if isinstance(raw, str) else str(raw))


def parse_number(raw: Any) -> float | None:
    """`raw` as a finite number; None for blank. Raises `NumberProblem` for anything else."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = float(raw)
    elif type(raw) is str:
        text = raw.strip()
        if not text:
            return None
        if not _NUMBER.match(text):
            raise NumberProblem(
                f"{text!r} is not a number; write digits with '.' for decimals, like 1000 or -38.5"
            )
        value = float(text)
    else:
        raise NumberProblem(f"{_quoted(raw)} is not a number")
    if not math.isfinite(value):
        raise NumberProblem(
            f"{_quoted(raw)} is not a finite number (NaN and infinity cannot be stored or exported)"
        )
    return value
