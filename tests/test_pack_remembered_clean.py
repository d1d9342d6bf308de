"""A pack's texts cleaned once per day's library names (`packs.remembered`) are the texts the
sharing rule gives each pack on its own: whatever packs came before, a customer one pack may
name is still hidden in the next pack that may not."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from lib.callprep.candidates import Candidates
from lib.callprep.packs import build_pack, remembered
from lib.callprep.packs.remembered import remembered_clean
from lib.callprep.prospect import Prospect
from lib.callprep.recommend import recommend
from lib.core import sharing
from tests.callprep_data import SAMPLE_DAY as DAY

TEXTS = (
    "Northwind Clinics cut lookup time; Bayline members too.",
    "Peak Foods and NORTHWIND said so.",
    "Nothing here names anyone.",
)
CUSTOMERS = ("Northwind Clinics", "Northwind", "Bayline", "Peak Foods")


def _outcome(i: int, customer: str, permission: str) -> SimpleNamespace:
    return SimpleNamespace(
        id=f"O-{i}", customer=customer, permission=permission, permission_expires=None,
        scope=(), reference="",
    )  # fmt: skip


library_rows = st.lists(
    st.tuples(st.sampled_from(CUSTOMERS), st.sampled_from(("public", "anonymized", "internal"))),
    min_size=1,
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(library_rows, st.lists(st.lists(st.integers(0, 7), max_size=3), min_size=2, max_size=4))
def test_remembered_texts_are_each_outputs_own(
    rows: list[tuple[str, str]], outputs: list[list[int]]
) -> None:
    """Several outputs from one day's names, one after the other (the memo filled by the
    earlier ones): each text cleaned as that output's own rule cleans it."""
    library = [_outcome(i, *row) for i, row in enumerate(rows)]
    names = sharing.library_names(library, DAY)
    for shown_ids in outputs:
        shown = [library[i] for i in shown_ids if i < len(library)]
        remembered = remembered_clean(sharing.disclose(names, shown, DAY))
        fresh = sharing.disclose(sharing.library_names(library, DAY), shown, DAY)
        for text in TEXTS:
            assert remembered(text) == fresh.clean(text), (shown_ids, text)


def test_a_customer_named_in_one_output_is_hidden_in_the_next() -> None:
    library = [_outcome(0, "Northwind Clinics", "public"), _outcome(1, "Bayline", "internal"),
               _outcome(2, "Northwind Clinics", "internal")]  # fmt: skip
    names = sharing.library_names(library, DAY)
    naming = remembered_clean(sharing.disclose(names, [library[0]], DAY))
    assert naming(TEXTS[0]).startswith("Northwind Clinics")
    hiding = remembered_clean(sharing.disclose(names, [], DAY))
    assert "Northwind" not in hiding(TEXTS[0]) and "Bayline" not in hiding(TEXTS[0])


def test_packs_built_one_after_another_are_the_packs_built_alone(sample: Candidates) -> None:
    """As the app builds them: every profile change's pack from the same kept names."""
    names = sharing.library_names(sample.library_outcomes, DAY)
    prospects = (
        Prospect(industry="Healthcare", company_size="Mid-market", pains="records lookup"),
        Prospect(industry="Finance", personas=("CIO",), pains="fraud losses"),
        Prospect(industry="Healthcare", pains="audit findings"),
        Prospect(company="Acme"),
    )
    for prospect in prospects:
        ids = [p.id for p in recommend(sample, prospect, top=3, today=DAY).ranked[:4]]
        kept = build_pack(sample, prospect, ids, today=DAY, names=names)
        alone = build_pack(sample, prospect, ids, today=DAY)  # its own names: nothing kept
        assert kept == alone
        assert kept.disclosure is not None and kept.disclosure.hidden


def test_the_remembered_texts_stay_within_their_bound(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """However many packs a day brings, the memo of one day's names holds at most
    MOST_TEXTS texts (all spared sets together), and what it answers stays right."""
    monkeypatch.setattr(remembered, "MOST_TEXTS", 3)
    library = [_outcome(0, "Northwind Clinics", "public"), _outcome(1, "Bayline", "internal")]
    names = sharing.library_names(library, DAY)
    for shown in ([library[0]], [], [library[0]]):
        clean = remembered_clean(sharing.disclose(names, shown, DAY))
        fresh = sharing.disclose(sharing.library_names(library, DAY), shown, DAY)
        for n in range(5):
            text = f"{TEXTS[n % 3]} ({n})"
            assert clean(text) == fresh.clean(text)
        assert len(remembered._memo_of(names)) <= 3
