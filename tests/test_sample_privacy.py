"""Over the whole sample library: no prospect-facing format names a customer it may not name.

A customer may be named only through a public outcome the pack actually shows. The name of a
customer of any internal, expired or anonymized outcome must not appear anywhere else: not in
full, not by its leading words, not by a distinctive word of it (as `sharing.name_variants`
lists them), in the PDF's text, any part of the DOCX, any cell or print header of the XLSX,
the Markdown or the question PDF.
"""

from __future__ import annotations

import html
import re

import pytest

from lib.callprep.candidates import Candidates
from lib.callprep.packs import FORMATS, CallPrepPack, build_pack
from lib.callprep.prospect import Prospect
from lib.callprep.recommend import recommend
from lib.core import sharing
from lib.workbook import SAMPLE_LIBRARY
from tests.callprep_data import SAMPLE_DAY as DAY
from tests.pack_text import every_format

pytestmark = pytest.mark.skipif(not SAMPLE_LIBRARY.exists(), reason="no sample library")


def hidden_customers(candidates: Candidates) -> set[str]:
    return {
        o.customer
        for o in candidates.outcome_records
        if o.customer and sharing.visibility(o, DAY) != "public"
    }


def leaks(text: str, pack: CallPrepPack, candidates: Candidates) -> list[str]:
    """Every forbidden name variant found in `text` (flattened, HTML entities undone).

    A single word of a name counts when written as in the name: a quote may say "peak
    season" although "Granite Peak Outdoor" is a customer.
    """
    flat = " ".join(html.unescape(text.replace("\\", "")).split())
    named = {s.proof.customer for s in pack.sections if s.proof is not None and s.proof.named}
    found = []
    for customer in sorted(hidden_customers(candidates) - named):
        for variant in sharing.name_variants(customer):
            if " " in variant:  # several words: in any case
                words = r"\s*(?:&|and)?\s*".join(map(re.escape, variant.split()))
                hit = re.search(rf"(?<!\w){words}(?!\w)", flat, re.IGNORECASE)
            else:  # one word: as a proper noun ("Peak", not "peak season" or "Peak-season")
                hit = re.search(rf"(?<!\w){re.escape(variant)}(?!\w)(?!-[a-z])", flat)
            if hit:
                found.append(f"{variant!r} (of {customer})")
    return found


def assert_no_leak(pack: CallPrepPack, candidates: Candidates, formats: tuple[str, ...]) -> None:
    for fmt, text in every_format(pack, formats).items():
        found = leaks(text, pack, candidates)
        assert not found, f"{fmt} of {pack.use_case_ids} names {', '.join(found)}"


def test_the_sample_has_every_kind_of_outcome(sample: Candidates) -> None:
    seen = {sharing.visibility(o, DAY) for o in sample.outcome_records}
    assert seen == {"public", "anonymized", "hidden"}
    assert any(sharing.is_expired(o, DAY) for o in sample.outcome_records)
    assert len(hidden_customers(sample)) > 20


def test_every_outcome_as_a_prospect_sees_it(sample: Candidates) -> None:
    """The sharing policy itself, for every outcome of the sample: the quote and metric lose
    every form of the name in any case; the label may describe ("a regional medical center")
    but not name the customer."""
    labels = set()
    for o in sample.outcome_records:
        shared = sharing.for_prospects(o, DAY)
        if shared is None or shared.named:
            continue
        text = " ".join((shared.quote, shared.metric, shared.result))
        for variant in sharing.name_variants(o.customer):
            assert not re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", text, re.I), (o.id, variant)
            assert not re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", shared.customer), o.id
        labels.add(shared.customer)
    assert "a regional medical center" in labels  # marketing's own label, kept


def test_one_pack_of_every_use_case_in_every_format(sample: Candidates) -> None:
    """Word, Markdown and both question formats hold everything (nothing is shortened)."""
    ids = [c.id for c in sample.items]
    pack = build_pack(sample, Prospect(company="Acme"), ids, today=DAY)
    assert pack.use_case_ids == ids and len(pack.questions.questions) > 100
    assert_no_leak(pack, sample, ("docx", "md", "xlsx", "questions-pdf"))


@pytest.mark.parametrize("half", [0, 1])
def test_each_use_case_alone_as_a_one_page_pdf(sample: Candidates, half: int) -> None:
    """The PDF shortens, so each use case gets a page of its own (with every persona's
    benefits and the best proof for its own first segment)."""
    for c in sample.items[half::2]:
        prospect = Prospect(
            company="Acme",
            industry=c.industries[0] if c.industries else "",
            company_size=c.company_sizes[0] if c.company_sizes else "",
            personas=tuple(sample.persona_index),
        )
        assert_no_leak(build_pack(sample, prospect, [c.id], today=DAY), sample, ("pdf", "md"))


def test_the_picks_for_each_industry_in_every_format(sample: Candidates) -> None:
    """Packs combining several use cases, as a rep would build them from the picks."""
    for industry in sample.industries:
        prospect = Prospect(company="Acme", industry=industry, personas=("CIO", "CFO", "COO"))
        picks = [p.id for p in recommend(sample, prospect, top=3, today=DAY).picks]
        assert len(picks) == 3
        assert_no_leak(build_pack(sample, prospect, picks, today=DAY), sample, tuple(FORMATS))
