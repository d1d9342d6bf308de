"""The one read of the library: every feature's view is built from it, never from its own query.

`read_library` loads use cases (with their industry, size and persona links, benefits, outcomes
and questions), segments with their kind and priority, and personas into frozen records, in a
handful of plain SELECTs on one connection. The Library catalog, the recommender's candidates
and the coverage model are functions of that `Library`, so the first view of the three pages
after an import pays one read, not three. Ordering is done here in Python (not by the
database's collation), so SQLite and PostgreSQL give identical reads.

This module is also the one place that knows the small rules every view applies: the order of
company sizes (`size_key`) and when a use case is due for a review (`is_stale`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table, Text, select, type_coerce

from lib.core import db
from lib.core.collector import collector_paused
from lib.core.models import (
    Benefit,
    Outcome,
    Persona,
    Question,
    Segment,
    UseCase,
    use_case_company_size,
    use_case_industry,
    use_case_persona,
)
from lib.core.vocab import COMPANY_SIZES, STALE_AFTER_DAYS
from lib.core.warm import EVERY, courteous, pause

F = TypeVar("F", bound=Callable[..., Any])

# Above this many ids, reading the whole tables is cheaper than an IN (...) list per table.
_NARROW_READ_LIMIT = 500


def size_key(name: str) -> tuple[int, str]:
    """Sort key of a company size: SMB, Mid-market, Enterprise, then unknown sizes by name."""
    if name in COMPANY_SIZES:
        return (COMPANY_SIZES.index(name), "")
    return (len(COMPANY_SIZES), name)


def sorted_sizes(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(names, key=size_key))


def is_stale(
    last_reviewed: dt.date | None,
    today: dt.date,
    after_days: int = STALE_AFTER_DAYS,
    interval: int | None = None,
) -> bool:
    """Not reviewed within the use case's own review `interval` (else `after_days`) days (a
    review exactly that long ago still counts), or never reviewed: the one rule the Library,
    Coverage, Call prep and the owners' digest all flag by."""
    days = interval if interval else after_days
    return last_reviewed is None or (today - last_reviewed).days > days


@dataclass(frozen=True, slots=True)
class BenefitRecord:
    id: str
    persona_id: str | None
    statement: str
    metric: str
    baseline: float | None
    target: float | None
    improvement: float | None
    unit: str
    category: str

    @property
    def quantified(self) -> bool:
        """An improvement, or a baseline and a target: a benefit a reader can check."""
        return self.improvement is not None or (
            self.baseline is not None and self.target is not None
        )


@dataclass(frozen=True, slots=True)
class OutcomeRecord:
    """An outcome as stored (may be internal); only `lib.core.sharing` turns it into shown
    text. The one declaration of an outcome's fields: every feature reads these records."""

    id: str
    customer: str
    industry: str
    company_size: str
    use_case_id: str
    metric: str
    before: float | None
    after: float | None
    unit: str
    timeframe: str
    quote: str
    permission: str
    permission_expires: dt.date | None
    anonymized_label: str
    date: dt.date | None
    reference: str = ""  # "yes" only when the customer agreed to take reference calls
    # The permission ledger (`lib.core.sharing` reads scope and quote_approved).
    approved_by: str = ""
    approved_on: dt.date | None = None
    approval_ref: str = ""
    scope: tuple[str, ...] = ()  # uses the customer approved; empty: not recorded
    quote_approved: str = ""  # "yes", "no", or "" (not recorded)


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    id: str
    text: str
    use_case_id: str | None
    persona_id: str | None
    stage: str
    listen_for: str


@dataclass(frozen=True, slots=True)
class SegmentRecord:
    id: str
    kind: str
    priority: float | None
    aliases: tuple[str, ...] = ()
    # Company sizes only: the head-count range a CRM's "Employees" maps to (None: open).
    min_employees: int | None = None
    max_employees: int | None = None


@dataclass(frozen=True, slots=True)
class PersonaRecord:
    id: str
    name: str
    title: str
    aliases: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()  # where this buyer exists; empty: every industry

    @property
    def role(self) -> str:
        """How a pack names the person: the job title ("Chief Information Officer"), not
        the internal archetype name ("Modernizing CIO")."""
        return self.title or self.name or self.id


