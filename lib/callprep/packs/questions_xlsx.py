"""The discovery-question sheet as a workbook to fill in during the call.

One row per question with empty Answer and Notes columns; wrapped text, a frozen header row,
landscape and fitted to the page width when printed. Every text is written with
`write_string`, so a question starting with '=' or '+' stays text, never a formula.

Each row's height is set from its longest wrapped cell: LibreOffice does not grow a row for
wrapped text in a file that leaves the height out, so long questions overlapped the next row.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from lib.callprep.packs.model import CallPrepPack
from lib.core import xlsx

COLUMNS = (
    ("#", 5),
    ("Stage", 13),
    ("Question", 60),
    ("Listen for", 40),
    ("Use case", 28),
    ("For", 12),
    ("Answer", 40),
    ("Notes", 30),
)
PAPER = {"Letter": 1, "A4": 9}
LINE_HEIGHT = 15.0  # points per line of 11 pt Calibri, Excel's and LibreOffice's default
ROW_PADDING = 3.0
MIN_LINES = 2  # room to write an answer by hand on a printed sheet


def wrapped_lines(text: str, width: int) -> int:
    """Lines `text` takes in a wrapped column `width` characters wide (word by word)."""
    chars = max(1, width - 1)  # a little narrower than the column: cell padding
    return sum(max(1, len(textwrap.wrap(part, chars) or [""])) for part in text.split("\n"))


def row_height(values: Sequence[str], widths: Sequence[int], minimum: int = 1) -> float:
    """The height in points that shows every value of a row without clipping or overlap."""
    lines = max([minimum, *(wrapped_lines(v, w) for v, w in zip(values, widths, strict=False))])
    return lines * LINE_HEIGHT + ROW_PADDING


def _header_text(text: str) -> str:
    return text.replace("&", "&&")  # '&' starts a code in Excel's print header


def render(pack: CallPrepPack, paper: str = "Letter") -> bytes:
    out = io.BytesIO()
    book = xlsx.new_workbook(out)
    sheet = book.add_worksheet("Discovery questions")
    head = book.add_format({"bold": True, "bg_color": "#E8EEF7", "text_wrap": True, "border": 1})
    cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    widths = [width for _, width in COLUMNS]
    for col, (title, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width, cell)
        sheet.write_string(0, col, title, head)
    sheet.set_row(0, row_height([t for t, _ in COLUMNS], widths))
    for row, q in enumerate(pack.questions.questions, 1):
        sheet.write_number(row, 0, row, cell)
        values = (
            q.stage.capitalize(),
            q.text,
            q.listen_for,
            q.use_case_title or "General",
            q.persona or "Anyone",
        )
        sheet.set_row(row, row_height([str(row), *values], widths, MIN_LINES))
        for col, value in enumerate(values, 1):
            sheet.write_string(row, col, value, cell)
        sheet.write_blank(row, len(values) + 1, None, cell)  # Answer
        sheet.write_blank(row, len(values) + 2, None, cell)  # Notes
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.set_paper(PAPER.get(paper, 1))
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.5)
    h = pack.header
    sheet.set_header(f"&L{_header_text(h.company)}&R{h.date:%Y-%m-%d}")
    sheet.set_footer("&CPage &P of &N")
    book.close()
    return out.getvalue()
