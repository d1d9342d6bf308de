"""What a prospect may see of a customer outcome: the one place that decides.

- `public`: the customer's name, the metrics and the quote.
- `anonymized`: the anonymized label (or one built from industry and size) and the metrics;
  the customer's name appears nowhere, the quote included.
- `internal`, or any permission past its expiry date: never.

Every prospect-facing exporter takes outcomes through `for_prospects`, so there is nothing
else to remember. Internal screens may show everything, marked with `INTERNAL_MARK`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lib.core.models import Outcome
from lib.core.reads import OutcomeRecord
from lib.core.vocab import INTERNAL_MARK

ANONYMIZED_PLACEHOLDER = "the customer"
# People a customer's name often stands before ("Lakeshore patients"): the name then reads as
# a possessive ("the customer's patients"), not "the customer patients".
_PEOPLE = frozenset(
    {
        *("agents", "adjusters", "buyers", "clients", "customers", "drivers", "employees"),
        *("families", "guests", "leads", "managers", "members", "nurses", "parents"),
        *("patients", "pharmacists", "reps", "shoppers", "staff", "students", "teams"),
        *("teachers", "users"),
    }
)
_NEXT_WORDS = re.compile(r"[ \t]+([^\W\d_]+)(?:[ \t]+([^\W\d_]+))?")  # same sentence only
# Words too common to scrub on their own: "Bayline Credit Union" is scrubbed as a whole and as
# "Bayline", but a quote about "credit checks" keeps its meaning.
_GENERIC_WORDS = {
    "the",
    "and",
    "of",
    "for",
    "inc",
    "ltd",
    "llc",
    "plc",
    "gmbh",
    "co",
    "group",
    "company",
    "corp",
    "corporation",
    "health",
    "healthcare",
    "bank",
    "banking",
    "credit",
    "union",
    "federal",
    "savings",
    "trust",
    "community",
    "commercial",
    "labs",
    "systems",
    "partners",
    "global",
    "holdings",
    "services",
    "solutions",
    "home",
    "goods",
    "supply",
    "supplies",
    "retail",
    "clinic",
    "clinics",
    "medical",
    "hospital",
    "care",
    "logistics",
    "freight",
    "insurance",
    "mutual",
    "school",
    "schools",
    "college",
    "university",
    "academy",
    "network",
    "outdoor",
    "apparel",
    "beauty",
    "pet",
    "foods",
    "manufacturing",
    "industries",
    "works",
    "regional",
    "national",
    "international",
    "digital",
    "software",
    "tech",
    "technologies",
}


# An outcome as stored: the read's record (`lib.core.reads`, where its fields are declared) or
# the ORM row the editor and the detail view hold.
OutcomeLike = OutcomeRecord | Outcome


@dataclass(frozen=True)
class SharedOutcome:
    """An outcome as it may appear in front of a prospect."""

    id: str
    use_case_id: str
    customer: str  # the name when public, the anonymized label otherwise
    named: bool
    industry: str
    company_size: str
    metric: str
    before: float | None
    after: float | None
    unit: str
    timeframe: str
    quote: str
    date: dt.date | None

    @property
    def result(self) -> str:
        return describe_result(self.metric, self.before, self.after, self.unit, self.timeframe)


def is_expired(outcome: OutcomeLike, today: dt.date) -> bool:
    return outcome.permission_expires is not None and outcome.permission_expires < today


def visibility(outcome: OutcomeLike, today: dt.date) -> str:
    """`public`, `anonymized` or `hidden` for prospect-facing material on `today`."""
    if outcome.permission not in ("public", "anonymized") or is_expired(outcome, today):
        return "hidden"
    return outcome.permission


def is_shareable(outcome: OutcomeLike, today: dt.date) -> bool:
    return visibility(outcome, today) != "hidden"


def internal_label(outcome: OutcomeLike, today: dt.date) -> str:
    """How an internal screen marks an outcome that must not reach a prospect."""
    if outcome.permission == "internal":
        return INTERNAL_MARK
    if is_expired(outcome, today):
        return f"permission expired {outcome.permission_expires:%Y-%m-%d} — do not share"
    return outcome.permission


def anonymized_name(outcome: OutcomeLike) -> str:
    """The label to show instead of the name: the outcome's own, or one from its segment."""
    label = (outcome.anonymized_label or "").strip()
    if label and not _mentions(label, outcome.customer, proper=True):
        return label  # "a regional medical center" for Calloway Regional Medical Center is fine
    size = (outcome.company_size or "").strip()
    industry = _common_noun((outcome.industry or "").strip())
    words = " ".join(w for w in (size.lower() if size else "", industry) if w)
    if not words:
        return "a customer"
    article = "an" if words[0].lower() in "aeiou" else "a"
    return f"{article} {words} organization"


