"""Which 2-3 use cases to bring to a call, and why, in words a rep can check.

`recommend` is pure and deterministic: the same candidates, prospect and day give the same
picks in the same order (ties go to the lower id). Each use case gets four score parts, each
between 0 and 1:

- segment fit: industry (0.45), company size (0.20) and the attending personas it speaks to
  (0.35); a use case tagged for no industry or size counts half as "fits any";
- pains: BM25 relevance of the rep's notes to the goal, title, steps and benefits, scaled so
  the best match in the library is 1 (or, when even the best is thin, say one everyday word,
  so that a match on two typical words would be 1); a use case made for other industries than
  the prospect's matches at half weight, as the same words mean other things there;
- proof: shareable outcomes (as `lib.core.sharing` decides), weighing same industry, same size,
  measured before/after and recent results more;
- freshness: reviewed within `STALE_AFTER_DAYS` is 1, fading to 0 a year later.

The score is 100 × (0.40 fit + 0.30 pains + 0.20 proof + 0.10 freshness). With the win
signal (`lib.core.win_signal`, passed in as data), 5% of the score goes to the share of the
segment's won deals a use case was used in, and the pick says so ("used in 6 of 8 won
Healthcare Mid-market deals"); without enough won deals, or switched off, nothing changes.
Picks are then
chosen greedily with a diversity penalty (maximal marginal relevance) so they are not three
variants of one story; use cases that only share a few everyday words are not penalised.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field, replace

import numpy as np

from lib.callprep.candidates import Candidate, Candidates
from lib.callprep.proof import lead_proof, strength_key
from lib.callprep.prospect import Prospect
from lib.callprep.terms import NoteTerms, note_terms
from lib.core import figures, sharing
from lib.core.reads import is_stale
from lib.core.vocab import DEFAULT_TOP_N, STALE_AFTER_DAYS
from lib.core.win_signal import WinSignal, WinSignals

WEIGHTS = {"segment_fit": 0.40, "pains": 0.30, "proof": 0.20, "freshness": 0.10}
FIT_WEIGHTS = {"industry": 0.45, "size": 0.20, "persona": 0.35}
DIVERSITY_PENALTY = 40.0  # points taken off per unit of similarity to an earlier pick
# Below this similarity two use cases tell different stories (a few shared words such as
# "customer" or "order"); no penalty, so close scores keep their order.
SAME_STORY_FLOOR = 0.15
# A word in more than this share of the library ("system", "customer") is not worth quoting
# as a match in the reasons.
COMMON_WORD_SHARE = 0.75
OTHER_INDUSTRY_PAINS = 0.5  # weight of a notes match for a use case made for other industries
POOL = 40  # how many top-scored use cases the diverse picks are chosen from
RUNNERS_UP = 5
WIN_WEIGHT = 0.05  # the most the win signal can move a score: 5 of 100 points


@dataclass(frozen=True)
class ScoreParts:
    segment_fit: float
    pains: float
    proof: float
    freshness: float
    wins: float | None = None  # share of the segment's won deals it was used in, when known

    def as_dict(self) -> dict[str, float]:
        parts = {
            "segment_fit": self.segment_fit,
            "pains": self.pains,
            "proof": self.proof,
            "freshness": self.freshness,
        }
        if self.wins is not None:
            parts["wins"] = self.wins
        return parts


@dataclass(frozen=True)
class Pick:
    id: str
    title: str
    score: float
    parts: ScoreParts
    reasons: tuple[str, ...]
    matched_terms: tuple[str, ...] = ()
    must_include: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "score": round(self.score, 2),
            "reasons": list(self.reasons),
            "parts": {k: round(v, 3) for k, v in self.parts.as_dict().items()},
            "matched_terms": list(self.matched_terms),
        }


@dataclass(frozen=True)
class Recommendation:
    picks: tuple[Pick, ...]
    runners_up: tuple[Pick, ...] = ()
    messages: tuple[str, ...] = ()
    nearest: dict[str, tuple[str, ...]] = field(default_factory=dict)
    industry: str = ""  # the library's spelling of the prospect's industry, "" if unknown
    company_size: str = ""
    personas: tuple[str, ...] = ()  # attending personas the library knows
    hold: bool = False  # the profile is unclear: tick nothing until the rep chooses
    # Attending values typed as a title, alias or misspelling, and the persona each was read
    # as: ('VP IT', 'CIO'), so the page can show what it understood.
    read_as: tuple[tuple[str, str], ...] = ()

    @property
    def ranked(self) -> tuple[Pick, ...]:
        return self.picks + self.runners_up


# Words reps type for a segment the library may name differently; only ever offered as the
# nearest match (never swapped in silently), and only when the library has that segment.
NEAR_NAMES = {
    "bank": "Finance",
    "banking": "Finance",
    "fintech": "Finance",
    "financial services": "Finance",
    "credit union": "Finance",
    "hospital": "Healthcare",
    "health": "Healthcare",
    "clinic": "Healthcare",
    "pharma": "Healthcare",
    "retail": "E-commerce",
    "ecommerce": "E-commerce",
    "online retail": "E-commerce",
    "government": "Public sector",
    "public": "Public sector",
    "school": "Education",
    "university": "Education",
    "hotel": "Hospitality",
    "restaurant": "Hospitality",
    "shipping": "Logistics",
    "transport": "Logistics",
    "supply chain": "Logistics",
    "factory": "Manufacturing",
    "insurer": "Insurance",
    "small": "SMB",
    "small business": "SMB",
    "startup": "SMB",
    "midsize": "Mid-market",
    "mid-size": "Mid-market",
    "mid size": "Mid-market",
    "large": "Enterprise",
    "corporate": "Enterprise",
}


def _resolve(
    value: str, known: tuple[str, ...], kind: str, aliases: dict[str, str]
) -> tuple[str, str, tuple[str, ...]]:
    """(library name to rank as, message, nearest) for a segment or persona a rep typed.

    An exact name, an alias marketing keeps (or a common one such as 'Banking' for Finance)
    or one clear misspelling ('Helthcare') is ranked as that name, and the message says so;
    otherwise the name is "" and the message lists the nearest names for the rep to choose.
    """
    value = " ".join((value or "").split())
    if not value:
        return "", "", ()
    by_lower = {k.lower(): k for k in known}
    typed = value.lower()
    if typed in by_lower:
        return by_lower[typed], "", ()
    singular = typed.rstrip("s") if len(typed) > 4 else typed
    named = [
        n.lower()
        for w in dict.fromkeys((typed, singular))
        if (n := aliases.get(w) or NEAR_NAMES.get(w)) and n.lower() in by_lower
    ]
    scored = sorted(
        ((difflib.SequenceMatcher(None, typed, k).ratio(), k) for k in by_lower), reverse=True
    )
    close = [k for ratio, k in scored[:3] if ratio >= 0.6]
    clear = named[:1] or [
        k
        for ratio, k in scored[:1]
        if ratio >= 0.8 and (len(scored) < 2 or ratio - scored[1][0] >= 0.1)
    ]
    if clear:
        name = by_lower[clear[0]]
        return name, f"Ranked as {name}: the library has no {kind} '{value}'.", (name,)
    contains = [k for k in by_lower if typed in k or (len(k) > 2 and k in typed)]
    found = list(dict.fromkeys(close + sorted(contains)))
    nearest = tuple(by_lower[k] for k in found)[:3]
    hint = f" Nearest: {', '.join(nearest)}." if nearest else ""
    if not nearest and known:
        hint = f" Known: {', '.join(known[:8])}{'…' if len(known) > 8 else ''}."
    return "", f"The library has no {kind} '{value}'.{hint}", nearest


@dataclass(frozen=True)
class Profile:
    """A prospect's segment and personas in the library's spelling, and what it did not know."""

    industry: str
    company_size: str
    personas: tuple[str, ...]
    messages: tuple[str, ...]
    nearest: dict[str, tuple[str, ...]]
    unclear: tuple[str, ...] = ()  # what the rep typed that could not be matched for sure
    read_as: tuple[tuple[str, str], ...] = ()  # (typed, persona id) when not typed as the id


def understand(candidates: Candidates, prospect: Prospect) -> Profile:
    """Match the industry, size and personas a rep typed to the library's names; each one
    the library does not know gets a message (ranked as the clear nearest name, or the
    nearest names to choose from)."""
    messages: list[str] = []
    nearest: dict[str, tuple[str, ...]] = {}
    unclear: list[str] = []
    aliases = candidates.aliases
    industry, msg, near = _resolve(prospect.industry, candidates.industries, "industry", aliases)
    if msg:
        messages.append(msg)
        nearest["industry"] = near  # offered as a button even when ranked as it already
        if not industry:
            unclear.append(prospect.industry.strip())
    size, msg, near = _resolve(
        prospect.company_size, candidates.company_sizes, "company size", aliases
    )
    if msg:
        messages.append(msg)
        nearest["company_size"] = near
        if not size:
            unclear.append(prospect.company_size.strip())
    personas: list[str] = []
    known_personas = tuple(candidates.persona_index)
    # A persona is also known by its title or name ("Chief Information Officer").
    by_name = {
        **{candidates.persona_name(p).lower(): p for p in known_personas},
        **aliases,
    }
    read_as: list[tuple[str, str]] = []
    for typed in prospect.personas:
        pid, msg, near = _resolve(typed, known_personas, "persona", by_name)
        if pid:
            personas.append(pid)
            if typed.strip() != pid:
                read_as.append((" ".join(typed.split()), pid))
            if msg and typed.strip().lower() not in by_name:
                messages.append(msg)  # a misspelling is said; a title or alias is not
        elif msg:
            messages.append(msg)
            nearest["persona"] = nearest.get("persona", ()) + near
    return Profile(
        industry,
        size,
        tuple(dict.fromkeys(personas)),
        tuple(messages),
        nearest,
        tuple(unclear),
        tuple(read_as),
    )


def recommend(
    candidates: Candidates,
    prospect: Prospect,
    top: int = DEFAULT_TOP_N,
    today: dt.date | None = None,
    wins: WinSignals | None = None,
) -> Recommendation:
    """The top `top` diverse picks for `prospect`, with score parts and reasons; `wins`, when
    given, is the won-deal signal of each segment (bounded to `WIN_WEIGHT`)."""
    today = today or dt.date.today()
    top = max(1, int(top))
    if candidates.empty:
        return Recommendation(
            picks=(),
            messages=(
                "The library has no approved use cases yet. Import a workbook "
                "(`python -m lib import FILE`) or approve drafts, then come back.",
            ),
        )
    profile = understand(candidates, prospect)
    industry, size, personas = profile.industry, profile.company_size, list(profile.personas)
    messages = list(profile.messages)
    nearest = dict(profile.nearest)
    if profile.unclear:
        messages.append(
            "Choose the industry or size above (or a suggested one): nothing is ticked for the "
            "pack until then."
        )

    signal = wins.for_segment(industry, size) if wins is not None else None
    segment = _segment_parts(candidates, industry, size, tuple(personas), today, signal)

    notes = note_terms(prospect.pains)
    text = candidates.text_scores(notes.stems)
    # Scaled so the best match is 1, unless even the best is thin (a single everyday word such
    # as 'budget'): then to what a match on two typical words would score.
    best_text = max(float(text.max()), candidates.solid_match)

    excluded = {candidates.position[i] for i in prospect.exclude if i in candidates.position}
    forced: list[int] = []
    for uc_id in dict.fromkeys(prospect.must_include):
        if uc_id not in candidates.position:
            messages.append(f"'{uc_id}' is not an approved use case in the library; left out.")
        elif candidates.position[uc_id] not in excluded:
            forced.append(candidates.position[uc_id])
    # Stable order: score high to low, then id (the items are sorted by id); only the head of
    # that order is ever looked at, so only the use cases that can reach it are scored, and
    # only the head is sorted.
    pool_size = max(POOL, top * 4)
    head_size = pool_size + len(excluded) + len(forced)
    scored = _score(segment, segment.reach(head_size), forced, text, best_text, industry)
    order = scored.head(head_size)
    pool = [i for i in order if i not in excluded and i not in forced][:pool_size]
    score = scored.score
    chosen = list(forced)
    # With the industry known, a use case made for other industries is picked only when no
    # use case for this industry (or for any) is left: diversity never brings one in.
    fits_industry = segment.fits_industry
    while len(chosen) < top and pool:
        best_i, best_value = -1, -np.inf
        fitting = [i for i in pool if fits_industry[i]]
        for i in fitting or pool:
            similar = max((_similarity(candidates, i, j) for j in chosen), default=0.0)
            overlap = max(similar - SAME_STORY_FLOOR, 0.0) / (1.0 - SAME_STORY_FLOOR)
            value = score(i) - DIVERSITY_PENALTY * overlap
            if value > best_value + 1e-9:
                best_i, best_value = i, value
        chosen.append(best_i)
        pool.remove(best_i)

    context = _Context(candidates, industry, size, personas, notes, today)

    def pick(i: int) -> Pick:
        parts = scored.parts(i)
        reasons, matched = context.reasons(i, parts)
        if signal is not None and (won_reason := signal.reason(candidates.items[i].id)):
            reasons = (*reasons, won_reason)
        is_forced = i in forced
        if is_forced:
            reasons = ("you asked to include it", *reasons)
        c = candidates.items[i]
        return Pick(c.id, c.title, score(i), parts, reasons, matched, is_forced)

    if not (prospect.industry or prospect.company_size or prospect.personas or notes.stems):
        messages.append(
            "Add the prospect's industry, size, the personas attending or their pains "
            "to sharpen these picks; for now they are ranked on proof and freshness."
        )

    def runner_up(i: int) -> Pick:
        """A runner-up; one that outscores a pick says why it was held back."""
        shown = pick(i)
        lowest = min((score(j) for j in chosen), default=np.inf)
        if score(i) <= lowest or not chosen:
            return shown
        similar = [_similarity(candidates, i, j) for j in chosen]
        closest = int(np.argmax(similar))
        why = f"held back: close to pick {closest + 1} ({candidates.items[chosen[closest]].id})"
        return replace(shown, reasons=(why, *shown.reasons))

    return Recommendation(
        picks=tuple(pick(i) for i in chosen),
        runners_up=tuple(runner_up(i) for i in pool[:RUNNERS_UP]),
        messages=tuple(messages),
        nearest=nearest,
        industry=industry,
        company_size=size,
        personas=tuple(personas),
        hold=bool(profile.unclear),
        read_as=profile.read_as,
    )


def _combine(
    fit: np.ndarray, pains: np.ndarray, proof: np.ndarray, freshness: np.ndarray
) -> np.ndarray:
    """The 0-100 score from its parts: one expression, so a score and its bounds are computed
    by the very same operations."""
    return 100.0 * (
        WEIGHTS["segment_fit"] * fit
        + WEIGHTS["pains"] * pains
        + WEIGHTS["proof"] * proof
        + WEIGHTS["freshness"] * freshness
    )


def _with_wins(score: np.ndarray, won_share: np.ndarray) -> np.ndarray:
    """The score with the won-deal share blended in (at most `WIN_WEIGHT` of it)."""
    return (1.0 - WIN_WEIGHT) * score + 100.0 * WIN_WEIGHT * won_share


@dataclass(frozen=True)
class _Scored:
    """The score parts of the use cases that can reach the head of the order (`rows`, in
    position order) and of those asked for, read by candidate position."""

    rows: np.ndarray
    fit: np.ndarray
    pains: np.ndarray
    proof: np.ndarray
    freshness: np.ndarray
    won_share: np.ndarray | None
    scores: np.ndarray

    def _at(self, i: int) -> int:
        return int(np.searchsorted(self.rows, i))

    def head(self, k: int) -> list[int]:
        """The first `k` positions (and ties) by score high to low, then position."""
        return [int(self.rows[j]) for j in _head_order(self.scores, k)]

    def score(self, i: int) -> float:
        return float(self.scores[self._at(i)])

    def parts(self, i: int) -> ScoreParts:
        j = self._at(i)
        return ScoreParts(
            segment_fit=float(self.fit[j]),
            pains=float(self.pains[j]),
            proof=float(self.proof[j]),
            freshness=float(self.freshness[j]),
            wins=float(self.won_share[j]) if self.won_share is not None else None,
        )


def _score(
    segment: _SegmentParts,
    reach: np.ndarray,
    forced: list[int],
    text: np.ndarray,
    best_text: float,
    industry: str,
) -> _Scored:
    """Each part and the score of the use cases in `reach` and `forced`, by the same
    operations as over the whole library, so every score is the one a full pass gives."""
    rows = np.union1d(reach, np.array(forced, dtype=np.int64)) if forced else reach
    pains = text[rows] / best_text if best_text > 0 else np.zeros(len(rows))
    if industry:
        # The same words mean another thing in another industry ('claims' for an insurer is
        # not a hospital's denied claims): a use case made for other industries matches the
        # notes at half weight.
        pains = np.where(segment.other_industry[rows], OTHER_INDUSTRY_PAINS * pains, pains)
    fit, proof, freshness = segment.fit[rows], segment.proof[rows], segment.freshness[rows]
    scores = _combine(fit, pains, proof, freshness)
    won_share = None
    if segment.won_share is not None:
        won_share = segment.won_share[rows]
        scores = _with_wins(scores, won_share)
    return _Scored(rows, fit, pains, proof, freshness, won_share, scores)


# Room for the rounding of the bounds (about 1e-13 on a 0-100 score), and far above the
# rounding of scores to 1e-9 that decides ties.
REACH_MARGIN = 1e-6


@dataclass(frozen=True)
class _SegmentParts:
    """The score parts that depend only on the prospect's segment, the day and the won-deal
    signal, not on the notes: a rep typing pains reruns recommend with these unchanged.

    `base` is each use case's score when the notes match nothing, `ceiling` its score when
    they match it best: every score lies between the two, so a use case whose ceiling is
    below the k-th best base can never be in the first k, and is not scored at all.
    """

    fit: np.ndarray
    proof: np.ndarray
    freshness: np.ndarray
    other_industry: np.ndarray  # made for other industries only
    fits_industry: np.ndarray  # made for this industry, or for none
    won_share: np.ndarray | None  # share of the segment's won deals, with a signal
    base: np.ndarray
    ceiling: np.ndarray
    signal: WinSignal | None = None  # kept alive while its id keys the memo
    reaches: dict[int, np.ndarray] = field(default_factory=dict)

    def reach(self, k: int) -> np.ndarray:
        """The positions, in order, of every use case that can be among the first `k` (and
        their ties) whatever the notes say."""
        found = self.reaches.get(k)
        if found is None:
            n = len(self.base)
            if k >= n:
                found = np.arange(n)
            else:
                kth_base = np.partition(self.base, n - k)[n - k]
                found = np.flatnonzero(self.ceiling >= kth_base - REACH_MARGIN)
            found.flags.writeable = False
            if len(self.reaches) >= 8:
                self.reaches.clear()
            self.reaches[k] = found
        return found


SEGMENT_MEMO = 32  # segment profiles remembered per library revision


def _bounded(candidates: Candidates, kind: str) -> dict[tuple[object, ...], object]:
    """One of the recommender's memos on these candidates, emptied when full."""
    memo: dict[tuple[object, ...], object] = candidates.memo.setdefault(kind, {})
    if len(memo) >= SEGMENT_MEMO:
        memo.clear()
    return memo


