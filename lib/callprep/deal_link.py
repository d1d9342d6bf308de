"""Opening call prep from a CRM deal: the link's parameters and what the library makes of them.

A Salesforce button or a HubSpot card link sends what the CRM knows about the deal: its id
(`opp`), the account (`company`), `industry`, the head count (`employees`), the contacts' job
titles (`title`, repeatable) and `pains`. The CRM speaks its own words, so a head count is mapped
to a company size through the size rows' `min_employees`/`max_employees`, and a job title to a
persona through the persona's code, title, name and the aliases marketing keeps, forgiving of
case, punctuation, "of"/"and" and the usual abbreviations ("VP, Revenue Ops"). A value the
library cannot place is returned as not understood, with the nearest known values; it is never
an error and never dropped.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from lib.callprep.candidates import Candidates
from lib.core.size_ranges import size_for as size_for_employees

__all__ = [
    "DealProfile",
    "NotUnderstood",
    "call_prep_url",
    "parse_employees",
    "persona_for_title",
    "size_for_employees",
    "title_words",
    "understand_link",
]

# The link's parameters, in the order a URL lists them. `title` may repeat.
LINK_PARAMS: tuple[str, ...] = ("opp", "company", "industry", "employees", "title", "pains")
CALL_PREP_PATH = "call-prep"

# Abbreviations in CRM job titles, spelled out so "VP" meets "Vice President".
ABBREVIATIONS: dict[str, str] = {
    "vp": "vice president",
    "svp": "vice president",
    "evp": "vice president",
    "avp": "vice president",
    "dir": "director",
    "mgr": "manager",
    "ops": "operations",
    "rev": "revenue",
    "it": "information technology",
    "cx": "customer experience",
    "hr": "human resources",
    "pmo": "project management office",
    "ceo": "chief executive officer",
    "cio": "chief information officer",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
    "cmo": "chief marketing officer",
    "cto": "chief technology officer",
    "cro": "chief revenue officer",
    "ciso": "chief information security officer",
    "cmio": "chief medical information officer",
}
# Words that qualify a title without changing who the person is for a pack.
_FILLER_TEXT = """
    of and the for in at to a an
    senior sr junior jr global regional interim acting executive assistant associate deputy
    group corporate
"""
FILLER: frozenset[str] = frozenset(_FILLER_TEXT.split())
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def title_words(title: str) -> tuple[str, ...]:
    """A job title as the words that say who the person is: lower case, punctuation and
    filler gone, abbreviations spelled out ("Sr. VP, Rev Ops" -> vice president revenue
    operations)."""
    spelled: list[str] = []
    for word in _WORD.findall((title or "").replace("&", " and ").lower()):
        spelled.extend(ABBREVIATIONS.get(word, word).split())
    return tuple(w for w in spelled if w not in FILLER)


@dataclass(frozen=True)
class NotUnderstood:
    """A link value the library could not place, with the nearest known values to offer."""

    field: str  # "employees" or "title"
    value: str
    nearest: tuple[str, ...]  # persona ids for a title, size names for a head count
    message: str


@dataclass(frozen=True)
class DealProfile:
    """What the library makes of a deal link's head count and titles."""

    company_size: str = ""
    personas: tuple[str, ...] = ()
    titles: tuple[tuple[str, str], ...] = ()  # (title as sent, the persona id it maps to)
    not_understood: tuple[NotUnderstood, ...] = ()


def parse_employees(text: str) -> int | None:
    """'1,200', '420', '420.0', ' 5 000 ', '1.200' (a European thousands point) -> a head
    count; None when it is not one. A CRM merge field writes the number in the user's locale."""
    cleaned = re.sub(r"[\s\u00a0\u202f,_'’]", "", str(text or ""))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
        return int(cleaned.replace(".", ""))
    if re.fullmatch(r"\d+(\.0+)?", cleaned):
        return int(cleaned.split(".")[0])
    return None


def _nearest_size(ranges: Mapping[str, tuple[int | None, int | None]], employees: int) -> str:
    def distance(bounds: tuple[int | None, int | None]) -> int:
        low, high = bounds
        if low is not None and employees < low:
            return low - employees
        if high is not None and employees > high:
            return employees - high
        return 0

    return min(ranges, key=lambda size: distance(ranges[size])) if ranges else ""


