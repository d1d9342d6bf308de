"""The library as one flat table a rep can filter: who, for which segment, how fresh, how proven.

`frame_of` turns the library read (`lib.core.reads`) into a pandas frame (one row per use case,
with a lower-cased search text of its title, goal, steps and benefits); the app builds it once
per library revision from the read every page shares, so filtering 20,000 use cases is
vectorised string work on a frame in memory, not a query per keystroke.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from lib.core import reads, sharing
from lib.core.collector import collector_paused
from lib.core.reads import Library
from lib.core.review import due_for_review
from lib.core.vocab import STATUSES
from lib.core.warm import courteous, pause

SEP = "|"  # wraps list cells ("|Finance|Healthcare|") so one name never matches inside another

COLUMNS = [  # in the order the Library table shows them
    "id",
    "title",
    "primary_actor",
    "status",
    "industries",
    "company_sizes",
    "personas",
    "outcomes",
    "shareable_outcomes",
    "benefits",
    "days_since_review",
    "stale",
    "owner",
    "tags",
    "last_reviewed",
]


@dataclass(frozen=True)
class Filters:
    """What the rep picked; an empty value means 'any'."""

    industry: str | None = None
    size: str | None = None
    persona: str | None = None
    status: str | None = None
    tag: str | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return any((self.industry, self.size, self.persona, self.status, self.tag, self.text))


@dataclass(frozen=True)
class FilterOptions:
    industries: list[str]
    sizes: list[str]
    personas: list[str]
    statuses: list[str]
    tags: list[str]


def _joined(values: list[str]) -> str:
    return SEP + SEP.join(values) + SEP if values else ""


def frame_of(library: Library, today: dt.date) -> pd.DataFrame:
    """Every use case as one row, plus `search` (lower-cased text) and the joined list cells.

    The cyclic garbage collector is paused meanwhile: the row dicts form no cycles, and it
    would otherwise walk them again and again (a third of the build at 20,000 use cases)."""
    with collector_paused():
        return _frame_of(library, today)


def _frame_of(library: Library, today: dt.date) -> pd.DataFrame:
    records = []
    for u in courteous(library.use_cases):
        steps = list(u.main_steps)
        for ext in u.extensions:
            steps.append(str(ext.get("condition", "")))
            steps.extend(str(s) for s in ext.get("steps", []))
        benefit_text = [f"{b.statement} {b.metric}" for b in u.benefits]
        search = " ".join([u.title, u.goal, *steps, *benefit_text])
        records.append(
            {
                "id": u.id,
                "title": u.title,
                "primary_actor": u.primary_actor,
                "status": u.status,
                "industries": ", ".join(u.industries),
                "company_sizes": ", ".join(u.company_sizes),
                "personas": ", ".join(u.personas),
                "tags": ", ".join(u.tags),
                "owner": u.owner,
                "last_reviewed": u.last_reviewed,
                "stale": reads.is_stale(u.last_reviewed, today, interval=u.review_interval_days),
                "_interval": u.review_interval_days,
                "outcomes": len(u.outcomes),
                "shareable_outcomes": sum(sharing.is_shareable(o, today) for o in u.outcomes),
                "benefits": len(u.benefits),
                "_industries": _joined(list(u.industries)),
                "_sizes": _joined(list(u.company_sizes)),
                "_personas": _joined(list(u.personas)),
                "_tags": _joined(list(u.tags)),
                "_search": folded(search),
            }
        )
    frame = pd.DataFrame.from_records(
        records,
        columns=[*COLUMNS, "_industries", "_sizes", "_personas", "_tags", "_search", "_interval"],
    )
    pause()
    reviewed = pd.to_datetime(frame["last_reviewed"], errors="coerce")
    days = (pd.Timestamp(today) - reviewed).dt.days
    frame["days_since_review"] = days.astype("Int64")
    frame["last_reviewed"] = reviewed.dt.date
    # The same rule as Coverage's stale list, so both pages count the same use cases.
    frame["stale"] = pd.Series(
        [
            due_for_review(
                status,
                None if pd.isna(day) else day,
                today,
                interval=None if pd.isna(interval) else int(interval),
            )
            for status, day, interval in courteous(
                zip(frame["status"], frame["last_reviewed"], frame["_interval"], strict=True)
            )
        ],
        index=frame.index,
        dtype="bool",
    )
    for col in ("outcomes", "shareable_outcomes", "benefits"):
        frame[col] = frame[col].astype("int64")
    return frame


@reads.derived_from(frame_of)
def library_frame(engine: Engine | Library, today: dt.date) -> pd.DataFrame:
    """`frame_of` the library in `engine` (the app builds it from the shared read instead)."""
    return frame_of(reads.library_of(engine), today)


def filter_frame(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows matching every filter; the text search needs every word somewhere."""
    mask = pd.Series(True, index=frame.index)
    for value, column in (
        (filters.industry, "_industries"),
        (filters.size, "_sizes"),
        (filters.persona, "_personas"),
        (filters.tag, "_tags"),
    ):
        if value:
            mask &= frame[column].str.contains(f"{SEP}{value}{SEP}", regex=False)
    if filters.status:
        mask &= frame["status"] == filters.status
    for word in search_words(filters.text):
        mask &= frame["_search"].str.contains(word, regex=False)
    return frame.loc[mask, COLUMNS]


def folded(text: str) -> str:
    """Lower case without accents, so 'sao paulo' finds 'São Paulo' and 'cafe' finds 'Café'."""
    text = (text or "").lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_words(text: str) -> list[str]:
    return [w for w in folded(text).split() if w]


def find_use_cases(engine: Engine, filters: Filters, today: dt.date) -> pd.DataFrame:
    """The use cases matching `filters` (uncached; pages filter the cached frame instead)."""
    return filter_frame(library_frame(engine, today), filters)


def options_of(library: Library) -> FilterOptions:
    """The choices for each filter widget: what the library actually holds."""
    tags: set[str] = set()
    for u in library.use_cases:
        tags.update(t for t in u.tags if t)
    return FilterOptions(
        industries=list(library.industries),
        sizes=list(library.company_sizes),
        personas=[p.id for p in library.personas],
        statuses=list(STATUSES),
        tags=sorted(tags, key=str.lower),
    )


@reads.derived_from(options_of)
def filter_options(engine: Engine | Library) -> FilterOptions:
    return options_of(reads.library_of(engine))


def titles_of(library: Library) -> dict[str, str]:
    """id -> title of every use case, for pickers."""
    return {u.id: u.title for u in library.use_cases}


@reads.derived_from(titles_of)
def use_case_titles(engine: Engine | Library) -> dict[str, str]:
    return titles_of(reads.library_of(engine))
