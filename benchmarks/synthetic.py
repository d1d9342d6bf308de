"""A large, made-up library for the speed checks (20,000 use cases, 50,000 outcomes).

Records come out as plain dicts shaped like the model columns, so the benchmarks can either
write them to a workbook (import speed) or bulk-load them straight into a database (page speed).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, insert

from lib.core import db
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
from lib.core.vocab import CATEGORIES, COMPANY_SIZES, PERMISSIONS, STAGES

# As in a real library: most use cases have two or three customer outcomes.
OUTCOMES_PER_USE_CASE = 2.5
INDUSTRIES = (
    "E-commerce",
    "Finance",
    "Healthcare",
    "Project management",
    "Insurance",
    "Logistics",
    "Education",
    "Manufacturing",
    "Public sector",
    "Hospitality",
)
PERSONAS = ("CIO", "CFO", "COO", "CMO", "VP-SALES", "HEAD-CX", "IT-DIR", "OPS-MGR", "CISO", "CHRO")
VERBS = (
    "Search",
    "Check out",
    "Transfer",
    "Approve",
    "Assign",
    "Review",
    "Schedule",
    "Reconcile",
    "Onboard",
    "Track",
    "Renew",
    "Update",
    "Report",
    "Escalate",
    "Refund",
)
OBJECTS = (
    "catalog items",
    "a payment",
    "funds",
    "an invoice",
    "a task",
    "patient records",
    "a treatment plan",
    "a shipment",
    "a claim",
    "a deadline",
    "a policy",
    "an order",
)
WORDS = (
    "faster",
    "records",
    "lookup",
    "time",
    "errors",
    "manual",
    "checkout",
    "conversion",
    "compliance",
    "audit",
    "handoff",
    "visibility",
    "backlog",
    "churn",
    "approval",
    "cost",
)


@dataclass
class SyntheticLibrary:
    segments: list[dict[str, Any]] = field(default_factory=list)
    personas: list[dict[str, Any]] = field(default_factory=list)
    use_cases: list[dict[str, Any]] = field(default_factory=list)
    benefits: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    industry_links: list[dict[str, str]] = field(default_factory=list)
    size_links: list[dict[str, str]] = field(default_factory=list)
    persona_links: list[dict[str, str]] = field(default_factory=list)


def _sentence(rng: random.Random, n: int = 8) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def build(n_use_cases: int = 20_000, n_outcomes: int = 50_000, seed: int = 7) -> SyntheticLibrary:
    """A deterministic library of the given size."""
    rng = random.Random(seed)
    library = SyntheticLibrary()
    today = dt.date(2026, 11, 1)
    library.segments = [
        {"id": name, "kind": "industry", "priority": float(rng.randint(1, 5)), "description": ""}
        for name in INDUSTRIES
    ] + [
        {"id": name, "kind": "company_size", "priority": 3.0, "description": ""}
        for name in COMPANY_SIZES
    ]
    library.personas = [
        {
            "id": p,
            "name": p,
            "title": p,
            "department": "",
            "goals": [_sentence(rng, 5)],
            "pains": [_sentence(rng, 5)],
            "kpis": [_sentence(rng, 3)],
        }
        for p in PERSONAS
    ]
    for i in range(n_use_cases):
        uid = f"UC-{i:05d}"
        title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {i}"
        library.use_cases.append(
            {
                "id": uid,
                "title": title,
                "goal": _sentence(rng, 12),
                "primary_actor": "Customer",
                "secondary_actors": ["Back office"],
                "scope": "",
                "level": "user goal",
                "stakeholders": [],
                "preconditions": [_sentence(rng, 5)],
                "trigger": _sentence(rng, 6),
                "main_steps": [_sentence(rng, 7) for _ in range(rng.randint(3, 7))],
                "extensions": [
                    {
                        "step": "2a",
                        "kind": rng.choice(("alternate", "exception")),
                        "condition": _sentence(rng, 4),
                        "steps": [_sentence(rng, 6)],
                    }
                ],
                "success_guarantee": _sentence(rng, 6),
                "minimal_guarantee": "",
                "status": "approved" if rng.random() < 0.85 else rng.choice(("draft", "retired")),
                "owner": f"Owner {rng.randint(1, 25)}",
                "last_reviewed": today - dt.timedelta(days=rng.randint(0, 400)),
                "tags": [rng.choice(WORDS)],
                "version": 1,
                "updated_by": "benchmark",
            }
        )
        for industry in rng.sample(INDUSTRIES, rng.randint(1, 3)):
            library.industry_links.append({"use_case_id": uid, "segment_id": industry})
        for size in rng.sample(COMPANY_SIZES, rng.randint(1, 3)):
            library.size_links.append({"use_case_id": uid, "segment_id": size})
        for persona in rng.sample(PERSONAS, rng.randint(1, 3)):
            library.persona_links.append({"use_case_id": uid, "persona_id": persona})
        library.benefits.append(
            {
                "id": f"B-{i:05d}",
                "use_case_id": uid,
                "persona_id": rng.choice(PERSONAS),
                "statement": _sentence(rng, 10),
                "metric": rng.choice(WORDS),
                "baseline": 10.0,
                "target": 7.0,
                "improvement": -30.0,
                "unit": "%",
                "category": rng.choice(CATEGORIES),
            }
        )
        if i % 4 == 0:
            library.questions.append(
                {
                    "id": f"Q-{i:05d}",
                    "text": _sentence(rng, 9) + "?",
                    "use_case_id": uid,
                    "persona_id": rng.choice(PERSONAS),
                    "stage": rng.choice(STAGES),
                    "listen_for": _sentence(rng, 5),
                }
            )
    for j in range(n_outcomes):
        before = float(rng.randint(10, 100))
        library.outcomes.append(
            {
                "id": f"O-{j:05d}",
                "customer": f"Customer {j} Ltd",
                "industry": rng.choice(INDUSTRIES),
                "company_size": rng.choice(COMPANY_SIZES),
                "use_case_id": f"UC-{rng.randrange(n_use_cases):05d}",
                "metric": rng.choice(WORDS),
                "before": before,
                "after": round(before * rng.uniform(0.4, 0.95), 1),
                "unit": "min",
                "timeframe": "6 months",
                "quote": _sentence(rng, 10),
                "permission": rng.choice(PERMISSIONS),
                "permission_expires": today + dt.timedelta(days=rng.randint(-100, 500))
                if rng.random() < 0.3
                else None,
                "anonymized_label": "",
                "source": "benchmark",
                "date": today - dt.timedelta(days=rng.randint(0, 900)),
            }
        )
    return library


def load(engine: Engine, library: SyntheticLibrary) -> None:
    """Bulk-insert the library into an empty, migrated database in one transaction."""
    with db.unit_of_work(engine) as session:
        for model, rows in (
            (Segment, library.segments),
            (Persona, library.personas),
            (UseCase, library.use_cases),
            (Benefit, library.benefits),
            (Outcome, library.outcomes),
            (Question, library.questions),
        ):
            if rows:
                session.execute(insert(model), rows)
        for table, rows in (
            (use_case_industry, library.industry_links),
            (use_case_company_size, library.size_links),
            (use_case_persona, library.persona_links),
        ):
            if rows:
                session.execute(insert(table), rows)
        db.bump_revision(session)


def library_engine(url: str, n_use_cases: int, n_outcomes: int | None = None) -> Engine:
    """A new database at `url` holding a made-up library of `n_use_cases` use cases and
    `n_outcomes` outcomes (2.5 a use case unless said): where every page and build benchmark
    starts. The caller disposes of the engine (at once, when a server or probe reads the file)."""
    engine = db.make_engine(url)
    outcomes = int(n_use_cases * OUTCOMES_PER_USE_CASE) if n_outcomes is None else n_outcomes
    load(engine, build(n_use_cases, outcomes))
    return engine
