"""Editing use cases in the app: create, update, retire, restore — checked, recorded, never lost.

Every save is one transaction that bumps the library revision and writes a ChangeRecord (who,
when, what changed). Saves carry the `version` the editor opened; if someone saved in between,
the save is refused with `StaleEditError` and nothing is written, so the second of two editors
reloads instead of silently overwriting the first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from lib.core import approvals, cell_text, changes, checks, db, steps, versions
from lib.core.access import Actor, acting
from lib.core.identifiers import clean_id, record_id_problem
from lib.core.limits import CELL_CHARACTERS, CONTROL_CHARACTERS, column_limit, too_long_message
from lib.core.models import Benefit, ChangeRecord, Persona, Question, Segment, UseCase
from lib.core.numbers import NumberProblem, parse_number
from lib.core.vocab import CATEGORIES, STAGES, STATUSES

STALE_MESSAGE = "changed by someone else since you opened it — reload"
RESTORED_STATUS = "draft"  # a restored use case is reviewed again before reps see it approved

SCALAR_FIELDS = (
    "title",
    "goal",
    "primary_actor",
    "scope",
    "level",
    "trigger",
    "success_guarantee",
    "minimal_guarantee",
    "status",
    "owner",
    "last_reviewed",
)
LIST_FIELDS = ("secondary_actors", "stakeholders", "preconditions", "main_steps", "tags")
BENEFIT_FIELDS = (
    "id",
    "statement",
    "metric",
    "baseline",
    "target",
    "improvement",
    "unit",
    "category",
    "persona_id",
)
QUESTION_FIELDS = ("id", "text", "stage", "persona_id", "listen_for")


class EditError(checks.RuleProblems):
    """The draft breaks the library's rules; `problems` says each one in plain words."""


class StaleEditError(RuntimeError):
    def __init__(self, use_case_id: str) -> None:
        super().__init__(f"{use_case_id} was {STALE_MESSAGE}.")
        self.use_case_id = use_case_id


@dataclass
class UseCaseDraft:
    """A use case as an editor holds it: plain values, lists and row dicts."""

    id: str
    title: str = ""
    goal: str = ""
    primary_actor: str = ""
    secondary_actors: list[str] = field(default_factory=list)
    scope: str = ""
    level: str = ""
    stakeholders: list[str] = field(default_factory=list)
    preconditions: list[str] = field(default_factory=list)
    trigger: str = ""
    main_steps: list[str] = field(default_factory=list)
    extensions: list[dict[str, Any]] = field(default_factory=list)
    success_guarantee: str = ""
    minimal_guarantee: str = ""
    status: str = "draft"
    owner: str = ""
    last_reviewed: dt.date | None = None
    review_interval_days: int | None = None  # None: reviewed every STALE_AFTER_DAYS
    industries: list[str] = field(default_factory=list)
    company_sizes: list[str] = field(default_factory=list)
    personas: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    benefits: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    at: dt.datetime
    who: str
    action: str
    summary: str


def _clean(text: Any) -> str:
    if text is None:
        return ""
    if isinstance(text, float) and text != text:  # NaN from an emptied editor cell
        return ""
    return str(text).strip()


def _clean_list(values: list[Any]) -> list[str]:
    return [c for c in (_clean(v) for v in values or []) if c]


def _number(value: Any) -> float | None:
    """The import's number rule (`lib.core.numbers`); NaN from an emptied editor cell is blank."""
    if isinstance(value, float) and value != value:
        return None
    return parse_number(value)


def normalized(draft: UseCaseDraft) -> UseCaseDraft:
    """The draft with text trimmed, blank list items and blank table rows dropped."""
    extensions = []
    for ext in draft.extensions:
        row = {
            "step": steps.normal(ext.get("step")),
            "kind": _clean(ext.get("kind")).lower() or "alternate",
            "condition": _clean(ext.get("condition")),
            "steps": _clean_list(ext.get("steps") or []),
        }
        if row["step"] or row["condition"] or row["steps"]:
            extensions.append(row)
    benefits = [
        {k: b.get(k) for k in BENEFIT_FIELDS}
        for b in draft.benefits
        if _clean(b.get("statement")) or _clean(b.get("metric"))
    ]
    questions = [
        {k: q.get(k) for k in QUESTION_FIELDS} for q in draft.questions if _clean(q.get("text"))
    ]
    return UseCaseDraft(
        id=clean_id(_clean(draft.id))[0],
        **{name: _clean(getattr(draft, name)) for name in SCALAR_FIELDS if name != "last_reviewed"},
        last_reviewed=draft.last_reviewed or None,
        review_interval_days=draft.review_interval_days or None,
        **{name: _clean_list(getattr(draft, name)) for name in LIST_FIELDS},
        extensions=extensions,
        industries=_clean_list(draft.industries),
        company_sizes=_clean_list(draft.company_sizes),
        personas=_clean_list(draft.personas),
        benefits=benefits,
        questions=questions,
    )


