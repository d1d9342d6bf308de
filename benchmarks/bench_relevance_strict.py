"""The stricter judged profiles (`relevance_strict`): nDCG@3, precision@3, bring@3 and wrong
picks, per profile and overall, on the sample library. Printed, never asserted.

bring@3 is the share of the "bring" use cases (at most 3) that made the top 3; a wrong-industry
pick is a pick made for another industry when the prospect's industry is known or clearly near.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from benchmarks.bench_relevance import K, ndcg
from benchmarks.relevance_strict import JUDGED, Judged
from lib.callprep.candidates import Candidates, load_candidates
from lib.callprep.prospect import Prospect, include_and_exclude
from lib.callprep.recommend import recommend
from lib.core import db
from lib.workbook import SAMPLE_LIBRARY, import_file

DAY = dt.date(2026, 11, 24)


def score(candidates: Candidates, judged: Judged) -> tuple[float, float, float, int, int]:
    """(nDCG@3, precision@3, bring@3, wrong picks, wrong-industry picks) for one profile."""
    must, exclude = include_and_exclude(judged.include)
    prospect = Prospect(
        industry=judged.industry,
        company_size=judged.size,
        personas=judged.personas,
        pains=judged.pains,
        must_include=must,
        exclude=exclude,
    )
    rec = recommend(candidates, prospect, top=K, today=DAY)
    picked = [p.id for p in rec.picks]
    grades = [judged.grade(i) for i in picked]
    ideal = [judged.grade(c.id) for c in candidates.items]
    bring = min(K, sum(1 for g in ideal if g == 2))
    other_industry = 0
    if rec.industry:
        for i in picked:
            c = candidates.get(i)
            if c is not None and c.industries and rec.industry not in c.industries:
                other_industry += 1
    return (
        ndcg(grades, ideal),
        sum(1 for g in grades if g > 0) / K,
        sum(1 for g in grades if g == 2) / bring if bring else 1.0,
        sum(1 for g in grades if g == 0),
        other_industry,
    )


def run(workdir: Path) -> list[tuple[str, float, str]]:
    engine = db.make_engine(f"sqlite:///{workdir / 'library.db'}")
    import_file(engine, SAMPLE_LIBRARY, who="benchmark")
    candidates = load_candidates(engine)
    rows: list[tuple[str, float, str]] = []
    totals = [0.0, 0.0, 0.0, 0, 0]
    for judged in JUDGED:
        n, p, b, wrong, other = score(candidates, judged)
        for k, v in enumerate((n, p, b, wrong, other)):
            totals[k] += v
        rows.append(
            (
                f"{judged.name[:44]}: nDCG@3",
                n,
                f"P@3 {p:.2f}, bring@3 {b:.2f}, wrong {wrong}, other industry {other}",
            )
        )
    count = len(JUDGED)
    rows.append((f"overall nDCG@3 ({count} strict profiles)", totals[0] / count, ">= 0.90"))
    reachable = sum(
        min(K, sum(1 for c in candidates.items if j.grade(c.id) > 0)) / K for j in JUDGED
    )
    rows.append(
        ("overall precision@3", totals[1] / count, f"best reachable {reachable / count:.2f}")
    )
    rows.append(("overall bring@3", totals[2] / count, ""))
    rows.append(("wrong picks in all", float(totals[3]), f"of {K * count} picks"))
    rows.append(("wrong-industry picks in all", float(totals[4]), "target 0"))
    engine.dispose()
    return rows
