"""The recommender's win signal: built from the deals, switched on or off team-wide.

On by default once deals are imported; off with the `recommend_win_signal` setting (the
Influence page's switch) or the `CASEBOOK_WIN_SIGNAL=off` environment variable, which wins
over the setting (for a server that must never use it).
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from sqlalchemy import Engine, select

from lib.core import db
from lib.core.access import Actor, ensure
from lib.core.models import Deal, Setting, UsageEvent
from lib.core.win_signal import ALL_SIZES, MIN_SAMPLE, WinSignal, WinSignals
from lib.deals import usage
from lib.deals.cache import kept, stamp_columns
from lib.deals.segments import segment_map_of

SETTING_KEY = "recommend_win_signal"
ENV = "CASEBOOK_WIN_SIGNAL"
ACTION = "turn the win signal on or off"
OFF_WORDS = frozenset({"off", "0", "false", "no"})


def env_choice() -> bool | None:
    """True or False when the environment decides, None when it leaves it to the setting."""
    value = os.environ.get(ENV, "").strip().casefold()
    if not value:
        return None
    return value not in OFF_WORDS


def win_signal_on(engine: Engine) -> bool:
    if env_choice() is not None:  # no database read when the environment decides
        return _on(None)
    with db.reading(engine) as conn:
        return _on(conn.scalar(select(_setting_column())))


def set_win_signal(engine: Engine, actor: Actor, on: bool) -> str:
    """Switch the signal for everyone; says so when the environment overrides it."""
    ensure(actor, ACTION)
    with db.unit_of_work(engine) as session:
        setting = session.get(Setting, SETTING_KEY) or Setting(key=SETTING_KEY)
        setting.value = "on" if on else "off"
        session.add(setting)
    message = f"Call prep {'now uses' if on else 'no longer uses'} won deals in its picks."
    choice = env_choice()
    if choice is not None and choice != on:
        message += f" This server has {ENV}={os.environ.get(ENV)}, which takes precedence."
    return message


def build_signals(engine: Engine, min_sample: int = MIN_SAMPLE) -> WinSignals:
    """Per industry x size (and per industry over all sizes) with at least `min_sample` won
    deals: how many of them each use case was used in.

    Reads only the won deals and their usage events (not the whole Influence read), so the
    first Call prep view after a restart stays quick.
    """
    with engine.connect() as conn:
        mapping = segment_map_of(conn)
        won = conn.execute(
            select(Deal.id, Deal.industry, Deal.employees).where(Deal.won.is_(True))
        ).all()
        # The won deals' events through the usage log's deal index (a join would scan the
        # whole log), their lists decoded in one call.
        events = conn.execute(
            select(UsageEvent.deal_id, usage.USE_CASES).where(
                UsageEvent.deal_id.in_(select(Deal.id).where(Deal.won.is_(True)))
            )
        ).all()
    used = zip((d for d, _ in events), usage.json_lists([t for _, t in events]), strict=True)
    cells_of: dict[str, tuple[tuple[str, str], ...]] = {}  # deal -> its segments
    won_in: Counter[tuple[str, str]] = Counter()
    known: dict[str, str] = {}
    for deal_id, crm_industry, employees in won:
        text = crm_industry or ""
        if text not in known:
            known[text] = mapping.industry(text)
        industry = known[text]
        if not industry:
            continue
        size = mapping.size(employees)
        cells = ((industry, ALL_SIZES), (industry, size)) if size else ((industry, ALL_SIZES),)
        cells_of[deal_id] = cells
        won_in.update(cells)
    counts: dict[tuple[str, str], Counter[str]] = {cell: Counter() for cell in won_in}
    for deal_id, use_case in {(d, u) for d, ucs in used if d in cells_of for u in ucs or ()}:
        for cell in cells_of[deal_id]:
            counts[cell][use_case] += 1
    found: dict[tuple[str, str], WinSignal] = {}
    for (industry, size), total in won_in.items():
        if total >= min_sample:
            name = f"{industry} {size}" if size else industry
            found[(industry, size)] = WinSignal(name, total, dict(counts[(industry, size)]))
    return WinSignals(found)


def win_signals(engine: Engine, min_sample: int = MIN_SAMPLE) -> WinSignals | None:
    """The signals to pass to `recommend`, or None when switched off."""
    # Whether it is on and the deals' stamp in one statement: Call prep asks on every rerun.
    setting, *now = db.read_row(engine, _setting_column(), *stamp_columns())
    if not _on(setting):
        return None
    return kept(
        engine,
        f"win signals {min_sample}",
        lambda: build_signals(engine, min_sample),
        now=tuple(now),
    )


def _on(setting: str | None) -> bool:
    """The one rule: the environment's choice when it makes one, else on unless the stored
    setting says "off"."""
    choice = env_choice()
    return choice if choice is not None else setting != "off"


def _setting_column() -> Any:
    return select(Setting.value).where(Setting.key == SETTING_KEY).scalar_subquery()
