"""Import and export speed: a 20,000-use-case / 50,000-outcome workbook against floors.

In process (the older figures): the floor is pandas + calamine reading every sheet, plus raw
`sqlite3.executemany` inserting the same rows (already serialised) into an empty schema.

As whole processes (what a user waits for; median of `PROCESS_REPEATS`, CPU = user + system
of the child, peak = its maximum resident set): `python -m lib import` into an empty library
against `python -m benchmarks.floor import` (calamine read + raw executemany, no checks); the
same import again with nothing changed, and with 1% of the use cases changed (the per-row
digests make both skip checking, loading and comparing the unchanged rows); `python -m lib
export` against `python -m benchmarks.floor export` (xlsxwriter constant_memory, no
formats) and against `python -m benchmarks.floor export-rust` (a Rust-backed writer, printed
for comparison); and
`python -m lib --help`. Targets: import <= 1.5x its floor, unchanged re-import <= 0.5x the
first import, export <= 1.5x its floor. `BENCH_USE_CASES=2000` runs a smaller library;
`BENCH_IMPORT_ONLY=1` measures the import processes alone (no export, no in-process figures).
The load average is printed before and after: CPU seconds compare across runs on a shared
machine, wall seconds only at a similar load.

Every child process (the commands and their floors alike) runs with bytecode caches, as an
installed Casebook does: `PYTHONDONTWRITEBYTECODE` is removed from the children's environment
and the repository's modules are compiled once before the first measurement, so no measured
process spends its CPU compiling the project's source (about 0.07 s per command otherwise).
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks import synthetic
from lib.core import db
from lib.workbook import apply_import, export_workbook, plan_import

N_USE_CASES = int(os.environ.get("BENCH_USE_CASES", "20000"))
N_OUTCOMES = N_USE_CASES * 5 // 2
TARGET = 1.5
REINDEX_TARGET = 0.5
REPEATS = 3  # best of three: the machine is shared, the minimum is the honest figure
PROCESS_REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
# BENCH_IMPORT_ONLY=1 leaves out the export processes (the import figures alone, sooner).
IMPORT_ONLY = os.environ.get("BENCH_IMPORT_ONLY", "") == "1"
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Process:
    """One whole process: wall seconds, CPU seconds (user + system), peak resident MB."""

    wall: float
    cpu: float
    peak_mb: float


# Run a command from a small launcher process: a child forked straight from this (large)
# benchmark process would report this process's resident set as its own peak.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_utime + usage.ru_stime} "
              f"{usage.ru_maxrss}")
"""


def _child_environment() -> dict[str, str]:
    """The environment of a measured process: bytecode caches are used and written, as in an
    installed copy (a development shell may turn them off, making every process compile the
    project's modules again)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_sources() -> None:
    """Write the bytecode caches of the project's modules, outside any measurement."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "lib", "benchmarks"],
        cwd=ROOT,
        env=_child_environment(),
        check=True,
    )


