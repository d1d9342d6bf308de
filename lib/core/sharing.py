"""What a prospect may see of a customer outcome: the one place that decides.

- `public`: the customer's name, the metrics and the quote.
- `anonymized`: the anonymized label (or one built from industry and size) and the metrics;
  the customer's name appears nowhere, the quote included.
- `internal`, or any permission past its expiry date: never.

Every output has a use (`vocab.USES`); a call-prep pack and a question sheet are `sales`, and so
is every other Casebook output today. The permission ledger narrows the word above:

- An outcome whose `scope` does not include the output's use is treated like `internal` for that
  output. An empty scope means no scope was recorded (every library from before the ledger): the
  permission word alone decides, as it always did, and Coverage lists such outcomes as having
  no approval on record so marketing can fill the ledger in.
- A quote the customer did not approve (`quote_approved` is "no") is left out of every
  prospect-facing file; the metric may still show. A quote whose approval was not recorded is
  shown as before.

The rule applies to a prospect-facing output as a whole: `disclose` decides, from every outcome
in the library and the outcomes the output shows, which customers it may name, and every text
of the output (proof, quotes, use-case text, questions) then goes through `Disclosure.clean`.
A customer whose anonymized outcome is shown is named nowhere in that output, and a reference
conversation is offered only for a customer marked as a willing reference. Internal screens
may show everything, marked with `INTERNAL_MARK`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from wordfreq import zipf_frequency

from lib.core import figures
from lib.core.models import Outcome
from lib.core.reads import OutcomeRecord
from lib.core.vocab import INTERNAL_MARK, SALES_USE

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


def scope_of(outcome: OutcomeLike) -> tuple[str, ...]:
    """The uses the customer approved (empty: not recorded)."""
    return tuple(getattr(outcome, "scope", None) or ())


def in_scope(outcome: OutcomeLike, use: str) -> bool:
    """Whether the outcome may serve an output of this use: its scope names the use, or no
    scope was recorded (the permission word alone decides, as before the ledger)."""
    scope = scope_of(outcome)
    return not scope or use in scope


def quote_allowed(outcome: OutcomeLike) -> bool:
    """False only when the ledger records that the customer did not approve the quote."""
    return str(getattr(outcome, "quote_approved", "") or "").strip().lower() != "no"


def has_approval(outcome: OutcomeLike) -> bool:
    """Whether the ledger says who approved sharing, or when: Coverage lists shareable
    outcomes without it."""
    by = str(getattr(outcome, "approved_by", "") or "").strip()
    return bool(by) or getattr(outcome, "approved_on", None) is not None


def approval_summary(outcome: OutcomeLike) -> str:
    """The ledger in one line for internal screens: "approved by Dana Ruiz on 2026-10-01
    (DOC-77) for sales, web; quote not approved", or "no approval on record"."""
    by = str(getattr(outcome, "approved_by", "") or "").strip()
    on = getattr(outcome, "approved_on", None)
    ref = str(getattr(outcome, "approval_ref", "") or "").strip()
    scope = scope_of(outcome)
    parts = []
    if by or on:
        parts.append(
            "approved" + (f" by {by}" if by else "") + (f" on {on:%Y-%m-%d}" if on else "")
            + (f" ({ref})" if ref else "")
        )
    else:
        parts.append("no approval on record" + (f" ({ref})" if ref else ""))
    parts[0] += f" for {', '.join(scope)}" if scope else "; uses not recorded"
    quote = str(getattr(outcome, "quote_approved", "") or "").strip().lower()
    if quote == "yes":
        parts.append("quote approved")
    elif quote == "no":
        parts.append("quote not approved")
    return "; ".join(parts)


def visibility(outcome: OutcomeLike, today: dt.date, use: str = SALES_USE) -> str:
    """`public`, `anonymized` or `hidden` for prospect-facing material of `use` on `today`."""
    if outcome.permission not in ("public", "anonymized") or is_expired(outcome, today):
        return "hidden"
    if not in_scope(outcome, use):
        return "hidden"
    return outcome.permission