@dataclass(frozen=True, slots=True)
class UseCaseRecord:
    """One use case with its links (industries and personas by name, sizes in size order)
    and its benefits, outcomes and questions (each by id)."""

    id: str
    title: str
    goal: str
    primary_actor: str
    status: str
    owner: str
    last_reviewed: dt.date | None
    preconditions: tuple[str, ...]
    trigger: str
    main_steps: tuple[str, ...]
    extensions: tuple[dict[str, Any], ...]
    success_guarantee: str
    tags: tuple[str, ...]
    industries: tuple[str, ...] = ()
    company_sizes: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()
    benefits: tuple[BenefitRecord, ...] = ()
    outcomes: tuple[OutcomeRecord, ...] = ()
    questions: tuple[QuestionRecord, ...] = ()
    review_interval_days: int | None = None  # None: the default STALE_AFTER_DAYS

    @property
    def approved(self) -> bool:
        return self.status == "approved"


@dataclass(frozen=True)
class Library:
    """The whole library at one revision, read-only: never mutate what it holds."""

    revision: int = 0
    use_cases: tuple[UseCaseRecord, ...] = ()
    segments: tuple[SegmentRecord, ...] = ()
    personas: tuple[PersonaRecord, ...] = ()
    generic_questions: tuple[QuestionRecord, ...] = ()
    # Every outcome in the library, also in a narrow read of a few use cases: the sharing rule
    # hides every customer that may not be named, not only those of the use cases shown.
    all_outcomes: tuple[OutcomeRecord, ...] = ()
    position: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "position", {u.id: i for i, u in enumerate(self.use_cases)})

    def get(self, use_case_id: str) -> UseCaseRecord | None:
        i = self.position.get(use_case_id)
        return None if i is None else self.use_cases[i]

    @property
    def industries(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.segments if s.kind == "industry")

    @property
    def company_sizes(self) -> tuple[str, ...]:
        return sorted_sizes(s.id for s in self.segments if s.kind == "company_size")

    @property
    def priorities(self) -> dict[str, float]:
        return {s.id: s.priority for s in self.segments if s.priority is not None}

    @property
    def empty(self) -> bool:
        return not self.use_cases


def derived_from(of_read: Callable[..., Any]) -> Callable[[F], F]:
    """Mark an engine-taking function as `of_read` applied to the library read.

    `fn(engine, *args)` stays callable as it was (tests, the CLI), while the app's cache
    (`lib.core.ui`) sees the mark and builds `of_read(library, *args)` from the one shared
    read of the revision instead of letting `fn` query the database again.
    """

    def mark(fn: F) -> F:
        fn.of_read = of_read  # type: ignore[attr-defined]
        return fn

    return mark


def builder_of(fn: Callable[..., Any]) -> Callable[..., Any] | None:
    """The function of the read that `fn` is marked as (see `derived_from`), if any."""
    return getattr(fn, "of_read", None)


def library_of(source: Engine | Library) -> Library:
    """`source` itself when it is already a read, else a fresh read of that database."""
    return source if isinstance(source, Library) else read_library(source)


def _text(value: str | None) -> str:
    return value or ""


class _Shared(dict[Any, Any]):
    """One object for each distinct value (`shared[value]`), kept for one read.

    The driver makes a new string for every cell, so the 50,000 outcomes of a large library
    held 50,000 copies of "Healthcare" and "internal". Equal immutable values that repeat
    (segment and persona names, labels, dates, tuples of links) are made one object: at 20,000
    use cases about 800,000 fewer objects and 45 MiB less per revision held, and fewer small
    blocks left behind in Python's allocator when a revision is dropped, which made the
    server's memory creep up over edits. Only values with few distinct ones are passed: a
    look-up is cheap while the table stays small."""

    def __missing__(self, value: Any) -> Any:
        self[value] = value
        return value


def _list(value: Any) -> tuple[Any, ...]:
    """A JSON list column read as text (or, where the driver decodes JSON itself, as a list)."""
    if not value or value == "[]":
        return ()
    if isinstance(value, str):
        value = json.loads(value)
    return tuple(value or ())


