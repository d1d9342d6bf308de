"""What can be wrong with a workbook: the whole file, or one cell of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class WorkbookError(Exception):
    """The file as a whole cannot be imported (not a spreadsheet, encrypted, empty, ...).

    The message is plain and names the file, so it can be shown as is.
    """


@dataclass(frozen=True)
class Problem:
    """One bad cell (or missing column), located the way a person finds it in Excel."""

    file: str
    sheet: str
    row: int | None  # the Excel row number (1-based), None for the sheet as a whole
    column: str | None
    value: Any
    message: str

    def __str__(self) -> str:
        where = [self.file, f"sheet {self.sheet}"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class CellError(ValueError):
    """A cell value that cannot be read; the message says why, quoting the value."""