def name_variants(customer: str) -> list[str]:
    """The ways a quote may name the customer: in full, by its leading words, and by each
    distinctive word ("Copperfield & Rowe Home" -> "Copperfield", "Rowe", ...)."""
    name = (customer or "").strip()
    if not name:
        return []
    variants = {name}
    words = re.findall(r"\w[\w'.-]*", name)
    for end in range(2, len(words)):
        variants.add(" ".join(words[:end]))
    for word in words:
        if len(word) >= 3 and word.lower() not in _GENERIC_WORDS:
            variants.add(word)
    return sorted(variants, key=len, reverse=True)


def _pattern(customer: str, proper: bool = False) -> re.Pattern[str] | None:
    variants = name_variants(customer)
    if not variants:
        return None

    def words(v: str) -> str:
        return r"\s*(?:&|and)?\s*".join(map(re.escape, v.split()))

    if not proper:
        alternatives = "|".join(words(v) for v in variants)
        return re.compile(rf"(?<!\w)(?:{alternatives})(?P<possessive>'s|’s)?(?!\w)", re.IGNORECASE)
    # Several words in any case; one word only as a proper noun, written as in the name and
    # not the head of a compound: "Granite Peak" goes, "peak season" and "Peak-season" stay.
    several = [words(v) for v in variants if len(v.split()) > 1]
    single = [re.escape(v) for v in variants if len(v.split()) == 1]
    alternatives = "|".join(
        [*(f"(?i:{w})" for w in several), *(rf"{w}(?!-[^\W\d_])" for w in single)]
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})(?P<possessive>'s|’s)?(?!\w)")


def _mentions(text: str, customer: str, proper: bool = False) -> bool:
    pattern = _pattern(customer, proper)
    return bool(pattern and pattern.search(text or ""))


def _common_noun(name: str) -> str:
    """'Healthcare' -> 'healthcare', 'E-commerce' -> 'e-commerce'; 'IT services' stays."""
    first, _, rest = name.partition(" ")
    if first[1:2].isupper():
        return name
    return first.lower() + (f" {rest}" if rest else "")


def scrub(
    text: str, customer: str, replacement: str = ANONYMIZED_PLACEHOLDER, proper: bool = False
) -> str:
    """`text` with every mention of the customer's name replaced (capitalised at a sentence
    start, so "Wrenhaven cut returns" reads "The customer cut returns").

    A customer's own quote is scrubbed of every variant in any case. With `proper`, for text
    that is not about the customer (a use case's steps, a question), a single word of the name
    counts only when written as a proper noun, so "Granite Peak Outdoor" does not turn
    "peak season" into "a customer season".
    """
    pattern = _pattern(customer, proper)
    if not pattern or not text:
        return text or ""

    def replace(match: re.Match[str]) -> str:
        before = text[: match.start()].rstrip()
        starts_sentence = not before or before[-1] in '.!?"“‘(\n'
        words = replacement[:1].upper() + replacement[1:] if starts_sentence else replacement
        possessive = match.group("possessive") or ""
        following = _NEXT_WORDS.match(text, match.end())
        if not possessive and following and _PEOPLE & {w.lower() for w in following.groups() if w}:
            possessive = "'s"
        return words + possessive

    return pattern.sub(replace, text)


def for_prospects(outcome: OutcomeLike, today: dt.date) -> SharedOutcome | None:
    """The outcome as a prospect may see it, or None when it must not be shown at all."""
    seen = visibility(outcome, today)
    if seen == "hidden":
        return None
    named = seen == "public"
    if named:
        customer, quote, metric = outcome.customer, outcome.quote or "", outcome.metric or ""
    else:
        customer = anonymized_name(outcome)
        quote = scrub(outcome.quote or "", outcome.customer)
        metric = scrub(outcome.metric or "", outcome.customer)
    return SharedOutcome(
        id=outcome.id,
        use_case_id=outcome.use_case_id,
        customer=customer,
        named=named,
        industry=outcome.industry or "",
        company_size=outcome.company_size or "",
        metric=metric,
        before=outcome.before,
        after=outcome.after,
        unit=outcome.unit or "",
        timeframe=outcome.timeframe or "",
        quote=quote,
        date=outcome.date,
    )


def shareable(outcomes: list[OutcomeLike], today: dt.date) -> list[SharedOutcome]:
    """Only what may be shown, each in the form it may be shown in."""
    return [shared for o in outcomes if (shared := for_prospects(o, today)) is not None]


def change_percent(before: float | None, after: float | None) -> float | None:
    if before is None or after is None or before == 0:
        return None
    return (after - before) / abs(before) * 100.0


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def describe_result(
    metric: str, before: float | None, after: float | None, unit: str, timeframe: str = ""
) -> str:
    """'-38% records lookup time (12 → 7.4 min, in 6 months)': the proof in one line."""
    pct = change_percent(before, after)
    parts = []
    if pct is not None:
        parts.append(f"{pct:+.0f}% {metric}".strip())
    elif metric:
        parts.append(metric)
    details = []
    if before is not None and after is not None:
        details.append(f"{_number(before)} → {_number(after)} {unit}".strip())
    if timeframe:
        details.append(f"in {timeframe}")
    if details:
        parts.append(f"({', '.join(details)})")
    return " ".join(parts)
