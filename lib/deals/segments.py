"""Which library segment a CRM deal belongs to: its industry text through the library's
segment names and aliases, its head count through the company sizes' employee ranges."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from lib.core import size_ranges
from lib.core.models import Segment

_LEGAL = re.compile(
    r"\b(inc|incorporated|llc|ltd|limited|gmbh|corp|corporation|co|company|plc|sa|ag|bv|nv|"
    r"pty|srl|sas|oy|ab)\b"
)


def name_key(text: str) -> str:
    """A name as compared: case, accents of spacing and punctuation ignored."""
    return " ".join(re.sub(r"[\W_]+", " ", text or "").casefold().split())


def account_key(text: str) -> str:
    """An account or customer name without its legal form ('Acme Health, Inc.' = 'acme health')."""
    return " ".join(_LEGAL.sub(" ", name_key(text)).split())


@dataclass(frozen=True)
class SegmentMap:
    """The library's industries (by name and alias) and company sizes (by head count)."""

    industries: dict[str, str]  # name_key of a name or alias -> the library's industry
    sizes: dict[str, size_ranges.Bounds]  # size -> its range, the usual one when it has none

    def industry(self, crm_text: str) -> str:
        """The library industry a CRM's industry text means, "" when it names none."""
        return self.industries.get(name_key(crm_text), "")

    def size(self, employees: int | None) -> str:
        """The company size whose employee range holds `employees`, "" when none does."""
        return size_ranges.size_for(self.sizes, employees)


def segment_map(
    industries: Iterable[tuple[str, list[str]]],
    sizes: Iterable[tuple[str, int | None, int | None]],
) -> SegmentMap:
    """From (industry, aliases) and (size, min_employees, max_employees) rows."""
    by_name: dict[str, str] = {}
    for name, aliases in industries:
        by_name.setdefault(name_key(name), name)
        for alias in aliases or ():
            by_name.setdefault(name_key(alias), name)
    return SegmentMap(by_name, size_ranges.ranges_of(sizes, size_ranges.DEFAULT_RANGES))


def segment_map_of(conn: Connection) -> SegmentMap:
    """The library's segments as a `SegmentMap`, read on an open connection."""
    industries = conn.execute(
        select(Segment.id, Segment.aliases).where(Segment.kind == "industry")
    ).all()
    sizes = conn.execute(
        select(Segment.id, Segment.min_employees, Segment.max_employees).where(
            Segment.kind == "company_size"
        )
    ).all()
    return segment_map([(i, list(a or [])) for i, a in industries], [tuple(s) for s in sizes])