def understand_employees(candidates: Candidates, text: str) -> tuple[str, NotUnderstood | None]:
    """(company size, None) for a head count the size ranges place, else ("", why not)."""
    value = " ".join(str(text or "").split())
    if not value:
        return "", None
    employees = parse_employees(value)
    if employees is None:
        return "", NotUnderstood("employees", value, (), f"'{value}' is not a number of employees.")
    ranges = candidates.size_ranges
    size = size_for_employees(ranges, employees)
    if size:
        return size, None
    if not ranges:
        return "", NotUnderstood(
            "employees",
            value,
            tuple(candidates.company_sizes),
            "The library's company sizes have no head-count ranges yet (min_employees and "
            "max_employees on the Segments sheet), so a head count cannot choose one.",
        )
    near = _nearest_size(ranges, employees)
    return "", NotUnderstood(
        "employees",
        value,
        (near,),
        f"No company size covers {employees:,} employees. Nearest: {near}.",
    )


def persona_for_title(candidates: Candidates, title: str) -> tuple[str, tuple[str, ...]]:
    """(persona id, ()) when a job title clearly names one persona, else ("", nearest ids).

    Tried in order: the same words as one of a persona's names (code, title, name, aliases);
    every word of a persona's name inside the title ("Vice President of Sales, EMEA"), the
    most specific name winning; one clear spelling slip. Anything else is not guessed.
    """
    typed = title_words(title)
    if not typed:
        return "", ()
    names = [
        (pid, title_words(name))
        for pid, known in candidates.persona_titles.items()
        for name in known
    ]
    names = [(pid, words) for pid, words in names if words]
    exact = {pid for pid, words in names if words == typed}
    if len(exact) == 1:
        return exact.pop(), ()
    typed_set = set(typed)
    inside = [(len(words), pid) for pid, words in names if set(words) <= typed_set]
    if inside:
        best = max(n for n, _pid in inside)
        winners = {pid for n, pid in inside if n == best}
        if len(winners) == 1:
            return winners.pop(), ()
    joined = " ".join(typed)
    scored: dict[str, float] = {}
    for pid, words in names:
        ratio = difflib.SequenceMatcher(None, joined, " ".join(words)).ratio()
        overlap = len(typed_set & set(words)) / len(typed_set | set(words))
        scored[pid] = max(scored.get(pid, 0.0), ratio, overlap)
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
    if ranked and ranked[0][1] >= 0.88 and (len(ranked) < 2 or ranked[0][1] - ranked[1][1] >= 0.1):
        return ranked[0][0], ()
    return "", tuple(pid for pid, score in ranked[:3] if score >= 0.3)


def understand_link(
    candidates: Candidates, employees: str = "", titles: Sequence[str] = ()
) -> DealProfile:
    """The company size and personas a deal link's head count and job titles stand for, and
    every value that could not be placed (with the nearest known values)."""
    size, problem = understand_employees(candidates, employees)
    not_understood = [problem] if problem else []
    personas: list[str] = []
    mapped: list[tuple[str, str]] = []
    for raw in titles:
        title = " ".join(str(raw or "").split())
        if not title:
            continue
        pid, nearest = persona_for_title(candidates, title)
        if pid:
            personas.append(pid)
            mapped.append((title, pid))
            continue
        names = [f"{candidates.persona_name(p)} ({p})" for p in nearest]
        hint = f" Nearest: {', '.join(names)}." if names else ""
        not_understood.append(
            NotUnderstood("title", title, nearest, f"No persona matches the title '{title}'.{hint}")
        )
    return DealProfile(size, tuple(dict.fromkeys(personas)), tuple(mapped), tuple(not_understood))


def call_prep_url(
    base_url: str,
    *,
    opp: str = "",
    company: str = "",
    industry: str = "",
    employees: str | int | None = None,
    titles: Sequence[str] = (),
    pains: str = "",
) -> str:
    """The Call prep link for a deal, every value percent-encoded (spaces as %20, so it
    survives CRMs and mail clients that mangle '+'); empty values are left out."""
    base = (base_url or "").strip()
    if not re.match(r"^https?://[^\s/]+", base):
        raise ValueError(
            f"the base URL must start with http:// or https:// and a host, like "
            f"https://casebook.example.com; got {base_url!r}"
        )
    pairs: list[tuple[str, str]] = []
    for name, value in (("opp", opp), ("company", company), ("industry", industry)):
        if str(value or "").strip():
            pairs.append((name, str(value).strip()))
    if employees is not None and str(employees).strip():
        pairs.append(("employees", str(employees).strip()))
    pairs += [("title", t.strip()) for t in titles if t and t.strip()]
    if pains and pains.strip():
        pairs.append(("pains", pains.strip()))
    url = base.split("?")[0].split("#")[0].rstrip("/")
    if not url.endswith("/" + CALL_PREP_PATH):
        url += "/" + CALL_PREP_PATH
    query = urlencode(pairs, quote_via=quote, safe="")
    return f"{url}?{query}" if query else url
