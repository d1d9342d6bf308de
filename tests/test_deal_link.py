"""Opening call prep from a CRM deal: head counts to company sizes, job titles to personas,
and the link a CRM button or a script builds."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from lib.callprep.candidates import Candidates, load_candidates
from lib.callprep.deal_link import (
    call_prep_url,
    parse_employees,
    persona_for_title,
    size_for_employees,
    title_words,
    understand_link,
)
from tests.builders import library, uc

SIZES = [
    {"id": "SMB", "kind": "company_size", "min_employees": 0, "max_employees": 199},
    {"id": "Mid-market", "kind": "company_size", "min_employees": 200, "max_employees": 1999},
    {"id": "Enterprise", "kind": "company_size", "min_employees": 2000},
]
PERSONAS = [
    {"id": "VP-SALES", "name": "Quota-carrying VP of Sales", "title": "Vice President of Sales",
     "aliases": ["VP Revenue Operations", "Chief Revenue Officer"]},
    {"id": "CIO", "name": "Modernizing CIO", "title": "Chief Information Officer"},
    {"id": "CISO", "name": "Risk-aware CISO", "title": "Chief Information Security Officer"},
    {"id": "IT-DIR", "name": "Hands-on IT Director", "title": "Director of IT and Applications"},
    {"id": "HEAD-CX", "name": "Head of CX", "title": "Head of Customer Experience"},
]  # fmt: skip


@pytest.fixture
def crm_library(engine: Engine) -> Candidates:
    library(
        engine,
        use_cases=[uc("UC-1", industries=["Healthcare"], personas=["CIO"])],
        segments=SIZES,
        personas=PERSONAS,
    )
    return load_candidates(engine)


@pytest.mark.parametrize(
    ("text", "count"),
    [("420", 420), ("1,200", 1200), ("420.0", 420), (" 5 000 ", 5000), ("0", 0),
     ("1.200", 1200), ("12.500.000", 12_500_000), ("5\u202f000", 5000), ("1.2", None),
     ("lots", None), ("-5", None), ("4.5", None), ("", None)],
)  # fmt: skip
def test_head_counts_are_read_as_crms_write_them(text: str, count: int | None) -> None:
    assert parse_employees(text) == count


@pytest.mark.parametrize(
    ("employees", "size"),
    [(0, "SMB"), (199, "SMB"), (200, "Mid-market"), (420, "Mid-market"), (1999, "Mid-market"),
     (2000, "Enterprise"), (250_000, "Enterprise")],
)  # fmt: skip
def test_a_head_count_falls_in_one_size_range_inclusive_at_both_ends(
    employees: int, size: str
) -> None:
    ranges = {s["id"]: (s.get("min_employees"), s.get("max_employees")) for s in SIZES}
    assert size_for_employees(ranges, employees) == size


def test_the_library_maps_employees_to_a_size(crm_library: Candidates) -> None:
    profile = understand_link(crm_library, "420", [])
    assert profile.company_size == "Mid-market"
    assert profile.not_understood == ()


@pytest.mark.parametrize(
    ("title", "persona"),
    [
        ("VP, Revenue Operations", "VP-SALES"),  # an alias, with a comma and an abbreviation
        ("vp of revenue ops", "VP-SALES"),
        ("Sr. Vice President - Sales", "VP-SALES"),
        ("Vice President of Sales, EMEA", "VP-SALES"),  # the whole title inside a longer one
        ("CHIEF INFORMATION OFFICER", "CIO"),
        ("CIO", "CIO"),
        ("Chief Information Security Officer", "CISO"),  # the more specific name wins
        ("Director, IT & Applications", "IT-DIR"),
        ("Head of CX", "HEAD-CX"),
        ("Cheif Information Oficer", "CIO"),  # a clear spelling slip
    ],
)
def test_job_titles_find_their_persona(crm_library: Candidates, title: str, persona: str) -> None:
    assert persona_for_title(crm_library, title) == (persona, ())


def test_a_title_no_persona_has_is_not_understood_with_the_nearest(
    crm_library: Candidates,
) -> None:
    profile = understand_link(crm_library, "", ["Vice President of Marketing", "CIO"])
    assert profile.personas == ("CIO",)
    assert profile.titles == (("CIO", "CIO"),)
    [problem] = profile.not_understood
    assert problem.field == "title" and problem.value == "Vice President of Marketing"
    assert "VP-SALES" in problem.nearest
    assert "'Vice President of Marketing'" in problem.message
    assert "Vice President of Sales (VP-SALES)" in problem.message


@pytest.mark.parametrize(
    ("employees", "message", "nearest"),
    [
        ("about fifty", "'about fifty' is not a number of employees.", ()),
        ("-3", "'-3' is not a number of employees.", ()),
    ],
)
def test_a_head_count_that_is_not_a_number_is_not_understood(
    crm_library: Candidates, employees: str, message: str, nearest: tuple[str, ...]
) -> None:
    profile = understand_link(crm_library, employees, [])
    assert profile.company_size == ""
    [problem] = profile.not_understood
    assert (problem.field, problem.message, problem.nearest) == ("employees", message, nearest)


def test_a_head_count_outside_every_range_offers_the_nearest_size(engine: Engine) -> None:
    library(
        engine,
        use_cases=[uc("UC-1")],
        segments=[{"id": "SMB", "kind": "company_size", "min_employees": 10, "max_employees": 99}],
    )
    profile = understand_link(load_candidates(engine), "5", [])
    [problem] = profile.not_understood
    assert problem.nearest == ("SMB",)
    assert "No company size covers 5 employees" in problem.message


def test_without_ranges_a_head_count_says_where_to_add_them(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", company_sizes=["SMB", "Enterprise"])])
    [problem] = understand_link(load_candidates(engine), "420", []).not_understood
    assert "min_employees" in problem.message
    assert set(problem.nearest) == {"SMB", "Enterprise"}


def test_title_words_spell_out_abbreviations_and_drop_filler() -> None:
    assert title_words("Sr. VP, Rev Ops & IT") == (
        "vice", "president", "revenue", "operations", "information", "technology",
    )  # fmt: skip


def test_the_url_encodes_every_value_and_repeats_titles() -> None:
    url = call_prep_url(
        "https://casebook.example.com/",
        opp="006Dn00000ABC&x=1",
        company="Smith & Jones #2",
        industry="Healthcare",
        employees=420,
        titles=["VP, Revenue Operations", "Chief Information Officer"],
        pains="records lookup 50% slower; faxes",
    )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://casebook.example.com/call-prep"
    )
    assert " " not in url and "+" not in url and "#" not in parts.query
    assert parse_qs(parts.query) == {
        "opp": ["006Dn00000ABC&x=1"],
        "company": ["Smith & Jones #2"],
        "industry": ["Healthcare"],
        "employees": ["420"],
        "title": ["VP, Revenue Operations", "Chief Information Officer"],
        "pains": ["records lookup 50% slower; faxes"],
    }


def test_empty_values_are_left_out_of_the_url() -> None:
    url = call_prep_url("http://localhost:8501", opp="006X", titles=["", " "])
    assert url == "http://localhost:8501/call-prep?opp=006X"


@pytest.mark.parametrize("base", ["", "casebook.example.com", "ftp://x", "https://"])
def test_a_base_url_without_a_scheme_and_host_is_refused(base: str) -> None:
    with pytest.raises(ValueError, match="must start with http"):
        call_prep_url(base, opp="006X")


@pytest.mark.parametrize(
    ("title", "persona"),
    [
        ("VP, Revenue Operations", "VP-SALES"),
        ("Sr. VP of Rev Ops", "VP-SALES"),
        ("Chief Information Officer, EMEA", "CIO"),
        ("Director of Clinical Informatics", "CMIO"),
        ("Head of IT", "CIO"),
        ("IT Manager", "IT-DIR"),
    ],
)
def test_the_sample_library_knows_common_crm_titles(
    sample: Candidates, title: str, persona: str
) -> None:
    assert persona_for_title(sample, title) == (persona, ())


def test_the_sample_library_maps_head_counts_to_its_sizes(sample: Candidates) -> None:
    sizes = [understand_link(sample, n).company_size for n in ("12", "420", "2000", "2001")]
    assert sizes == ["SMB", "Mid-market", "Mid-market", "Enterprise"]


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda t: t.strip() == t and t)


@settings(max_examples=60, deadline=None)
@given(opp=_TEXT, company=_TEXT, titles=st.lists(_TEXT, max_size=3), pains=_TEXT)
def test_any_value_survives_the_link_exactly(
    opp: str, company: str, titles: list[str], pains: str
) -> None:
    url = call_prep_url(
        "https://casebook.example.com", opp=opp, company=company, titles=titles, pains=pains
    )
    assert " " not in url and "#" not in url
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    assert query["opp"] == [opp] and query["company"] == [company] and query["pains"] == [pains]
    assert query.get("title", []) == titles
