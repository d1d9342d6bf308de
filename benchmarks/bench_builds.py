"""What each library revision costs to build, at 2,000 / 20,000 (and, with `--large`, 100,000)
use cases, each size in a fresh process: the read, the catalog frame, the recommender's
candidates, the coverage read and report, recommend's latency, the whole background build and
the collect-and-freeze after it; then, at 2,000 and 20,000, each page's first view after
someone else's write (served while the new revision builds) beside its warm view.

Targets at 20,000: catalog < 1 s, candidates < 1.5 s, coverage read < 0.5 s, the coverage
rerun after a size change < 0.5 s; first view after an edit within 20% of the warm view;
recommend < 50 ms at 100,000.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks import synthetic
from benchmarks.bench_first_view import LARGE, probe, sizes

TARGETS = {
    "catalog": "target < 1 s at 20k",
    "candidates": "target < 1.5 s at 20k",
    "coverage read": "target < 0.5 s at 20k",
    "coverage report, one size": "the size-change rerun's work, target < 0.5 s at 20k",
}


def _unit(f: dict[str, Any], target: str = "") -> str:
    text = f"s  CPU {f['cpu']:.2f} s, peak {f['peak']:.0f} MiB"
    return f"{text}  ({target})" if target else text


def run(workdir: Path) -> list[tuple[str, float, str]]:
    rows: list[tuple[str, float, str]] = []
    for n in sizes():
        url = f"sqlite:///{workdir / f'library-{n}.db'}"
        synthetic.library_engine(url, n).dispose()
        for f in probe(url, "builds"):
            if f["what"] == "recommend":
                target = "target < 50 ms at 100k"
                rows.append((f"recommend median, {n:,} use cases ({target})", f["median_ms"], "ms"))
                rows.append((f"recommend worst, {n:,} use cases", f["worst_ms"], "ms"))
                continue
            label = f"{f['what']}, {n:,} use cases"
            rows.append((label, f["wall"], _unit(f, TARGETS.get(f["what"], ""))))
        if n >= LARGE:
            # The edit probe's three pages at this size take too long; Call prep's warm view
            # is the one that grew with the library (6.0 s before its per-revision names).
            (f,) = probe(url, "warm:call-prep")
            rows.append((f"Call prep warm view, its script run only, {n:,}", f["run_wall"],
                         f"s  CPU {f['run_cpu']:.2f} s, process {f['rss']:.0f} MiB"))  # fmt: skip
            continue
        for f in probe(url, "edit"):
            page = f["what"]
            warm, during, after = f["warm"], f["during"], f["after"]
            for label, m in (("warm view", warm), ("first view after an edit", during),
                             ("view once rebuilt", after)):  # fmt: skip
                rows.append((f"{page} {label}, {n:,} use cases", m["wall"],
                             f"s  CPU {m['cpu']:.2f} s"))  # fmt: skip
            rows.append((f"{page}: first view after an edit / warm view (target <= 1.2)",
                         during["wall"] / warm["wall"], "x"))  # fmt: skip
            # The page's own script run only (AppTest's set-up and Home run left out: the build
            # rightly goes on in those gaps, and their CPU above includes it).
            for label, m in (("warm view", warm), ("first view after an edit", during)):
                rows.append((f"{page} {label}, its script run only, {n:,}", m["run_wall"],
                             f"s  CPU {m['run_cpu']:.2f} s"))  # fmt: skip
            rows.append((f"{page}: the same, script run only (target <= 1.2)",
                         during["run_wall"] / warm["run_wall"], "x"))  # fmt: skip
            rows.append((f"{page}: build still running when the view ended (1 yes, 0 no)",
                         1.0 - during["built_meanwhile"], ""))  # fmt: skip
        rows.append((f"background build finished after the edit, {n:,}", f["waited"], "s"))
    return rows
