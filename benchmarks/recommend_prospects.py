"""Varied prospects over the synthetic library, a made-up win signal for it, and every
answer `recommend` gives them, for the speed check and the before/after comparison.

`python -m benchmarks.recommend_prospects N OUT.json [--prospects 300]` writes the picks,
runners-up, scores, score parts and reasons for N synthetic use cases (with and without the
win signal) so two versions of the recommender can be compared with `diff` or `--compare`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import synthetic
from lib.callprep.candidates import Candidates
from lib.callprep.prospect import Prospect
from lib.callprep.recommend import Recommendation, recommend
from lib.core.vocab import COMPANY_SIZES
from lib.core.win_signal import ALL_SIZES, WinSignal, WinSignals

TODAY = dt.date(2026, 11, 24)
# What reps type besides the library's own names: a slip, an alias, a title, an unknown.
ODD_INDUSTRIES = ("Helthcare", "banking", "Aerospace", "finance", "")
ODD_PERSONAS = ("cio", "Chief Financial Officr", "VP IT")


def prospects(count: int, seed: int = 11, n_use_cases: int = 2_000) -> list[Prospect]:
    """`count` deterministic prospects: every field known, some missing, some misspelt,
    with notes of 0-6 words, and now and then a use case forced in or left out."""
    rng = random.Random(seed)
    found = []
    for k in range(count):
        odd = k % 7 == 6
        industry = rng.choice(ODD_INDUSTRIES) if odd else rng.choice((*synthetic.INDUSTRIES, ""))
        size = rng.choice((*COMPANY_SIZES, "", "midsize" if odd else ""))
        personas = tuple(rng.sample(synthetic.PERSONAS, rng.randint(0, 3)))
        if odd and rng.random() < 0.5:
            personas += (rng.choice(ODD_PERSONAS),)
        pains = " ".join(rng.sample(synthetic.WORDS, rng.randint(0, 6)))
        if rng.random() < 0.2:
            pains += " and the " + rng.choice(("invoices", "nurses", "week", "re-key data"))
        include = (f"UC-{rng.randrange(n_use_cases):05d}",) if rng.random() < 0.1 else ()
        exclude = (f"UC-{rng.randrange(n_use_cases):05d}",) if rng.random() < 0.1 else ()
        found.append(
            Prospect(
                company=f"Prospect {k}",
                industry=industry,
                company_size=size,
                personas=personas,
                pains=pains,
                must_include=include,
                exclude=exclude,
            )
        )
    return found


def win_signals(n_use_cases: int, seed: int = 5) -> WinSignals:
    """A made-up signal for every industry (over all sizes and per size) of the synthetic
    library: a few hundred won deals each, the use cases used in them drawn at random."""
    rng = random.Random(seed)
    found: dict[tuple[str, str], WinSignal] = {}
    for industry in synthetic.INDUSTRIES:
        for size in (ALL_SIZES, *COMPANY_SIZES):
            if rng.random() < 0.2:
                continue  # too few won deals here: no signal
            won = rng.randint(5, 400)
            used = {
                f"UC-{rng.randrange(n_use_cases):05d}": rng.randint(1, won)
                for _ in range(rng.randint(1, max(1, n_use_cases // 20)))
            }
            name = f"{industry} {size}" if size else industry
            found[(industry, size)] = WinSignal(name, won, used)
    return WinSignals(found)


def answer(rec: Recommendation) -> dict[str, Any]:
    """Everything a rep sees of one recommendation, scores to 1e-9."""

    def pick(p: Any) -> dict[str, Any]:
        return {
            "id": p.id,
            "score": round(p.score, 9),
            "parts": {k: round(v, 9) for k, v in p.parts.as_dict().items()},
            "reasons": list(p.reasons),
            "matched": list(p.matched_terms),
            "forced": p.must_include,
        }

    return {
        "picks": [pick(p) for p in rec.picks],
        "runners_up": [pick(p) for p in rec.runners_up],
        "messages": list(rec.messages),
        "nearest": {k: list(v) for k, v in rec.nearest.items()},
        "profile": [rec.industry, rec.company_size, list(rec.personas), rec.hold],
    }


def answers(
    candidates: Candidates, profiles: list[Prospect], wins: WinSignals | None
) -> list[dict[str, Any]]:
    return [answer(recommend(candidates, p, today=TODAY, wins=wins)) for p in profiles]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.recommend_prospects")
    parser.add_argument("use_cases", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--prospects", type=int, default=300)
    parser.add_argument("--compare", type=Path, help="an earlier OUT.json to compare with")
    args = parser.parse_args(argv)
    from lib.callprep.candidates import candidates_of
    from lib.core import reads

    with tempfile.TemporaryDirectory() as tmp:
        n = args.use_cases
        engine = synthetic.library_engine(f"sqlite:///{Path(tmp) / 'library.db'}", n)
        candidates = candidates_of(reads.read_library(engine))
        engine.dispose()
    profiles = prospects(args.prospects, n_use_cases=n)
    result = {
        "without": answers(candidates, profiles, None),
        "with": answers(candidates, profiles, win_signals(n)),
    }
    args.out.write_text(json.dumps(result, indent=1, sort_keys=True))
    if args.compare:
        before = json.loads(args.compare.read_text())
        differ = [
            (kind, k)
            for kind in ("without", "with")
            for k, (a, b) in enumerate(zip(before[kind], result[kind], strict=True))
            if a != b
        ]
        print(f"{len(differ)} of {2 * len(profiles)} recommendations differ: {differ[:10]}")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
