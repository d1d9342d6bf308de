"""The workbook format: which sheets, which columns, what each cell holds.

This is the one contract shared by import, export, the template and the sample library, so a
column added here shows up in all four. Cell rules a person can follow by hand:

- `list` cells: one item per line; a cell without line breaks may separate items with `;`.
- `steps` cells: numbered lines (`1. The shopper ...`); numbers are written on export and
  stripped on import, so the order of the lines is the order of the steps.
- `extensions` cells: one extension per line, `3a. Card declined: the actor picks another card`,
  with several handling steps separated by `;` and `[exception]` before the condition for an
  exception path (`3b. [exception] Payment service down: ...`); without it a path is an
  alternate. A cell without line breaks may hold several extensions: each starts at `<n><letter>.`.
- `date` cells: a real Excel date or ISO text (`2026-03-31`).
- `number` cells: a number; blank means unknown.
- `count` cells: a whole number, 0 or more (a head count); blank means none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lib.core import vocab


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "text"  # text | list | steps | extensions | date | number | count
    required: bool = False
    choices: tuple[str, ...] = ()
    ref: str = ""  # the sheet whose `id` this column must name
    ref_kind: str = ""  # for references to Segments: the kind of segment (industry, ...)
    width: int = 18
    help: str = ""
    whole: bool = False  # a number column that takes only whole numbers, 0 or more
    item_choices: tuple[str, ...] = ()  # a list column whose every item is one of these


@dataclass(frozen=True)
class Sheet:
    name: str
    entity: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    help: str = ""

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


USE_CASES = Sheet(
    "Use cases",
    "use_case",
    (
        Field("id", required=True, width=14, help="Stable key, e.g. UC-ECOM-001"),
        Field("title", required=True, width=32, help="Active-verb goal phrase"),
        Field("goal", width=40, help="Goal in context"),
        Field("primary_actor", width=20),
        Field("secondary_actors", "list", width=24),
        Field("scope", width=16),
        Field("level", width=14),
        Field("stakeholders", "list", width=30, help="One 'Stakeholder: interest' per line"),
        Field("preconditions", "list", width=32),
        Field("trigger", width=30),
        Field("main_steps", "steps", width=50, help="Numbered lines: 1. ..."),
        Field("extensions", "extensions", width=50, help="Lines like 3a. Condition: handling"),
        Field("success_guarantee", width=32),
        Field("minimal_guarantee", width=32),
        Field("status", required=True, choices=vocab.STATUSES, width=11),
        Field("owner", width=16),
        Field("last_reviewed", "date", width=13),
        Field(
            "review_interval_days",
            "number",
            width=12,
            whole=True,
            help=f"Days between reviews; blank: {vocab.STALE_AFTER_DAYS}",
        ),
        Field("industries", "list", ref="Segments", ref_kind="industry", width=20),
        Field("company_sizes", "list", ref="Segments", ref_kind="company_size", width=18),
        Field("personas", "list", ref="Personas", width=18),
        Field("tags", "list", width=18),
    ),
    "One row per use case.",
)

BENEFITS = Sheet(
    "Benefits",
    "benefit",
    (
        Field("id", required=True, width=14),
        Field("use_case_id", required=True, ref="Use cases", width=14),
        Field("persona_id", ref="Personas", width=14, help="Blank: every persona"),
        Field("statement", required=True, width=50),
        Field("metric", width=24),
        Field("baseline", "number", width=10),
        Field("target", "number", width=10),
        Field("improvement", "number", width=12, help="Change in the unit, e.g. -38 with unit %"),
        Field("unit", width=10),
        Field("category", choices=vocab.CATEGORIES, width=12),
    ),
    "Quantified benefits, each tied to a use case.",
)

OUTCOMES = Sheet(
    "Outcomes",
    "outcome",
    (
        Field("id", required=True, width=14),
        Field("customer", required=True, width=24),
        Field("industry", ref="Segments", ref_kind="industry", width=16),
        Field("company_size", ref="Segments", ref_kind="company_size", width=14),
        Field("use_case_id", required=True, ref="Use cases", width=14),
        Field("metric", width=24),
        Field("before", "number", width=10),
        Field("after", "number", width=10),
        Field("unit", width=10),
        Field("timeframe", width=14),
        Field("quote", width=40),
        Field("permission", required=True, choices=vocab.PERMISSIONS, width=12),
        Field("permission_expires", "date", width=14),
        Field("anonymized_label", width=28, help="How an anonymized customer is named"),
        Field("source", width=16),
        Field("date", "date", width=12),
        Field(
            "reference",
            choices=("yes", "no"),
            width=10,
            help="yes: the customer agreed to take reference calls (blank means no)",
        ),
        # The permission ledger (`lib.core.sharing` says what scope and quote_approved do).
        Field("approved_by", width=20, help="Who at the customer approved sharing"),
        Field("approved_on", "date", width=12, help="When they approved it"),
        Field(
            "approval_ref",
            width=28,
            help="A link or document id for the signed form or email",
        ),
        Field(
            "scope",
            "list",
            choices=vocab.USES,
            width=16,
            help="The uses approved: sales (one-to-one conversations), web, press, logo; "
            "outside them the outcome is treated as internal. Blank: not recorded, every use",
        ),
        Field(
            "quote_approved",
            choices=("yes", "no"),
            width=10,
            help="no: the quote is left out of every file a prospect sees (the metric may "
            "still show); blank: not recorded",
        ),
    ),
    "Customer outcomes with measured results and a sharing permission.",
)

PERSONAS = Sheet(
    "Personas",
    "persona",
    (
        Field("id", required=True, width=12, help="Short key, e.g. CIO"),
        Field("name", required=True, width=28),
        Field("title", width=28),
        Field("department", width=18),
        Field("goals", "list", width=36),
        Field("pains", "list", width=36),
        Field("kpis", "list", width=30),
        Field("aliases", "list", width=28, help="Titles a CRM uses, e.g. VP of Sales"),
        Field(
            "industries",
            "list",
            ref="Segments",
            ref_kind="industry",
            width=20,
            help="Industries where this buyer exists; blank: every industry",
        ),
    ),
    "Buyer personas.",
)

QUESTIONS = Sheet(
    "Questions",
    "question",
    (
        Field("id", required=True, width=12),
        Field("text", required=True, width=60),
        Field("use_case_id", ref="Use cases", width=14, help="Blank: a generic question"),
        Field("persona_id", ref="Personas", width=12, help="Blank: any persona"),
        Field("stage", required=True, choices=vocab.STAGES, width=13),
        Field("listen_for", width=40),
    ),
    "Discovery questions by stage.",
)

SEGMENTS = Sheet(
    "Segments",
    "segment",
    (
        Field("id", required=True, width=18, help="The segment's name, e.g. Healthcare"),
        Field("kind", required=True, choices=vocab.SEGMENT_KINDS, width=14),
        Field("priority", "number", width=10, help="Coverage gap weight, higher first, e.g. 1-5"),
        Field("description", width=40),
        Field("aliases", "list", width=28, help="Other names reps use, e.g. Banking"),
        Field(
            "min_employees",
            "count",
            width=14,
            help="Company sizes: the fewest employees, e.g. 200 (blank: no lower limit)",
        ),
        Field(
            "max_employees",
            "count",
            width=14,
            help="Company sizes: the most employees, e.g. 1999 (blank: no upper limit)",
        ),
    ),
    "Industries and company sizes.",
)

REFERENCES = Sheet(
    "References",
    "customer_reference",
    (
        Field("id", required=True, width=12, help="Stable key, e.g. REF-001"),
        Field("customer", required=True, width=24, help="As the Outcomes sheet names them"),
        Field("contact", width=22, help="Who speaks for the customer"),
        Field("role", width=22, help="The contact's job title"),
        Field(
            "activities",
            "list",
            width=22,
            item_choices=vocab.REFERENCE_ACTIVITIES,
            help="What they agreed to (blank: any): " + ", ".join(vocab.REFERENCE_ACTIVITIES),
        ),
        Field(
            "industry",
            ref="Segments",
            ref_kind="industry",
            width=16,
            help="Blank: the industries of the customer's outcomes",
        ),
        Field(
            "company_size",
            ref="Segments",
            ref_kind="company_size",
            width=14,
            help="Blank: the sizes of the customer's outcomes",
        ),
        Field("max_asks_per_quarter", "number", width=12, whole=True, help="Blank: no limit"),
        Field("rest_days", "number", width=10, whole=True, help="Days to rest after an ask"),
        Field("do_not_ask_until", "date", width=14),
        Field("at_risk", choices=("yes", "no"), width=9, help="yes: do not ask at all"),
        Field("account_owner", width=24, help="Who approves requests (an email in team mode)"),
    ),
    "Customers who agreed to be references, and how often they may be asked.",
)

# Order matters: a sheet may only refer to sheets before it.
SHEETS: tuple[Sheet, ...] = (
    SEGMENTS,
    PERSONAS,
    USE_CASES,
    BENEFITS,
    OUTCOMES,
    QUESTIONS,
    REFERENCES,
)
BY_NAME: dict[str, Sheet] = {s.name: s for s in SHEETS}