def _links(
    conn: Connection,
    table: Table,
    column: str,
    ids: list[str] | None,
    share: Callable[[Any], Any],
    key: Callable[[str], Any] | None = None,
) -> dict[str, tuple[str, ...]]:
    """use case id -> its linked names, sorted by `key`: one sort of all links, then grouping.
    Equal names and equal lists of names are one object each (`share`, see `_Shared`)."""
    query = select(table.c.use_case_id, table.c[column])
    if ids is not None:
        query = query.where(table.c.use_case_id.in_(ids))
    rows = _all(conn, query)
    rows.sort(key=_pair if key is None else lambda r: (r[0], key(r[1])))
    out: dict[str, list[str]] = defaultdict(list)
    for uc_id, other in rows:
        out[uc_id].append(share(other))
    return {uc_id: share(tuple(names)) for uc_id, names in out.items()}


def _children(
    conn: Connection, model: Any, columns: Sequence[str], ids: list[str] | None
) -> list[Any]:
    """The rows of a child table (optionally of some use cases only), sorted by id."""
    table = model.__table__
    query = select(*(table.c[name] for name in columns))
    if ids is not None:
        query = query.where(table.c.use_case_id.in_(ids))
    rows = _all(conn, query)
    rows.sort(key=_first)
    return rows


def _all(conn: Connection, query: Any) -> list[Any]:
    """Every row of `query`, fetched in parts with a `pause()` after each: in the server's
    background build, a page being viewed meanwhile goes first (`lib.core.warm`)."""
    rows: list[Any] = []
    for part in conn.execute(query).partitions(EVERY):
        rows.extend(part)
        pause()
    return rows


_first = itemgetter(0)
_pair = itemgetter(0, 1)


_OUTCOME_COLUMNS = (
    "id", "customer", "industry", "company_size", "use_case_id", "metric", "before", "after",
    "unit", "timeframe", "quote", "permission", "permission_expires", "anonymized_label", "date",
    "reference", "approved_by", "approved_on", "approval_ref", "scope", "quote_approved",
)  # fmt: skip


def _outcome(r: Any, share: Callable[[Any], Any]) -> OutcomeRecord:
    """An outcome row as a record, its repeated fields `share`d: not its id, customer, use
    case, quote, figures or approval reference, nearly all distinct (a look-up in a table of
    every one of them costs the read more time than the copies cost memory)."""
    return OutcomeRecord(
        r[0], r[1] or "", share((r[2] or "").strip()), share((r[3] or "").strip()),
        r[4], share(r[5] or ""), r[6], r[7], share(r[8] or ""), share(r[9] or ""),
        r[10] or "", share(r[11] or ""), share(r[12]), share(r[13] or ""), share(r[14]),
        share(r[15] or ""), share(r[16] or ""), share(r[17]), r[18] or "",
        share(tuple(map(share, _list(r[19])))) if r[19] else (), share(r[20] or ""),
    )  # fmt: skip


def _extensions(value: Any, share: Callable[[Any], Any]) -> tuple[dict[str, Any], ...]:
    """A use case's extensions, decoded, with their keys and short text values `share`d
    (every extension repeats "step", "kind", "condition" and "steps", and most "2a")."""
    return tuple(
        {share(k): share(v) if isinstance(v, str) and len(v) < 16 else v for k, v in e.items()}
        if isinstance(e, dict)
        else e
        for e in _list(value)
    )


