"""User text made harmless for where it goes: Streamlit Markdown and spreadsheet cells.

Titles, steps and quotes are typed by people; on screen they must show exactly as typed (a
title `<img src=x onerror=alert(1)>` is shown as those characters), and in a CSV a cell starting
with `=` must never become a formula.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Markdown punctuation, HTML brackets, LaTeX `$`, and `:` (Streamlit's :emoji:, :red[...] and
# :material/icon: directives). A backslash before ASCII punctuation is always a literal in
# CommonMark, so escaping more than needed is harmless.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'^])")


def markdown_text(text: object, *, one_line: bool = False) -> str:
    """`text` escaped so Streamlit Markdown shows it literally; `one_line` folds line breaks."""
    value = "" if text is None else str(text)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", value)
    if one_line:
        return " ".join(escaped.split())
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")


def csv_safe(value: object) -> str:
    """Text a spreadsheet will show, never evaluate: formula-like cells get a leading `'`."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
