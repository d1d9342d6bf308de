"""Which customers an outgoing file may not name, and where it names them.

A file a rep made outside Casebook (a deck, a proposal, an email) shows no outcome Casebook
chose, so the rule is per customer: the file may name a customer who has at least one outcome
a prospect may see named in a sales conversation today (public, not expired, and `sales` in its
scope or no scope recorded: `lib.core.sharing`). Every other customer in the library (internal
only, permission expired, anonymized only, or approved for other uses than sales) may not be
named, and each mention is reported with where it is and why.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from lib.core import sharing
from lib.core.reads import OutcomeRecord
from lib.core.vocab import SALES_USE
from lib.outgoing.reading import UnreadableFile, passages


@dataclass(frozen=True)
class Finding:
    """One mention of a customer the file may not name."""

    customer: str
    where: str  # "slide 4", "page 2", "sheet Proof!B7"
    written: str  # the name as the file writes it
    why: str  # "internal only", "permission expired 2026-01-31", ...


@dataclass(frozen=True)
class FileCheck:
    """What the check found in one file; `problem` is set when it could not be read."""

    name: str
    findings: tuple[Finding, ...] = ()
    problem: str = ""

    @property
    def safe(self) -> bool:
        return not self.findings and not self.problem

    @property
    def customers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.customer for f in self.findings))


def _why(outcome: OutcomeRecord, today: dt.date, use: str) -> str:
    if outcome.permission == "internal":
        return "internal only"
    if sharing.is_expired(outcome, today):
        return f"permission expired {outcome.permission_expires:%Y-%m-%d}"
    if not sharing.in_scope(outcome, use):
        return f"approved for {', '.join(sharing.scope_of(outcome))} only, not {use}"
    if outcome.permission == "anonymized":
        return "anonymized"
    return f"permission {outcome.permission!r}"


@dataclass(frozen=True)
class Rule:
    """Who may not be named (with why) and who may, from every outcome of the library."""

    forbidden: dict[str, str]  # customer -> why, e.g. "internal only; anonymized"
    allowed: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls, outcomes: Iterable[OutcomeRecord], today: dt.date, use: str = SALES_USE
    ) -> Rule:
        by_customer: dict[str, list[OutcomeRecord]] = defaultdict(list)
        for o in outcomes:
            if o.customer and o.customer.strip():
                by_customer[o.customer].append(o)
        forbidden, allowed = {}, set()
        for customer, theirs in by_customer.items():
            if any(sharing.visibility(o, today, use) == "public" for o in theirs):
                allowed.add(customer)
            else:
                reasons = dict.fromkeys(_why(o, today, use) for o in theirs)
                forbidden[customer] = "; ".join(reasons)
        return cls(forbidden, frozenset(allowed))

    def finder(self) -> sharing.NameFinder:
        return sharing.NameFinder(self.forbidden, self.allowed)


def check_file(
    name: str, data: bytes, rule: Rule, finder: sharing.NameFinder | None = None
) -> FileCheck:
    """Every mention in the file of a customer `rule` forbids, in the file's order."""
    finder = finder or rule.finder()
    try:
        pieces = passages(name, data)
    except UnreadableFile as problem:
        return FileCheck(name, problem=str(problem))
    findings = []
    seen = set()
    for piece in pieces:
        for mention in finder.find(piece.text):
            where = piece.place(mention.start)
            key = (mention.customer, where, mention.written)
            if key in seen:
                continue
            seen.add(key)
            written = " ".join(mention.written.split())
            findings.append(
                Finding(mention.customer, where, written, rule.forbidden[mention.customer])
            )
    return FileCheck(name, tuple(findings))


def check_files(
    files: Iterable[tuple[str, bytes]],
    outcomes: Iterable[OutcomeRecord],
    today: dt.date | None = None,
    use: str = SALES_USE,
) -> list[FileCheck]:
    """Each file checked against the library's outcomes (one rule for all of them)."""
    rule = Rule.of(outcomes, today or dt.date.today(), use)
    finder = rule.finder()
    return [check_file(name, data, rule, finder) for name, data in files]


def table(check: FileCheck) -> list[dict[str, str]]:
    """The findings as rows for a screen: where, as written, whose name, why not."""
    return [
        {"where": f.where, "written": f.written, "customer": f.customer, "why": f.why}
        for f in check.findings
    ]


def report(check: FileCheck) -> list[str]:
    """Plain lines for a terminal or an email: the verdict, then each finding."""
    if check.problem:
        return [f"{check.problem}"]
    if not check.findings:
        return [f"{check.name}: no customer it may not name"]
    lines = [
        f"{check.name}: names {len(check.customers)} customer"
        f"{'s' if len(check.customers) != 1 else ''} it may not name"
    ]
    for f in check.findings:
        lines.append(f"  {f.where}: {f.written!r} ({f.customer}: {f.why})")
    return lines
