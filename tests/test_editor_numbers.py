"""The editor's number fields follow the import's number rule, word for word."""

from __future__ import annotations

import math
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from lib.core import db
from lib.core.models import Benefit
from lib.library.editing import EditError, load_draft, update_use_case
from lib.workbook import cells
from lib.workbook.problems import CellError
from tests.builders import benefit, library, uc

FIELDS = ("baseline", "target", "improvement")
REFUSED: list[Any] = ["1_000", "nan", "NaN", "inf", "-Infinity", "1e999", "12abc", math.inf]


def _seed(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", "Pay an invoice", benefits=[benefit("B-1")])])


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", REFUSED, ids=[repr(v) for v in REFUSED])
def test_the_editor_refuses_what_the_import_refuses_naming_the_field(
    engine: Engine, field: str, value: Any
) -> None:
    _seed(engine)
    draft, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    draft.benefits[0][field] = value
    revision = db.revision(engine)

    with pytest.raises(EditError) as raised:
        update_use_case(engine, draft, version=version, who="Ana")

    with pytest.raises(CellError) as imported:
        cells.read_number(value)
    assert f"benefit 1: {field} {imported.value}" in raised.value.problems
    assert db.revision(engine) == revision
    with Session(engine) as s:
        stored = s.get(Benefit, "B-1")
        assert stored is not None
        assert getattr(stored, field) == benefit("B-1").get(field)


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("1000", 1000.0),
        (" -38.5 ", -38.5),
        ("1e3", 1000.0),
        (12, 12.0),
        (math.nan, None),
        ("", None),
    ],
)
def test_the_editor_saves_numbers_as_a_person_writes_them(
    engine: Engine, value: Any, stored: float | None
) -> None:
    _seed(engine)
    draft, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    for field in FIELDS:
        draft.benefits[0][field] = value

    update_use_case(engine, draft, version=version, who="Ana")

    with Session(engine) as s:
        row = s.get(Benefit, "B-1")
        assert row is not None
        assert [getattr(row, f) for f in FIELDS] == [stored] * 3
