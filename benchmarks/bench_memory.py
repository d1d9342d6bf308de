"""Memory over many edits: 20 revision bumps at 20,000 use cases, every page viewed after each.

Prints the process's resident memory after each bump, right after the views (the new revision's
background build may still be running then, so both revisions are held) and once that build has
finished; it should stay flat (within 10% after the second bump), because only the current
revision's library data (and the previous one while the new one is built) is kept.
`BENCH_USE_CASES=2000` runs a smaller library. Beside each settled figure: where that memory is
(`benchmarks.allocator`): Python's arenas, and glibc's arenas with what of them is free.
"""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks import synthetic
from benchmarks.bench_first_view import probe

N_USE_CASES = int(os.environ.get("BENCH_USE_CASES", "20000"))
BUMPS = 20


def run(workdir: Path) -> list[tuple[str, float, str]]:
    url = f"sqlite:///{workdir / 'library.db'}"
    synthetic.library_engine(url, N_USE_CASES).dispose()
    load_before = os.getloadavg()[0]
    found = probe(url, f"bumps:{BUMPS}")
    rows = [("load average (1 min) before / after", load_before, f"/ {os.getloadavg()[0]:.2f}")]
    for f in found:
        rows.append((f"RSS after bump {f['n']:>2} and a view of every page", f["rss"], "MiB"))
        held = f"MiB  Python blocks {f['blocks']:,}, revisions held {f['revisions']}"
        rows.append(("  once its build has finished (settled)", f["settled"], held))
        rows.append(("    of which in Python's arenas (live / held)", f["py_used_mib"],
                     f"MiB / {f['py_arenas_mib']:.0f} MiB"))  # fmt: skip
        if "c_used_mib" in f:
            arenas = ", ".join(f"{size:.0f}/{free:.0f}" for size, free in f["c_arenas"])
            rows.append(("    in glibc's malloc (used / free but kept)", f["c_used_mib"],
                         f"MiB / {f['c_free_mib']:.0f} MiB; mmapped {f['c_mmapped_mib']:.0f} MiB;"
                         f" arenas (MiB, free) {arenas}; threads {f['threads']}"))  # fmt: skip
    for key, what in (("rss", "right after the views"), ("settled", "settled")):
        second = found[2][key] if len(found) > 3 else None  # found[0] is before any bump
        if second:
            growth = (max(f[key] for f in found[3:]) - second) / second * 100
            rows.append((f"growth after the second bump, {what} (target within 10%)", growth, "%"))
    return rows
