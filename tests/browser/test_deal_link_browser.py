"""A rep clicks the CRM's button: Call prep opens on the deal, and the file is logged with it."""

from __future__ import annotations

import pytest

from lib.core.usage import usage_events
from tests.builders import library
from tests.callprep_data import rep_library

SIZES = [
    {"id": "SMB", "kind": "company_size", "min_employees": 0, "max_employees": 199},
    {"id": "Mid-market", "kind": "company_size", "min_employees": 200, "max_employees": 1999},
    {"id": "Enterprise", "kind": "company_size", "min_employees": 2000},
]


@pytest.fixture(scope="module")
def crm_library(served_library):  # type: ignore[no-untyped-def]
    base, engine = served_library
    rep_library(engine)
    library(engine, segments=SIZES)
    return base, engine


def test_a_deal_link_opens_a_ready_prep_and_logs_the_deal(crm_library, page, wait_for_app) -> None:  # type: ignore[no-untyped-def]
    base, engine = crm_library
    page.goto(
        f"{base}/call-prep?opp=006Dn00000XYZ&company=Acme%20Health&industry=Healthcare"
        "&employees=1%2C200&title=Chief%20Information%20Officer"
        "&title=Chief%20Happiness%20Officer&pains=records%20lookup%20time"
    )
    wait_for_app(page)
    page.get_by_role("heading", name="Call prep", exact=True).wait_for()
    page.get_by_text("1,200 employees → Mid-market", exact=False).wait_for()
    page.get_by_text(
        "No persona matches the title 'Chief Happiness Officer'", exact=False
    ).wait_for()
    assert page.get_by_role("textbox", name="Deal").input_value() == "006Dn00000XYZ"
    # The mapped size and persona are in the form, so the picks are ranked on them.
    page.get_by_text("Healthcare + Mid-market match", exact=False).first.wait_for()
    page.get_by_text("resonates with Chief Information Officer", exact=False).first.wait_for()
    page.get_by_text("Chosen: UC-REC", exact=False).wait_for()
    before = len(usage_events(engine))
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Pack (Markdown)").click()
    assert download_info.value.suggested_filename.startswith("call-prep_acme-health_")
    events = usage_events(engine)[before:]
    assert [(e.format, e.deal_id, e.prospect) for e in events] == [
        ("md", "006Dn00000XYZ", "Acme Health")
    ]
