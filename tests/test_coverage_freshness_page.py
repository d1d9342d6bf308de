"""The Coverage page's Freshness tab: each list under its heading, or its all-clear."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine

from tests.apptest import open_app
from tests.builders import library, outcome, uc

STALE = "**Stale use cases** — not reviewed within 90 days"
EXPIRING = "**Permissions expiring** within 30 days"
EXPIRED = "**Expired permissions** — renewal queue: these stories no longer reach any prospect"
UNRECORDED = (
    "**No approval on record** — shareable outcomes whose ledger does not say who at the "
    "customer approved them, or when (the Outcomes sheet's approved_by and approved_on)"
)


def _freshness(engine: Engine) -> list[tuple[str, object]]:
    """What the Freshness tab draws, in order: (kind, the text, or a table's columns and its
    column settings)."""
    at = open_app("coverage")
    assert not at.exception
    drawn: list[tuple[str, object]] = []
    for element in list(at.tabs[1])[1:]:  # the tab itself comes first
        if element.type == "dataframe":
            settings = json.loads(element.proto.columns)
            drawn.append(("table", (list(element.value.columns), settings)))
        else:
            drawn.append((element.type, element.value))
    return drawn


def test_with_nothing_to_list_each_heading_has_its_all_clear(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", industries=["Healthcare"], personas=["CIO"])])
    assert _freshness(engine) == [
        ("markdown", STALE),
        ("success", "Every use case was reviewed recently."),
        ("markdown", EXPIRING),
        ("success", "No sharing permission runs out in the next few weeks."),
        ("markdown", EXPIRED),
        ("success", "No public or anonymized permission has expired."),
        ("markdown", UNRECORDED),
        ("success", "Every shareable outcome has its approval on record."),
    ]


def test_each_list_is_drawn_under_its_heading(engine: Engine) -> None:
    today = dt.date.today()
    library(
        engine,
        use_cases=[
            uc(
                "UC-1",
                industries=["Healthcare"],
                personas=["CIO"],
                last_reviewed=today - dt.timedelta(days=200),
            )
        ],
        outcomes=[
            outcome("O-1", "UC-1", permission_expires=today + dt.timedelta(days=10)),
            outcome("O-2", "UC-1", permission_expires=today - dt.timedelta(days=1)),
        ],
    )
    drawn = _freshness(engine)
    assert [kind for kind, _ in drawn] == [
        "markdown", "markdown", "table", "table",
        "markdown", "table",
        "markdown", "table", "table",
        "markdown", "table",
    ]  # fmt: skip
    texts = [value for kind, value in drawn if kind == "markdown"]
    assert texts == [STALE, "Review queue by owner", EXPIRING, EXPIRED, UNRECORDED]
    tables = [value for kind, value in drawn if kind == "table"]
    assert "Days since review" in tables[1][0] and "Expires" in tables[2][0]
    assert "Expired" in tables[4][0] and tables[5][0][:2] == ["Owner", "Outcome"]
    date = {"type_config": {"type": "date", "format": "YYYY-MM-DD"}}
    hidden = {"_index": {"hidden": True}}
    assert [settings for _columns, settings in tables] == [
        {"Oldest first": {"width": "large", "type_config": {"type": "text"}}, **hidden},
        {
            "Last reviewed": date,
            "Days since review": {
                "help": "Blank: never reviewed",
                "type_config": {"type": "number"},
            },
            **hidden,
        },
        {"Expires": date, **hidden},
        hidden,
        {
            "Expired": date,
            "Use case": {"width": "medium", "type_config": {"type": "text"}},
            **hidden,
        },
        hidden,
    ]