def _limit(model: type, name: str) -> int:
    """The most characters `name` holds: its column, at most one workbook cell."""
    return column_limit(model.__table__, name)  # type: ignore[attr-defined]


def _too_long(model: type, where: str, values: dict[str, Any]) -> list[str]:
    found = []
    for name, value in values.items():
        limit = _limit(model, name)
        text = _clean(value)
        label = name.replace("_id", "").replace("_", " ")
        if limit and len(text) > limit:
            found.append(f"{where}{label} {too_long_message(len(text), limit)}")
        if CONTROL_CHARACTERS.search(text):
            found.append(
                f"{where}{label} holds an invisible control character that no document can "
                "hold; retype or paste it as plain text"
            )
    return found


def _cells_too_long(draft: UseCaseDraft) -> list[str]:
    """Lists, steps and extensions are exported one field to a cell: a field whose cell would
    outgrow a workbook cell (numbering and line breaks included) could not be exported whole."""
    found = []
    kinds = {name: "steps" if name == "main_steps" else "list" for name in LIST_FIELDS}
    for name, kind in (*kinds.items(), ("extensions", "extensions")):
        value = getattr(draft, name)
        length = cell_text.written_length(kind, value)
        if length > CELL_CHARACTERS:
            label = name.replace("_", " ")
            found.append(f"{label} {too_long_message(length, CELL_CHARACTERS)}")
        items = (
            value
            if kind != "extensions"
            else [text for ext in value for text in (ext["condition"], *ext["steps"])]
        )
        if any(CONTROL_CHARACTERS.search(item) for item in items):
            found.append(
                f"{name.replace('_', ' ')} holds an invisible control character that no "
                "document can hold; retype or paste it as plain text"
            )
    return found


def problems(draft: UseCaseDraft) -> list[str]:
    """What is wrong with a (normalized) draft, before the database is asked anything."""
    found: list[str] = _too_long(
        UseCase, "", {name: getattr(draft, name) for name in ("id", *SCALAR_FIELDS)}
    )
    found += _cells_too_long(draft)
    for n, row in enumerate(draft.benefits, start=1):
        found += _too_long(Benefit, f"benefit {n}: ", row)
    for n, row in enumerate(draft.questions, start=1):
        found += _too_long(Question, f"question {n}: ", row)
    if not draft.id:
        found.append("id is required")
    elif message := record_id_problem(draft.id):
        found.append(message)
    if not draft.title:
        found.append("title is required")
    if (wrong := checks.not_one_of(draft.status, STATUSES)) is not None:
        found.append(f"status {wrong}")
    interval = draft.review_interval_days
    if interval is not None and (not isinstance(interval, int) or interval < 1):
        found.append(f"review interval '{interval}' must be a whole number of days, 1 or more")
    found += [p.message for p in checks.extension_problems(draft.main_steps, draft.extensions)]
    for n, b in enumerate(draft.benefits, start=1):
        if not _clean(b.get("statement")):
            found.append(f"benefit {n}: the statement is required")
        category = _clean(b.get("category"))
        if category and (wrong := checks.not_one_of(category, CATEGORIES)) is not None:
            found.append(f"benefit {n}: category {wrong}")
        for key in ("baseline", "target", "improvement"):
            try:
                _number(b.get(key))
            except NumberProblem as problem:
                found.append(f"benefit {n}: {key} {problem}")
    for n, q in enumerate(draft.questions, start=1):
        stage = _clean(q.get("stage"))
        if not stage:
            found.append(f"question {n}: pick its stage ({', '.join(STAGES)})")
        elif (wrong := checks.not_one_of(stage, STAGES)) is not None:
            found.append(f"question {n}: stage {wrong}")
    return found


