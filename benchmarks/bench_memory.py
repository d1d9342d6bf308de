"""Memory over many edits: 20 revision bumps at 20,000 use cases, every page viewed after each.

Prints the process's resident memory after each bump; it should stay flat (within 10% after the
second bump), because only the current revision's library data (and the previous one while the
new one is built) is kept.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks import synthetic
from benchmarks.bench_first_view import probe
from lib.core import db

N_USE_CASES = 20_000
BUMPS = 20


def run(workdir: Path) -> list[tuple[str, float, str]]:
    url = f"sqlite:///{workdir / 'library.db'}"
    engine = db.make_engine(url)
    synthetic.load(engine, synthetic.build(N_USE_CASES, int(N_USE_CASES * 2.5)))
    engine.dispose()
    rows = [
        (f"RSS after bump {f['n']:>2} and a view of every page", f["rss"], "MiB")
        for f in probe(url, f"bumps:{BUMPS}")
    ]
    after_second = [value for label, value, _ in rows[3:]]
    if after_second:
        growth = (max(after_second) - rows[2][1]) / rows[2][1] * 100
        rows.append(("growth after the second bump (target within 10%)", growth, "%"))
    return rows
