"""How much text each field may hold: written once, read by the models, the editor and the import.

A field's limit is the smaller of its database column and one workbook cell, so nothing saved
in the app or imported from a file is cut when the library is exported and imported again.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Table

CELL_CHARACTERS = 32_767  # the most characters one Excel cell holds

# Database column lengths (characters), by what the column holds.
ID_LENGTH = 120  # ids, segment names, references to them
NAME_LENGTH = 200  # names, titles of people, owners, metrics, sources
TITLE_LENGTH = 300  # a use case's title
LABEL_LENGTH = 100  # level, timeframe
UNIT_LENGTH = 50
CHOICE_LENGTH = 20  # status, permission, stage, category, segment kind
TAG_LENGTH = 40  # change-record entity and action, usage-event kind


# C0 control characters but tab, line feed and carriage return: no XML file (xlsx, docx) may
# hold them, and PostgreSQL refuses NUL in text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def column_limit(table: Table, name: str) -> int:
    """The most characters `table.name` may hold: its column length, at most one cell."""
    column: Any = table.c.get(name)
    length = getattr(column.type, "length", None) if column is not None else None
    return min(length or CELL_CHARACTERS, CELL_CHARACTERS)


def too_long_message(length: int, limit: int) -> str:
    """The plain reason a text of `length` characters is refused."""
    if limit >= CELL_CHARACTERS:
        return (
            f"is {length:,} characters long; a workbook cell holds at most {limit:,}, so it "
            "could not be exported whole: shorten it or split it over several fields"
        )
    return f"is {length:,} characters long; at most {limit:,} fit"
