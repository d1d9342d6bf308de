"""Where the library is thin: the industry x persona matrix, its gaps and the headline numbers.

A use case covers a cell when it is approved and tagged with that industry and persona (and
company size, when one is picked). Proof covers a cell when an outcome of such a use case may be
shown to prospects (`sharing.is_shareable`) and the customer is in that industry and size (an
outcome without an industry or size counts for its use case's). Drafts, retired use cases,
internal and expired outcomes never count.

Only applicable cells count: a persona whose `industries` are set exists only there, so a CMIO
outside healthcare is neither a gap nor part of the headline percentages. A gap marketing
dismissed (with a reason, see `dismissals`) leaves the gap list and the gap count.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import cached_property

import pandas as pd

from lib.core.sharing import is_shareable
from lib.core.vocab import EXPIRING_WITHIN_DAYS, STALE_AFTER_DAYS
from lib.core.warm import courteous
from lib.coverage import tables
from lib.coverage.completeness import Completeness, average_score, completeness
from lib.coverage.freshness import (
    ExpiredOutcome,
    ExpiringOutcome,
    RenewalQueue,
    ReviewQueue,
    StaleUseCase,
    expired_outcomes,
    expiring_outcomes,
    renewal_queue,
    review_queue,
    stale_use_cases,
)
from lib.coverage.model import CoverageData, UseCaseFacts

MEASURES = {"use_cases": "Approved use cases", "proof": "Shareable proof"}
TARGET_USE_CASES = 2  # approved use cases wanted per industry x persona cell
TARGET_PROOF = 1  # shareable outcomes wanted per cell

Cell = tuple[str, str]  # (industry, persona)


@dataclass
class Cells:
    """Which approved use cases, and how many shareable outcomes, fall in each cell."""

    use_cases: dict[Cell, list[UseCaseFacts]] = field(default_factory=lambda: defaultdict(list))
    proof: dict[Cell, int] = field(default_factory=lambda: defaultdict(int))
    proof_by_use_case: dict[tuple[Cell, str], int] = field(default_factory=lambda: defaultdict(int))


def cells(data: CoverageData, today: dt.date, size: str | None = None) -> Cells:
    """Sort every approved use case and shareable outcome into its cells, in one pass each."""
    found = Cells()
    approved = {}
    for u in courteous(data.use_cases):
        if not u.approved or (size and size not in u.company_sizes):
            continue
        approved[u.id] = u
        for industry in u.industries:
            for persona in u.personas:
                found.use_cases[(industry, persona)].append(u)
    for o in courteous(data.outcomes):
        u = approved.get(o.use_case_id)
        if u is None or not is_shareable(o, today):
            continue
        if size and o.company_size and o.company_size != size:
            continue
        industries = (o.industry,) if o.industry else u.industries
        for industry in industries:
            if industry not in u.industries:
                continue
            for persona in u.personas:
                found.proof[(industry, persona)] += 1
                found.proof_by_use_case[((industry, persona), u.id)] += 1
    return found


def coverage_matrix(
    data: CoverageData, today: dt.date, size: str | None = None, measure: str = "use_cases"
) -> pd.DataFrame:
    """Industries (rows) x personas (columns): approved use cases, or shareable proof."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    return _matrix(data, cells(data, today, size), measure)


def _matrix(data: CoverageData, found: Cells, measure: str) -> pd.DataFrame:
    counts = (
        {c: len(us) for c, us in found.use_cases.items()} if measure == "use_cases" else found.proof
    )
    frame = pd.DataFrame(
        [[counts.get((i, p), 0) for p in data.personas] for i in data.industries],
        index=pd.Index(data.industries, name="Industry"),
        columns=pd.Index(data.personas, name="Persona"),
        dtype="int64",
    )
    return frame


@dataclass(frozen=True)
class CellUseCase:
    id: str
    title: str
    owner: str
    proof: int