def _frozen(*arrays: np.ndarray) -> None:
    for array in arrays:
        array.flags.writeable = False  # shared by every session: never changed in place


def _segment_parts(
    candidates: Candidates,
    industry: str,
    size: str,
    personas: tuple[str, ...],
    today: dt.date,
    signal: WinSignal | None = None,
) -> _SegmentParts:
    key = (industry, size, personas, today, id(signal) if signal is not None else None)
    found = candidates.memo.get("segment", {}).get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    n = len(candidates.items)
    fit = np.zeros(n)
    if industry:
        fit += _fit(candidates, "industry", industry)
    if size:
        fit += _fit(candidates, "size", size)
    if personas:
        cols = [candidates.persona_index[p] for p in personas]
        fit += FIT_WEIGHTS["persona"] * candidates.persona_of[:, cols].mean(axis=1)
    other, fits = _industry_masks(candidates, industry)
    proof = _proof(candidates, industry, size, today)
    freshness = _freshness_on(candidates, today)
    base = _combine(fit, np.zeros(n), proof, freshness)
    # The most the notes can add: a full match (half for a use case made for another
    # industry), the pains' weight of it, less the share the win signal takes.
    most = 100.0 * WEIGHTS["pains"]
    won_share = None
    if signal is not None:
        won_share = np.zeros(n)
        for uc_id in signal.used_in:
            if (position := candidates.position.get(uc_id)) is not None:
                won_share[position] = signal.share(uc_id)
        base = _with_wins(base, won_share)
        most *= 1.0 - WIN_WEIGHT
        _frozen(won_share)
    ceiling = base + np.where(other, OTHER_INDUSTRY_PAINS * most, most) if industry else base + most
    _frozen(fit, base, ceiling)
    parts = _SegmentParts(
        fit=fit,
        proof=proof,
        freshness=freshness,
        other_industry=other,
        fits_industry=fits,
        won_share=won_share,
        base=base,
        ceiling=ceiling,
        signal=signal,
    )
    _bounded(candidates, "segment")[key] = parts
    return parts


