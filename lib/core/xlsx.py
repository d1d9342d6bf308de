"""Every workbook Casebook writes starts here, with the options that keep library text as text.

xlsxwriter's `write()` would otherwise turn text starting with `=` into a live formula, text
that looks like a URL into a hyperlink, and (when asked) numeric-looking text into a number:
library text is data, so all three are off for every workbook (the library export, the
template, the coverage report, the question sheet).
"""

from __future__ import annotations

from typing import IO, Any

import xlsxwriter

SAFE_OPTIONS: dict[str, bool] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def new_workbook(target: IO[bytes] | str, **options: Any) -> xlsxwriter.Workbook:
    """An xlsxwriter workbook writing to `target` with `SAFE_OPTIONS` (others may be added,
    the safe ones may not be turned back on)."""
    unsafe = {k for k, v in options.items() if k in SAFE_OPTIONS and v != SAFE_OPTIONS[k]}
    if unsafe:
        raise ValueError(f"workbook option(s) {', '.join(sorted(unsafe))} must stay off")
    # in_memory by default (no temporary files); a large export asks for constant_memory,
    # which needs temporary files, instead.
    return xlsxwriter.Workbook(target, {"in_memory": True, **options, **SAFE_OPTIONS})
