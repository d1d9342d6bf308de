"""The coverage report as an Excel workbook: matrix, proof, gaps, stale list, completeness.

Every text cell is written as text, so a title such as `=cmd()` or `-30% churn` stays words and
never becomes a formula when the file is opened.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from lib.core import xlsx
from lib.core.filenames import slug
from lib.coverage.report import CoverageReport

SHEETS = ("Matrix", "Proof matrix", "Gaps", "Stale", "Completeness")
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_name(report: CoverageReport) -> str:
    """`casebook-coverage_2026-05-15.xlsx`, with the size when one is picked."""
    size = f"_{slug(report.size, 'size')}" if report.size else ""
    return f"casebook-coverage{size}_{report.today:%Y-%m-%d}.xlsx"


def _write(sheet: Worksheet, row: int, col: int, value: object, formats: dict) -> None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return
    if isinstance(value, bool | np.bool_):
        sheet.write_string(row, col, "yes" if value else "no")
    elif isinstance(value, numbers.Real):
        sheet.write_number(row, col, float(value))
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, pd.Timestamp(value).to_pydatetime(), formats["date"])
    else:
        sheet.write_string(row, col, str(value))


def _sheet(book: xlsxwriter.Workbook, name: str, table: pd.DataFrame, formats: dict) -> None:
    sheet = book.add_worksheet(name)
    for col, header in enumerate(table.columns):
        sheet.write_string(0, col, str(header), formats["header"])
        longest = max([len(str(header)), *(len(str(v)) for v in table.iloc[:200, col])])
        sheet.set_column(col, col, min(60, max(8, longest + 2)))
    for r, values in enumerate(table.itertuples(index=False), start=1):
        for c, value in enumerate(values):
            _write(sheet, r, c, value, formats)
    sheet.freeze_panes(1, 1)
    if len(table):
        sheet.autofilter(0, 0, len(table), len(table.columns) - 1)


def coverage_workbook(report: CoverageReport) -> bytes:
    """The report as .xlsx bytes, one formatted sheet per part with frozen headers."""
    buffer = io.BytesIO()
    book = xlsx.new_workbook(buffer)
    formats = {
        "header": book.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
    }
    size = report.size or "all sizes"
    for name, matrix in (("Matrix", report.matrix), ("Proof matrix", report.proof_matrix)):
        table = matrix.reset_index().rename(columns={"Industry": f"Industry ({size})"})
        _sheet(book, name, table, formats)
    _sheet(book, "Gaps", report.gaps_table, formats)
    _sheet(book, "Stale", report.stale_table, formats)
    _sheet(book, "Completeness", report.completeness_table, formats)
    book.close()
    return buffer.getvalue()