def _fit(candidates: Candidates, kind: str, value: str) -> np.ndarray:
    """The industry's (or the company size's) share of segment fit: 1 made for it, 0.5 made
    for any, 0 made for others only."""
    memo = _bounded(candidates, f"{kind} fit")
    found = memo.get((value,))
    if found is None:
        if kind == "industry":
            names, made_for, tagged = (
                candidates.industries,
                candidates.industry_of,
                candidates.industry_tagged,
            )
        else:
            names, made_for, tagged = (
                candidates.company_sizes,
                candidates.size_of,
                candidates.size_tagged,
            )
        col = names.index(value)
        found = FIT_WEIGHTS[kind] * np.where(made_for[:, col], 1.0, np.where(tagged, 0.0, 0.5))
        _frozen(found)
        memo[(value,)] = found
    return found  # type: ignore[return-value]


def _industry_masks(candidates: Candidates, industry: str) -> tuple[np.ndarray, np.ndarray]:
    """(made for other industries only, made for this industry or for none)."""
    memo = _bounded(candidates, "industry masks")
    found = memo.get((industry,))
    if found is None:
        n = len(candidates.items)
        if industry:
            this = candidates.industry_of[:, candidates.industries.index(industry)]
            other = candidates.industry_tagged & ~this
            fits = this | ~candidates.industry_tagged
        else:
            other = np.zeros(n, dtype=bool)
            fits = np.ones(n, dtype=bool)
        _frozen(other, fits)
        found = memo[(industry,)] = (other, fits)
    return found  # type: ignore[return-value]


