"""Every file of the hostile corpus through `python -m lib import`: its exit status, its
message, and a library left exactly as it was when the import is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine

from lib.commands import main
from lib.core import db
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
