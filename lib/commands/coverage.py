"""`coverage [--json]`: the headline numbers, the industry x persona matrix and the top gaps."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from lib.commands import CommandError
from lib.core import db
from lib.core.vocab import EXPIRING_WITHIN_DAYS, STALE_AFTER_DAYS
from lib.coverage import model as coverage_data
from lib.coverage.dismissals import dismissed_cells, load_dismissals
from lib.coverage.ledger import UnrecordedApproval, unrecorded_approvals
from lib.coverage.report import MEASURES, CoverageReport, coverage_report
from lib.coverage.snapshots import record_daily_snapshot

NAME = "coverage"
HELP = "Print where the library is thin: headline numbers, the coverage matrix and top gaps."
ORDER = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--size", default=None, help="only this company size, e.g. Mid-market")
    parser.add_argument(
        "--measure",
        choices=tuple(MEASURES),
        default="use_cases",
        help="what the matrix counts (default: approved use cases)",
    )
    parser.add_argument("--top", type=int, default=10, help="how many gaps to list (default 10)")
    parser.add_argument(
        "--stale-after", type=int, default=STALE_AFTER_DAYS, help="days before a review is stale"
    )


def as_json(report: CoverageReport, measure: str, top: int) -> dict[str, object]:
    matrix = report.matrix_for(measure)
    return {
        "date": report.today.isoformat(),
        "company_size": report.size,
        "headline": report.headline.as_dict(),
        "caveat": report.size_caveat,
        "matrix": {
            "measure": measure,
            "industries": list(matrix.index),
            "personas": list(matrix.columns),
            "counts": {
                industry: {p: int(v) for p, v in row.items()} for industry, row in matrix.iterrows()
            },
        },
        "gaps": [
            {
                "industry": g.industry,
                "persona": g.persona,
                "company_size": g.company_size,
                "priority": g.priority,
                "use_cases": g.use_cases,
                "proof": g.proof,
                "shortfall": g.shortfall,
                "score": g.score,
                "missing": list(g.missing),
            }
            for g in report.gaps[:top]
        ],
    }


def as_text(report: CoverageReport, measure: str, top: int) -> str:
    h = report.headline
    cells = f"{h.cells} applicable"
    figures = [
        ("Approved use cases", f"{h.approved_use_cases}"),
        ("Shareable proof outcomes", f"{h.shareable_proof}"),
        ("Cells with a use case", f"{h.cells_covered} of {cells} ({h.coverage_pct:.0f}%)"),
        ("Cells with shareable proof", f"{h.cells_with_proof} of {cells} ({h.proof_pct:.0f}%)"),
        ("Gaps", f"{h.gaps}"),
        ("Stale use cases", f"{h.stale}"),
        ("Permissions expiring soon", f"{h.expiring}"),
        ("Permissions expired", f"{h.expired}"),
        ("Gaps dismissed", f"{h.dismissed}"),
        ("Average completeness", f"{h.completeness:.0f}%"),
    ]
    lines = [f"Coverage on {report.today:%Y-%m-%d}"]
    lines += [f"  {label + ':':<28}{value}" for label, value in figures]
    if report.size_caveat:
        lines += ["", report.size_caveat]
    lines += [
        "",
        f"{MEASURES[measure]} by industry x persona ({report.size or 'all sizes'}):",
    ]
    matrix = report.matrix_for(measure)
    lines += (
        ["  " + line for line in matrix.to_string().splitlines()]
        if matrix.size
        else ["  (no industries or personas yet)"]
    )
    lines += ["", f"Top gaps ({min(top, len(report.gaps))} of {len(report.gaps)}):"]
    for n, g in enumerate(report.gaps[:top], start=1):
        lines.append(
            f"  {n:>2}. {g.industry} x {g.persona}  (priority {g.priority:g} x shortfall "
            f"{g.shortfall} = {g.score:g}): {g.missing_text}"
        )
    if not report.gaps:
        lines.append("  none: every cell meets its targets")
    return "\n".join(lines)


def _company_size(known: tuple[str, ...], asked: str | None) -> str | None:
    """The company size as the library spells it; case and spacing do not matter."""
    if not asked:
        return None
    by_key = {" ".join(k.split()).casefold(): k for k in known}
    found = by_key.get(" ".join(asked.split()).casefold())
    if found is None:
        raise CommandError(
            f"unknown company size {asked!r} (known: {', '.join(known) or 'none yet'})"
        )
    return found


def run(args: argparse.Namespace) -> int:
    if args.top < 0:
        raise CommandError(f"--top must be 0 or more, not {args.top}")
    if args.stale_after < 1:
        raise CommandError(f"--stale-after must be at least 1 day, not {args.stale_after}")
    engine = db.make_engine()
    try:
        data = coverage_data.load(engine)
        size = _company_size(data.company_sizes, args.size)
        today = dt.date.today()
        report = coverage_report(
            data,
            today,
            size,
            stale_days=args.stale_after,
            expiring_days=EXPIRING_WITHIN_DAYS,
            dismissed=dismissed_cells(load_dismissals(engine)),
        )
        if not data.empty:
            record_daily_snapshot(engine, data, report)
    finally:
        engine.dispose()
    unrecorded = unrecorded_approvals(data, today)
    if args.json:
        found = as_json(report, args.measure, args.top)
        found["no_approval_on_record"] = [
            {"outcome": a.id, "customer": a.customer, "use_case": a.use_case_id,
             "owner": a.owner, "permission": a.permission}
            for a in unrecorded
        ]  # fmt: skip
        print(json.dumps(found, indent=2))
    elif data.empty:
        print(
            "The library is empty: load the sample with `python -m lib init` or import a "
            "workbook with `python -m lib import FILE`, then run `coverage` again."
        )
    else:
        print(as_text(report, args.measure, args.top))
        print(ledger_text(unrecorded))
    return 0


def ledger_text(unrecorded: list[UnrecordedApproval]) -> str:
    """The permission ledger's gaps, after the report: shareable proof with no approval."""
    lines = ["", f"Shareable outcomes with no approval on record ({len(unrecorded)}):"]
    lines += [f"  {a.id}  {a.customer}  ({a.use_case_id}, owner {a.owner})" for a in unrecorded]
    if not unrecorded:
        lines.append("  none: every shareable outcome has its approval on record")
    return "\n".join(lines)
