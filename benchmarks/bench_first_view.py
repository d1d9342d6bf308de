"""The first view of each page right after an import, at 2,000 / 20,000 (and, with `--large`,
100,000) use cases, each in a fresh process so its caches are cold and its memory is its own.

Targets: the first view of any page after an import < 2 s at 20,000 use cases (< 10 s at
100,000); recommend < 50 ms at 100,000. "All three" opens Call prep, Library and Coverage one
after the other in one process: the library is read once for all of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks import synthetic
from benchmarks.probe import PAGES

ROOT = Path(__file__).resolve().parent.parent
SIZES = (2_000, 20_000)
LARGE = 100_000


def sizes() -> tuple[int, ...]:
    return (*SIZES, LARGE) if os.environ.get("CASEBOOK_BENCH_LARGE") else SIZES


def probe(url: str, *what: str) -> list[dict[str, Any]]:
    """Run `benchmarks.probe` in a fresh interpreter and collect its JSON lines."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.probe", url, *what],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"probe {' '.join(what)} failed:\n{done.stderr[-3000:]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _row(label: str, figures: dict[str, Any]) -> tuple[str, float, str]:
    extra = (
        f"s  CPU {figures['cpu']:.2f} s, "
        f"peak {figures['peak']:.0f} MiB (+{figures['grew']:.0f} MiB)"
    )
    return (label, figures["wall"], extra)


def run(workdir: Path) -> list[tuple[str, float, str]]:
    rows: list[tuple[str, float, str]] = []
    for n in sizes():
        url = f"sqlite:///{workdir / f'library-{n}.db'}"
        synthetic.library_engine(url, n).dispose()
        for page in PAGES:
            (figures,) = probe(url, page)
            rows.append(_row(f"{page} first view, {n:,} use cases (target < 2 s at 20k)", figures))
        for figures in probe(url, *PAGES):
            rows.append(_row(f"all three: {figures['what']}, {n:,} use cases", figures))
        if n >= LARGE:
            (figures,) = probe(url, "recommend")
            rows.append(
                (f"recommend median, {n:,} use cases (target < 50 ms)", figures["median_ms"], "ms")
            )
    return rows
