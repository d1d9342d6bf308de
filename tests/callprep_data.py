"""A small library a rep would recognise, shared by the call-prep tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from tests.builders import benefit, library, outcome, question, uc

TODAY = dt.date(2026, 11, 24)
# A day on which the sample library has public, anonymized, internal and expired outcomes.
SAMPLE_DAY = dt.date(2026, 11, 24)
SECRET = "Globex Secret Corp"  # internal outcome: never shown
HIDDEN = "Northwind Health"  # anonymized outcome: metrics yes, name never
PUBLIC = "Contoso Clinic"  # public outcome: may be named


def rep_library(engine: Engine) -> Engine:
    return library(
        engine,
        personas=[
            {"id": "CIO", "name": "Modernizing CIO", "title": "Chief Information Officer"},
            {"id": "COO", "name": "Efficiency-driven COO", "title": "Chief Operating Officer"},
            {"id": "CFO", "name": "Cost-conscious CFO", "title": "Chief Financial Officer"},
        ],
        use_cases=[
            uc(
                "UC-REC",
                "Find a patient's records in seconds",
                goal="A nurse finds a patient's full records without waiting for lookups.",
                primary_actor="Nurse",
                industries=["Healthcare"],
                company_sizes=["Mid-market", "Enterprise"],
                personas=["CIO", "COO"],
                main_steps=[
                    "The nurse searches by name or date of birth",
                    "The system shows matching patients with their latest records",
                    "The nurse opens the record and sees the history",
                ],
                extensions=[
                    {
                        "step": "2a",
                        "kind": "exception",
                        "condition": "The record is locked by another ward",
                        "steps": ["The system shows who holds it and offers read-only access"],
                    }
                ],
                tags=["records"],
                last_reviewed=TODAY - dt.timedelta(days=10),
                benefits=[
                    benefit("B-REC-1", "Records lookup time falls", persona_id="CIO",
                            metric="records lookup time", improvement=-38.0),
                    benefit("B-REC-2", "Fewer charting errors", persona_id="CFO",
                            metric="charting errors"),
                ],
            ),
            uc(
                "UC-BILL",
                "Approve supplier invoices on the go",
                goal="A finance manager approves invoices from a phone so payments are on time.",
                primary_actor="Finance manager",
                industries=["Finance", "Healthcare"],
                company_sizes=["Mid-market"],
                personas=["CFO"],
                main_steps=["The manager opens the approval queue", "The manager approves"],
                tags=["invoices"],
                last_reviewed=TODAY - dt.timedelta(days=20),
            ),
            uc(
                "UC-SHIP",
                "Track a shipment end to end",
                goal="A dispatcher sees where every shipment is and warns customers of delays.",
                primary_actor="Dispatcher",
                industries=["Logistics"],
                company_sizes=["Enterprise"],
                personas=["COO"],
                main_steps=["The dispatcher opens the map", "The system flags late trucks"],
                tags=["shipping"],
                last_reviewed=TODAY - dt.timedelta(days=30),
            ),
            uc("UC-DRAFT", "Find records even faster", status="draft",
               goal="records lookup time records lookup time", industries=["Healthcare"],
               personas=["CIO"]),
            uc("UC-OLD", "Old records lookup", status="retired",
               goal="records lookup time records lookup time", industries=["Healthcare"],
               personas=["CIO"]),
        ],
        outcomes=[
            outcome("O-PUB", "UC-REC", customer=PUBLIC, permission="public",
                    industry="Healthcare", company_size="Mid-market",
                    metric="records lookup time", before=12.0, after=7.44, date=TODAY,
                    quote="We find records in seconds now."),
            outcome("O-ANON", "UC-REC", customer=HIDDEN, permission="anonymized",
                    industry="Healthcare", company_size="Enterprise",
                    metric="Northwind Health charting time", before=20.0, after=15.0,
                    quote="Northwind Health nurses got an hour back every shift at Northwind.",
                    date=TODAY),
            outcome("O-INT", "UC-REC", customer=SECRET, permission="internal",
                    industry="Healthcare", quote="Globex Secret Corp loved it", date=TODAY),
            outcome("O-INT2", "UC-BILL", customer=SECRET, permission="internal",
                    industry="Finance", date=TODAY),
        ],
        questions=[
            question("Q-1", "How long does a records lookup take today?", stage="problem",
                     use_case_id="UC-REC", persona_id="CIO", listen_for="minutes, not seconds"),
            question("Q-2", "How long does a records lookup take today", stage="problem",
                     use_case_id="UC-REC"),
            question("Q-3", "What does a late invoice cost you?", stage="implication",
                     use_case_id="UC-BILL", persona_id="CFO"),
            question("Q-4", "Which systems hold patient records?", stage="situation",
                     use_case_id="UC-REC"),
            question("Q-5", "=SUM(A1:A3) is what our sheet says, right?", stage="need-payoff"),
            question("Q-6", "What would an hour back per shift be worth?", stage="need-payoff",
                     persona_id="COO"),
        ],
    )  # fmt: skip