def _known(session: Session, draft: UseCaseDraft) -> list[str]:
    """References to segments and personas the library does not have (the import's rule)."""
    found = []
    segments = session.execute(select(Segment.id, Segment.kind))
    kinds: dict[str, str] = {sid: kind for sid, kind in segments}
    personas = set(session.scalars(select(Persona.id)))
    for label, names, kind in (
        ("industry", draft.industries, "industry"),
        ("company size", draft.company_sizes, "company_size"),
    ):
        for name in names:
            wrong = checks.reference_problem(
                name, "segment", kinds, "the library", kinds=kinds, wanted_kind=kind
            )
            if wrong is not None:
                found.append(f"{label} {wrong}")
    refs = [*draft.personas]
    refs += [_clean(b.get("persona_id")) for b in draft.benefits]
    refs += [_clean(q.get("persona_id")) for q in draft.questions]
    for name in dict.fromkeys(r for r in refs if r):
        wrong = checks.reference_problem(name, "persona", personas, "the library")
        if wrong is not None:
            found.append(f"persona {wrong}")
    return found


def _check(session: Session, draft: UseCaseDraft) -> None:
    found = problems(draft) + _known(session, draft)
    for model, rows, word in (
        (Benefit, draft.benefits, "benefit"),
        (Question, draft.questions, "question"),
    ):
        ids = [_clean(r.get("id")) for r in rows if _clean(r.get("id"))]
        if len(ids) != len(set(ids)):
            found.append(f"two {word}s share an id")
        if ids:
            for other_id, owner in session.execute(
                select(model.id, model.use_case_id).where(model.id.in_(ids))
            ):
                if owner != draft.id:
                    found.append(
                        f"{word} id '{other_id}' belongs to {owner or 'the generic questions'}"
                    )
    if found:
        raise EditError(found)


def _fresh_id(prefix: str, taken: set[str]) -> str:
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    taken.add(f"{prefix}{n}")
    return f"{prefix}{n}"


def _snapshot(uc: UseCase, questions: list[Question]) -> dict[str, Any]:
    data = {name: getattr(uc, name) for name in (*SCALAR_FIELDS, *LIST_FIELDS, "extensions")}
    data["review_interval_days"] = uc.review_interval_days
    data["industries"] = [s.id for s in uc.industries]
    data["company_sizes"] = [s.id for s in uc.company_sizes]
    data["personas"] = [p.id for p in uc.personas]
    data["benefits"] = [{k: getattr(b, k) for k in BENEFIT_FIELDS} for b in uc.benefits]
    data["questions"] = [{k: getattr(q, k) for k in QUESTION_FIELDS} for q in questions]
    return data


def describe_changes(before: dict[str, Any], after: dict[str, Any]) -> str:
    """'title, main_steps, benefits' — which parts of the use case a save changed."""
    changed = [name for name in after if before.get(name) != after.get(name)]
    return "changed " + ", ".join(n.replace("_", " ") for n in changed) if changed else "no changes"


def _apply(session: Session, uc: UseCase, draft: UseCaseDraft, who: str) -> list[Question]:
    """Copy the draft onto the row in one flush, so the version moves exactly once."""
    with session.no_autoflush:
        return _copy(session, uc, draft, who)


def _copy(session: Session, uc: UseCase, draft: UseCaseDraft, who: str) -> list[Question]:
    for name in (*SCALAR_FIELDS, *LIST_FIELDS):
        setattr(uc, name, getattr(draft, name))
    uc.extensions = [dict(e) for e in draft.extensions]
    uc.review_interval_days = draft.review_interval_days
    uc.industries = [session.get(Segment, n) for n in draft.industries]  # type: ignore[misc]
    uc.company_sizes = [session.get(Segment, n) for n in draft.company_sizes]  # type: ignore[misc]
    uc.personas = [session.get(Persona, n) for n in draft.personas]  # type: ignore[misc]
    uc.updated_at = dt.datetime.now()
    uc.updated_by = who

    taken = set(session.scalars(select(Benefit.id).where(Benefit.id.like(f"{draft.id}-B%"))))
    existing = {b.id: b for b in uc.benefits}
    keep: list[Benefit] = []
    for row in draft.benefits:
        bid = _clean(row.get("id")) or _fresh_id(f"{draft.id}-B", taken)
        benefit = existing.get(bid) or Benefit(id=bid)
        benefit.statement = _clean(row.get("statement"))
        benefit.metric = _clean(row.get("metric"))
        benefit.baseline = _number(row.get("baseline"))
        benefit.target = _number(row.get("target"))
        benefit.improvement = _number(row.get("improvement"))
        benefit.unit = _clean(row.get("unit"))
        benefit.category = _clean(row.get("category"))
        benefit.persona_id = _clean(row.get("persona_id")) or None
        keep.append(benefit)
    uc.benefits = keep

    current = {
        q.id: q for q in session.scalars(select(Question).where(Question.use_case_id == uc.id))
    }
    taken = set(session.scalars(select(Question.id).where(Question.id.like(f"{draft.id}-Q%"))))
    kept: list[Question] = []
    for row in draft.questions:
        qid = _clean(row.get("id")) or _fresh_id(f"{draft.id}-Q", taken)
        question = current.pop(qid, None) or Question(id=qid, use_case_id=uc.id)
        question.text = _clean(row.get("text"))
        question.stage = _clean(row.get("stage"))
        question.persona_id = _clean(row.get("persona_id")) or None
        question.listen_for = _clean(row.get("listen_for"))
        session.add(question)
        kept.append(question)
    for gone in current.values():
        session.delete(gone)
    return kept