def is_shareable(outcome: OutcomeLike, today: dt.date, use: str = SALES_USE) -> bool:
    return visibility(outcome, today, use) != "hidden"


def shareable_through(outcome: OutcomeLike, use: str = SALES_USE) -> dt.date | None:
    """The last day the outcome may reach a prospect of `use` (`dt.date.max` when its
    permission never expires), or None when it may not at all.

    `is_shareable(outcome, day)` is `day <= shareable_through(outcome)` for every day, so a
    recommender can check a whole library for a day with one comparison of arrays.
    """
    if outcome.permission not in ("public", "anonymized") or not in_scope(outcome, use):
        return None
    return outcome.permission_expires or dt.date.max


def internal_label(outcome: OutcomeLike, today: dt.date, use: str = SALES_USE) -> str:
    """How an internal screen marks an outcome that must not reach a prospect."""
    if outcome.permission == "internal":
        return INTERNAL_MARK
    if is_expired(outcome, today):
        return f"permission expired {outcome.permission_expires:%Y-%m-%d} — do not share"
    if not in_scope(outcome, use):
        return f"approved for {', '.join(scope_of(outcome))} only — not for {use}"
    return outcome.permission


def anonymized_name(outcome: OutcomeLike) -> str:
    """The label to show instead of the name: the outcome's own, or one from its segment."""
    label = (outcome.anonymized_label or "").strip()
    if label and not _mentions(label, outcome.customer):
        return label  # "a regional medical center" for Calloway Regional Medical Center is fine
    size = (outcome.company_size or "").strip()
    industry = _common_noun((outcome.industry or "").strip())
    words = " ".join(w for w in (size.lower() if size else "", industry) if w)
    if not words:
        return "a customer"
    article = "an" if words[0].lower() in "aeiou" else "a"
    return f"{article} {words} organization"


def name_variants(customer: str) -> list[str]:
    """The ways a text may name the customer: in full, by its leading words, and by each
    word that is not a generic one ("Copperfield & Rowe Home" -> "Copperfield", "Rowe", ...)."""
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


# Zipf frequency (log10 per billion words) from which a word is an everyday English word:
# "peak" (4.5), "auto" (4.5), "harbor" (4.2), "orthopedic" (3.1) are; "lakeshore" (2.7),
# "vantorix" (0) are not.
EVERYDAY_ZIPF = 3.0


@lru_cache(maxsize=65_536)
def is_distinctive(word: str) -> bool:
    """Whether a word of a name names the customer however it is written ("Zorblax",
    "ZORBLAX", "zorblax") rather than being an everyday word that names them only when
    written as the name ("Peak", never "peak season")."""
    lowered = word.lower().rstrip(".")
    if lowered in _GENERIC_WORDS:
        return False
    return zipf_frequency(lowered, "en") < EVERYDAY_ZIPF


def _alternative(variant: str) -> str:
    """The regex alternative for one way of writing a name."""
    words = variant.split()
    if len(words) > 1:  # any spacing or line break; '&' and 'and' interchangeable
        return "(?i:" + r"\s*(?:&|\band\b)?\s*".join(map(re.escape, words)) + ")"
    if is_distinctive(variant):
        return f"(?i:{re.escape(variant)})"
    # as a proper noun, written as in the name, not the head of a compound
    return rf"{re.escape(variant)}(?!-[^\W\d_])"


def _alternatives(customer: str) -> list[str]:
    """Regex alternatives for every variant of the name, longest first."""
    return [_alternative(v) for v in name_variants(customer)]


def _compile_alternatives(alternatives: Iterable[str]) -> re.Pattern[str] | None:
    # Longest first (a longer name wins over its own first word), then one fixed order, so
    # a pattern of some of these alternatives matches as the pattern of all of them does.
    ordered = sorted(set(alternatives), key=lambda a: (-len(a), a))
    if not ordered:
        return None
    return re.compile(rf"(?<![\w'’])(?:{'|'.join(ordered)})(?P<possessive>['’]s)?(?![\w'’])")