def cell_use_cases(
    data: CoverageData, today: dt.date, industry: str, persona: str, size: str | None = None
) -> list[CellUseCase]:
    """The approved use cases behind one cell, with their shareable proof there."""
    found = cells(data, today, size)
    return _cell_use_cases(found, (industry, persona))


def _cell_use_cases(found: Cells, cell: Cell) -> list[CellUseCase]:
    return [
        CellUseCase(u.id, u.title, u.owner, found.proof_by_use_case.get((cell, u.id), 0))
        for u in sorted(found.use_cases.get(cell, ()), key=lambda u: u.id)
    ]


@dataclass(frozen=True)
class Gap:
    """A cell short of its targets; `score` = industry priority x shortfall."""

    industry: str
    persona: str
    company_size: str  # "" when all sizes
    priority: float
    use_cases: int
    proof: int
    has_questions: bool
    shortfall: int
    missing: tuple[str, ...]

    @property
    def score(self) -> float:
        return self.priority * self.shortfall

    @property
    def missing_text(self) -> str:
        return "; ".join(self.missing)


def gaps(
    data: CoverageData,
    today: dt.date,
    size: str | None = None,
    dismissed: frozenset[Cell] = frozenset(),
) -> list[Gap]:
    """Every applicable cell short of its targets and not dismissed, the most important first.

    Ties go to personas covered in more industries, the likelier buyers to write for next.
    """
    return _gaps(data, cells(data, today, size), size, dismissed)


def not_applicable(data: CoverageData) -> frozenset[Cell]:
    """The industry x persona cells that cannot exist (the persona is not in that industry)."""
    return frozenset(
        (i, p) for i in data.industries for p in data.personas if not data.applies(i, p)
    )


def _gaps(
    data: CoverageData, found: Cells, size: str | None, dismissed: frozenset[Cell] = frozenset()
) -> list[Gap]:
    # Among equal scores, a persona we already sell to in many industries is the likelier real
    # gap (a CFO in Education) than one we only meet in one industry (a CMIO outside healthcare).
    reach: dict[str, int] = defaultdict(int)
    for (_, persona), ucs in found.use_cases.items():
        if ucs:
            reach[persona] += 1
    result = []
    for industry in data.industries:
        priority = data.priority(industry) * (data.priority(size) if size else 1.0)
        for persona in data.personas:
            if not data.applies(industry, persona) or (industry, persona) in dismissed:
                continue
            ucs = found.use_cases.get((industry, persona), [])
            proof = found.proof.get((industry, persona), 0)
            questions = data.has_questions(persona, None) or any(
                data.has_questions(persona, u.id) for u in ucs
            )
            missing = []
            if not ucs:
                missing.append("no use case")
            elif len(ucs) < TARGET_USE_CASES:
                missing.append(f"only {len(ucs)} of {TARGET_USE_CASES} use cases")
            if proof < TARGET_PROOF:
                missing.append("no shareable proof")
            if not questions:
                missing.append(f"no discovery questions for {persona}")
            shortfall = (
                max(0, TARGET_USE_CASES - len(ucs))
                + max(0, TARGET_PROOF - proof)
                + (0 if questions else 1)
            )
            if shortfall:
                result.append(
                    Gap(
                        industry,
                        persona,
                        size or "",
                        priority,
                        len(ucs),
                        proof,
                        questions,
                        shortfall,
                        tuple(missing),
                    )
                )
    return sorted(
        result, key=lambda g: (-g.score, -g.shortfall, -reach[g.persona], g.industry, g.persona)
    )


@dataclass(frozen=True)
class Headline:
    """The numbers a snapshot keeps each day; always over all company sizes.

    `cells` counts applicable cells only, and the percentages are of those.
    """

    approved_use_cases: int = 0
    shareable_proof: int = 0
    cells: int = 0
    cells_covered: int = 0
    cells_with_proof: int = 0
    gaps: int = 0
    stale: int = 0
    expiring: int = 0
    completeness: float = 0.0
    expired: int = 0
    dismissed: int = 0

    @property
    def coverage_pct(self) -> float:
        return round(100.0 * self.cells_covered / self.cells, 1) if self.cells else 0.0

    @property
    def proof_pct(self) -> float:
        return round(100.0 * self.cells_with_proof / self.cells, 1) if self.cells else 0.0

    def as_dict(self) -> dict[str, float]:
        return {**asdict(self), "coverage_pct": self.coverage_pct, "proof_pct": self.proof_pct}


