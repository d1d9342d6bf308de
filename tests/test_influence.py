"""What wins: deals each use case and outcome was used in, with honest statistics."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from lib.core import db
from lib.core.models import Segment
from lib.deals import data as deal_data
from lib.deals.influence import (
    NOT_ENOUGH,
    Rate,
    influence,
    influence_table,
    whom_to_ask,
    wilson,
    won_by_segment,
)
from tests.builders import library, outcome, uc
from tests.deal_builders import deal, deals, used


def wilson_by_roots(won: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson bounds as the two roots of (p̂ - p)² = z² p (1 - p) / n, solved for p."""
    p_hat = won / n
    a = 1 + z * z / n
    b = -(2 * p_hat + z * z / n)
    c = p_hat * p_hat
    low, high = sorted(np.roots([a, b, c]).real)
    return max(0.0, float(low)), min(1.0, float(high))


@pytest.mark.parametrize(
    ("won", "n", "low", "high"),
    # Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I.
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_published_values(won: int, n: int, low: float, high: float) -> None:
    found = wilson(won, n)
    assert found == pytest.approx((low, high), abs=5e-5)


@given(st.integers(min_value=1, max_value=500).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))))  # fmt: skip
def test_wilson_matches_the_quadratic_roots(case: tuple[int, int]) -> None:
    won, n = case
    low, high = wilson(won, n)
    expected = wilson_by_roots(won, n)
    assert low == pytest.approx(expected[0], abs=1e-9)
    assert high == pytest.approx(expected[1], abs=1e-9)
    assert 0.0 <= low <= won / n <= high <= 1.0


def test_wilson_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError):
        wilson(3, 2)
    with pytest.raises(ValueError):
        wilson(0, 0)


def test_a_rate_below_the_minimum_sample_is_not_shown() -> None:
    assert Rate(3, 4).text() == f"{NOT_ENOUGH} (4 of 5)"
    assert not Rate(3, 4).enough and "rate" not in Rate(3, 4).as_dict()
    shown = Rate(6, 8).text()
    low, high = wilson(6, 8)
    assert shown == f"75% ({low:.0%}–{high:.0%}), 6 of 8 closed"
    assert Rate(3, 4, min_sample=3).enough


@pytest.fixture
def healthcare(engine: Engine) -> Engine:
    """UC-1 used in 6 won, 2 lost and 1 open Healthcare mid-market deals; 5 comparable
    closed deals without it (1 won); a Finance deal that compares with nothing."""
    library(
        engine,
        use_cases=[
            uc(
                "UC-1",
                "Find records fast",
                industries=["Healthcare"],
                company_sizes=["Mid-market"],
                personas=["CIO"],
            ),
            uc("UC-2", "Book visits", industries=["Healthcare"]),
        ],
        outcomes=[outcome("O-1", "UC-1", customer="Account D1, Inc.", industry="Healthcare")],
        segments=[{"id": "Finance"}, {"id": "Enterprise", "kind": "company_size"}],
    )
    with db.unit_of_work(engine) as s:
        s.get(Segment, "Healthcare").aliases = ["Hospitals"]  # type: ignore[union-attr]
    rows = [deal(f"D{i}", "won") for i in range(1, 7)]
    rows[1]["industry"] = "hospitals"  # the CRM's word, an alias of Healthcare
    rows[2]["close_date"] = dt.date(2026, 5, 1)  # a longer cycle: 120 days
    rows += [deal("D7", "lost"), deal("D8", "lost"), deal("D9", "open", amount=5000.0)]
    rows += [deal("D10", "won")] + [deal(f"D{i}", "lost") for i in range(11, 15)]
    rows += [deal("D15", "won", "Finance"), deal("D16", "won", employees=5000)]
    events = [used(f"D{i}", "UC-1") for i in range(1, 10)]
    events += [used("D1", "UC-1", "UC-2", outcomes=["O-1"]), used("D7", "UC-2"),
               used("D2", "UC-1", outcomes=["O-1"]), used("GONE", "UC-1")]  # fmt: skip
    return deals(engine, rows, events)


def test_influence_per_use_case(healthcare: Engine) -> None:
    data = deal_data.load(healthcare)
    found = {i.id: i for i in influence(data)}
    first = found["UC-1"]
    assert (first.open, first.won, first.lost) == (1, 6, 2)  # GONE is not an imported deal
    assert (first.used.won, first.used.closed) == (6, 8) and first.used.enough
    # Comparable: the closed Healthcare mid-market deals without UC-1 (D10-D14); not the
    # Finance deal, nor the enterprise one.
    assert (first.comparable.won, first.comparable.closed) == (1, 5)
    assert first.median_cycle_days == 60.0
    assert first.pipeline == {"USD": 5000.0}
    assert first.won_amount == {"USD": 60000.0}
    assert first.label == "Find records fast"
    assert "that were won" in first.words() and "won deals" not in first.words()
    second = found["UC-2"]
    assert (second.won, second.lost) == (1, 1)
    assert not second.used.enough and second.used.text().startswith(NOT_ENOUGH)
    assert list(found) == ["UC-1", "UC-2"]  # most deals first