def _compile(customers: Iterable[str]) -> re.Pattern[str] | None:
    return _compile_alternatives(a for c in customers for a in _alternatives(c))


@lru_cache(maxsize=4096)
def _pattern(customer: str) -> re.Pattern[str] | None:
    return _compile([customer])


_RUN = re.compile(r"\w+")
# The only characters outside ASCII that Python's case-insensitive matching takes for an
# ASCII letter, digit or underscore (found by trying every code point): folded to it, a text
# holds an ASCII name's words wherever the name's pattern could match them.
_ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _words_of(text: str) -> list[str]:
    """The runs of word characters of `text`, folded and lower-cased for matching names."""
    return _RUN.findall(text.translate(_ASCII_FOLD).lower())


@dataclass(frozen=True)
class _Starting:
    """The ways of writing hidden names whose first word (lower-cased) is one word."""

    alone: frozenset[str]  # told apart by their first word only
    # Names of several words by their second word: "Customer 7 Ltd" is tried only where
    # "7" follows, among the thousands of names that start "Customer".
    by_next: dict[str, frozenset[str]]
    longest_next: int


@dataclass(frozen=True)
class _FirstWords:
    """Every way of writing the hidden customers' names, by its first word lower-cased: a
    name can only match where its first word begins a word of the text."""

    by_word: dict[str, _Starting]
    longest: int
    always: frozenset[str]  # ways of names whose first word is not plain ASCII: always tried
    # How many hidden customers are written each way ("Customer" by thousands): a way stays
    # in an output's pattern while any customer it hides is written so.
    owners: dict[str, int]


def _first_word(variant: str) -> str:
    """The lower-cased first word of a way of writing a name; "" when it has none in plain
    ASCII (the name is then always tried)."""
    run = _RUN.search(variant)
    word = run.group().lower() if run else ""
    return word if word.isascii() else ""


@lru_cache(maxsize=262_144)
def _name_starts(customer: str) -> tuple[str, ...] | None:
    """The lower-cased first word of each way of writing `customer`; None when one of them
    does not start with a plain-ASCII word (that name is then always tried)."""
    starts = {_first_word(variant) for variant in name_variants(customer)}
    return None if "" in starts else tuple(sorted(starts))


@lru_cache(maxsize=64)
def _first_words(hidden: tuple[str, ...]) -> _FirstWords:
    return _first_words_of(hidden)


def _first_words_of(hidden: Iterable[str]) -> _FirstWords:
    alone: dict[str, set[str]] = {}
    by_next: dict[str, dict[str, set[str]]] = {}
    always: set[str] = set()
    owners: dict[str, int] = {}
    for customer in hidden:
        variants = name_variants(customer)
        for variant in variants:
            owners[variant] = owners.get(variant, 0) + 1
        if _name_starts(customer) is None:
            always.update(variants)
            continue
        for variant in variants:
            runs = _words_of(variant)
            if len(runs) > 1 and runs[1].isascii():
                by_next.setdefault(runs[0], {}).setdefault(runs[1], set()).add(variant)
            else:
                alone.setdefault(runs[0], set()).add(variant)
    by_word = {
        word: _Starting(
            alone=frozenset(alone.get(word, ())),
            by_next={n: frozenset(v) for n, v in by_next.get(word, {}).items()},
            longest_next=max(map(len, by_next.get(word, {})), default=0),
        )
        for word in {*alone, *by_next}
    }
    return _FirstWords(
        by_word=by_word,
        longest=max(map(len, by_word), default=0),
        always=frozenset(always),
        owners=owners,
    )


def _unhidden_ways(index: _FirstWords, spared: Iterable[str]) -> frozenset[str]:
    """The ways of writing `spared` customers (named by this output) that no other
    customer of the index is written: left out of the output's patterns."""
    ways: dict[str, int] = {}
    for customer in spared:
        for variant in name_variants(customer):
            ways[variant] = ways.get(variant, 0) + 1
    return frozenset(v for v, n in ways.items() if index.owners.get(v, 0) <= n)


