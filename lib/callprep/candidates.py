"""The approved use cases as the recommender sees them, built once per library revision.

`candidates_of` takes the approved use cases from the library read (`lib.core.reads`) and
precomputes what does not depend on the prospect (the BM25 index of each use case's text as
each term's postings and their scores, segment and persona membership as arrays, the outcome
table as arrays, the last day each outcome may be shared), so each recommendation afterwards
is a few vectorised passes over what can match. The app builds it from the read every page
shares, once per revision.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rank_bm25 import BM25Okapi
from sqlalchemy import Engine

from lib.callprep.terms import tokens, words
from lib.core import reads, sharing
from lib.core.collector import collector_paused
from lib.core.reads import BenefitRecord, Library, OutcomeRecord, QuestionRecord, UseCaseRecord
from lib.core.size_ranges import ranges_of
from lib.core.warm import courteous, pause

__all__ = [
    "BenefitRecord",
    "Candidate",
    "Candidates",
    "OutcomeRecord",
    "QuestionRecord",
    "candidates_of",
    "load_candidates",
]

# One approved use case with everything a pick or a pack shows about it: the read's own
# record, shared rather than copied.
Candidate = UseCaseRecord


def _corpus_tokens(texts: Iterable[str]) -> list[list[str]]:
    """`tokens` of each text, stemming each distinct word once: a library repeats a small
    vocabulary, so this is one dictionary lookup per word instead of the whole pipeline."""
    memo: dict[str, str | None] = {}
    corpus = []
    for text in courteous(texts):
        stems = []
        for word in words(text):
            stem = memo.get(word, _UNSEEN)
            if stem is _UNSEEN:
                found = tokens(word)
                stem = memo[word] = found[0] if found else None
            if stem is not None:
                stems.append(stem)
        corpus.append(stems)
    return corpus


_UNSEEN = ""  # no word stems to the empty string

# The most frequent terms keep their scores as one dense column each (adding a column is
# several times faster than scattering into a posting's rows), within this many bytes.
DENSE_BYTES = 24 * 1024 * 1024
DENSE_SHARE = 0.25  # a term in at least this share of the use cases is worth a column
# Derived per-use-case values kept for the revision (shareable outcomes of a day, terms):
# bounded, as a long-running server sees ever new use cases and days.
KEPT_PER_USE_CASE = 4096


def searchable_text(c: Candidate) -> str:
    """What the rep's notes are matched against: goal, title, steps and benefits."""
    benefit_text = " ".join(f"{b.statement} {b.metric}" for b in c.benefits)
    return " ".join((c.title, c.goal, " ".join(c.main_steps), benefit_text))


