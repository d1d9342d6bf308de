"""Memory over many edits: 20 revision bumps at 20,000 use cases, every page viewed after each.

Prints the process's resident memory after each bump, right after the views (the new revision's
background build may still be running then, so both revisions are held) and once that build has
finished; it should stay flat (within 10% after the second bump), because only the current
revision's library data (and the previous one while the new one is built) is kept.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks import synthetic
from benchmarks.bench_first_view import probe

N_USE_CASES = 20_000
BUMPS = 20


def run(workdir: Path) -> list[tuple[str, float, str]]:
    url = f"sqlite:///{workdir / 'library.db'}"
    synthetic.library_engine(url, N_USE_CASES).dispose()
    found = probe(url, f"bumps:{BUMPS}")
    rows = []
    for f in found:
        rows.append((f"RSS after bump {f['n']:>2} and a view of every page", f["rss"], "MiB"))
        held = f"MiB  Python blocks {f['blocks']:,}, revisions held {f['revisions']}"
        rows.append(("  once its build has finished (settled)", f["settled"], held))
    for key, what in (("rss", "right after the views"), ("settled", "settled")):
        second = found[2][key] if len(found) > 3 else None
        if second:
            growth = (max(f[key] for f in found[3:]) - second) / second * 100
            rows.append((f"growth after the second bump, {what} (target within 10%)", growth, "%"))
    return rows