def _head_order(score: np.ndarray, k: int) -> list[int]:
    """The first `k` (or more, on ties) positions of the order by score high to low, then
    position: exactly the head of `np.lexsort((positions, -round(score, 9)))`, found without
    sorting the whole library (at 100,000 use cases the full sort and walk cost more than
    everything else in a recommendation)."""
    rounded = np.round(score, 9)
    n = len(rounded)
    if k >= n:
        return [int(i) for i in np.lexsort((np.arange(n), -rounded))]
    threshold = -np.partition(-rounded, k - 1)[k - 1]
    head = np.flatnonzero(rounded >= threshold)  # every tie at the threshold, in position order
    return [int(i) for i in head[np.lexsort((head, -rounded[head]))]]


def _proof(candidates: Candidates, industry: str, size: str, today: dt.date) -> np.ndarray:
    """0..1 strength of shareable proof per candidate; saturates after a few strong outcomes.
    Kept per industry, size and day: every persona mix of a segment shares it."""
    memo = _bounded(candidates, "proof")
    found = memo.get((industry, size, today))
    if found is None:
        found = memo[(industry, size, today)] = _proof_of(candidates, industry, size, today)
        _frozen(found)
    return found  # type: ignore[return-value]


def _proof_of(candidates: Candidates, industry: str, size: str, today: dt.date) -> np.ndarray:
    n = len(candidates.items)
    if not len(candidates.outcome_records):
        return np.zeros(n)
    shown_measured, recency = _outcome_weights(candidates, today)
    # Each outcome's weight is shareable (0/1) x same industry (2) x same size (1.5) x
    # measured (1.5) x recency. The first four are small binary fractions, so their product
    # is exact in any order: only the rows of the prospect's industry and size are touched,
    # and the recency is applied last, as one rounding, as it always was.
    weight = shown_measured.copy()
    if industry:
        weight[candidates.outcomes_in_industry(candidates.industries.index(industry))] *= 2.0
    if size:
        weight[candidates.outcomes_in_size(candidates.company_sizes.index(size))] *= 1.5
    weight *= recency
    total = np.bincount(candidates.outcome_owner, weights=weight, minlength=n)
    return 1.0 - np.exp(-total / 2.5)


