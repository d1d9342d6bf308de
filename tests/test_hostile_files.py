"""Every file of the hostile corpus through `python -m lib import`: its exit status, its
message, and a library left exactly as it was when the import is refused."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from xlsxwriter.worksheet import Worksheet

from lib.commands import main
from lib.core import db
from tests import hostile_files
from tests.builders import library, uc
from tests.hostile_files import CASES, Case
from tests.workbook_support import EVERY_TABLE, dump


@pytest.mark.parametrize("case", CASES, ids=[f"{i:02d}-{c.name}" for i, c in enumerate(CASES)])
def test_hostile_file(
    case: Case, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library(engine, use_cases=[uc("UC-KEEP", industries=["Retail"])])
    before, revision = dump(engine, EVERY_TABLE), db.revision(engine)
    path = case.write(tmp_path)

    status = main(["import", str(path), "--who", "t"])

    out, err = capsys.readouterr()
    assert status == case.status, out + err
    assert re.search(case.message, out + err), out + err
    if case.status != 0:
        assert dump(engine, EVERY_TABLE) == before
        assert db.revision(engine) == revision


def test_importing_the_corpus_writes_no_far_cell(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every process that collects the suite imports the corpus: a sheet with a cell a million
    rows or 16,000 columns out (a third of a second of CPU) is made by the test that writes it,
    not at import."""
    far: list[tuple[int, int]] = []
    write_string = Worksheet.write_string

    def spy(self: Worksheet, row: int, col: int, *args: Any, **kwargs: Any) -> int:
        if row >= 1_000 or col >= 100:
            far.append((row, col))
        return write_string(self, row, col, *args, **kwargs)

    monkeypatch.setattr(Worksheet, "write_string", spy)
    importlib.reload(hostile_files)
    assert far == []
    last_row = next(c for c in hostile_files.CASES if c.name == "last-row.xlsx")
    last_row.write(tmp_path)
    last_row.write(tmp_path)
    assert far == [(1_048_575, 0)]  # made when first written, once
