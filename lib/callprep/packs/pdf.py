"""The pack as a PDF that is always exactly one page (US Letter or A4).

Fitting, in this order, until the content fits: shrink the font from 10 pt down to a readable
7 pt; then shorten the lowest-priority parts, level by level (`LEVELS`): fewer discovery
questions and objections first, then the customer quote, then fewer benefits and shorter
items, then fewer scenario steps. Shortened text ends with an ellipsis. Lines are wrapped here
(with the font's own glyph widths) and drawn one by one, so what was measured is exactly what
is drawn; automatic page breaks are off and nothing is ever drawn past the bottom margin.
DejaVu Sans ships in `fonts/` so accents, ñ, € and dashes render.
"""

from __future__ import annotations

import copy
import functools
import io
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

from lib.callprep.packs.model import CallPrepPack

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
PAPERS = ("Letter", "A4")
FONT_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)  # 7 pt is the readable minimum
MARGIN = 12.0
LABEL_WIDTH = 20.0
PT = 0.3528  # mm per point
ELLIPSIS = "…"


@dataclass(frozen=True)
class Level:
    """How much of each part fits; later levels give up the lower-priority parts first."""

    questions: int
    objections: int
    quote: int  # characters, 0 = leave the quote out
    benefits: int
    item: int  # characters per bullet
    steps: int
    next_steps: int
    title: int


# (questions, objections, quote, benefits, item, steps, next_steps, title), least cut first.
LEVELS = tuple(
    Level(*row)
    for row in (
        (3, 3, 320, 4, 320, 4, 4, 160),
        (2, 2, 200, 4, 240, 4, 4, 160),
        (1, 1, 120, 3, 180, 3, 4, 120),
        (1, 1, 0, 2, 130, 3, 3, 100),
        (1, 1, 0, 1, 90, 2, 2, 80),
        (1, 0, 0, 1, 60, 1, 1, 60),
    )
)


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, ending in an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-—") + ELLIPSIS


def _some(items: Sequence[str], count: int, limit: int) -> list[str]:
    """The first `count` items, shortened; '(+N more)' says what was left out."""
    shown = [shorten(i, limit) for i in items[:count]]
    if shown and len(items) > count:
        shown[-1] = f"{shown[-1]} (+{len(items) - count} more)"
    return shown


class _Writer:
    """Wraps and places text; with `draw=False` it only measures."""

    def __init__(self, pdf: FPDF, size: float, draw: bool) -> None:
        self.pdf, self.size, self.draw = pdf, size, draw
        self.y = MARGIN
        self.bottom = pdf.h - MARGIN
        self.overflow = False
        self._widths: dict[tuple[str, str], float] = {}

    def width(self, text: str, style: str) -> float:
        """Width of `text` at 1 pt (cached), so wrapping at any size is arithmetic."""
        key = (text, style)
        w = self._widths.get(key)
        if w is None:
            self.pdf.set_font(FAMILY, style, 100)
            w = self._widths[key] = self.pdf.get_string_width(text) / 100
        return w

    def wrap(self, text: str, width: float, size: float, style: str) -> list[str]:
        limit = width / size * 0.985  # a hair of slack for rounding in the PDF
        lines: list[str] = []
        line, line_w = "", 0.0
        space = self.width(" ", style)
        for word in text.split():
            w = self.width(word, style)
            while w > limit:  # a word longer than the line: break it by characters
                if line:
                    lines.append(line)
                    line, line_w = "", 0.0
                head = word
                while len(head) > 1 and self.width(head, style) > limit:
                    head = head[:-1]
                lines.append(head)
                word = word[len(head) :]
                w = self.width(word, style)
            if not word:
                continue
            if line and line_w + space + w > limit:
                lines.append(line)
                line, line_w = word, w
            else:
                line_w += (space if line else 0) + w
                line = f"{line} {word}" if line else word
        if line:
            lines.append(line)
        return lines

    def text(
        self, text: str, x: float, width: float, *, scale: float = 1.0, style: str = "",
        fill: bool = False,
    ) -> float:  # fmt: skip
        """Place wrapped `text` at (x, self.y); returns its height without moving y."""
        size = self.size * scale
        lh = size * PT * 1.22
        lines = self.wrap(text, width, size, style) or [""]
        if self.draw:
            self.pdf.set_font(FAMILY, style, size)
            y = self.y
            for line in lines:
                if y + lh > self.bottom + 0.01:
                    self.overflow = True
                    break
                self.pdf.set_xy(x, y)
                self.pdf.cell(width, lh, line, fill=fill)
                y += lh
        return lh * len(lines)

    def block(self, text: str, *, scale: float = 1.0, style: str = "", fill: bool = False,
              after: float = 0.0) -> None:  # fmt: skip
        if self.draw and fill:
            self.pdf.set_fill_color(232, 238, 247)
        h = self.text(text, MARGIN, self.pdf.w - 2 * MARGIN, scale=scale, style=style, fill=fill)
        self.y += h + after

    def row(self, label: str, items: Sequence[str], bullet: bool = True) -> None:
        """A bold label on the left and its items on the right."""
        if not items:
            return
        x = MARGIN + LABEL_WIDTH
        width = self.pdf.w - MARGIN - x
        label_h = self.text(label, MARGIN, LABEL_WIDTH - 1, style="B")
        top = self.y
        for item in items:
            self.y += self.text(f"• {item}" if bullet else item, x, width)
        self.y = max(self.y, top + label_h) + self.size * PT * 0.35


