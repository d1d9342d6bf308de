"""Results computed from the deals, kept per database until the deals, the usage log or the
library change.

Deals are not library content, so the library's revision alone does not say when they change:
a cheap stamp (the revision, the newest usage event, and a counter every deals import bumps)
does. Plain Python, so the command line and Call prep use it without pandas.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from lib.core import db
from lib.core.models import Setting, UsageEvent

T = TypeVar("T")


DEALS_VERSION = "deals_version"  # the Setting bumped by every deals import that writes


def stamp(engine: Engine) -> tuple[Any, ...]:
    """What changes whenever the deals, the usage log or the library change: three look-ups
    by primary key, cheap enough for every rerun of Call prep."""
    return db.read_row(engine, *stamp_columns())  # one statement: Call prep asks every rerun


def stamp_columns() -> tuple[Any, ...]:
    """`stamp` as scalar subqueries, to read with other values in one statement."""
    return (
        db.revision_column(),
        select(func.max(UsageEvent.id)).scalar_subquery(),
        select(Setting.value).where(Setting.key == DEALS_VERSION).scalar_subquery(),
    )


def deals_changed(session: Session) -> None:
    """Mark the deals changed (inside the writing transaction), so kept results refresh."""
    setting = session.get(Setting, DEALS_VERSION) or Setting(key=DEALS_VERSION, value="0")
    setting.value = str(int(setting.value or 0) + 1)
    session.add(setting)


READ = "deal data"
KEEP = 32
_lock = threading.Lock()
_kept: dict[tuple[str, Any], tuple[tuple[Any, ...], Any]] = {}


def kept(
    engine: Engine, name: str, build: Callable[[], T], now: tuple[Any, ...] | None = None
) -> T:
    """`build()`, kept per database and `name` until `stamp(engine)` moves on (`now`: the
    stamp already read, with `stamp_columns`)."""
    now = stamp(engine) if now is None else now
    slot = (engine.url.render_as_string(hide_password=False), name)
    with _lock:
        found = _kept.pop(slot, None)
        if found is not None:
            _kept[slot] = found  # the most recently used goes last
    if found is not None and found[0] == now:
        return found[1]  # type: ignore[no-any-return]
    value = build()
    with _lock:
        _kept.pop(slot, None)
        _kept[slot] = (now, value)
        while len(_kept) > KEEP:  # the least recently used goes (another database's first)
            _kept.pop(next(iter(_kept)))
    return value
