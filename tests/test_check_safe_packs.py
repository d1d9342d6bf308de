"""Casebook's own files pass the outgoing-file check: two rules, one agreement.

A pack names a customer only through a public outcome it shows; `check-safe` lets a file name a
customer with at least one outcome shareable by name in sales. Every pack, in every format, of
any choice of the sample's use cases must therefore come out clean: a finding here means the
check reads a file differently from how the pack was made safe, or the pack leaks.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.callprep.candidates import Candidates
from lib.callprep.packs import FORMATS, build_pack, export_name, render
from lib.callprep.prospect import Prospect
from lib.outgoing import check_files
from tests.callprep_data import SAMPLE_DAY


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_format_of_a_sample_pack_passes_the_check(
    sample: Candidates, data: st.DataObject
) -> None:
    ids = data.draw(
        st.lists(st.sampled_from([c.id for c in sample.items]), min_size=1, max_size=4, unique=True)
    )
    industry = data.draw(st.sampled_from(("", *sample.industries)))
    prospect = Prospect(company="Acme", industry=industry, personas=("CIO", "COO", "CFO"))
    pack = build_pack(sample, prospect, ids, today=SAMPLE_DAY)
    files = [(export_name(pack, fmt), render(pack, fmt).data) for fmt in FORMATS]
    for check in check_files(files, sample.library_outcomes, SAMPLE_DAY):
        assert check.problem == "", check.problem
        assert check.findings == (), (ids, [(f.where, f.written, f.why) for f in check.findings])


def test_the_check_is_not_blind_to_the_samples_hidden_customers(sample: Candidates) -> None:
    """The same files with a hidden customer's name typed in are caught."""
    outcomes = sample.library_outcomes
    hidden = next(
        o for o in outcomes
        if all(p.permission == "internal" for p in outcomes if p.customer == o.customer)
    )
    pack = build_pack(sample, Prospect(company="Acme"), [sample.items[0].id], today=SAMPLE_DAY)
    text = render(pack, "md").data.decode() + f"\nAs {hidden.customer} found last year.\n"
    [check] = check_files([("pack.md", text.encode())], sample.library_outcomes, SAMPLE_DAY)
    assert hidden.customer in check.customers