def _layout(
    pdf: FPDF, pack: CallPrepPack, size: float, level: Level, draw: bool, shown: int | None = None
) -> _Writer:
    """Place (or, with `draw=False`, measure) the pack; only the first `shown` use cases get
    a section, the rest a line naming them."""
    w = _Writer(pdf, size, draw)
    h = pack.header
    w.block(shorten(f"Call prep: {h.company}", level.title), scale=1.6, style="B", after=1)
    facts = [h.industry, h.company_size, f"{h.date:%A %d %B %Y}"]
    if h.attendees:
        facts.append("Attending: " + ", ".join(h.attendees))
    w.block(shorten(" · ".join(f for f in facts if f), 2 * level.item), after=0.5)
    if h.objective:
        w.block(shorten(f"Objective: {h.objective}", 2 * level.item), style="B", after=0.5)
    w.y += 1.5
    if h.heard:
        w.row("We heard", [f"“{said}”" for said in h.heard])
        w.y += 1
    for n, s in enumerate(pack.sections[:shown], 1):
        w.block(shorten(f"{n}. {s.title}", level.title), scale=1.15, style="B", fill=True, after=1)
        w.row("Scenario", [shorten(s.scenario(level.steps), 2 * level.item)], bullet=False)
        w.row("Benefits", _some(s.benefits, level.benefits, level.item))
        if s.proof is not None:
            proof = [shorten(s.proof_line, level.item)]
            if s.proof.quote and level.quote:
                proof.append(shorten(f"“{s.proof.quote}”", level.quote))
            w.row("Proof", proof, bullet=False)
        w.row("What if", _some(s.objections, level.objections, level.item))
        w.row("Ask", _some([q.text for q in s.questions], level.questions, level.item))
        w.y += 1
    left_out = pack.sections[shown:] if shown is not None else ()
    if left_out:
        titles = "; ".join(s.title for s in left_out)
        more = f"+{len(left_out)} more use case{'s' if len(left_out) > 1 else ''} in the Word "
        w.block(shorten(f"{more}and Markdown packs: {titles}", 2 * level.item), style="B", after=1)
    if pack.next_steps:
        w.block("Next steps", scale=1.15, style="B", fill=True, after=1)
        # Fewer next steps when space is short, never one cut in the middle of a title.
        steps = _some(pack.next_steps, level.next_steps, 10_000)
        w.row("", [f"{i}. {step}" for i, step in enumerate(steps, 1)], bullet=False)
    return w