@lru_cache(maxsize=1024)
def _compile_some(variants: tuple[str, ...]) -> re.Pattern[str] | None:
    return _compile_alternatives(_alternative(v) for v in variants)


def _pattern_for(hidden: tuple[str, ...], text: str) -> re.Pattern[str] | None:
    """The hidden-name pattern reduced to the ways of writing them that can occur in `text`.

    Matching one pattern of every hidden name is slow (each alternative is tried at each
    position; at 100,000 use cases the whole pattern is megabytes). A name matches only where
    its first word (in any case) starts a word of the text, or starts a longer run when its
    words are written together ("AcmeCorp"), and its second word then starts a word of the
    text or follows the first in the same run: ways of writing a name that fail this cannot
    match anywhere and are left out, which changes no match. A plain-ASCII word matches only
    its ASCII spellings and the four characters `_ASCII_FOLD` folds, so folding and
    lower-casing both sides is exact; names with other first words are always kept, and
    names whose second word is not plain ASCII are kept on their first word alone.
    """
    if not hidden:
        return None
    return _pattern_in(_first_words(hidden), text)


def _pattern_in(
    index: _FirstWords, text: str, unhidden: frozenset[str] = frozenset()
) -> re.Pattern[str] | None:
    """`_pattern_for` with the index already built, leaving out the `unhidden` ways of
    writing names (`_unhidden_ways`: customers this output names)."""
    found: set[str] = set(index.always)
    runs = _words_of(text)
    for run in runs:
        for end in range(1, min(len(run), index.longest) + 1):
            starting = index.by_word.get(run[:end])
            if starting is None:
                continue
            found.update(starting.alone)
            if not starting.by_next:
                continue
            # the second word starts a word of the text, or follows the first one unspaced
            for after in (run[end:], *runs):
                for cut in range(1, min(len(after), starting.longest_next) + 1):
                    hit = starting.by_next.get(after[:cut])
                    if hit:
                        found.update(hit)
    found -= unhidden
    if not found:
        return None
    return _compile_some(tuple(sorted(found)))


@dataclass(frozen=True)
class Mention:
    """Where a text names a customer: `text[start:end]` is the name as written."""

    customer: str
    start: int
    end: int
    written: str


class NameFinder:
    """Finds the customers of `wanted` named in a text, by the very matching `scrub` and
    `Disclosure.clean` use (case, possessives, line breaks inside a name, everyday words of a
    name only when written as the name).

    `others` are customers who may be named: their names are matched too, so that "Summit
    Auto Insurance" (named) is read as one name and not as "Summit" of a hidden "Summit Health".
    """

    def __init__(self, wanted: Iterable[str], others: Iterable[str] = ()) -> None:
        self.wanted = tuple(sorted({c for c in wanted if c and c.strip()}))
        names = {*self.wanted, *(c for c in others if c and c.strip())}
        self._pattern = _compile(names) if self.wanted else None

    def find(self, text: str) -> list[Mention]:
        if self._pattern is None or not text:
            return []
        found = []
        for match in self._pattern.finditer(text):
            written = match.group(0)
            for customer in self.wanted:
                own = _pattern(customer)
                if own is not None and own.fullmatch(written):
                    found.append(Mention(customer, match.start(), match.end(), written))
        return found


def _mentions(text: str, customer: str) -> bool:
    if not _could_name(text or "", customer):
        return False
    pattern = _pattern(customer)
    return bool(pattern and pattern.search(text or ""))


def _common_noun(name: str) -> str:
    """'Healthcare' -> 'healthcare', 'E-commerce' -> 'e-commerce'; 'IT services' stays."""
    first, _, rest = name.partition(" ")
    if first[1:2].isupper():
        return name
    return first.lower() + (f" {rest}" if rest else "")


def _substitute(pattern: re.Pattern[str] | None, text: str, replacement: str) -> str:
    """Every match of `pattern` in `text` replaced, reading naturally: capitalised at a
    sentence start, and a possessive before the customer's people ("the customer's nurses")."""
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


