"""What a pack may name, worked out independently of `lib.core.sharing`, for the privacy tests.

A pack may name a customer only through a public outcome it shows, and not when it also shows
an anonymized outcome of theirs. Every other customer with an internal, expired or anonymized
outcome anywhere in the library (or one approved only for other uses than sales) must not
appear: in full or by its leading words in any case or spacing, by a distinctive word of the
name in any case, by an everyday word of it ("Peak", "Auto") written as the name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from wordfreq import zipf_frequency

from lib.callprep.packs import CallPrepPack

GENERIC = {
    "the", "and", "of", "for", "inc", "ltd", "llc", "gmbh", "co", "group", "company", "health",
    "bank", "credit", "union", "federal", "savings", "trust", "community", "commercial",
    "partners", "holdings", "home", "goods", "supply", "clinic", "medical", "logistics",
    "freight", "insurance", "mutual", "school", "schools", "college", "university", "outdoor",
    "apparel", "beauty", "pet", "foods", "systems", "software", "digital", "services",
    "assurance", "agency", "distribution", "components", "plastics", "engineering",
    "consulting", "studio", "architects", "courier", "family", "practice", "pediatrics",
    "charter", "state", "regional", "center", "precision", "valley", "drive", "st.",
}  # fmt: skip


def visible(o: Any, today: dt.date) -> str:
    """'public', 'anonymized' or 'hidden' in a sales file, read straight from permission,
    expiry and the approved scope (none recorded: any use)."""
    if o.permission_expires is not None and o.permission_expires < today:
        return "hidden"
    scope = getattr(o, "scope", ()) or ()
    if scope and "sales" not in scope:
        return "hidden"
    return o.permission if o.permission in ("public", "anonymized") else "hidden"


def may_name(pack: CallPrepPack, library: Iterable[Any], today: dt.date) -> set[str]:
    by_id = {o.id: o for o in library}
    shown = [by_id[i] for i in pack.outcome_ids]
    anonymized = {o.customer for o in shown if visible(o, today) == "anonymized"}
    return {o.customer for o in shown if visible(o, today) == "public"} - anonymized


def must_not_name(pack: CallPrepPack, library: Sequence[Any], today: dt.date) -> set[str]:
    private = {o.customer for o in library if visible(o, today) != "public"}
    return private - may_name(pack, library, today)


def forms(customer: str) -> list[re.Pattern[str]]:
    """The ways a text could name `customer`."""
    words = re.findall(r"\w[\w'.-]*", customer)
    found = []
    for end in range(2, len(words) + 1):
        joined = r"\s*(?:&|and)?\s*".join(map(re.escape, words[:end]))
        found.append(re.compile(rf"(?<!\w){joined}(?!\w)", re.IGNORECASE))
    for word in words:
        if len(word) < 3 or word.lower() in GENERIC:
            continue
        if zipf_frequency(word.lower(), "en") < 3.0:
            found.append(re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE))
        else:
            found.append(re.compile(rf"(?<!\w){re.escape(word)}(?!\w)(?!-[a-z])"))
    return found


def leaks(text: str, customers: Iterable[str]) -> list[str]:
    return [
        f"{m.group()!r} (of {c})"
        for c in sorted(customers)
        for pattern in forms(c)
        if (m := pattern.search(text))
    ]
