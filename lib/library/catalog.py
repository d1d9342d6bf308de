"""The library as one flat table a rep can filter: who, for which segment, how fresh, how proven.

`library_frame` reads every use case once into a pandas frame (one row per use case, with a
lower-cased search text of its title, goal, steps and benefits); pages cache it on the library
revision, so filtering 20,000 use cases is vectorised string work on a frame in memory, not a
query per keystroke.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core import sharing
from lib.core.models import (
    Benefit,
    Outcome,
    Persona,
    Segment,
    UseCase,
    use_case_company_size,
    use_case_industry,
    use_case_persona,
)
from lib.core.review import due_for_review
from lib.core.vocab import COMPANY_SIZES, STATUSES

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


def _grouped(session: Session, table, column) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    out: dict[str, list[str]] = defaultdict(list)
    for uc_id, value in session.execute(
        select(table.c.use_case_id, column).order_by(table.c.use_case_id, column)
    ):
        out[uc_id].append(value)
    return out


def library_frame(engine: Engine, today: dt.date) -> pd.DataFrame:
    """Every use case as one row, plus `search` (lower-cased text) and the joined list cells."""
    with Session(engine) as session:
        rows = session.execute(
            select(
                UseCase.id,
                UseCase.title,
                UseCase.goal,
                UseCase.primary_actor,
                UseCase.status,
                UseCase.owner,
                UseCase.last_reviewed,
                UseCase.main_steps,
                UseCase.extensions,
                UseCase.tags,
            ).order_by(UseCase.id)
        ).all()
        industries = _grouped(session, use_case_industry, use_case_industry.c.segment_id)
        sizes = _grouped(session, use_case_company_size, use_case_company_size.c.segment_id)
        personas = _grouped(session, use_case_persona, use_case_persona.c.persona_id)
        benefit_text: dict[str, list[str]] = defaultdict(list)
        for uc_id, statement, metric in session.execute(
            select(Benefit.use_case_id, Benefit.statement, Benefit.metric)
        ):
            benefit_text[uc_id].append(f"{statement} {metric}")
        outcomes: dict[str, int] = defaultdict(int)
        shareable: dict[str, int] = defaultdict(int)
        for o in session.execute(
            select(Outcome.use_case_id, Outcome.permission, Outcome.permission_expires)
        ):
            outcomes[o.use_case_id] += 1
            if sharing.is_shareable(o, today):  # type: ignore[arg-type]
                shareable[o.use_case_id] += 1

    records = []
    for r in rows:
        steps = list(r.main_steps or [])
        for ext in r.extensions or []:
            steps.append(str(ext.get("condition", "")))
            steps.extend(str(s) for s in ext.get("steps", []))
        search = " ".join([r.title or "", r.goal or "", *steps, *benefit_text.get(r.id, [])])
        records.append(
            {
                "id": r.id,
                "title": r.title,
                "primary_actor": r.primary_actor or "",
                "status": r.status,
                "industries": ", ".join(industries.get(r.id, [])),
                "company_sizes": ", ".join(sizes.get(r.id, [])),
                "personas": ", ".join(personas.get(r.id, [])),
                "tags": ", ".join(r.tags or []),
                "owner": r.owner or "",
                "last_reviewed": r.last_reviewed,
                "outcomes": outcomes.get(r.id, 0),
                "shareable_outcomes": shareable.get(r.id, 0),
                "benefits": len(benefit_text.get(r.id, [])),
                "_industries": _joined(industries.get(r.id, [])),
                "_sizes": _joined(sizes.get(r.id, [])),
                "_personas": _joined(personas.get(r.id, [])),
                "_tags": _joined(list(r.tags or [])),
                "_search": folded(search),
            }
        )
    frame = pd.DataFrame.from_records(
        records,
        columns=[*COLUMNS, "_industries", "_sizes", "_personas", "_tags", "_search"],
    )
    reviewed = pd.to_datetime(frame["last_reviewed"], errors="coerce")
    days = (pd.Timestamp(today) - reviewed).dt.days
    frame["days_since_review"] = days.astype("Int64")
    frame["last_reviewed"] = reviewed.dt.date
    # The same rule as Coverage's stale list, so both pages count the same use cases.
    frame["stale"] = pd.Series(
        [
            due_for_review(status, None if pd.isna(day) else day, today)
            for status, day in zip(frame["status"], frame["last_reviewed"], strict=True)
        ],
        index=frame.index,
        dtype="bool",
    )
    for col in ("outcomes", "shareable_outcomes", "benefits"):
        frame[col] = frame[col].astype("int64")
    return frame


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


def filter_options(engine: Engine) -> FilterOptions:
    """The choices for each filter widget: what the library actually holds."""
    with Session(engine) as session:
        segments = session.execute(select(Segment.id, Segment.kind).order_by(Segment.id)).all()
        persona_ids = list(session.scalars(select(Persona.id).order_by(Persona.id)))
        tags: set[str] = set()
        for row_tags in session.scalars(select(UseCase.tags)):
            tags.update(t for t in row_tags or [] if t)
    return FilterOptions(
        industries=[s.id for s in segments if s.kind == "industry"],
        sizes=sorted(
            (s.id for s in segments if s.kind == "company_size"),
            key=lambda name: (COMPANY_SIZES.index(name) if name in COMPANY_SIZES else 99, name),
        ),
        personas=persona_ids,
        statuses=list(STATUSES),
        tags=sorted(tags, key=str.lower),
    )


def use_case_titles(engine: Engine) -> dict[str, str]:
    """id -> title of every use case, for pickers."""
    with Session(engine) as session:
        return dict(session.execute(select(UseCase.id, UseCase.title).order_by(UseCase.id)).all())
