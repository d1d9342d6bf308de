"""Library and link text made harmless for the place it lands: one function per place.

Titles, steps, quotes, segment names and link parameters are typed by people (or by whoever
sent the link). Wherever they are shown they must read exactly as typed and never become a
link, colour, icon, maths, HTML or a formula:

| Where the text lands                                   | Function          |
| ------------------------------------------------------ | ----------------- |
| Streamlit Markdown: st.markdown, warning/info/error/    | `markdown_text`   |
| success bodies, help tooltips                           |                   |
| Streamlit labels: checkbox, button, expander, tab,      | `label_text`      |
| metric, page_link, widget labels (Markdown on one line) |                   |
| st.caption                                              | `caption_text`    |
| the exported Markdown pack (.md), also shown on screen  | `export_markdown` |
| Plotly tick labels, hover text, cell text, titles       | `plotly_text`     |
| spreadsheet and CSV cells                               | `csv_safe`        |

Backslash escapes stop what the Markdown parser sees (links, emphasis, `$` maths, HTML), but
Streamlit and GFM also rewrite the *text* after parsing: `http://…`, `www.…` and `me@host.org`
become links, `:material/icon:` an icon, `:streamlit:` a logo, and `:red[…]` is coloured even
with its brackets escaped. An escaped character is plain text again by then, so those
patterns are broken with an invisible WORD JOINER (U+2060) instead: after a `:` that touches
the next character, after an `@` before a word, and between `www` and its dot. Readers see the
text exactly as typed.
"""

from __future__ import annotations

import html
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WORD_JOINER = "\u2060"

# Every ASCII punctuation character: a backslash before one is always a literal in CommonMark,
# so escaping more than needed is harmless, and nothing the parser knows slips through.
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
# Text-level rewrites that escapes cannot stop (see the module docstring).
_COLON_TOUCHING = re.compile(r":(?=\S)")
_AT_BEFORE_WORD = re.compile(r"@(?=\w)")
_WWW_DOT = re.compile(r"(?i)(?<![\w.])(www)(\\?\.)")
# Exported Markdown is pasted into emails and CRM notes: keep it readable as plain text.
_EXPORT_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~$!])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_EXPORT_BLOCK_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def _break_rewrites(text: str) -> str:
    """Insert invisible word joiners where Streamlit or GFM would rewrite plain text."""
    text = _COLON_TOUCHING.sub(":" + WORD_JOINER, text)
    text = _AT_BEFORE_WORD.sub("@" + WORD_JOINER, text)
    return _WWW_DOT.sub(r"\1" + WORD_JOINER + r"\2", text)


def _as_str(text: object) -> str:
    return "" if text is None else str(text)


def markdown_text(text: object, *, one_line: bool = False) -> str:
    """`text` for Streamlit Markdown (st.markdown, alert bodies, help), shown literally.

    Line breaks stay line breaks (`one_line` folds them into spaces); leading spaces are
    dropped so an indented line never turns into a code block.
    """
    value = _as_str(text)
    escaped = _break_rewrites(_MARKDOWN_SPECIAL.sub(r"\\\1", value))
    if one_line:
        return " ".join(escaped.split())
    lines = escaped.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "  \n".join(line.strip() for line in lines)


def label_text(text: object) -> str:
    """`text` for a Streamlit label (checkbox, button, expander, tab, metric, page_link):
    Markdown too, and one line."""
    return markdown_text(text, one_line=True)


def caption_text(text: object) -> str:
    """`text` for st.caption: Markdown in small type, one line."""
    return markdown_text(text, one_line=True)


def export_markdown(text: object) -> str:
    """One line of user text made inert in the exported Markdown pack, and on screen where the
    pack is previewed.

    A bare '&' stays as written ("Copperfield & Rowe", "AT&T" read the same pasted as plain
    text); only one that would start an entity ("&amp;") is escaped. A leading `-`, `+`, `=` or
    `1.` is escaped so a value never starts a list or a rule.
    """
    flat = " ".join(_as_str(text).split())
    inert = _ENTITY_LIKE.sub("&amp;", flat).replace("<", "&lt;").replace(">", "&gt;")
    inert = _EXPORT_SPECIAL.sub(r"\\\1", inert)
    inert = _EXPORT_BLOCK_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), inert
    )
    return _break_rewrites(inert)


def plotly_text(text: object) -> str:
    """`text` for a Plotly tick label, hover text, cell text or title.

    Plotly draws a small HTML subset in every label (`<a href>`, `<b>`, `<br>`, entities);
    with `<`, `>` and `&` as entities the text shows exactly as typed.
    """
    return html.escape(_as_str(text), quote=False)


def csv_safe(value: object) -> str:
    """Text a spreadsheet will show, never evaluate: formula-like cells get a leading `'`."""
    text = _as_str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