@dataclass
class Candidates:
    """All candidates plus the prospect-independent indexes over them (read-only once built)."""

    items: tuple[Candidate, ...]
    industries: tuple[str, ...]
    company_sizes: tuple[str, ...]
    persona_names: dict[str, str]
    generic_questions: tuple[QuestionRecord, ...]
    # Every outcome in the library, whatever its use case's status: the sharing rule hides
    # every customer that may not be named, not only those of the use cases shown.
    library_outcomes: tuple[OutcomeRecord, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)  # 'banking' -> 'Finance'
    # For deal links: each company size's head-count range, and every name a persona is
    # known by (code, title, archetype name, aliases), so a CRM's job title finds it.
    size_ranges: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    persona_titles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    position: dict[str, int] = field(init=False)
    bm25: BM25Okapi | None = field(init=False, default=None)
    # term -> (the use cases holding it, its BM25 score in each): the query's scores are the
    # sum of its terms' postings, so scoring touches only the use cases that can match.
    postings: dict[str, tuple[np.ndarray, np.ndarray]] = field(init=False, default_factory=dict)
    dense: dict[str, np.ndarray] = field(init=False, default_factory=dict)  # frequent terms
    length_norm: np.ndarray = field(init=False)
    idf_floor: float = field(init=False, default=0.0)
    solid_match: float = field(init=False, default=0.0)
    industry_of: np.ndarray = field(init=False)  # (n, industries) bool
    size_of: np.ndarray = field(init=False)  # (n, sizes) bool
    persona_of: np.ndarray = field(init=False)  # (n, personas) bool: tagged or has a benefit
    industry_tagged: np.ndarray = field(init=False)  # (n,) bool: made for some industry
    size_tagged: np.ndarray = field(init=False)  # (n,) bool: made for some company size
    persona_index: dict[str, int] = field(init=False)
    reviewed: np.ndarray = field(init=False)  # ordinal day, NaN when never reviewed
    outcome_records: tuple[OutcomeRecord, ...] = field(init=False)
    outcome_owner: np.ndarray = field(init=False)  # candidate position of each outcome
    outcome_industry: np.ndarray = field(init=False)  # index into industries, -1 if other
    outcome_size: np.ndarray = field(init=False)
    outcome_quantified: np.ndarray = field(init=False)
    outcome_day: np.ndarray = field(init=False)  # ordinal, NaN when undated
    # The last day each outcome may be shown (`sharing.shareable_through`) as an ordinal,
    # -1 when never: a day's shareable outcomes are one comparison.
    outcome_last_day: np.ndarray = field(init=False)
    _shareable_on: dict[dt.date, np.ndarray] = field(init=False, default_factory=dict)
    # Results the recommender derives from these candidates and keeps for this revision (by
    # kind, then key), such as the score parts of a segment that reps ask about again and again.
    memo: dict[str, dict[Any, Any]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.position = {c.id: i for i, c in enumerate(self.items)}
        n = len(self.items)
        self._index_text()
        ind = {name: i for i, name in enumerate(self.industries)}
        size = {name: i for i, name in enumerate(self.company_sizes)}
        persona_ids = sorted(set(self.persona_names) | {p for c in self.items for p in c.personas})
        self.persona_index = {p: i for i, p in enumerate(persona_ids)}
        self.industry_of = np.zeros((n, len(ind)), dtype=bool)
        self.size_of = np.zeros((n, len(size)), dtype=bool)
        self.persona_of = np.zeros((n, len(persona_ids)), dtype=bool)
        self.reviewed = np.full(n, np.nan)
        outcomes: list[OutcomeRecord] = []
        owners: list[int] = []
        for i, c in enumerate(courteous(self.items)):
            for name in c.industries:
                if name in ind:
                    self.industry_of[i, ind[name]] = True
            for name in c.company_sizes:
                if name in size:
                    self.size_of[i, size[name]] = True
            for p in c.personas:
                self.persona_of[i, self.persona_index[p]] = True
            for b in c.benefits:
                if b.persona_id in self.persona_index:
                    self.persona_of[i, self.persona_index[b.persona_id]] = True
            if c.last_reviewed is not None:
                self.reviewed[i] = c.last_reviewed.toordinal()
            outcomes.extend(c.outcomes)
            owners.extend([i] * len(c.outcomes))
        self.industry_tagged = self.industry_of.any(axis=1)
        self.size_tagged = self.size_of.any(axis=1)
        self.outcome_records = tuple(outcomes)
        self.outcome_owner = np.array(owners, dtype=np.int64)
        self.outcome_industry = np.array([ind.get(o.industry, -1) for o in outcomes], dtype=int)
        self.outcome_size = np.array([size.get(o.company_size, -1) for o in outcomes], dtype=int)
        self.outcome_quantified = np.array(
            [o.before is not None and o.after is not None for o in outcomes], dtype=bool
        )
        self.outcome_day = np.array(
            [o.date.toordinal() if o.date else np.nan for o in outcomes], dtype=float
        )
        self.outcome_last_day = np.array(
            [
                -1 if (last := sharing.shareable_through(o)) is None else last.toordinal()
                for o in outcomes
            ],
            dtype=np.int64,
        )

    def _index_text(self) -> None:
        """BM25 over each candidate's searchable text, with postings for sparse scoring."""
        n = len(self.items)
        self.length_norm = np.ones(n)
        if not n:
            return
        corpus = _corpus_tokens(searchable_text(c) for c in self.items)
        self.bm25 = bm25 = BM25Okapi(courteous([doc or ["\u2400"] for doc in corpus]))
        pause()
        docs: dict[str, list[int]] = defaultdict(list)
        freqs: dict[str, list[int]] = defaultdict(list)
        for i, frequencies in enumerate(courteous(bm25.doc_freqs)):
            for term, tf in frequencies.items():
                docs[term].append(i)
                freqs[term].append(tf)
        doc_len = np.array(bm25.doc_len, dtype=float)
        self.length_norm = bm25.k1 * (1 - bm25.b + bm25.b * doc_len / bm25.avgdl)
        # Okapi's idf is zero or below for a term in half the library or more; in a small
        # library that would hide a real match, so every term is worth at least a little.
        self.idf_floor = max(0.05, bm25.epsilon * abs(bm25.average_idf))
        k1 = bm25.k1
        for t in docs:
            rows = np.array(docs[t], dtype=np.int64)
            tf = np.array(freqs[t], dtype=float)
            # Okapi's term score, computed once per revision instead of once per query.
            self.postings[t] = (rows, self.idf(t) * tf * (k1 + 1) / (tf + self.length_norm[rows]))
        frequent = sorted(
            (t for t, (rows, _) in self.postings.items() if len(rows) >= DENSE_SHARE * n),
            key=lambda t: (-len(self.postings[t][0]), t),
        )
        for t in frequent[: DENSE_BYTES // (8 * n)]:
            rows, score = self.postings[t]
            column = np.zeros(n)
            column[rows] = score
            self.dense[t] = column
        # The score of matching two typical words once each: a best match for a rep's notes
        # below this is weak evidence (one everyday word), not a full match.
        idf = np.fromiter(bm25.idf.values(), dtype=float, count=len(bm25.idf))
        self.solid_match = (
            2.0 * float(np.median(np.maximum(idf, self.idf_floor))) if idf.size else 0.0
        )

    def idf(self, term: str) -> float:
        if self.bm25 is None or term not in self.bm25.idf:
            return 0.0
        return max(float(self.bm25.idf[term]), self.idf_floor)

    def text_scores(self, stems: Sequence[str]) -> np.ndarray:
        """BM25Okapi scores of every candidate for the query stems, touching only postings
        (a frequent term's as one dense column): the same sums, term by term, as scoring
        every document."""
        scores = np.zeros(len(self.items))
        if self.bm25 is None:
            return scores
        for term in dict.fromkeys(stems):
            column = self.dense.get(term)
            if column is not None:
                scores += column
            elif (posting := self.postings.get(term)) is not None:
                docs, score = posting
                scores[docs] += score
        return scores

    def is_common(self, term: str, share: float) -> bool:
        """Whether `term` is in more than `share` of the use cases (say "system")."""
        posting = self.postings.get(term)
        return posting is not None and len(posting[0]) > share * len(self.items)

    def terms_of(self, i: int) -> frozenset[str]:
        """The stems of candidate `i`'s text (for matching reasons and diversity)."""
        if self.bm25 is None:
            return frozenset()
        kept = self._kept("terms")
        found = kept.get(i)
        if found is None:
            found = kept[i] = frozenset(self.bm25.doc_freqs[i])
        return found

    def shown_outcomes(self, i: int, today: dt.date) -> list[sharing.SharedOutcome]:
        """Candidate `i`'s outcomes as a prospect may see them on `today` (`sharing.shareable`),
        kept for the revision: the same picks come back with every keystroke in the notes."""
        kept = self._kept("shown")
        found = kept.get((i, today))
        if found is None:
            found = kept[(i, today)] = sharing.shareable(list(self.items[i].outcomes), today)
        return list(found)

    def _kept(self, kind: str) -> dict[Any, Any]:
        kept: dict[Any, Any] = self.memo.setdefault(kind, {})
        if len(kept) >= KEPT_PER_USE_CASE:
            kept.clear()
        return kept

    def shareable_mask(self, today: dt.date) -> np.ndarray:
        """Which outcomes may be shown on `today`, as `core.sharing` decides (memoised per
        day): `is_shareable(o, today)` is `today <= shareable_through(o)`."""
        mask = self._shareable_on.get(today)
        if mask is None:
            mask = self.outcome_last_day >= today.toordinal()
            mask.flags.writeable = False
            if len(self._shareable_on) > 8:
                self._shareable_on.clear()
            self._shareable_on[today] = mask
        return mask

    def outcomes_in_industry(self, column: int) -> np.ndarray:
        """The rows of `outcome_records` whose customer is in the industry `column`."""
        return self._outcomes_by("industry", self.outcome_industry)[column]

    def outcomes_in_size(self, column: int) -> np.ndarray:
        """The rows of `outcome_records` whose customer is of the company size `column`."""
        return self._outcomes_by("size", self.outcome_size)[column]

    def _outcomes_by(self, kind: str, values: np.ndarray) -> dict[int, np.ndarray]:
        """Outcome rows grouped by a column's value, built once for the revision."""
        groups: dict[int, np.ndarray] | None = self.memo.get(f"outcomes by {kind}")
        if groups is None:
            order = np.argsort(values, kind="stable")
            cuts = np.flatnonzero(np.diff(values[order])) + 1
            groups = defaultdict(lambda: np.zeros(0, dtype=np.int64))
            for rows in np.split(order, cuts) if len(order) else ():
                groups[int(values[rows[0]])] = rows
            self.memo[f"outcomes by {kind}"] = groups
        return groups

    def get(self, use_case_id: str) -> Candidate | None:
        i = self.position.get(use_case_id)
        return None if i is None else self.items[i]

    def persona_name(self, persona_id: str) -> str:
        return self.persona_names.get(persona_id) or persona_id

    def persona_label(self, persona_id: str) -> str:
        """'Chief Information Officer (CIO)': how Attending shows a persona the library knows;
        anything else as typed."""
        if persona_id not in self.persona_index:
            return persona_id
        return f"{self.persona_name(persona_id)} ({persona_id})"

    @property
    def empty(self) -> bool:
        return not self.items


def candidates_of(library: Library, only: Sequence[str] | None = None) -> Candidates:
    """The approved use cases of `library` (or just those in `only`) with their indexes."""
    wanted = set(only) if only is not None else None
    with collector_paused():
        items = tuple(
            u if u.title else dataclasses.replace(u, title=u.id)
            for u in courteous(library.use_cases)
            if u.approved and (wanted is None or u.id in wanted)
        )
        return Candidates(
            items=items,
            industries=library.industries,
            company_sizes=library.company_sizes,
            persona_names={p.id: p.role for p in library.personas},
            generic_questions=library.generic_questions,
            library_outcomes=library.all_outcomes,
            # Other names reps type for a segment or a persona, as marketing keeps them.
            aliases={
                str(alias).strip().lower(): record.id
                for record in (*library.segments, *library.personas)
                for alias in record.aliases
                if str(alias).strip()
            },
            size_ranges=ranges_of(
                (s.id, s.min_employees, s.max_employees)
                for s in library.segments
                if s.kind == "company_size"
            ),
            persona_titles={
                p.id: tuple(dict.fromkeys(n for n in (p.id, p.title, p.name, *p.aliases) if n))
                for p in library.personas
            },
        )


@reads.derived_from(candidates_of)
def load_candidates(source: Engine | Library, only: Sequence[str] | None = None) -> Candidates:
    """Every approved use case (or just `only`) with its segments, personas, benefits,
    outcomes and questions, plus the generic questions. From an engine, a pack's few use
    cases are read alone rather than the whole library."""
    library = source if isinstance(source, Library) else reads.read_library(source, only=only)
    return candidates_of(library, only)
