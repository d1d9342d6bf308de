"""Head-count ranges on company sizes: the one rule for what a range may be and which size a
CRM's "Employees" falls in.

The workbook import checks ranges with `range_problems`; deal links on Call prep and the deals
behind Influence and the win signal place a head count with `ranges_of` and `size_for`. All read
the same `min_employees`/`max_employees` of the size rows of Segments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Bounds = tuple[int | None, int | None]  # inclusive; None is open

# The usual ranges of sizes named the usual way, for a size row that gives none; a range on the
# row always wins. Only the deals use them: a deal link asks marketing to add the ranges instead.
DEFAULT_RANGES: dict[str, Bounds] = {
    "SMB": (None, 199),
    "Mid-market": (200, 1999),
    "Enterprise": (2000, None),
}


@dataclass(frozen=True)
class RangeProblem:
    """What is wrong with one segment's range, and in which column."""

    segment: str
    column: str  # min_employees or max_employees
    value: int | None
    message: str


def _text(bounds: Bounds) -> str:
    low, high = bounds
    if high is None:
        return f"{low or 0:,} or more"
    return f"{low or 0:,} to {high:,}"


def range_problems(
    segments: Mapping[str, tuple[str, int | None, int | None]],
) -> list[RangeProblem]:
    """Problems with the head-count ranges of `segments` (id -> (kind, min, max)).

    A range belongs on a company size only, its minimum is at most its maximum, and no head
    count may fall in two sizes (ends are inclusive, so 0-199 and 200-1999 do not overlap).
    """
    problems: list[RangeProblem] = []
    ranged: dict[str, Bounds] = {}
    for sid, (kind, low, high) in segments.items():
        if low is None and high is None:
            continue
        if kind != "company_size":
            column = "min_employees" if low is not None else "max_employees"
            problems.append(
                RangeProblem(
                    sid,
                    column,
                    low if low is not None else high,
                    "only company sizes have a head-count range; leave it blank on an industry",
                )
            )
        elif low is not None and high is not None and low > high:
            problems.append(
                RangeProblem(
                    sid,
                    "max_employees",
                    high,
                    f"is below min_employees ({low:,}); the range would hold no company",
                )
            )
        else:
            ranged[sid] = (low, high)
    for sid, bounds in ranged.items():
        for other, theirs in ranged.items():
            if other != sid and _overlap(bounds, theirs):
                problems.append(
                    RangeProblem(
                        sid,
                        "min_employees",
                        bounds[0],
                        f"{sid}'s {_text(bounds)} employees overlaps {other}'s "
                        f"{_text(theirs)}; each head count must fall in one company size",
                    )
                )
                break
    return problems


def _overlap(a: Bounds, b: Bounds) -> bool:
    a_low, a_high = a[0] or 0, a[1]
    b_low, b_high = b[0] or 0, b[1]
    return (a_high is None or b_low <= a_high) and (b_high is None or a_low <= b_high)


def ranges_of(
    sizes: Iterable[tuple[str, int | None, int | None]],
    defaults: Mapping[str, Bounds] | None = None,
) -> dict[str, Bounds]:
    """The range of each company size (id, min, max) that has one, in the order given; a size
    whose row gives none takes its range in `defaults`, if any."""
    ranges: dict[str, Bounds] = {}
    for size, low, high in sizes:
        if low is None and high is None:
            low, high = (defaults or {}).get(size, (None, None))
        if low is not None or high is not None:
            ranges[size] = (low, high)
    return ranges


def size_for(ranges: Mapping[str, Bounds], employees: int | None) -> str:
    """The company size whose range holds `employees`, or "" when none does (or no head count
    is known)."""
    if employees is None:
        return ""
    for size, (low, high) in ranges.items():
        if (low is None or employees >= low) and (high is None or employees <= high):
            return size
    return ""