def _process(command: list[str], workdir: Path, database: Path | None = None) -> Process:
    env = _child_environment()
    if database is not None:
        env["DATABASE_URL"] = f"sqlite:///{database}"
    figures = workdir / "process.figures"
    with open(workdir / "process.log", "w") as log:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", _LAUNCHER, str(figures), *command],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
            check=True,
        )
        wall = time.perf_counter() - start
    status, cpu, peak_kb = figures.read_text().split()
    if int(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{(workdir / 'process.log').read_text()}")
    return Process(wall, float(cpu), int(peak_kb) / 1024)


def _median(runs: list[Process]) -> Process:
    return Process(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        statistics.median(r.peak_mb for r in runs),
    )


def _empty_database(path: Path) -> Path:
    db.make_engine(f"sqlite:///{path}").dispose()  # the schema, outside the measurement
    return path


def whole_processes(workdir: Path, workbook: Path) -> list[tuple[str, float, str]]:
    """Each step as the separate process a user runs, against its floor process."""
    python = sys.executable
    compile_sources()
    load = _load()
    runs: dict[str, list[Process]] = {
        k: []
        for k in (
            "import",
            "floor",
            "again",
            "changed",
            "export",
            "floor_export",
            "floor_export_rust",
            "help",
        )
    }
    for attempt in range(PROCESS_REPEATS):
        target = _empty_database(workdir / f"whole{attempt}.db")
        runs["import"].append(
            _process([python, "-m", "lib", "import", str(workbook)], workdir, target)
        )
        runs["again"].append(
            _process([python, "-m", "lib", "import", str(workbook)], workdir, target)
        )
        changed = _one_percent_changed(workdir, target, attempt)
        runs["changed"].append(
            _process([python, "-m", "lib", "import", str(changed)], workdir, target)
        )
        floor = _empty_database(workdir / f"floor{attempt}.db")
        runs["floor"].append(
            _process(
                [python, "-m", "benchmarks.floor", "import", str(workbook), str(floor)], workdir
            )
        )
        if IMPORT_ONLY:
            continue
        out = workdir / f"export{attempt}.xlsx"
        runs["export"].append(_process([python, "-m", "lib", "export", str(out)], workdir, target))
        runs["floor_export"].append(
            _process([python, "-m", "benchmarks.floor", "export", str(target), str(out)], workdir)
        )
        runs["floor_export_rust"].append(
            _process(
                [python, "-m", "benchmarks.floor", "export-rust", str(target), str(out)], workdir
            )
        )
        runs["help"].append(_process([python, "-m", "lib", "--help"], workdir))
    m = {k: _median(v) for k, v in runs.items() if v}
    rows: list[tuple[str, float, str]] = [("load average (1 min) before the runs", load, "")]
    for key, what in (
        ("import", "python -m lib import, empty library"),
        ("floor", "floor: calamine read + sqlite3.executemany"),
        ("again", "python -m lib import, same file again (unchanged)"),
        ("changed", "python -m lib import, 1% of use cases changed"),
        ("export", "python -m lib export"),
        ("floor_export", "floor: sqlite3 read + xlsxwriter constant_memory"),
        ("floor_export_rust", "floor: sqlite3 read + rustpy-xlsxwriter (Rust)"),
        ("help", "python -m lib --help"),
    ):
        if key not in m:
            continue
        rows += [
            (f"[process] {what}: CPU", m[key].cpu, "s"),
            ("            wall", m[key].wall, "s"),
            ("            peak memory", m[key].peak_mb, "MB"),
        ]
    rows += [
        (
            f"[process] import / floor, CPU  [target <= {TARGET}]",
            m["import"].cpu / m["floor"].cpu,
            "x",
        ),
        ("            same ratio on wall time", m["import"].wall / m["floor"].wall, "x"),
        (
            f"[process] unchanged re-import / import, CPU  [target <= {REINDEX_TARGET}]",
            m["again"].cpu / m["import"].cpu,
            "x",
        ),
        (
            "            unchanged re-import / import, peak memory  [target <= 1]",
            m["again"].peak_mb / m["import"].peak_mb,
            "x",
        ),
        (
            "[process] 1%-changed re-import / import, CPU  [target: close to unchanged]",
            m["changed"].cpu / m["import"].cpu,
            "x",
        ),
    ]
    if not IMPORT_ONLY:
        rows += _export_rows(m)
    return [*rows, ("load average (1 min) after the runs", _load(), "")]


def _export_rows(m: dict[str, Process]) -> list[tuple[str, float, str]]:
    return [
        (
            f"[process] export / floor, CPU  [target <= {TARGET}]",
            m["export"].cpu / m["floor_export"].cpu,
            "x",
        ),
        ("            same ratio on wall time", m["export"].wall / m["floor_export"].wall, "x"),
        (
            "[process] export / Rust-backed writer floor, CPU  [not the target: see README]",
            m["export"].cpu / m["floor_export_rust"].cpu,
            "x",
        ),
        (
            "            same ratio on wall time",
            m["export"].wall / m["floor_export_rust"].wall,
            "x",
        ),
    ]


def _load() -> float:
    """The machine's load average over the last minute: CPU figures are comparable between
    runs, wall figures only at a similar load."""
    return os.getloadavg()[0]


def _one_percent_changed(workdir: Path, library: Path, attempt: int) -> Path:
    """The library's workbook with every hundredth use case's title changed (a copy of the
    library is changed and exported, outside the measurement)."""
    copy = workdir / f"changed{attempt}.db"
    with sqlite3.connect(library) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE use_case SET title = title || ' (changed)' WHERE rowid % 100 = 0")
    out = workdir / f"changed{attempt}.xlsx"
    _process([sys.executable, "-m", "lib", "export", str(out)], workdir, copy)
    return out


_TABLES = (
    ("segment", "segments"),
    ("persona", "personas"),
    ("use_case", "use_cases"),
    ("benefit", "benefits"),
    ("outcome", "outcomes"),
    ("question", "questions"),
    ("use_case_industry", "industry_links"),
    ("use_case_company_size", "size_links"),
    ("use_case_persona", "persona_links"),
)


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _raw_insert(path: Path, lib: synthetic.SyntheticLibrary) -> tuple[float, float]:
    """Wall and CPU seconds for plain executemany of every row into an empty database."""
    db.make_engine(f"sqlite:///{path}").dispose()
    batches = []
    for table, attr in _TABLES:
        rows = getattr(lib, attr)
        columns = list(rows[0])
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        batches.append((sql, [tuple(_cell(r[c]) for c in columns) for r in rows]))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    start, cpu = time.perf_counter(), time.process_time()
    with conn:
        for sql, rows in batches:
            conn.executemany(sql, rows)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    conn.close()
    return seconds, cpu_seconds


def run(workdir: Path) -> list[tuple[str, float, str]]:
    lib = synthetic.build(N_USE_CASES, N_OUTCOMES)
    source = db.make_engine(f"sqlite:///{workdir / 'source.db'}")
    synthetic.load(source, lib)
    start = time.perf_counter()
    data = export_workbook(source)
    export_seconds = time.perf_counter() - start
    source.dispose()
    path = workdir / "library.xlsx"
    path.write_bytes(data)
    if IMPORT_ONLY:
        return whole_processes(workdir, path)

    read_seconds = insert_seconds = import_seconds = apply_seconds = float("inf")
    read_cpu = insert_cpu = import_cpu = float("inf")
    for attempt in range(REPEATS):
        start, cpu = time.perf_counter(), time.process_time()
        frames = pd.read_excel(path, sheet_name=None, engine="calamine")
        read_seconds = min(read_seconds, time.perf_counter() - start)
        read_cpu = min(read_cpu, time.process_time() - cpu)
        del frames

        wall, cpu = _raw_insert(workdir / f"raw{attempt}.db", lib)
        insert_seconds, insert_cpu = min(insert_seconds, wall), min(insert_cpu, cpu)

        target = db.make_engine(f"sqlite:///{workdir / f'import{attempt}.db'}")
        start, cpu = time.perf_counter(), time.process_time()
        plan = plan_import(target, path, path.name)
        planned = time.perf_counter()
        apply_import(target, plan, who="benchmark")
        import_seconds = min(import_seconds, time.perf_counter() - start)
        import_cpu = min(import_cpu, time.process_time() - cpu)
        apply_seconds = min(apply_seconds, time.perf_counter() - planned)
        assert plan.ok, plan.problems[:5]

    start = time.perf_counter()
    again = plan_import(target, path, path.name)
    replan_seconds = time.perf_counter() - start
    assert not again.has_changes
    target.dispose()

    floor = read_seconds + insert_seconds
    ratio = import_seconds / floor
    mb = len(data) / 1e6
    in_process = [
        (
            f"export {N_USE_CASES:,} use cases + {N_OUTCOMES:,} outcomes ({mb:.1f} MB)",
            export_seconds,
            "s",
        ),
        ("(a) pandas read_excel(engine=calamine), all sheets [best of 3]", read_seconds, "s"),
        ("(b) sqlite3 executemany of the same rows", insert_seconds, "s"),
        ("(c) plan_import + apply_import into an empty library", import_seconds, "s"),
        ("    of which apply_import (the writing)", apply_seconds, "s"),
        ("re-import plan of the same file (all unchanged)", replan_seconds, "s"),
        (f"ratio c / (a + b)  [target <= {TARGET}]", ratio, "x"),
        (
            "  same ratio on CPU time (less sensitive to a busy machine)",
            import_cpu / (read_cpu + insert_cpu),
            "x",
        ),
    ]
    return [*whole_processes(workdir, path), *in_process]