def _record(session: Session, use_case_id: str, action: str, who: str, summary: str) -> None:
    changes.record(
        session, [changes.Entry(use_case_id, action, summary)], who=who, keep_versions=True
    )


def _held_status(
    session: Session, draft: UseCaseDraft, stored: str | None, person: str | Actor
) -> tuple[UseCaseDraft, str | None]:
    """In team mode a use case becomes approved only through a second person: the save keeps
    the stored status (a new one starts as a draft) and returns the status asked for."""
    if not approvals.is_held("use_case", stored, draft.status):
        return draft, None
    if not approvals.holds_for(session, person):
        return draft, None
    return replace(draft, status=stored or "draft"), draft.status


def _ask(session: Session, use_case_id: str, asked: str | None, kept: str, who: str) -> None:
    if asked is not None:
        summary = f"status {kept} → {asked}, asked in the editor"
        approvals.hold(session, "use_case", use_case_id, asked, who=who, summary=summary)


def _locked(session: Session, use_case_id: str, version: int) -> UseCase:
    uc = session.get(UseCase, use_case_id)
    if uc is None:
        raise EditError([f"there is no use case {use_case_id}"])
    if uc.version != version:
        raise StaleEditError(use_case_id)
    return uc


def create_use_case(engine: Engine, draft: UseCaseDraft, *, who: str | Actor) -> int:
    """Add a new use case; returns its version (1). Refuses an id already in the library."""
    person, who = who, acting(who, "create use cases")
    draft = normalized(draft)
    taken = EditError([f"{draft.id} already exists — pick another id"])
    try:
        with db.unit_of_work(engine) as session:
            if draft.id and session.get(UseCase, draft.id) is not None:
                raise taken
            _check(session, draft)
            draft, asked = _held_status(session, draft, None, person)
            uc = UseCase(id=draft.id, title=draft.title)
            session.add(uc)
            _apply(session, uc, draft, who)
            _record(session, draft.id, "create", who, f"created '{draft.title}'")
            _ask(session, draft.id, asked, draft.status, who)
            session.flush()
            return uc.version
    except IntegrityError as exc:  # someone created the same id between our check and our write
        raise taken from exc


def update_use_case(engine: Engine, draft: UseCaseDraft, *, version: int, who: str | Actor) -> int:
    """Save an edited use case opened at `version`; returns the new version.

    Raises StaleEditError (and writes nothing) when the use case changed since it was opened.
    """
    person, who = who, acting(who, "edit use cases")
    draft = normalized(draft)
    try:
        with db.unit_of_work(engine) as session:
            uc = _locked(session, draft.id, version)
            _check(session, draft)
            draft, asked = _held_status(session, draft, uc.status, person)
            old_questions = list(
                session.scalars(select(Question).where(Question.use_case_id == uc.id))
            )
            before = _snapshot(uc, old_questions)
            questions = _apply(session, uc, draft, who)
            session.flush()
            summary = describe_changes(before, _snapshot(uc, questions))
            _record(session, uc.id, "update", who, summary)
            _ask(session, uc.id, asked, uc.status, who)
            session.flush()
            return uc.version
    except StaleDataError as exc:  # someone saved between our read and our write
        raise StaleEditError(draft.id) from exc


def _set_status(
    engine: Engine, use_case_id: str, status: str, action: str, *, version: int, who: str
) -> int:
    try:
        with db.unit_of_work(engine) as session:
            uc = _locked(session, use_case_id, version)
            if action == "retire" and uc.status == "retired":
                raise EditError([f"{use_case_id} is already retired"])
            if action == "restore" and uc.status != "retired":
                raise EditError([f"{use_case_id} is not retired"])
            previous = uc.status
            uc.status = status
            uc.updated_at = dt.datetime.now()
            uc.updated_by = who
            session.flush()
            _record(session, use_case_id, action, who, f"status {previous} → {status}")
            return uc.version
    except StaleDataError as exc:
        raise StaleEditError(use_case_id) from exc


