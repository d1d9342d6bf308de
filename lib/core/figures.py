"""Numbers a prospect reads: one way to write a measured change, in every format.

- A metric measured in % changes by percentage points: "12% → 4% (-8 pts)".
- Anything else changes by a percentage of where it started: "26 → 10 days (-62%)".
- A unit already said by the metric is not said twice: "agent-handled returns: 41% → 9%
  (-32 pts)", not "… 9 % of returns returns".
- A % sign sits on its number ("9%"); any other unit follows after a space ("10 days").
"""

from __future__ import annotations

import re

ARROW = "→"
_WORD = re.compile(r"[^\W\d_]+")


def number(value: float) -> str:
    """'3,100', '7.44', '0.5': thousands separated, at most two decimals, no trailing zeros."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _signed(value: float) -> str:
    text = number(abs(value))
    return f"{'-' if value < 0 else '+'}{text}"


def change_percent(before: float | None, after: float | None) -> float | None:
    """The change from `before` to `after` as a percentage of `before` (None if unknown)."""
    if before is None or after is None or before == 0:
        return None
    return (after - before) / abs(before) * 100.0


def _percent(value: float) -> str:
    """'-62%', '+0.5%': whole percentages, one decimal below 1%."""
    shown = f"{value:+.0f}" if abs(value) >= 1 or value == 0 else f"{value:+.1f}"
    return f"{shown}%"


def is_percent(unit: str) -> bool:
    return (unit or "").strip().startswith("%")


def unit_for(metric: str, unit: str) -> str:
    """The unit as it should follow a number next to `metric`: '% of returns' becomes '%'
    beside 'agent-handled returns', 'contacts' disappears beside 'contacts per 100 orders'."""
    unit = " ".join((unit or "").split())
    said = {w.lower() for w in _WORD.findall(metric or "")}
    if is_percent(unit):
        rest = unit[1:].strip()
        words = {w.lower() for w in _WORD.findall(rest)} - {"of", "the", "a"}
        return "%" if not rest or words & said else f"% {rest}"
    words = {w.lower() for w in _WORD.findall(unit)}
    if words and words <= said:
        return ""
    return unit


def _with_unit(value: float, unit: str) -> str:
    if not unit:
        return number(value)
    if unit.startswith("%"):
        return f"{number(value)}{unit}"
    return f"{number(value)} {unit}"


def change(metric: str, before: float | None, after: float | None, unit: str) -> str:
    """'12% → 4% (-8 pts)', '26 → 10 days (-62%)'; '' when before or after is unknown."""
    if before is None or after is None:
        return ""
    unit = unit_for(metric, unit)
    if is_percent(unit):
        points = after - before
        tail = f"{_signed(points)} pts" if points else "no change"
        return f"{_with_unit(before, '%')} {ARROW} {_with_unit(after, unit)} ({tail})"
    pct = change_percent(before, after)
    # Only the second figure carries the unit: '26 → 10 days'.
    figures = f"{number(before)} {ARROW} {_with_unit(after, unit)}"
    return f"{figures} ({_percent(pct)})" if pct is not None else figures


def improvement(metric: str, amount: float, unit: str) -> str:
    """A change known only by its size: '-30%', '-1,700 per term', '+2 visits'."""
    unit = unit_for(metric, unit)
    if is_percent(unit):
        return f"{_signed(amount)}{unit}"
    return f"{_signed(amount)} {unit}".strip()


def headline(metric: str, before: float | None, after: float | None, unit: str) -> str:
    """A result in a few words: '-62% referral to appointment time', '-11 pts no-show rate'."""
    if before is None or after is None:
        return metric
    if is_percent(unit_for(metric, unit)):
        points = after - before
        return f"{_signed(points)} pts {metric}".strip() if points else metric
    pct = change_percent(before, after)
    return f"{_percent(pct)} {metric}".strip() if pct is not None else metric


def result(
    metric: str, before: float | None, after: float | None, unit: str, timeframe: str = ""
) -> str:
    """'no-show rate 19% → 8% (-11 pts) in 4 months': the proof in one line."""
    figures = change(metric, before, after, unit)
    line = " ".join(part for part in (metric, figures) if part)
    timeframe = (timeframe or "").strip()
    if not (timeframe and line):
        return line
    if timeframe.lower().startswith(("in ", "over ", "within ", "after ", "since ")):
        return f"{line} {timeframe}"
    return f"{line} in {timeframe}"
