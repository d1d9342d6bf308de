"""A small library with known holes, shared by the coverage tests.

Industries Healthcare (priority 5), Finance (2), Retail (unset); personas CIO and CFO.
Only approved use cases and shareable, unexpired outcomes in the right industry count.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from tests.builders import benefit, library, outcome, question, uc

TODAY = dt.date(2026, 5, 15)


def holey_library(engine: Engine) -> Engine:
    return library(
        engine,
        segments=[
            {"id": "Healthcare", "priority": 5},
            {"id": "Finance", "priority": 2},
            {"id": "Retail"},
        ],
        use_cases=[
            uc(
                "UC-1",
                industries=["Healthcare"],
                personas=["CIO", "CFO"],
                company_sizes=["Mid-market"],
                benefits=[benefit("B-1")],
            ),
            uc(
                "UC-2",
                industries=["Healthcare"],
                personas=["CIO"],
                company_sizes=["Enterprise"],
                trigger="",
                main_steps=["Start", "Finish"],
                extensions=[],
            ),
            uc("UC-3", status="draft", industries=["Finance"], personas=["CIO"]),
            uc("UC-4", status="retired", industries=["Finance"], personas=["CFO"]),
            uc("UC-5", industries=["Finance"], personas=["CFO"], company_sizes=["SMB"]),
        ],
        outcomes=[
            outcome("O-1", "UC-1", industry="Healthcare", company_size="Mid-market"),
            outcome("O-2", "UC-1", permission="internal", industry="Healthcare"),
            outcome(
                "O-3",
                "UC-2",
                permission="anonymized",
                industry="Healthcare",
                permission_expires=TODAY - dt.timedelta(days=1),
            ),
            outcome("O-4", "UC-5", permission="anonymized"),
            outcome("O-5", "UC-3", industry="Finance"),
            outcome("O-6", "UC-2", industry="Finance"),
            outcome("O-7", "UC-4", industry="Finance"),
        ],
        questions=[
            question("Q-1", "What slows records down?", use_case_id="UC-1", persona_id="CIO"),
            question("Q-2", "How do you budget for this?", persona_id="CFO"),
        ],
    )
