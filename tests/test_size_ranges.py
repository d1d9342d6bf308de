"""One head-count rule for both of its readers: a deal link on Call prep, and the deals behind
the Influence page and the win signal (`core.size_ranges`).

With ranges on the size rows both place every head count alike. Without them they part on
purpose: Influence falls back to the usual ranges of sizes named the usual way, while a deal
link asks marketing to add the ranges (README, "Open call prep from the CRM").
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from lib.callprep.candidates import load_candidates
from lib.callprep.deal_link import understand_link
from lib.deals.segments import segment_map, segment_map_of
from tests.builders import library, uc

# Gaps on purpose (0-9, 100-4,999): a head count in a gap belongs to no size.
GAPPY = [
    {"id": "SMB", "kind": "company_size", "min_employees": 10, "max_employees": 99},
    {"id": "Enterprise", "kind": "company_size", "min_employees": 5000},
]
COUNTS = [0, 9, 10, 99, 100, 420, 4999, 5000, 2_000_000]


def test_with_ranges_a_deal_link_and_the_deals_place_every_head_count_alike(
    engine: Engine,
) -> None:
    library(engine, use_cases=[uc("UC-1")], segments=GAPPY)
    candidates = load_candidates(engine)
    with engine.connect() as conn:
        mapping = segment_map_of(conn)
    link = [understand_link(candidates, str(n), []).company_size for n in COUNTS]
    deals = [mapping.size(n) for n in COUNTS]
    assert link == deals == ["", "", "SMB", "SMB", "", "", "", "Enterprise", "Enterprise"]


def test_without_ranges_the_deals_fall_back_but_a_deal_link_asks_for_ranges(
    engine: Engine,
) -> None:
    library(engine, use_cases=[uc("UC-1", company_sizes=["SMB", "Mid-market", "Enterprise"])])
    [problem] = understand_link(load_candidates(engine), "420", []).not_understood
    assert problem.message.startswith("The library's company sizes have no head-count ranges yet")
    with engine.connect() as conn:
        mapping = segment_map_of(conn)
    assert [mapping.size(n) for n in (0, 199, 200, 1999, 2000)] == [
        "SMB", "SMB", "Mid-market", "Mid-market", "Enterprise",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sizes", "employees", "size"),
    [
        ([("Mid-market", 100, 500)], 150, "Mid-market"),  # the row's range, not 200-1,999
        ([("Mid-market", 100, 500)], 600, ""),
        ([("SMB", None, None), ("Mid-market", 200, 500)], 50, "SMB"),  # default 0-199
        ([("Tiny", None, None)], 5, ""),  # an unusual name has no default
        ([("SMB", None, 50)], 120, ""),  # one end on the row: the default is not mixed in
        ([("SMB", 0, 199)], None, ""),  # no head count
    ],
)
def test_the_deals_rule_for_rows_without_a_range(
    sizes: list[tuple[str, int | None, int | None]], employees: int | None, size: str
) -> None:
    assert segment_map([], sizes).size(employees) == size