def read_library(engine: Engine, only: Sequence[str] | None = None) -> Library:
    """Read the library (or, with `only`, just those use cases) in one transaction.

    The cyclic garbage collector is paused while the records are made: they form no cycles,
    and at 20,000 use cases it would otherwise spend a third of the time walking them.
    """
    wanted = list(dict.fromkeys(only)) if only is not None else None
    revision = db.revision(engine)  # read first: a write meanwhile only makes the read newer
    share = _Shared().__getitem__
    with collector_paused(), engine.connect() as conn:
        uc = UseCase.__table__
        query = select(
            uc.c.id,
            uc.c.title,
            uc.c.goal,
            uc.c.primary_actor,
            uc.c.status,
            uc.c.owner,
            uc.c.last_reviewed,
            type_coerce(uc.c.preconditions, Text),
            uc.c.trigger,
            type_coerce(uc.c.main_steps, Text),
            type_coerce(uc.c.extensions, Text),
            uc.c.success_guarantee,
            type_coerce(uc.c.tags, Text),
            uc.c.review_interval_days,
        )
        if wanted is not None:
            query = query.where(uc.c.id.in_(wanted))
        rows = _all(conn, query)
        rows.sort(key=_first)
        ids = [r[0] for r in rows] if wanted is not None else None
        if ids is not None and len(ids) > _NARROW_READ_LIMIT:
            ids = None
        industries = _links(conn, use_case_industry, "segment_id", ids, share)
        sizes = _links(conn, use_case_company_size, "segment_id", ids, share, size_key)
        personas = _links(conn, use_case_persona, "persona_id", ids, share)
        benefits: dict[str, list[BenefitRecord]] = defaultdict(list)
        for r in courteous(_children(
            conn,
            Benefit,
            ("id", "use_case_id", "persona_id", "statement", "metric", "baseline", "target",
             "improvement", "unit", "category"),
            ids,
        )):  # fmt: skip
            benefits[r[1]].append(
                BenefitRecord(r[0], share(r[2]), _text(r[3]), share(_text(r[4])), r[5], r[6],
                              r[7], share(_text(r[8])), share(_text(r[9])))
            )  # fmt: skip
        outcomes: dict[str, list[OutcomeRecord]] = defaultdict(list)
        for r in courteous(_children(conn, Outcome, _OUTCOME_COLUMNS, ids)):
            outcomes[r[4]].append(_outcome(r, share))
        if ids is None:
            every_outcome = tuple(o for group in outcomes.values() for o in group)
        else:
            everyone = _children(conn, Outcome, _OUTCOME_COLUMNS, None)
            every_outcome = tuple(_outcome(r, share) for r in everyone)
        questions: dict[str | None, list[QuestionRecord]] = defaultdict(list)
        question_columns = ("id", "text", "use_case_id", "persona_id", "stage", "listen_for")
        question_rows = _children(conn, Question, question_columns, ids)
        if ids is not None:  # a narrow read still needs the generic questions
            q = Question.__table__
            question_rows += conn.execute(
                select(*(q.c[name] for name in question_columns)).where(q.c.use_case_id.is_(None))
            ).all()
            question_rows.sort(key=_first)
        for r in courteous(question_rows):
            questions[r[2]].append(
                QuestionRecord(
                    r[0], _text(r[1]), r[2], share(r[3]), share(_text(r[4])), _text(r[5])
                )
            )
        segment_rows = conn.execute(
            select(
                Segment.id,
                Segment.kind,
                Segment.priority,
                Segment.aliases,
                Segment.min_employees,
                Segment.max_employees,
            )
        ).all()
        segments = tuple(
            SegmentRecord(r[0], _text(r[1]), r[2], tuple(r[3] or ()), r[4], r[5])
            for r in sorted(segment_rows, key=_first)
        )
        persona_rows = conn.execute(
            select(Persona.id, Persona.name, Persona.title, Persona.aliases, Persona.industries)
        ).all()
        people = tuple(
            PersonaRecord(r[0], _text(r[1]), _text(r[2]), tuple(r[3] or ()), tuple(r[4] or ()))
            for r in sorted(persona_rows, key=_first)
        )
        no_links: tuple[str, ...] = ()
        use_cases = tuple(
            UseCaseRecord(
                id=r[0],
                title=r[1] or "",
                goal=r[2] or "",
                primary_actor=share(r[3] or ""),
                status=share(r[4] or ""),
                owner=share(r[5] or ""),
                last_reviewed=share(r[6]),
                preconditions=_list(r[7]),
                trigger=r[8] or "",
                main_steps=_list(r[9]),
                extensions=_extensions(r[10], share),
                success_guarantee=r[11] or "",
                tags=share(tuple(map(share, _list(r[12])))),
                industries=industries.get(r[0], no_links),
                company_sizes=sizes.get(r[0], no_links),
                personas=personas.get(r[0], no_links),
                benefits=tuple(benefits.get(r[0], ())),
                outcomes=tuple(outcomes.get(r[0], ())),
                questions=tuple(questions.get(r[0], ())),
                review_interval_days=r[13],
            )
            for r in courteous(rows)
        )
    return Library(
        revision=revision,
        use_cases=use_cases,
        segments=segments,
        personas=people,
        generic_questions=tuple(questions.get(None, ())),
        all_outcomes=every_outcome,
    )
