"""Which references Call prep proposes for a prospect, and why.

Only references under their limits (`lib.core.fatigue`) are offered, and only ones that fit the
prospect: the same industry, or a customer whose outcome tells the story of a picked use case;
a known company size must agree. A reference's industry and size come from the References sheet,
else from the customer's outcomes, so a reference row needs no more than the customer's name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from lib.core import reads
from lib.core.fatigue import Fatigue
from lib.core.reads import Library, OutcomeRecord


@dataclass(frozen=True, slots=True)
class Proposal:
    fatigue: Fatigue
    why: tuple[str, ...]
    score: int

    @property
    def reference_id(self) -> str:
        return self.fatigue.reference.id

    @property
    def customer(self) -> str:
        return self.fatigue.reference.customer

    @property
    def why_text(self) -> str:
        return "; ".join(self.why)


@dataclass(frozen=True, slots=True)
class Proposals:
    offered: tuple[Proposal, ...]
    held_back: tuple[Fatigue, ...]  # would fit the prospect but are over a limit


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


CustomerOutcomes = Mapping[str, Sequence[OutcomeRecord]]


def by_customer(outcomes: Iterable[OutcomeRecord]) -> dict[str, tuple[OutcomeRecord, ...]]:
    """Outcomes grouped by their customer's name however it is spaced or cased: what
    `propose` looks a reference up in."""
    grouped: dict[str, list[OutcomeRecord]] = defaultdict(list)
    for o in outcomes:
        grouped[_key(o.customer)].append(o)
    return {customer: tuple(found) for customer, found in grouped.items()}


def customer_outcomes_of(library: Library) -> dict[str, tuple[OutcomeRecord, ...]]:
    """`by_customer` of every outcome in the library: per revision, not per proposal."""
    return by_customer(library.all_outcomes)


@reads.derived_from(customer_outcomes_of)
def customer_outcomes(source: Engine | Library) -> dict[str, tuple[OutcomeRecord, ...]]:
    """`customer_outcomes_of` the library in `source` (the app builds it from the shared read,
    once per revision)."""
    return customer_outcomes_of(reads.library_of(source))


def propose(
    fatigue: Sequence[Fatigue],
    outcomes: Sequence[OutcomeRecord] | CustomerOutcomes,
    *,
    industry: str = "",
    company_size: str = "",
    use_case_ids: Sequence[str] = (),
    activity: str = "",
) -> Proposals:
    """References that fit the prospect, best first; those that fit but may not be asked apart.

    `outcomes` are every outcome in the library, or the same already grouped `by_customer`
    (kept per revision, so a proposal costs what the references cost, not the library)."""
    grouped = outcomes if isinstance(outcomes, Mapping) else by_customer(outcomes)
    picked = set(use_case_ids)
    offered: list[Proposal] = []
    held: list[Fatigue] = []
    for f in fatigue:
        ref = f.reference
        theirs = grouped.get(_key(ref.customer), ())
        industries = {ref.industry} if ref.industry else {o.industry for o in theirs} - {""}
        sizes = {ref.company_size} if ref.company_size else {o.company_size for o in theirs} - {""}
        stories = sorted({o.use_case_id for o in theirs} & picked)
        if activity and ref.activities and activity not in ref.activities:  # blank: any
            continue
        if company_size and sizes and company_size not in sizes:
            continue
        same_industry = bool(industry) and industry in industries
        if not (same_industry or stories):
            continue
        if not f.available:
            held.append(f)
            continue
        why = []
        if same_industry:
            why.append(industry)
        if company_size and company_size in sizes:
            why.append(company_size)
        if stories:
            why.append("their outcome backs " + ", ".join(stories))
        if ref.activities:
            why.append("agreed to " + ", ".join(ref.activities))
        why.append(f"asked {f.limit_text} this quarter")
        score = 2 * same_industry + (company_size in sizes) + 2 * len(stories)
        offered.append(Proposal(f, tuple(why), score))
    offered.sort(key=lambda p: (-p.score, p.fatigue.asks_this_quarter, _key(p.customer)))
    return Proposals(tuple(offered), tuple(held))
