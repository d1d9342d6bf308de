"""How good the picks are: nDCG@3, precision@3 and wrong picks over graded prospect profiles.

Each profile in `relevance_profiles` grades every approved use case of the sample library
(2 bring, 1 fine, 0 wrong). Targets: nDCG@3 >= 0.90 overall, and no pick graded wrong when
the industry is known or clearly near. Printed, never asserted.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from benchmarks.relevance_profiles import PROFILES, Profile
from lib.callprep.candidates import Candidates, load_candidates
from lib.callprep.prospect import Prospect
from lib.callprep.recommend import recommend
from lib.core import db
from lib.workbook import SAMPLE_LIBRARY, import_file

DAY = dt.date(2026, 11, 24)
K = 3


def ndcg(grades: list[int], ideal: list[int], k: int = K) -> float:
    def dcg(values: list[int]) -> float:
        return sum((2**g - 1) / math.log2(n + 2) for n, g in enumerate(values[:k]))

    best = dcg(sorted(ideal, reverse=True))
    return dcg(grades) / best if best else 1.0


def score(candidates: Candidates, profile: Profile) -> tuple[float, float, int]:
    """(nDCG@3, precision@3, wrong picks) of the picks for one profile."""
    prospect = Prospect(
        industry=profile.industry,
        company_size=profile.size,
        personas=profile.personas,
        pains=profile.pains,
    )
    picked = [p.id for p in recommend(candidates, prospect, top=K, today=DAY).picks]
    grades = [profile.grade(i) for i in picked]
    ideal = [profile.grade(c.id) for c in candidates.items]
    relevant = sum(1 for g in grades if g > 0)
    return ndcg(grades, ideal), relevant / K, sum(1 for g in grades if g == 0)


def run(workdir: Path) -> list[tuple[str, float, str]]:
    engine = db.make_engine(f"sqlite:///{workdir / 'library.db'}")
    import_file(engine, SAMPLE_LIBRARY, who="benchmark")
    candidates = load_candidates(engine)
    rows: list[tuple[str, float, str]] = []
    totals = [0.0, 0.0, 0]
    for profile in PROFILES:
        n, p, wrong = score(candidates, profile)
        totals[0] += n
        totals[1] += p
        totals[2] += wrong
        rows.append((f"{profile.name[:40]}: nDCG@3", n, f"P@3 {p:.2f}, wrong {wrong}"))
    count = len(PROFILES)
    rows.append((f"overall nDCG@3 ({count} profiles)", totals[0] / count, "target >= 0.90"))
    rows.append(("overall precision@3", totals[1] / count, ""))
    rows.append(("wrong picks in all", float(totals[2]), "target 0 when industry known"))
    engine.dispose()
    return rows
