"""The prospect a rep is preparing for: the input to recommending and to every pack."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Prospect:
    """Who the call is with and what they said hurts.

    `personas` are the persona ids attending; `pains` is free text pasted from a CRM or an
    email; `must_include` / `exclude` are use-case ids the rep wants in or out whatever the score.
    """

    company: str = ""
    industry: str = ""
    company_size: str = ""
    personas: tuple[str, ...] = ()
    pains: str = ""
    must_include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    objective: str = ""
    date: dt.date | None = field(default=None)

    def on(self, today: dt.date) -> dt.date:
        """The call date, or `today` when none was given."""
        return self.date or today



def parse_ids(text: str) -> tuple[str, ...]:
    """'UC-1, UC-7 UC-9' -> ('UC-1', 'UC-7', 'UC-9'): ids typed into one box."""
    return tuple(dict.fromkeys(i for i in re.split(r"[\s,;]+", text or "") if i))


def chosen_picks(linked: Sequence[str], ranked: Sequence[str], default: Sequence[str]) -> list[str]:
    """The use cases ticked for the pack: the link's `pick` ids when it carries any (in ranked
    order, unknown ids dropped), else the recommended picks. A shared link thus reproduces a
    rep's swaps, not just the profile."""
    if not linked:
        return list(default)
    wanted = set(linked)
    return [i for i in ranked if i in wanted]