@dataclass(frozen=True)
class _ParsedFont:
    """A font file as `FPDF.add_font` leaves it, parsed once per process.

    `add_font` reads and parses the whole file (glyph table, widths, character map, glyph
    names): about 30 ms of CPU per style, over half of a one-page PDF's. Two parts of what it makes
    belong to one document, though: the glyphs the document picks, and the fontTools font,
    which the PDF's output subsets in place. So each document gets a copy of the parsed font
    with both made afresh: the picks empty, and the fontTools font unpickled from a copy taken
    right after parsing (with the same tables already read, so its output is byte for byte
    what a freshly added font gives; tests/test_packs.py checks that).
    """

    font: TTFFont
    tables: bytes  # the pickled fontTools font, read from the file's bytes

    @staticmethod
    @functools.cache
    def of(path: Path, style: str) -> _ParsedFont:
        scratch = FPDF()
        scratch.add_font(FAMILY, style, path)
        font = next(iter(scratch.fonts.values()))
        assert isinstance(font, TTFFont) and font.color_font is None, f"{path} is a color font"
        tables = ttLib.TTFont(
            io.BytesIO(path.read_bytes()),
            recalcTimestamp=False,
            fontNumber=font.collection_font_number,
            lazy=True,
        )
        parsed = font.ttfont.keys()
        for tag in parsed:
            if font.ttfont.isLoaded(tag):
                tables[tag]  # read now, as the parse did, not at each document's output
        font.ttfont.close()
        return _ParsedFont(font, pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))

    def add_to(self, pdf: FPDF) -> None:
        """What `pdf.add_font(FAMILY, style, path)` does, without parsing the file again."""
        font = copy.copy(self.font)  # the metrics and the character map are only read
        font.i = len(pdf.fonts) + 1
        font.cw = copy.copy(self.font.cw)  # a width asked for a missing character is added
        font.ttfont = pickle.loads(self.tables)
        font.missing_glyphs = []
        font.subset = SubsetMap(font)
        font.biggest_size_pt = 0
        font._hbfont = None
        pdf.fonts[font.fontkey] = font


def _add_font(pdf: FPDF, style: str, file: str) -> None:
    _ParsedFont.of(FONTS / file, style).add_to(pdf)


def new_pdf(paper: str) -> FPDF:
    if paper not in PAPERS:
        raise ValueError(f"Paper must be one of {', '.join(PAPERS)}, not {paper!r}.")
    pdf = FPDF(format=paper.lower() if paper == "A4" else "letter", unit="mm")
    _add_font(pdf, "", "DejaVuSans.ttf")
    _add_font(pdf, "B", "DejaVuSans-Bold.ttf")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    return pdf


@dataclass(frozen=True)
class Fit:
    size: float
    level: int
    sections: int | None = None  # use cases given a section; None = all


def fit(pdf: FPDF, pack: CallPrepPack) -> Fit:
    """The largest font size, then the least shortening, at which the pack fits one page."""
    bottom = pdf.h - MARGIN

    def fits(size: float, level: int) -> bool:
        return _layout(pdf, pack, size, LEVELS[level], draw=False).y <= bottom

    def largest(level: int) -> Fit:
        """The largest size that fits at `level`, knowing the smallest one does."""
        if fits(FONT_SIZES[0], level):
            return Fit(FONT_SIZES[0], level)
        lo, hi = 0, len(FONT_SIZES) - 1  # lo does not fit, hi fits
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if fits(FONT_SIZES[mid], level) else (mid, hi)
        return Fit(FONT_SIZES[hi], level)

    # The least shortening first; then, having shortened, the largest size that still fits
    # (cutting a level can free more room than the smallest size needs).
    for level in range(len(LEVELS)):
        if fits(FONT_SIZES[-1], level):
            return largest(level)
    # Too many use cases for a page even fully shortened: the last ones are named, not shown.
    last = len(LEVELS) - 1
    for shown in range(len(pack.sections) - 1, 0, -1):
        if _layout(pdf, pack, FONT_SIZES[-1], LEVELS[last], False, shown).y <= bottom:
            return Fit(FONT_SIZES[-1], last, shown)
    return Fit(FONT_SIZES[-1], last, 1)  # drawn up to the margin, never beyond


def render(pack: CallPrepPack, paper: str = "Letter") -> bytes:
    pdf = new_pdf(paper)
    pdf.set_title(f"Call prep: {pack.header.company}")
    pdf.add_page()
    chosen = fit(pdf, pack)
    _layout(pdf, pack, chosen.size, LEVELS[chosen.level], draw=True, shown=chosen.sections)
    pdf.set_font(FAMILY, "", FONT_SIZES[-1])
    pdf.set_text_color(120, 120, 120)
    pdf.set_xy(MARGIN, pdf.h - MARGIN + 3)
    pdf.cell(pdf.w - 2 * MARGIN, 3, f"Prepared {pack.header.date:%Y-%m-%d} · customer proof "
             "shown as each customer allows", align="C")  # fmt: skip
    return bytes(pdf.output())
