"""Which CRM wrote an export, recognised by its own column headers.

Each field of a `Deal` has the header Salesforce's opportunity report and HubSpot's deals
export give it. Headers match whatever their case and spacing ("Opportunity ID",
"opportunity_id", "OPPORTUNITY  ID"); another CRM's export is read with a mapping
(`--map 'Stage=Phase'`: the Stage field is in the column "Phase").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

# field -> the header each CRM gives it; a tuple lists alternatives seen in exports.
FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "account",
    "stage",
    "amount",
    "currency",
    "close_date",
    "created_on",
    "won",
    "closed",
    "industry",
    "employees",
    "owner",
)
SALESFORCE: dict[str, tuple[str, ...]] = {
    "id": ("Opportunity ID",),
    "name": ("Opportunity Name",),
    "account": ("Account Name",),
    "stage": ("Stage",),
    "amount": ("Amount",),
    "currency": ("Opportunity Currency", "Amount Currency"),
    "close_date": ("Close Date",),
    "created_on": ("Created Date",),
    "won": ("Won",),
    "closed": ("Closed",),
    "industry": ("Industry",),
    "employees": ("Employees",),
    "owner": ("Opportunity Owner",),
}
HUBSPOT: dict[str, tuple[str, ...]] = {
    "id": ("Record ID",),
    "name": ("Deal Name",),
    "account": ("Associated Company", "Company name"),
    "stage": ("Deal Stage",),
    "amount": ("Amount",),
    "currency": ("Currency",),
    "close_date": ("Close Date",),
    "created_on": ("Create Date",),
    "won": ("Is Closed Won",),
    "closed": ("Is Closed",),
    "industry": ("Industry",),
    "employees": ("Number of Employees",),
    "owner": ("Deal owner",),
}
FORMATS: dict[str, dict[str, tuple[str, ...]]] = {"salesforce": SALESFORCE, "hubspot": HUBSPOT}
LABELS = {"salesforce": "Salesforce opportunity report", "hubspot": "HubSpot deals export"}
# What a deal cannot do without: its id, and whether it was won (or the stage that says so).
REQUIRED = ("id",)
HEADER_SEARCH_ROWS = 10


def key(text: object) -> str:
    """A header as compared: lower case, letters and digits only."""
    return re.sub(r"[\W_]+", "", str(text or "")).casefold()


class FormatError(ValueError):
    """The file is not an export Casebook can read; the message says what it expected."""


@dataclass(frozen=True)
class Layout:
    """Where each field is in the file: the header row (from 0) and field -> column (from 0)."""

    source: str  # salesforce | hubspot | other
    header_row: int
    columns: dict[str, int]
    headers: tuple[str, ...]  # the header row as written
    ignored: tuple[str, ...] = ()  # headers no field uses

    @property
    def label(self) -> str:
        return LABELS.get(self.source, "export with a column mapping")

    def header_of(self, field: str) -> str:
        return self.headers[self.columns[field]]


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """`['Stage=Phase', 'Opportunity ID=Deal no']` -> field -> header key.

    The left side is a field (id, stage, close_date, ...) or a header either CRM uses for it.
    """
    names: dict[str, str] = {key(f): f for f in FIELDS}
    for headers in FORMATS.values():
        for field, alternatives in headers.items():
            for header in alternatives:
                names.setdefault(key(header), field)
    mapping: dict[str, str] = {}
    for item in items:
        for part in (p for p in str(item).split(",") if p.strip()):
            left, sep, right = part.partition("=")
            if not sep or not left.strip() or not right.strip():
                raise FormatError(
                    f"--map {part.strip()!r}: write FIELD=COLUMN, for example 'Stage=Phase'"
                )
            field = names.get(key(left))
            if field is None:
                raise FormatError(
                    f"--map {part.strip()!r}: {left.strip()!r} is not a deal field; "
                    f"use one of {', '.join(FIELDS)}"
                )
            mapping[field] = key(right)
    return mapping


def find_layout(
    rows: Sequence[Sequence[object]], mapping: Mapping[str, str] | None = None
) -> Layout:
    """The layout of the first row (among the top few) that reads as a known export's header."""
    mapping = dict(mapping or {})
    best: Layout | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [key(cell) for cell in row]
        for source, headers in (*FORMATS.items(), ("other", {})):
            columns: dict[str, int] = {}
            for field in FIELDS:
                wanted = (
                    [mapping[field]]
                    if field in mapping
                    else [key(h) for h in headers.get(field, ())]
                )
                found = next((i for i, k in enumerate(keys) if k and k in wanted), None)
                if found is not None:
                    columns[field] = found
            if "id" not in columns:
                continue
            if source == "other" and not mapping:
                continue
            layout = Layout(
                source,
                index,
                columns,
                tuple("" if c is None else str(c).strip() for c in row),
                tuple(
                    str(c).strip()
                    for i, c in enumerate(row)
                    if key(c) and i not in columns.values()
                ),
            )
            if best is None or len(layout.columns) > len(best.columns):
                best = layout
        if best is not None and best.source != "other":
            # Only the columns the mapping names: another CRM's export, not this one's.
            own = {key(h) for f in best.columns if f not in mapping
                   for h in FORMATS[best.source].get(f, ())}  # fmt: skip
            others = {key(h) for s, hs in FORMATS.items() if s != best.source
                      for alts in hs.values() for h in alts}  # fmt: skip
            if not own - others:
                best = replace(best, source="other")
        if best is not None:
            break
    if best is None:
        raise FormatError(
            "its header row was not recognised: a Salesforce opportunity report has "
            "'Opportunity ID', 'Stage', 'Amount', 'Close Date', ...; a HubSpot deals export "
            "'Record ID', 'Deal Stage', 'Amount', 'Close Date', .... For another CRM, say "
            "which column holds each field with --map 'id=Deal number' --map 'Stage=Phase'"
        )
    missing = [f for f in mapping if f not in best.columns]
    if missing:
        raise FormatError(
            "the mapped column(s) "
            + ", ".join(f"{mapping[f]!r} (for {f})" for f in missing)
            + " are not in the header row"
        )
    if "won" not in best.columns and "stage" not in best.columns:
        raise FormatError(
            "it says neither whether each deal was won nor its stage: add the "
            f"{'Is Closed Won' if best.source == 'hubspot' else 'Won'} or Stage column, "
            "or map one with --map 'won=...' or --map 'stage=...'"
        )
    return best
