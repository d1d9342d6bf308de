"""Which customer proof a pick leads with: the outcome that speaks to what the prospect said
and to who is attending, then the strongest.

The page's reasons and the pack call the same `lead_proof`, so the "-46% chart review time" a
rep sees on a card is the proof the PDF opens with. Relevance is counted in points, so that
strength (same industry and size, measured, recent, biggest change) still decides between
outcomes that are equally relevant:

- a word of the notes in the outcome's metric: 2 points; only in its quote: 1;
- the kind of result the notes talk about (time, cost, revenue, risk, experience) is the
  outcome's kind (the category of the benefit it proves, or a cue in its metric): 2;
- the benefit it proves is for a persona attending: 1.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import lru_cache

from lib.callprep.candidates import Candidate
from lib.callprep.terms import stem, tokens
from lib.core import sharing

# Words that say which kind of result someone talks about, by benefit category
# (lib.core.vocab.CATEGORIES).
_KIND_WORDS = {
    "time": "time times hours days weeks minutes slow slower fast faster quick quicker wait "
    "waiting delay delays late turnaround cycle speed backlog ages",
    "cost": "cost costs spend spending expensive budget overtime waste saving savings "
    "margin headcount fte write-offs",
    "revenue": "revenue conversion sales growth upsell retention renewal renewals bookings "
    "pipeline basket orders",
    "risk": "risk audit audits compliance fraud breach breaches security privacy regulator "
    "regulators fines incident incidents exposure scam scams liability",
    "experience": "satisfaction csat nps complaints complaint experience frustrated "
    "frustration effort abandon abandoned churn",
}
KIND_STEMS: dict[str, frozenset[str]] = {
    kind: frozenset(stem(w) for w in words.split()) for kind, words in _KIND_WORDS.items()
}


@lru_cache(maxsize=65_536)
def _stems(text: str) -> frozenset[str]:
    """The set of `tokens` of a text; kept, as the same metrics and quotes are weighed again
    for every prospect."""
    return frozenset(tokens(text))


def kinds_of(stems: Collection[str]) -> frozenset[str]:
    """The kinds of result a set of stems talks about ('lookup time' -> time)."""
    found = set(stems)
    return frozenset(kind for kind, cues in KIND_STEMS.items() if cues & found)


def _same_metric(a: str, b: str) -> bool:
    """Whether an outcome and a benefit measure the same thing ('Chart review time per
    encounter' and 'chart review time'): most of the shorter one's words are in the other."""
    x, y = _stems(a), _stems(b)
    if not x or not y:
        return False
    return len(x & y) / min(len(x), len(y)) >= 0.6


def relevance(
    c: Candidate, o: sharing.SharedOutcome, notes: Collection[str], attending: Sequence[str]
) -> int:
    """Points for how much outcome `o` of use case `c` speaks to the notes' stems and to the
    personas attending (see the module's docstring)."""
    notes = set(notes)
    metric = _stems(o.metric)
    quote = _stems(o.quote)
    points = 2 * len(notes & metric) + len((notes & quote) - metric)
    proves = [b for b in c.benefits if _same_metric(o.metric, b.metric)]
    kinds = {b.category for b in proves if b.category} | kinds_of(metric)
    if kinds & kinds_of(notes):
        points += 2
    if any(b.persona_id and b.persona_id in attending for b in proves):
        points += 1
    return points


def strength_key(o: sharing.SharedOutcome, industry: str, size: str) -> tuple[object, ...]:
    """Stronger first: same industry, same size, measured, most recent, biggest change, id."""
    pct = sharing.change_percent(o.before, o.after)
    return (
        o.industry != industry if industry else False,
        o.company_size != size if size else False,
        pct is None,
        -(o.date.toordinal() if o.date else 0),
        -abs(pct or 0.0),
        o.id,
    )


def lead_proof(
    c: Candidate,
    shown: Sequence[sharing.SharedOutcome],
    *,
    industry: str = "",
    size: str = "",
    notes: Collection[str] = (),
    attending: Sequence[str] = (),
) -> sharing.SharedOutcome | None:
    """The outcome to lead with among `shown` (already cleared by the sharing rule): the most
    relevant to the notes and the attending personas, then the strongest."""
    if not shown:
        return None
    return min(
        shown,
        key=lambda o: (-relevance(c, o, notes, attending), strength_key(o, industry, size)),
    )
