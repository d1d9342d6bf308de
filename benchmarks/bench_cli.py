"""Command-line start-up: `python -m lib --help` as its own process, wall and CPU seconds and
its peak memory (targets < 0.8 s and < 80 MiB), median of five runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def _once(argv: list[str]) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MiB) of one run of `python argv...`, from the child's own usage."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, *argv], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{' '.join(argv)} failed: {child.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
    child.stderr.close()  # type: ignore[union-attr]
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def run(workdir: Path) -> list[tuple[str, float, str]]:
    rows = []
    for argv, label in (
        (["-m", "lib", "--help"], "python -m lib --help (targets < 0.8 s, < 80 MiB)"),
        (["-m", "lib", "recommend", "--help"], "python -m lib recommend --help"),
    ):
        runs = [_once(argv) for _ in range(RUNS)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        peak = max(r[2] for r in runs)
        rows.append((label, wall, f"s  CPU {cpu:.2f} s, peak {peak:.0f} MiB"))
    return rows
