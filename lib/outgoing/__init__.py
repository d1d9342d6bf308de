"""A safety check for any file a rep is about to send: which customers it may not name.

`reading` gets the text a reader can see out of each kind of file, with where it is; `check`
applies the library's sharing rule (`lib.core.sharing`) to it. Used by `python -m lib
check-safe` and the "Check a file before you send it" section of Call prep.
"""

from __future__ import annotations

from lib.outgoing.check import (
    FileCheck,
    Finding,
    Rule,
    check_file,
    check_files,
    report,
    table,
)
from lib.outgoing.reading import SUPPORTED, UnreadableFile, passages

__all__ = [
    "SUPPORTED",
    "FileCheck",
    "Finding",
    "Rule",
    "UnreadableFile",
    "check_file",
    "check_files",
    "passages",
    "report",
    "table",
]