@dataclass(frozen=True)
class CoverageReport:
    """Everything the coverage page, the CLI and the workbook show, computed once."""

    today: dt.date
    size: str | None
    headline: Headline
    matrix: pd.DataFrame  # approved use cases per cell
    proof_matrix: pd.DataFrame  # shareable proof per cell
    gaps: list[Gap]
    stale: list[StaleUseCase]
    review_queue: list[ReviewQueue]
    expiring: list[ExpiringOutcome]
    completeness: list[Completeness]
    cells: Cells
    stale_days: int = STALE_AFTER_DAYS  # the settings the headline was computed with
    expiring_days: int = EXPIRING_WITHIN_DAYS
    expired: list[ExpiredOutcome] = field(default_factory=list)
    renewal_queue: list[RenewalQueue] = field(default_factory=list)
    not_applicable: frozenset[Cell] = frozenset()
    dismissed: frozenset[Cell] = frozenset()

    @property
    def standard(self) -> bool:
        """True when computed with the standard settings, so its headline compares day to day."""
        return (self.stale_days, self.expiring_days) == (STALE_AFTER_DAYS, EXPIRING_WITHIN_DAYS)

    @property
    def size_caveat(self) -> str:
        """What a reader must know when a size is picked: the headline is not for that size.

        Plain text (the page escapes it); the page and the CLI print the very same words.
        """
        if not self.size:
            return ""
        count = len(self.gaps)
        return (
            f"These figures are for all company sizes; the matrix and gaps below are for "
            f"{self.size} only ({count} gap{'' if count == 1 else 's'})."
        )

    def matrix_for(self, measure: str) -> pd.DataFrame:
        return self.proof_matrix if measure == "proof" else self.matrix

    def cell_use_cases(self, industry: str, persona: str) -> list[CellUseCase]:
        return _cell_use_cases(self.cells, (industry, persona))

    # The lists as tables, built once per report (the report is shared read-only).
    @cached_property
    def gaps_table(self) -> pd.DataFrame:
        return tables.gaps_table(self.gaps)

    @cached_property
    def stale_table(self) -> pd.DataFrame:
        return tables.stale_table(self.stale)

    @cached_property
    def queue_table(self) -> pd.DataFrame:
        return tables.queue_table(self.review_queue)

    @cached_property
    def expiring_table(self) -> pd.DataFrame:
        return tables.expiring_table(self.expiring)

    @cached_property
    def completeness_table(self) -> pd.DataFrame:
        return tables.completeness_table(self.completeness)

    @cached_property
    def expired_table(self) -> pd.DataFrame:
        return tables.expired_table(self.expired)

    @cached_property
    def renewal_table(self) -> pd.DataFrame:
        return tables.renewal_table(self.renewal_queue)


@dataclass(frozen=True)
class _AllSizes:
    """The parts of a report that do not depend on the company size picked."""

    everywhere: Cells
    gaps: list[Gap]
    stale: list[StaleUseCase]
    expiring: list[ExpiringOutcome]
    completeness: list[Completeness]
    headline: Headline
    expired: list[ExpiredOutcome]
    not_applicable: frozenset[Cell]


# One library's size-independent parts, reused when only the size changes (a page rerun).
# Keyed on the identity of the (read-only, shared) CoverageData; the weak reference makes sure
# a recycled id of a newer library is never mistaken for the old one.
_ALL_SIZES: dict[
    tuple[int, dt.date, int, int, frozenset[Cell]], tuple[weakref.ref[CoverageData], _AllSizes]
] = {}
_ALL_SIZES_KEPT = 8