def test_influence_per_outcome_and_table(healthcare: Engine) -> None:
    data = deal_data.load(healthcare)
    (o,) = influence(data, "outcome")
    assert (o.id, o.won, o.label) == ("O-1", 2, "Account D1, Inc.: Lookup time")
    table = influence_table(influence(data))
    assert list(table["Use case"]) == ["UC-1", "UC-2"]
    assert table.loc[0, "Won amount"] == "USD 60,000"
    assert table.loc[1, "Win rate where used (95% interval)"] == f"{NOT_ENOUGH} (2 of 5)"


def test_minimum_sample_is_a_setting(healthcare: Engine) -> None:
    data = deal_data.load(healthcare)
    second = {i.id: i for i in influence(data, min_sample=2)}["UC-2"]
    assert second.used.enough and second.used.text().startswith("50%")


def test_won_deals_by_segment(healthcare: Engine) -> None:
    data = deal_data.load(healthcare)
    segments = {(s.industry, s.size): s for s in won_by_segment(data)}
    mid = segments[("Healthcare", "Mid-market")]
    assert mid.won_deals == 7 and mid.use_cases == (("UC-1", 6), ("UC-2", 1))
    assert segments[("Healthcare", "Enterprise")].use_cases == ()
    assert segments[("Finance", "Mid-market")].won_deals == 1


def test_whom_to_ask_lists_won_accounts_without_an_outcome(healthcare: Engine) -> None:
    data = deal_data.load(healthcare)
    asks = whom_to_ask(data, [("Healthcare", "CIO", None), ("Healthcare", "COO", None)])
    accounts = [a.account for a in asks]
    assert "Account D1" not in accounts  # has an outcome (as "Account D1, Inc.")
    assert set(accounts) == {f"Account D{i}" for i in (2, 3, 4, 5, 6, 10, 16)}
    assert all(a.personas == ("CIO", "COO") for a in asks)
    sized = whom_to_ask(data, [("Healthcare", "CIO", "Enterprise")])
    assert [a.deal_id for a in sized] == ["D16"]
    assert whom_to_ask(data, [("Finance", "CIO", None)])[0].owner == "Sam Seller"


def test_unknown_crm_industries_are_named(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", industries=["Healthcare"])])
    deals(engine, [deal("D1", industry="Aerospace")], [used("D1", "UC-1")])
    data = deal_data.load(engine)
    assert data.unknown_industries == ("Aerospace",)
    assert won_by_segment(data) == []


def test_empty(engine: Engine) -> None:
    data = deal_data.load(engine)
    assert data.empty and influence(data) == [] and won_by_segment(data) == []


def test_the_read_is_kept_until_deals_or_usage_change(healthcare: Engine) -> None:
    first = deal_data.deal_data(healthcare)
    assert deal_data.deal_data(healthcare) is first
    deals(healthcare, [deal("D99", "won")])
    second = deal_data.deal_data(healthcare)
    assert second is not first and "D99" in second.deals.index
    deals(healthcare, [], [used("D99", "UC-2")])
    assert deal_data.deal_data(healthcare) is not second
    assert not math.isnan(second.deals.loc["D99", "cycle_days"])


def test_the_coverage_workbook_gains_an_influence_sheet(healthcare: Engine) -> None:
    import io

    import openpyxl

    from lib.coverage import model as coverage_data
    from lib.coverage.report import coverage_report
    from lib.coverage.workbook import SHEETS, coverage_workbook
    from lib.deals.report import influence_sheet_for

    report = coverage_report(coverage_data.load(healthcare), dt.date.today())
    book = openpyxl.load_workbook(
        io.BytesIO(coverage_workbook(report, None, influence=influence_sheet_for(healthcare)))
    )
    assert tuple(book.sheetnames) == (*SHEETS, "Influence")
    rows = list(book["Influence"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Kind", "Id", "Name", "Deals used in")
    assert rows[1][:5] == ("use case", "UC-1", "Find records fast", 9, 1)
    assert ("outcome", "O-1") in {r[:2] for r in rows}
    summary = [c.value for c in book["Summary"]["A"]]
    assert "Influence" in summary


def test_no_influence_sheet_without_deals(engine: Engine) -> None:
    from lib.deals.report import influence_sheet_for

    assert influence_sheet_for(engine) is None


def test_a_result_is_kept_when_other_databases_reads_fill_the_cache(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lib.deals import cache

    others = {(f"sqlite:///other-{n}.db", cache.READ): ((), object()) for n in range(cache.KEEP)}
    monkeypatch.setattr(cache, "_kept", dict(others))
    builds: list[int] = []

    def build() -> int:
        builds.append(1)
        return len(builds)

    assert cache.kept(engine, cache.READ, lambda: "read") == "read"
    assert cache.kept(engine, "figures", build) == 1
    assert cache.kept(engine, "signals", lambda: "signals") == "signals"
    assert cache.kept(engine, "figures", build) == 1  # kept: not built again
    assert cache.kept(engine, cache.READ, lambda: "read again") == "read"
    assert len(cache._kept) == cache.KEEP  # the other databases' oldest reads made room