def retire_use_case(engine: Engine, use_case_id: str, *, version: int, who: str | Actor) -> int:
    """Take a use case out of circulation (kept, with its outcomes, for the record)."""
    who = acting(who, "retire or restore use cases")
    return _set_status(engine, use_case_id, "retired", "retire", version=version, who=who)


def restore_use_case(engine: Engine, use_case_id: str, *, version: int, who: str | Actor) -> int:
    """Bring a retired use case back as a draft, to be reviewed and approved again."""
    who = acting(who, "retire or restore use cases")
    return _set_status(engine, use_case_id, RESTORED_STATUS, "restore", version=version, who=who)


def load_draft(engine: Engine, use_case_id: str) -> tuple[UseCaseDraft, int] | None:
    """The use case as an editable draft, with the version to save against."""
    with Session(engine) as session:
        uc = session.get(UseCase, use_case_id)
        if uc is None:
            return None
        questions = list(
            session.scalars(
                select(Question).where(Question.use_case_id == uc.id).order_by(Question.id)
            )
        )
        data = _snapshot(uc, questions)
        draft = UseCaseDraft(
            id=uc.id, **{f.name: data[f.name] for f in fields(UseCaseDraft) if f.name != "id"}
        )
        draft.extensions = [dict(e) for e in draft.extensions]
        return draft, uc.version


def history(engine: Engine, use_case_id: str, limit: int = 50) -> list[Change]:
    """The latest changes to one use case, newest first."""
    with Session(engine) as session:
        rows = session.scalars(
            select(ChangeRecord)
            .where(ChangeRecord.entity_id == use_case_id)
            .order_by(ChangeRecord.at.desc(), ChangeRecord.id.desc())
            .limit(limit)
        ).all()
        return [Change(at=r.at, who=r.who, action=r.action, summary=r.summary) for r in rows]


# --- The editor's tables: one row per step / extension, as `st.data_editor` shows them. ---


def lines(text: str | None) -> list[str]:
    """A text area's lines, trimmed, blanks dropped."""
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]


def step_rows(main_steps: list[str]) -> list[dict[str, str]]:
    return [{"step": s} for s in main_steps]


def steps_from_rows(rows: list[dict[str, Any]]) -> list[str]:
    return _clean_list([r.get("step") for r in rows])


def extension_rows(extensions: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Extensions with their handling steps in one cell, separated by '; ' as in the workbook."""
    return [
        {
            "step": str(e.get("step", "")),
            "kind": str(e.get("kind") or "alternate"),
            "condition": str(e.get("condition", "")),
            "handling": steps.handling_text(e.get("steps") or []),
        }
        for e in extensions
    ]


def extensions_from_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "step": _clean(r.get("step")),
            "kind": _clean(r.get("kind")),
            "condition": _clean(r.get("condition")),
            "steps": steps.handling_steps(_clean(r.get("handling"))),
        }
        for r in rows
    ]


def table_rows(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """Editor rows with NaN and missing cells made None, limited to `columns`."""
    out = []
    for row in rows:
        clean = {}
        for c in columns:
            value = row.get(c)
            clean[c] = None if isinstance(value, float) and value != value else value
        out.append(clean)
    return out


def restore_version(
    engine: Engine, use_case_id: str, number: int, *, version: int, who: str | Actor
) -> int:
    """Bring back version `number` of a use case as a new save (fields, links, benefits and
    questions), under the same optimistic lock as any edit; returns the new version."""
    content = versions.version_content(engine, use_case_id, number)
    if content is None:
        raise EditError([f"{use_case_id} has no version {number}"])
    values = {f.name: content.get(f.name) for f in fields(UseCaseDraft) if f.name in content}
    if isinstance(values.get("last_reviewed"), str):
        values["last_reviewed"] = dt.date.fromisoformat(values["last_reviewed"])
    values["benefits"] = [
        {k: b.get(k) for k in BENEFIT_FIELDS} for b in content.get("benefits") or []
    ]
    values["questions"] = [
        {k: q.get(k) for k in QUESTION_FIELDS} for q in content.get("questions") or []
    ]
    values = {k: v for k, v in values.items() if v is not None or k == "last_reviewed"}
    draft = UseCaseDraft(**values)
    return update_use_case(engine, draft, version=version, who=who)
