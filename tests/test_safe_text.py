"""One module escapes text for every place it lands; each function keeps hostile text inert and
shows it exactly as typed."""

from __future__ import annotations

import html
import json
import re

import pytest

from lib.core.safe_text import (
    WORD_JOINER,
    caption_text,
    csv_safe,
    export_markdown,
    label_text,
    markdown_text,
    plotly_text,
)
from tests.markup import INJECTIONS, live_markup, plotly_markup

SCREEN = {"markdown": markdown_text, "label": label_text, "caption": caption_text}
# Formatting and formulas are not links, colours, icons, maths or HTML: the checker ignores them.
LIVE = [t for t in INJECTIONS if not t.startswith(("`", "#", "="))]


def reads_as(source: str) -> str:
    """What a reader sees: backslash escapes resolved, word joiners invisible."""
    return re.sub(r"\\(.)", r"\1", source).replace(WORD_JOINER, "")


@pytest.mark.parametrize("text", LIVE)
def test_the_checker_sees_each_raw_injection(text: str) -> None:
    """Guard for every test below: unescaped, each live injection would be caught."""
    assert live_markup(text), text


@pytest.mark.parametrize("place", SCREEN)
@pytest.mark.parametrize("text", INJECTIONS)
def test_screen_text_is_inert_and_reads_as_typed(place: str, text: str) -> None:
    shown = SCREEN[place](text)
    assert live_markup(shown) == []
    assert reads_as(shown) == text


def test_line_breaks_stay_and_indents_never_make_code() -> None:
    shown = markdown_text("first :red[x]\n    second http://evil.example\r\nthird")
    assert shown.split("  \n")[1].startswith("second")
    assert reads_as(shown).replace("  \n", "\n") == "first :red[x]\nsecond http://evil.example\nthird"
    assert live_markup(shown) == []
    assert "\n" not in label_text("a\nb") and reads_as(label_text("a\nb")) == "a b"


@pytest.mark.parametrize(
    ("text", "rewritten"),
    [
        ("http://evil.example", "http:" + WORD_JOINER),
        ("HTTPS://EVIL", "HTTPS:" + WORD_JOINER),
        ("see www.evil.example", "www" + WORD_JOINER),
        ("me@evil.example", "@" + WORD_JOINER),
        (":material/warning:", ":" + WORD_JOINER + "material"),
    ],
)
def test_text_level_rewrites_are_broken_by_a_word_joiner(text: str, rewritten: str) -> None:
    """Streamlit autolinks and expands icons after Markdown escapes are resolved."""
    assert rewritten in re.sub(r"\\(.)", r"\1", markdown_text(text))


def test_plain_prose_keeps_its_colons_and_ampersands() -> None:
    assert reads_as(markdown_text("Goal: cut time & cost")) == "Goal: cut time & cost"
    assert WORD_JOINER not in markdown_text("Goal: cut time")  # a colon before a space


@pytest.mark.parametrize("text", INJECTIONS)
def test_exported_markdown_is_inert(text: str) -> None:
    shown = export_markdown(text)
    assert live_markup(shown) == []
    assert html.unescape(reads_as(shown)) == text


def test_exported_markdown_pastes_cleanly() -> None:
    assert export_markdown("$5 & <b>") == r"\$5 & &lt;b&gt;"
    assert export_markdown("Copperfield & Rowe, AT&T") == "Copperfield & Rowe, AT&T"
    assert export_markdown("&amp; &#60;") == r"&amp;amp; &amp;\#60;"  # an entity stays text
    assert export_markdown("two\n  lines") == "two lines"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("- not a list", r"\- not a list"), ("+1 more", r"\+1 more"), ("1. first", r"1\. first"),
     ("2) second", r"2\) second"), ("===", r"\==="), ("x - y", "x - y")],
)  # fmt: skip
def test_exported_markdown_never_starts_a_block(text: str, expected: str) -> None:
    assert export_markdown(text) == expected


@pytest.mark.parametrize("text", INJECTIONS)
def test_plotly_text_draws_no_html(text: str) -> None:
    label = plotly_text(text)
    assert "<" not in label and html.unescape(label) == text
    assert plotly_markup(json.dumps({"data": [{"x": [label]}]})) == []


def test_plotly_checker_sees_raw_html() -> None:
    assert plotly_markup('{"data": [{"y": ["<a href=\\"x\\">p</a>"]}]}')
    assert plotly_markup('{"data": [], "layout": {"xaxis": {"ticktext": ["<b>x</b>"]}}}')
    assert not plotly_markup('{"data": [{"text": ["a<br>b"]}]}')


@pytest.mark.parametrize("text", ["=1+1", "+44", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_cells_stay_text(text: str) -> None:
    assert csv_safe(text) == "'" + text


def test_ordinary_cells_are_unchanged() -> None:
    assert csv_safe("ok") == "ok" and csv_safe(None) == "" and csv_safe(3) == "3"