def scrub(text: str, customer: str, replacement: str = ANONYMIZED_PLACEHOLDER) -> str:
    """`text` with every mention of the customer's name replaced ("Wrenhaven cut returns"
    reads "The customer cut returns").

    The name in full or by its leading words counts in any case, spacing or line break; a
    distinctive word of it ("Vantorix") in any case; an everyday word of it ("Peak") only
    when written as the name, so "peak season" and "auto claims" stay.
    """
    if not _could_name(text or "", customer):
        return text or ""
    return _substitute(_pattern(customer), text, replacement)


def _could_name(text: str, customer: str) -> bool:
    """False only when `text` cannot name `customer`: it is ASCII and no way of writing the
    name starts with a word that begins a word of the text (`_pattern_for`'s reasoning, for
    one name). Compiling a customer's pattern costs far more than this look."""
    if not text.isascii():
        return True
    starts = _name_starts(customer)
    if starts is None:
        return True
    return any(run.startswith(starts) for run in _RUN.findall(text.lower()))


@dataclass(frozen=True)
class Disclosure:
    """Who one prospect-facing output (a pack and its question sheet) may name.

    Built once for the whole output by `disclose`, from every outcome in the library and the
    outcomes the output shows; every text of the output then goes through `clean`, and every
    outcome through `show`, so no renderer decides anything about names.
    """

    today: dt.date
    use: str = SALES_USE  # what the output is for (`vocab.USES`)
    named: frozenset[str] = frozenset()  # customers the output may name
    anonymized: frozenset[str] = frozenset()  # customers it shows anonymized
    hidden: tuple[str, ...] = ()  # every customer it must not name
    references: tuple[str, ...] = ()  # named customers who agreed to take reference calls
    # When `hidden` is the library's private customers less `spared` (named here), their
    # first-word index is the library's, built once per revision rather than per output.
    library: LibraryNames | None = field(default=None, compare=False, repr=False)
    spared: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @cached_property
    def _index(self) -> tuple[_FirstWords, frozenset[str]]:
        """The hidden names' index, and the ways of writing names it holds that this
        output does not hide."""
        if self.library is not None:
            index = self.library.first_words
            return index, _unhidden_ways(index, self.spared)
        return _first_words(self.hidden), frozenset()

    def clean(self, text: str, replacement: str = "a customer") -> str:
        """`text` with every customer it may not name replaced."""
        text = text or ""
        if not self.hidden:
            return text
        index, unhidden = self._index
        return _substitute(_pattern_in(index, text, unhidden), text, replacement)

    def show(self, outcome: OutcomeLike) -> SharedOutcome | None:
        """The outcome as this output may show it, or None when it must not be shown."""
        seen = visibility(outcome, self.today, self.use)
        if seen == "hidden":
            return None
        named = seen == "public" and outcome.customer in self.named
        customer = outcome.customer if named else anonymized_name(outcome)

        def own(text: str) -> str:
            """The outcome's own text, without its customer's name unless it is named."""
            return (text or "") if named else scrub(text or "", outcome.customer)

        return SharedOutcome(
            id=outcome.id,
            use_case_id=outcome.use_case_id,
            customer=self.clean(customer),
            named=named,
            industry=outcome.industry or "",
            company_size=outcome.company_size or "",
            metric=self.clean(own(outcome.metric)),
            before=outcome.before,
            after=outcome.after,
            unit=self.clean(own(outcome.unit)),
            timeframe=self.clean(own(outcome.timeframe)),
            quote=self.clean(own(outcome.quote)) if quote_allowed(outcome) else "",
            date=outcome.date,
        )


def is_reference(outcome: OutcomeLike) -> bool:
    """Whether the customer agreed to take reference calls (the `reference` column)."""
    return str(getattr(outcome, "reference", "") or "").strip().lower() == "yes"


def _longest_first(customer: str) -> tuple[int, str]:
    """A longer name wins over its own first word; one order for one set."""
    return (-len(customer), customer)


