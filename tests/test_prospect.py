"""The "Always include / leave out" box, read without Streamlit."""

from __future__ import annotations

import pytest

from lib.callprep.prospect import include_and_exclude


@pytest.mark.parametrize(
    ("typed", "must_include", "exclude"),
    [
        ("", (), ()),
        ("UC-12, -UC-7", ("UC-12",), ("UC-7",)),
        ("UC-1;UC-2  -UC-3\n-UC-4", ("UC-1", "UC-2"), ("UC-3", "UC-4")),
        ("UC-1, UC-1, -UC-2, -UC-2", ("UC-1",), ("UC-2",)),
        ("- , UC-5", ("UC-5",), ()),  # a lone minus names nothing
        ("-UC-9 UC-9", ("UC-9",), ("UC-9",)),  # both kept; leaving out wins when ranking
        ("--UC-1", (), ("-UC-1",)),
    ],
)
def test_ids_with_a_minus_are_left_out_and_the_rest_included(
    typed: str, must_include: tuple[str, ...], exclude: tuple[str, ...]
) -> None:
    assert include_and_exclude(typed) == (must_include, exclude)
