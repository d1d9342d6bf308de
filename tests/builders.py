"""Small builders so a test states only what matters to it.

    library(engine, use_cases=[uc("UC-1", industries=["Healthcare"])],
            outcomes=[outcome("O-1", "UC-1", permission="public")])

Segments and personas named by a use case or outcome are created on the fly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine

from lib.core import db
from lib.core.models import Benefit, Outcome, Persona, Question, Segment, UseCase


def uc(id: str, title: str | None = None, **fields: Any) -> dict[str, Any]:
    """A fully dressed, approved use case unless a test says otherwise."""
    data: dict[str, Any] = {
        "id": id,
        "title": title or f"Complete the {id} journey",
        "goal": f"The actor completes {id} quickly.",
        "primary_actor": "Customer",
        "secondary_actors": ["Payment service"],
        "preconditions": ["The actor is signed in"],
        "trigger": "The actor decides to start",
        "main_steps": ["The actor starts", "The system responds", "The actor confirms"],
        "extensions": [
            {
                "step": "2a",
                "kind": "exception",
                "condition": "The system is down",
                "steps": ["The system shows a retry message"],
            }
        ],
        "success_guarantee": "The journey is recorded",
        "minimal_guarantee": "Nothing is half-done",
        "status": "approved",
        "owner": "Pat Owner",
        "last_reviewed": dt.date.today(),
        "industries": [],
        "company_sizes": [],
        "personas": [],
        "tags": [],
        "benefits": [],
    }
    data.update(fields)
    return data


def benefit(id: str, statement: str = "Saves time", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": id,
        "statement": statement,
        "metric": "Handling time",
        "improvement": -30.0,
        "unit": "%",
        "category": "time",
    }
    data.update(fields)
    return data


def outcome(id: str, use_case_id: str, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": id,
        "customer": f"Customer {id}",
        "use_case_id": use_case_id,
        "industry": "",
        "company_size": "",
        "metric": "Lookup time",
        "before": 10.0,
        "after": 6.0,
        "unit": "min",
        "timeframe": "6 months",
        "quote": "",
        "permission": "public",
        "permission_expires": None,
        "anonymized_label": "",
        "source": "",
        "date": dt.date.today(),
    }
    data.update(fields)
    return data


def question(id: str, text: str, stage: str = "situation", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": id,
        "text": text,
        "stage": stage,
        "use_case_id": None,
        "persona_id": None,
        "listen_for": "",
    }
    data.update(fields)
    return data


def library(
    engine: Engine,
    use_cases: list[dict[str, Any]] = (),  # type: ignore[assignment]
    outcomes: list[dict[str, Any]] = (),  # type: ignore[assignment]
    questions: list[dict[str, Any]] = (),  # type: ignore[assignment]
    personas: list[dict[str, Any]] = (),  # type: ignore[assignment]
    segments: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> Engine:
    """Write the given records into `engine`'s database in one transaction."""
    with db.unit_of_work(engine) as s:
        seg: dict[str, Segment] = {}
        per: dict[str, Persona] = {}

        def segment(name: str, kind: str) -> Segment:
            if name not in seg:
                seg[name] = s.get(Segment, name) or Segment(id=name, kind=kind, description="")
                s.add(seg[name])
            return seg[name]

        def persona(pid: str) -> Persona:
            if pid not in per:
                per[pid] = s.get(Persona, pid) or Persona(id=pid, name=pid, title=pid)
                s.add(per[pid])
            return per[pid]

        for data in segments:
            row = segment(data["id"], data.get("kind", "industry"))
            row.priority = data.get("priority")
            for key in ("min_employees", "max_employees", "aliases"):
                if key in data:
                    setattr(row, key, data[key])
        for data in personas:
            p = persona(data["id"])
            for key, value in data.items():
                setattr(p, key, value)
        for data in use_cases:
            data = dict(data)
            benefits = data.pop("benefits")
            industries = [segment(n, "industry") for n in data.pop("industries")]
            sizes = [segment(n, "company_size") for n in data.pop("company_sizes")]
            personas_ = [persona(p) for p in data.pop("personas")]
            use_case = UseCase(
                **data, industries=industries, company_sizes=sizes, personas=personas_
            )
            for b in benefits:
                if b.get("persona_id"):
                    persona(b["persona_id"])
                use_case.benefits.append(Benefit(**b))
            s.add(use_case)
        s.flush()
        for data in outcomes:
            if data["industry"]:
                segment(data["industry"], "industry")
            if data["company_size"]:
                segment(data["company_size"], "company_size")
            s.add(Outcome(**data))
        for data in questions:
            if data.get("persona_id"):
                persona(data["persona_id"])
            s.add(Question(**data))
        db.bump_revision(s)
    return engine