@dataclass(frozen=True)
class LibraryNames:
    """What `disclose` needs from the whole library for one day and use: every customer
    with an outcome that is not public (longest first) and every customer marked as a
    reference. One scan of every outcome, kept per library revision by its callers: at
    100,000 use cases the scan costs more than the rest of a pack."""

    today: dt.date
    use: str
    private: tuple[str, ...]
    references: frozenset[str]

    @cached_property
    def private_set(self) -> frozenset[str]:
        return frozenset(self.private)

    @cached_property
    def first_words(self) -> _FirstWords:
        return _first_words_of(self.private)


def library_names(
    library: Iterable[OutcomeLike], today: dt.date, use: str = SALES_USE
) -> LibraryNames:
    """`LibraryNames` of every outcome in `library` on `today` for outputs of `use`."""
    private: set[str] = set()
    references: set[str] = set()
    for o in library:
        if visibility(o, today, use) != "public" and o.customer:
            private.add(o.customer)
        if is_reference(o):
            references.add(o.customer)
    return LibraryNames(
        today=today,
        use=use,
        private=tuple(sorted(private, key=_longest_first)),
        references=frozenset(references),
    )


def disclose(
    library: Iterable[OutcomeLike] | LibraryNames,
    shown: Iterable[OutcomeLike],
    today: dt.date,
    use: str = SALES_USE,
) -> Disclosure:
    """The naming rule for one output of `use` that shows the outcomes `shown`.

    - A customer is named only through a public outcome the output shows, and only when no
      anonymized outcome of theirs is shown in it too (else the two would be tied together).
    - Every other customer with an internal, expired, anonymized or out-of-scope outcome
      anywhere in the library is named nowhere in it, in any text.
    - A reference conversation is offered only for a named customer marked as a reference.

    `library` is every outcome, or their `library_names` for the same day and use (kept
    per revision, so an output's cost does not grow with the library).
    """
    if not isinstance(library, LibraryNames):
        names = library_names(library, today, use)
    elif (library.today, library.use) == (today, use):
        names = library
    else:  # gathered for another day or use: they cannot answer for this one
        raise ValueError(
            f"The library's names were gathered for {library.use} on {library.today}, "
            f"not for {use} on {today}."
        )
    shown = [o for o in shown if visibility(o, today, use) != "hidden"]
    anonymized = {o.customer for o in shown if visibility(o, today, use) == "anonymized"}
    named = {o.customer for o in shown if visibility(o, today, use) == "public"} - anonymized
    spared = frozenset(named & names.private_set)
    extra = {c for c in anonymized if c} - names.private_set - named
    if extra:
        hidden = tuple(sorted((names.private_set - spared) | extra, key=_longest_first))
    elif spared:
        hidden = tuple(c for c in names.private if c not in spared)
    else:
        hidden = names.private
    willing = names.references | {o.customer for o in shown if is_reference(o)}
    return Disclosure(
        today=today,
        use=use,
        named=frozenset(named),
        anonymized=frozenset(anonymized),
        hidden=hidden,
        references=tuple(sorted(named & willing)),
        library=None if extra else names,
        spared=frozenset() if extra else spared,
    )


def for_prospects(
    outcome: OutcomeLike, today: dt.date, use: str = SALES_USE
) -> SharedOutcome | None:
    """One outcome as a prospect may see it on its own, or None when it must not be shown."""
    return disclose([outcome], [outcome], today, use).show(outcome)


def shareable(
    outcomes: list[OutcomeLike], today: dt.date, use: str = SALES_USE
) -> list[SharedOutcome]:
    """Only what may be shown, each in the form it may be shown in on its own."""
    return [shared for o in outcomes if (shared := for_prospects(o, today, use)) is not None]


def change_percent(before: float | None, after: float | None) -> float | None:
    return figures.change_percent(before, after)


def describe_result(
    metric: str, before: float | None, after: float | None, unit: str, timeframe: str = ""
) -> str:
    """'no-show rate 19% → 8% (-11 pts) in 4 months': the proof in one line."""
    return figures.result(metric, before, after, unit, timeframe)
