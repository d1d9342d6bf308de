"""The coverage report as an Excel workbook, meant to be sent as it is.

A summary first (the headline figures and what each sheet holds), then the matrix with empty
cells red and cells that cannot exist grey, the proof matrix, gaps, permissions to renew,
usage, the stale list and completeness. Every text cell is written as text, so a title such as
`=cmd()` or `-30% churn` stays words and never becomes a formula when the file is opened.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
from collections.abc import Sequence

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from lib.core import xlsx
from lib.core.fatigue import Fatigue
from lib.core.filenames import slug
from lib.coverage import tables
from lib.coverage.charts import GAP_COLOUR, NOT_APPLICABLE_COLOUR, NOT_APPLICABLE_TEXT
from lib.coverage.fatigue import fatigue_table
from lib.coverage.report import CoverageReport
from lib.coverage.usage import UsageSummary

SHEETS = (
    "Summary",
    "Matrix",
    "Proof matrix",
    "Gaps",
    "Permissions",
    "Usage",
    "References",
    "Stale",
    "Completeness",
)
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ABOUT = {
    "Matrix": "approved use cases per industry x persona; red: none (a gap), grey n/a: the "
    "persona is not in that industry",
    "Proof matrix": "shareable outcomes (public or anonymized, unexpired) per cell, coloured "
    "the same way",
    "Gaps": "applicable cells short of their targets, most important first, with what to add",
    "Permissions": "expired permissions to renew, then those ending soon, with the owner who "
    "asks the customer",
    "Usage": "the most and never used use cases in packs, and stories shown to the most "
    "prospects",
    "References": "every customer reference: asks this quarter against its limit, and why "
    "it is not offered (at risk, resting, at its limit)",
    "Stale": "use cases due for a review",
    "Completeness": "each use case against the fully dressed template, worst first",
}
# Added when the report is made with the deals' figures (the Influence view).
INFLUENCE_ABOUT = (
    "the deals each use case and outcome was used in: open, won, lost, win rate with its 95% "
    "interval beside comparable deals where it was not used (a description, not a cause)"
)

Formats = dict[str, Format]


def file_name(report: CoverageReport) -> str:
    """`casebook-coverage_2026-05-15.xlsx`, with the size when one is picked."""
    size = f"_{slug(report.size, 'size')}" if report.size else ""
    return f"casebook-coverage{size}_{report.today:%Y-%m-%d}.xlsx"


def _write(
    sheet: Worksheet, row: int, col: int, value: object, formats: Formats, fmt: Format | None = None
) -> None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        if fmt is not None:
            sheet.write_blank(row, col, None, fmt)
        return
    if isinstance(value, bool | np.bool_):
        sheet.write_string(row, col, "yes" if value else "no", fmt)
    elif isinstance(value, numbers.Real):
        sheet.write_number(row, col, float(value), fmt)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, pd.Timestamp(value).to_pydatetime(), formats["date"])
    else:
        sheet.write_string(row, col, str(value), fmt)


def _table(
    sheet: Worksheet, top: int, table: pd.DataFrame, formats: Formats, widths: dict[int, int]
) -> int:
    """Write `table` with its header at row `top`; returns the first row below it."""
    for col, header in enumerate(table.columns):
        sheet.write_string(top, col, str(header), formats["header"])
        longest = max([len(str(header)), *(len(str(v)) for v in table.iloc[:200, col])])
        widths[col] = max(widths.get(col, 8), min(60, longest + 2))
    for r, values in enumerate(table.itertuples(index=False), start=top + 1):
        for c, value in enumerate(values):
            _write(sheet, r, c, value, formats)
    return top + 1 + len(table)


def _set_widths(sheet: Worksheet, widths: dict[int, int]) -> None:
    for col, width in widths.items():
        sheet.set_column(col, col, width)


def _sheet(book: xlsxwriter.Workbook, name: str, table: pd.DataFrame, formats: Formats) -> None:
    sheet = book.add_worksheet(name)
    widths: dict[int, int] = {}
    _table(sheet, 0, table, formats, widths)
    _set_widths(sheet, widths)
    sheet.freeze_panes(1, 1)
    if len(table):
        sheet.autofilter(0, 0, len(table), len(table.columns) - 1)


def _matrix_sheet(
    book: xlsxwriter.Workbook, name: str, report: CoverageReport, measure: str, formats: Formats
) -> None:
    """The matrix as numbers: 0 on red where a cell is a gap, n/a on grey where it cannot be."""
    matrix = report.matrix_for(measure)
    size = report.size or "all sizes"
    sheet = book.add_worksheet(name)
    corner = f"Industry ({size})"
    sheet.write_string(0, 0, corner, formats["header"])
    widths = {0: max(12, len(corner) + 2, *(len(str(i)) + 2 for i in matrix.index))}
    for col, persona in enumerate(matrix.columns, start=1):
        sheet.write_string(0, col, str(persona), formats["header"])
        widths[col] = max(8, len(str(persona)) + 2)
    for row, industry in enumerate(matrix.index, start=1):
        sheet.write_string(row, 0, str(industry))
        for col, persona in enumerate(matrix.columns, start=1):
            if (industry, persona) in report.not_applicable:
                sheet.write_string(row, col, NOT_APPLICABLE_TEXT, formats["n/a"])
                continue
            count = int(matrix.at[industry, persona])
            sheet.write_number(row, col, count, formats["gap"] if count == 0 else formats["count"])
    _set_widths(sheet, widths)
    sheet.freeze_panes(1, 1)
    legend = len(matrix.index) + 2
    sheet.write_string(legend, 0, "0 on red", formats["gap"])
    sheet.write_string(legend, 1, "a gap: nothing covers this cell")
    sheet.write_string(legend + 1, 0, NOT_APPLICABLE_TEXT, formats["n/a"])
    sheet.write_string(legend + 1, 1, "the persona is not in this industry (Personas sheet)")


def _summary_sheet(
    book: xlsxwriter.Workbook,
    report: CoverageReport,
    usage: UsageSummary | None,
    formats: Formats,
    sheets_about: dict[str, str] = ABOUT,
) -> None:
    h = report.headline
    sheet = book.add_worksheet("Summary")
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 2, 90)
    sheet.write_string(0, 0, "Casebook coverage report", formats["title"])
    sheet.write_string(1, 0, "Date")
    sheet.write_datetime(1, 1, pd.Timestamp(report.today).to_pydatetime(), formats["date"])
    sheet.write_string(2, 0, "Company size")
    sheet.write_string(2, 1, report.size or "all sizes")
    row = 3
    if report.size_caveat:
        sheet.write_string(row, 0, report.size_caveat, formats["note"])
        row += 1
    row += 1
    sheet.write_string(row, 0, "Figure", formats["header"])
    sheet.write_string(row, 1, "Value", formats["header"])
    sheet.write_string(row, 2, "What it counts", formats["header"])
    figures: list[tuple[str, float, str, str]] = [
        ("Approved use cases", h.approved_use_cases, "count", ""),
        ("Shareable proof", h.shareable_proof, "count", "public or anonymized outcomes, unexpired"),
        ("Applicable cells", h.cells, "count",
         "industry x persona cells where the persona exists"),
        ("Cells not applicable", len(report.not_applicable), "count",
         "left out of every figure: the persona is not in that industry"),
        ("Cells covered", h.coverage_pct / 100, "pct",
         f"{h.cells_covered} of {h.cells} applicable cells have an approved use case"),
        ("Cells with proof", h.proof_pct / 100, "pct",
         f"{h.cells_with_proof} of {h.cells} applicable cells have shareable proof"),
        ("Gaps", h.gaps, "count", "applicable cells short of their targets (Gaps sheet)"),
        ("Gaps dismissed", h.dismissed, "count", "dismissed with a reason on the Coverage page"),
        ("Stale use cases", h.stale, "count", "due for a review (Stale sheet)"),
        ("Permissions expired", h.expired, "count",
         "stories that no longer reach prospects: renew them (Permissions sheet)"),
        ("Permissions expiring", h.expiring, "count", "ending soon (Permissions sheet)"),
        ("Average completeness", h.completeness / 100, "pct", "against the fully dressed template"),
    ]  # fmt: skip
    if usage is not None:
        figures.append(("Packs and question sheets", usage.events, "count", "generated so far"))
    for label, value, kind, about in figures:
        row += 1
        sheet.write_string(row, 0, label)
        sheet.write_number(row, 1, value, formats["pct"] if kind == "pct" else formats["count"])
        if about:
            sheet.write_string(row, 2, about)
    row += 2
    sheet.write_string(row, 0, "Sheet", formats["header"])
    sheet.write_string(row, 1, "", formats["header"])
    sheet.write_string(row, 2, "What it holds", formats["header"])
    for name, what in sheets_about.items():
        row += 1
        sheet.write_url(row, 0, f"internal:'{name}'!A1", string=name)
        sheet.write_string(row, 2, what)
    sheet.activate()


def _usage_sheet(
    book: xlsxwriter.Workbook, usage: UsageSummary | None, formats: Formats
) -> None:
    sheet = book.add_worksheet("Usage")
    widths: dict[int, int] = {}
    if usage is None or not usage.events:
        sheet.write_string(0, 0, "No packs or question sheets generated yet.")
        sheet.set_column(0, 0, 50)
        return
    row = 0
    for title, table in (
        ("Most used", tables.use_count_table(usage.most_used)),
        (f"Never used ({len(usage.never_used)} approved use cases)",
         tables.use_count_table(usage.never_used)),
        ("Stories shown to more than two prospects", tables.overuse_table(usage.overuse)),
    ):  # fmt: skip
        sheet.write_string(row, 0, title, formats["title"])
        if table.empty:
            sheet.write_string(row + 1, 0, "none")
            row += 3
            continue
        row = _table(sheet, row + 1, table, formats, widths) + 1
    _set_widths(sheet, widths)


def _references_sheet(
    book: xlsxwriter.Workbook, fatigue: Sequence[Fatigue], formats: Formats
) -> None:
    if not fatigue:
        sheet = book.add_worksheet("References")
        sheet.write_string(0, 0, "No customer references yet.")
        sheet.set_column(0, 0, 50)
        return
    _sheet(book, "References", fatigue_table(fatigue), formats)


def coverage_workbook(
    report: CoverageReport,
    usage: UsageSummary | None = None,
    *,
    approvals: pd.DataFrame | None = None,
    influence: pd.DataFrame | None = None,
    fatigue: Sequence[Fatigue] = (),
) -> bytes:
    """The report as .xlsx bytes: a summary, then one formatted sheet per part (with
    `approvals`, the shareable outcomes with no approval on record, after the permissions;
    `fatigue`, each reference's asks against its limits).

    `influence` (the deals' figures, from `lib.deals.report.influence_sheet`) adds the
    Influence sheet; it is passed in as a table so coverage does not depend on the deals.
    """
    buffer = io.BytesIO()
    book = xlsx.new_workbook(buffer)
    formats: Formats = {
        "header": book.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1}),
        "title": book.add_format({"bold": True, "font_size": 13}),
        "note": book.add_format({"italic": True}),
        "date": book.add_format({"num_format": "yyyy-mm-dd", "align": "left"}),
        "count": book.add_format({"num_format": "0", "align": "center"}),
        "pct": book.add_format({"num_format": "0%", "align": "center"}),
        "gap": book.add_format({"bg_color": GAP_COLOUR, "align": "center", "border": 1}),
        "n/a": book.add_format(
            {"bg_color": NOT_APPLICABLE_COLOUR, "font_color": "#6B7280", "align": "center"}
        ),
    }
    about = ABOUT if influence is None else {**ABOUT, "Influence": INFLUENCE_ABOUT}
    _summary_sheet(book, report, usage, formats, about)
    _matrix_sheet(book, "Matrix", report, "use_cases", formats)
    _matrix_sheet(book, "Proof matrix", report, "proof", formats)
    _sheet(book, "Gaps", report.gaps_table, formats)
    _sheet(book, "Permissions", tables.permissions_table(report.expired, report.expiring), formats)
    if approvals is not None:
        _sheet(book, "No approval", approvals, formats)
    _usage_sheet(book, usage, formats)
    _references_sheet(book, fatigue, formats)
    _sheet(book, "Stale", report.stale_table, formats)
    _sheet(book, "Completeness", report.completeness_table, formats)
    if influence is not None:
        _sheet(book, "Influence", influence, formats)
    book.close()
    return buffer.getvalue()