def _outcome_weights(candidates: Candidates, today: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Per outcome, for `today`: shareable x measured (1 or 1.5, 0 when not shareable), and
    the recency (1 within a year, 0.6 within two, 0.3 after, 0.5 undated). Kept per day."""
    memo = _bounded(candidates, "outcome weights")
    found = memo.get((today,))
    if found is None:
        shown_measured = candidates.shareable_mask(today).astype(float)
        shown_measured *= np.where(candidates.outcome_quantified, 1.5, 1.0)
        age = today.toordinal() - candidates.outcome_day
        dated = np.where(age <= 365, 1.0, np.where(age <= 730, 0.6, 0.3))
        recency = np.where(np.isnan(age), 0.5, dated)
        _frozen(shown_measured, recency)
        found = memo[(today,)] = (shown_measured, recency)
    return found  # type: ignore[return-value]


def _freshness_on(candidates: Candidates, today: dt.date) -> np.ndarray:
    """`_freshness` of every candidate, kept per day."""
    memo = _bounded(candidates, "freshness")
    found = memo.get((today,))
    if found is None:
        found = memo[(today,)] = _freshness(candidates.reviewed, today)
        _frozen(found)
    return found  # type: ignore[return-value]


def _freshness(reviewed: np.ndarray, today: dt.date) -> np.ndarray:
    age = today.toordinal() - reviewed
    fresh = np.clip(1.0 - (age - STALE_AFTER_DAYS) / 365.0, 0.0, 1.0)
    return np.where(np.isnan(age), 0.0, fresh)


def _similarity(candidates: Candidates, i: int, j: int) -> float:
    """How much two use cases tell the same story: words, tags and primary actor."""
    a, b = candidates.items[i], candidates.items[j]
    words = _jaccard(candidates.terms_of(i), candidates.terms_of(j))
    tags = _jaccard(frozenset(a.tags), frozenset(b.tags)) if (a.tags or b.tags) else 0.0
    actor = 1.0 if a.primary_actor and a.primary_actor.lower() == b.primary_actor.lower() else 0.0
    return 0.7 * words + 0.15 * tags + 0.15 * actor


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class _Context:
    candidates: Candidates
    industry: str
    size: str
    personas: list[str]
    notes: NoteTerms
    today: dt.date

    def reasons(self, i: int, parts: ScoreParts) -> tuple[tuple[str, ...], tuple[str, ...]]:
        c: Candidate = self.candidates.items[i]
        reasons: list[str] = []
        tagged = c.industries + c.company_sizes
        segment = [s for s in (self.industry, self.size) if s and s in tagged]
        if segment:
            reasons.append(f"{' + '.join(segment)} match")
        if self.industry and not c.industries:
            reasons.append("fits any industry")
        elif self.industry and self.industry not in c.industries:
            reasons.append(f"made for {', '.join(c.industries)}, not {self.industry}")
        resonant = [p for p in self.personas if p in c.personas or _has_benefit_for(c, p)]
        if resonant:
            names = ", ".join(self.candidates.persona_name(p) for p in resonant)
            reasons.append(f"resonates with {names}")
        reasons.append(_proof_reason(c, self.candidates.shown_outcomes(i, self.today), self))
        matched: tuple[str, ...] = ()
        stems = {
            s
            for s in set(self.notes.stems) & self.candidates.terms_of(i)
            if not self.candidates.is_common(s, COMMON_WORD_SHARE)
        }
        if stems:
            matched = tuple(self.notes.phrases(stems))
            quoted = ", ".join(f"'{m}'" for m in matched[:4])
            reasons.append(f"matches {quoted} in your notes")
        if c.last_reviewed is None:
            reasons.append("never reviewed — check it is current")
        elif is_stale(c.last_reviewed, self.today, interval=c.review_interval_days):
            days = (self.today - c.last_reviewed).days
            reasons.append(f"last reviewed {days} days ago — check it is current")
        return tuple(reasons), matched


def _has_benefit_for(c: Candidate, persona_id: str) -> bool:
    return any(b.persona_id == persona_id for b in c.benefits)


def _proof_reason(c: Candidate, shown: list[sharing.SharedOutcome], context: _Context) -> str:
    """'2 shareable outcomes incl. -46% chart review time' — only what may be shown (`shown`,
    as `sharing.shareable` gives it), quoting the outcome the pack leads with (the one that
    speaks to the notes and people attending)."""
    if not shown:
        return "no shareable customer proof yet"
    best = lead_proof(
        c,
        shown,
        industry=context.industry,
        size=context.size,
        notes=context.notes.stems,
        attending=context.personas,
    )
    assert best is not None
    count = f"{len(shown)} shareable outcome{'s' if len(shown) != 1 else ''}"
    headline = headline_result(best)
    return f"{count} incl. {headline}" if headline else count


def best_proof(
    shown: list[sharing.SharedOutcome], industry: str = "", size: str = ""
) -> sharing.SharedOutcome | None:
    """The strongest outcome, whatever the notes: same industry, same size, measured, most
    recent, biggest change, then id (`lead_proof` puts relevance first)."""
    if not shown:
        return None
    return min(shown, key=lambda o: strength_key(o, industry, size))


def headline_result(o: sharing.SharedOutcome) -> str:
    """'-38% records lookup time', '-11 pts no-show rate': a result in a few words."""
    return figures.headline(o.metric, o.before, o.after, o.unit)


def attending_read_as(candidates: Candidates, recommendation: Recommendation) -> str:
    """'Attending read as: VP IT → Chief Information Officer (CIO)': what a title, alias or
    slip typed in Attending was taken to mean, so the rep sees it before trusting the picks."""
    if not recommendation.read_as:
        return ""
    return "Attending read as: " + "; ".join(
        f"{typed} → {candidates.persona_label(pid)}" for typed, pid in recommendation.read_as
    )