def _all_sizes(
    data: CoverageData,
    today: dt.date,
    stale_days: int,
    expiring_days: int,
    dismissed: frozenset[Cell],
) -> _AllSizes:
    key = (id(data), today, stale_days, expiring_days, dismissed)
    hit = _ALL_SIZES.get(key)
    if hit is not None and hit[0]() is data:
        return hit[1]
    everywhere = cells(data, today)
    stale = stale_use_cases(data, today, stale_days)
    expiring = expiring_outcomes(data, today, expiring_days)
    scores = completeness(data, today)
    all_gaps = _gaps(data, everywhere, None, dismissed)
    expired = expired_outcomes(data, today)
    excluded = not_applicable(data)
    approved = {u.id for u in data.use_cases if u.approved}
    headline = Headline(
        approved_use_cases=len(approved),
        shareable_proof=sum(
            1
            for o in courteous(data.outcomes)
            if o.use_case_id in approved and is_shareable(o, today)
        ),
        cells=len(data.industries) * len(data.personas) - len(excluded),
        cells_covered=_applicable_count(everywhere.use_cases, data, excluded),
        cells_with_proof=_applicable_count(everywhere.proof, data, excluded),
        gaps=len(all_gaps),
        stale=len(stale),
        expiring=len(expiring),
        completeness=average_score(scores),
        expired=len(expired),
        dismissed=len(dismissed - excluded),
    )
    parts = _AllSizes(everywhere, all_gaps, stale, expiring, scores, headline, expired, excluded)
    for gone in [k for k, (ref, _) in _ALL_SIZES.items() if ref() is None]:
        _ALL_SIZES.pop(gone, None)
    if len(_ALL_SIZES) >= _ALL_SIZES_KEPT:
        _ALL_SIZES.pop(next(iter(_ALL_SIZES)))
    _ALL_SIZES[key] = (weakref.ref(data), parts)
    return parts


def _applicable_count(
    counts: dict[Cell, list[UseCaseFacts]] | dict[Cell, int],
    data: CoverageData,
    excluded: frozenset[Cell],
) -> int:
    """Cells with something in them that are real industry x persona cells of the library."""
    industries, personas = set(data.industries), set(data.personas)
    return sum(
        1
        for (i, p), found in counts.items()
        if found and (i, p) not in excluded and i in industries and p in personas
    )


def coverage_report(
    data: CoverageData,
    today: dt.date,
    size: str | None = None,
    stale_days: int = STALE_AFTER_DAYS,
    expiring_days: int = EXPIRING_WITHIN_DAYS,
    dismissed: frozenset[Cell] = frozenset(),
) -> CoverageReport:
    """Matrix, gaps, freshness and completeness for `size` (None: all sizes) on `today`.

    `dismissed` names the cells whose gaps marketing dismissed (`dismissals.dismissed_cells`).
    """
    common = _all_sizes(data, today, stale_days, expiring_days, frozenset(dismissed))
    found = common.everywhere if size is None else cells(data, today, size)
    return CoverageReport(
        today=today,
        size=size,
        headline=common.headline,
        matrix=_matrix(data, found, "use_cases"),
        proof_matrix=_matrix(data, found, "proof"),
        gaps=common.gaps if size is None else _gaps(data, found, size, frozenset(dismissed)),
        stale=common.stale,
        review_queue=review_queue(common.stale),
        expiring=common.expiring,
        completeness=common.completeness,
        cells=found,
        stale_days=stale_days,
        expiring_days=expiring_days,
        expired=common.expired,
        renewal_queue=renewal_queue(common.expired),
        not_applicable=common.not_applicable,
        dismissed=frozenset(dismissed),
    )


def proof_gaps(report: CoverageReport) -> list[tuple[str, str, str | None]]:
    """(industry, persona, company size or None) of each gap short of shareable proof: the
    cells a closed-won customer's story would fill (the Influence view's "whom to ask")."""
    return [
        (g.industry, g.persona, g.company_size or None)
        for g in report.gaps
        if g.proof < TARGET_PROOF
    ]
