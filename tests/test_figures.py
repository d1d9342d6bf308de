"""One way to write a measured change, checked on its own and on every figure of the sample."""

from __future__ import annotations

import re

import pytest

from lib.callprep.candidates import Candidates
from lib.callprep.packs.model import benefit_line
from lib.core import figures, sharing


@pytest.mark.parametrize(
    ("metric", "before", "after", "unit", "shown"),
    [
        ("no-show rate", 12, 4, "%", "12% → 4% (-8 pts)"),
        ("referral to appointment time", 26, 10, "days", "26 → 10 days (-62%)"),
        ("agent-handled returns", 41, 9, "% of returns", "41% → 9% (-32 pts)"),
        ("unplanned downtime", 8, 4.8, "% of scheduled time",
         "8% → 4.8% of scheduled time (-3.2 pts)"),
        ("order-status contacts per 100 orders", 11, 4, "contacts", "11 → 4 (-64%)"),
        ("scheduling calls", 3100, 1700, "calls per month", "3,100 → 1,700 calls per month (-45%)"),
        ("registration-day outages", 0, 3, "per year", "0 → 3 per year"),
        ("payment authorization rate", 90.5, 94.8, "%", "90.5% → 94.8% (+4.3 pts)"),
        ("records lookup time", 12, 7.44, "min", "12 → 7.44 min (-38%)"),
    ],
)  # fmt: skip
def test_percent_metrics_change_by_points_counts_by_percent(
    metric: str, before: float, after: float, unit: str, shown: str
) -> None:
    assert figures.change(metric, before, after, unit) == shown


def test_a_result_line_and_a_headline() -> None:
    assert sharing.describe_result("no-show rate", 19, 8, "%", "4 months") == (
        "no-show rate 19% → 8% (-11 pts) in 4 months"
    )
    assert figures.headline("no-show rate", 19, 8, "%") == "-11 pts no-show rate"
    assert figures.headline("lookup time", 12, 6, "min") == "-50% lookup time"
    assert figures.improvement("refunds issued outside policy", -3.5, "% of refunds") == "-3.5%"


DOUBLED = re.compile(r"\b(\w{3,})\s+\1\b", re.IGNORECASE)


def _check(line: str, unit: str) -> None:
    assert not DOUBLED.search(line), line  # 'refunds refunds'
    assert " %" not in line and "%%" not in line, line  # '-30 %'
    if unit.strip().startswith("%") and "→" in line:
        assert re.search(r"\([+-][\d.,]+ pts\)|no change", line), line
    elif "→" in line and "(" in line:
        assert re.search(r"\([+-][\d.]+%\)", line), line


def test_every_outcome_of_the_sample_reads_the_same_way(sample: Candidates) -> None:
    for o in sample.library_outcomes:
        line = sharing.describe_result(o.metric, o.before, o.after, o.unit, o.timeframe)
        _check(line, o.unit)
        if o.before is not None and o.after is not None:
            assert "→" in line, (o.id, line)


def test_every_benefit_of_the_sample_reads_the_same_way(sample: Candidates) -> None:
    for c in sample.items:
        for b in c.benefits:
            line = benefit_line(b, "Chief Operating Officer")
            _check(line, b.unit)
            assert line.startswith(b.statement.rstrip(".")) and line.endswith(
                ", for Chief Operating Officer"
            ), line
