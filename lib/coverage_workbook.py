"""The coverage report as an Excel workbook: matrix, proof, gaps, stale list, completeness.

Every text cell is written as text, so a title such as `=cmd()` or `-30% churn` stays words and
never becomes a formula when the file is opened.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pandas as pd
import xlsxwriter

from lib.coverage import CoverageReport

SHEETS = ("Matrix", "Proof matrix", "Gaps", "Stale", "Completeness")


def file_name(report: CoverageReport) -> str:
    return f"casebook-coverage_{report.today:%Y-%m-%d}.xlsx"


def _table(
    book: xlsxwriter.Workbook,
    name: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[int],
    formats: dict[str, Any],
) -> None:
    sheet = book.add_worksheet(name)
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write_string(0, col, header, formats["header"])
        sheet.set_column(col, col, width)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_string(r, c, "yes" if value else "no")
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            elif hasattr(value, "isoformat"):
                sheet.write_datetime(r, c, pd.Timestamp(value).to_pydatetime(), formats["date"])
            else:
                sheet.write_string(r, c, str(value), formats["text"])
    sheet.freeze_panes(1, 1)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(headers) - 1)


def _matrix_rows(frame: pd.DataFrame) -> list[list[Any]]:
    return [[industry, *(int(v) for v in values)] for industry, values in frame.iterrows()]


def coverage_workbook(report: CoverageReport) -> bytes:
    """The report as .xlsx bytes, one formatted sheet per part with frozen headers."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    formats = {
        "header": book.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1}),
        "text": book.add_format({"text_wrap": False}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
    }
    size = report.size or "all sizes"
    for name, frame in (("Matrix", report.matrix), ("Proof matrix", report.proof_matrix)):
        headers = [f"Industry ({size})", *frame.columns]
        _table(
            book,
            name,
            headers,
            _matrix_rows(frame),
            [24, *[max(8, len(str(c)) + 2) for c in frame.columns]],
            formats,
        )
    _table(
        book,
        "Gaps",
        [
            "Industry",
            "Persona",
            "Company size",
            "Priority",
            "Use cases",
            "Shareable proof",
            "Discovery questions",
            "Shortfall",
            "Score",
            "What is missing",
        ],
        [
            [
                g.industry,
                g.persona,
                g.company_size or "all",
                g.priority,
                g.use_cases,
                g.proof,
                g.has_questions,
                g.shortfall,
                g.score,
                g.missing_text,
            ]
            for g in report.gaps
        ],
        [22, 16, 14, 9, 10, 15, 19, 10, 8, 60],
        formats,
    )
    _table(
        book,
        "Stale",
        ["Use case", "Title", "Status", "Owner", "Last reviewed", "Days since review"],
        [
            [
                s.id,
                s.title,
                s.status,
                s.owner,
                s.last_reviewed,
                s.days_since_review if s.days_since_review is not None else "never",
            ]
            for s in report.stale
        ],
        [14, 40, 10, 20, 14, 17],
        formats,
    )
    _table(
        book,
        "Completeness",
        ["Use case", "Title", "Status", "Owner", "Score (%)", "What is missing"],
        [[c.id, c.title, c.status, c.owner, c.score, c.missing_text] for c in report.completeness],
        [14, 40, 10, 20, 10, 70],
        formats,
    )
    book.close()
    return buffer.getvalue()
