"""The recommender's win signal: built from the deals, switched on or off team-wide.

On by default once deals are imported; off with the `recommend_win_signal` setting (the
Influence page's switch) or the `CASEBOOK_WIN_SIGNAL=off` environment variable, which wins
over the setting (for a server that must never use it).
"""

from __future__ import annotations

import os

from sqlalchemy import Engine

from lib.core import db
from lib.core.access import Actor, ensure
from lib.core.models import Setting
from lib.core.win_signal import ALL_SIZES, WinSignal, WinSignals
from lib.deals import data as deal_data
from lib.deals.influence import MIN_SAMPLE

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
    choice = env_choice()
    if choice is not None:
        return choice
    with db.unit_of_work(engine) as session:
        setting = session.get(Setting, SETTING_KEY)
        return setting is None or setting.value != "off"


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


def build_signals(data: deal_data.DealData, min_sample: int = MIN_SAMPLE) -> WinSignals:
    """Per industry x size (and per industry over all sizes) with at least `min_sample` won
    deals: how many of them each use case was used in."""
    won = data.deals[data.deals["won"] & (data.deals["industry"] != "")]
    if won.empty:
        return WinSignals()
    used = data.use_cases.join(won[["industry", "size"]], on="deal_id", how="inner")
    found: dict[tuple[str, str], WinSignal] = {}
    for keys, with_size in ((["industry", "size"], True), (["industry"], False)):
        totals = won.groupby(keys).size()
        per = used.groupby([*keys, "item"]).size()
        counts: dict[tuple[str, str], dict[str, int]] = {}
        for index, n in per.items():
            *segment, item = index
            size = segment[1] if with_size else ALL_SIZES
            counts.setdefault((segment[0], size), {})[str(item)] = int(n)
        for index, total in totals.items():
            industry = index[0] if isinstance(index, tuple) else index
            size = index[1] if with_size else ALL_SIZES
            if total < min_sample or (with_size and not size):
                continue
            name = f"{industry} {size}" if size else str(industry)
            found[(str(industry), str(size))] = WinSignal(
                name, int(total), counts.get((str(industry), str(size)), {})
            )
    return WinSignals(found)


def win_signals(engine: Engine, min_sample: int = MIN_SAMPLE) -> WinSignals | None:
    """The signals to pass to `recommend`, or None when switched off."""
    if not win_signal_on(engine):
        return None
    return deal_data.kept(
        engine,
        f"win signals {min_sample}",
        lambda: build_signals(deal_data.deal_data(engine), min_sample),
    )
