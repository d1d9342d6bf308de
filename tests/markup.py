"""Hostile text, and a reader of Markdown source that finds what would come alive on screen.

`INJECTIONS` is the corpus put into libraries and links by the text-safety tests. Each string
tries one way for data to become more than text in Streamlit, GFM or Plotly.

`live_markup(source)` reads Markdown source the way Streamlit renders it, in two passes:
- what the Markdown parser acts on (links, images, `$` maths, raw HTML) is looked for with
  backslash-escaped characters masked, since an escaped character is a literal to the parser;
- what Streamlit and GFM rewrite in the text *after* parsing (bare URLs, `www.`, e-mail
  addresses, `:red[...]` colours and badges, `:material/...:` icons, `:streamlit:`) is looked
  for with the escapes resolved, since by then they are plain characters again. Only a word
  joiner (U+2060) inside the pattern stops those, as it does in the browser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from google.protobuf.message import Message

INJECTIONS = (
    "[Click to re-authenticate](https://evil.example/login)",
    ":red[pwn] :violet-background[pwn]",
    "$$x^2$$ and $y$",
    '<a href="https://evil.example/x">Phish</a>',
    "<img src=x onerror=alert(1)>",
    "http://evil.example/path",
    "www.evil.example",
    "mail me@evil.example",
    ":material/warning: :streamlit:",
    ":red-badge[pwn] :small[pwn]",
    "`tick` **bold** |table| ~~gone~~",
    "#heading",
    "=HYPERLINK(\"https://evil.example\")",
    "[click](javascript:alert(1)) ![img](https://evil.example/x.png)",
    "<https://evil.example>",
)

# Markup the pages write themselves (extension badges in the Library reading view).
STATIC = frozenset({":red-badge[", ":blue-badge[", ":material/error:", ":material/alt_route:"})

_ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_PARSED = {
    "link or image": re.compile(r"\[[^\]\n]*\]\([^)\s]*"),
    "maths": re.compile(r"\$"),
    "html": re.compile(r"<[A-Za-z/!?]"),
}
_REWRITTEN = {
    "bare url": re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://|(?<![\w.])www\."),
    "e-mail": re.compile(r"[\w.+-]@[\w-]+\.\w"),
    "directive": re.compile(r":[A-Za-z][\w-]*\["),
    "icon": re.compile(r":(?:material/)?[a-z0-9_+-]+:"),
}


def _blank_code_spans(source: str) -> str:
    """`source` with inline code spans (`python -m lib ...`) blanked: they are shown literally,
    and Streamlit writes them itself (data's backticks are always escaped)."""
    masked = _ESCAPED.sub("\x00\x00", source)  # same length: positions still match
    for m in reversed(list(_CODE_SPAN.finditer(masked))):
        source = source[: m.start()] + " " * (m.end() - m.start()) + source[m.end() :]
    return source


def live_markup(source: str) -> list[str]:
    """Each piece of `source` that Streamlit would render as more than text ("kind: text")."""
    source = _blank_code_spans(source)
    masked = _ESCAPED.sub("\x00\x00", source)
    resolved = _ESCAPED.sub(lambda m: m.group(0)[1], source)
    found = [
        f"{kind}: {source[m.start() : m.start() + 40]!r}"
        for kind, pattern in _PARSED.items()
        for m in pattern.finditer(masked)
    ]
    for kind, pattern in _REWRITTEN.items():
        for m in pattern.finditer(resolved):
            if m.group(0) not in STATIC:
                found.append(f"{kind}: {resolved[m.start() : m.start() + 40]!r}")
    return found


# Proto fields Streamlit renders as Markdown: bodies of markdown, caption, heading and alert
# elements; labels and help of widgets, expanders, tabs, metrics and page links.
MARKDOWN_FIELDS = frozenset({"body", "label", "help"})


def _markdown_strings(message: Message) -> Iterator[str]:
    for field, value in message.ListFields():
        if field.type not in (field.TYPE_MESSAGE, field.TYPE_STRING):
            continue
        values = [value] if isinstance(value, str | Message) else list(value)
        if field.type == field.TYPE_MESSAGE:
            for item in values:
                yield from _markdown_strings(item)
        elif field.name in MARKDOWN_FIELDS:
            yield from values


def rendered_markdown(at: Any) -> list[str]:
    """Every Markdown source string the page sent to the browser, main area and sidebar."""
    out: list[str] = []

    def visit(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            out.extend(_markdown_strings(proto))
        for child in getattr(node, "children", {}).values():
            visit(child)

    visit(at.main)
    visit(at.sidebar)
    return out


def plotly_labels(spec: str) -> Iterable[str]:
    """The texts a Plotly figure draws: x/y categories, cell text, hover text, tick texts,
    titles. Hover templates and customdata are left out (templates are code; customdata is
    never drawn unless a template asks for it)."""
    figure = json.loads(spec)
    for trace in figure.get("data", []):
        for key in ("x", "y", "text", "hovertext", "name"):
            value = trace.get(key)
            yield from ([value] if isinstance(value, str) else value or [])
    layout = figure.get("layout", {})
    stack: list[Any] = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("text", "ticktext") and isinstance(value, str | list):
                    yield from ([value] if isinstance(value, str) else value)
                else:
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def plotly_markup(spec: str) -> list[str]:
    """Labels of a Plotly figure that hold HTML Plotly would render (any tag but a line break)."""
    tag = re.compile(r"<(?!br\s*/?>)[A-Za-z/]", re.IGNORECASE)
    return [str(t) for t in plotly_labels(spec) if tag.search(str(t))]
