"""The reads one Call prep rerun makes in team mode, without the page around them: the CPU they
cost the app server and, on PostgreSQL, the database server's own processes.

The frame reads the revision with the signed-in person's role; the page asks whether the win
signal is on (with the deals' stamp), the references' standing and the rep's recent preps.
Repeated `BENCH_RERUNS` times (default 1,000) on the sample library with five recent preps, on
SQLite and, when `CASEBOOK_TEST_DATABASE` names a server, on PostgreSQL. CPU seconds are the
figure that survives a shared machine; PostgreSQL's are summed over every `postgres` process
on this machine (the benchmark's throwaway cluster: run it alone on that cluster).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from sqlalchemy import Engine

from lib.core import access, db, usage
from lib.core.fatigue import fatigue_all
from lib.deals.signal import win_signals
from lib.workbook import SAMPLE_LIBRARY, import_file
from tests import databases

RERUNS = int(os.environ.get("BENCH_RERUNS", "1000"))
EMAIL = "rep0@acme.com"


def postgres_cpu() -> float:
    """CPU seconds used so far by every PostgreSQL server process on this machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process ended meanwhile
        if text[text.index("(") + 1 : text.rindex(")")] in ("postgres", "postmaster"):
            fields = text.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _rerun_reads(engine: Engine) -> None:
    db.read_row(engine, db.revision_column(), *access.role_columns(EMAIL))
    win_signals(engine)
    fatigue_all(engine)
    usage.recent_preps(engine, EMAIL)


def _measure(url: str, name: str) -> list[tuple[str, float, str]]:
    engine = db.make_engine(url)
    try:
        import_file(engine, SAMPLE_LIBRARY, who="benchmark")
        access.grant(engine, None, "admin@acme.com", "admin")
        access.set_default_role(engine, access.local_actor(), "rep")
        for k in range(5):
            usage.record_generation(
                engine, kind="pack", format="pdf", use_case_ids=["UC-HC-001", "UC-HC-005"],
                prospect=f"Earlier prospect {k}", industry="Healthcare", who=EMAIL,
                at=dt.datetime(2026, 11, 2 + k, 9, 30),
            )  # fmt: skip
        for _ in range(50):  # connections opened, statements prepared
            _rerun_reads(engine)
        server, cpu, wall = postgres_cpu(), time.process_time(), time.perf_counter()
        for _ in range(RERUNS):
            _rerun_reads(engine)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        server = postgres_cpu() - server
    finally:
        engine.dispose()
    rows = [(f"{name}: one rerun's reads, app server CPU", 1000 * cpu / RERUNS,
             f"ms  (wall {1000 * wall / RERUNS:.2f} ms)")]  # fmt: skip
    if name == "PostgreSQL":
        rows.append((f"{name}: one rerun's reads, PostgreSQL's CPU", 1000 * server / RERUNS, "ms"))
    return rows


def run(workdir: Path) -> list[tuple[str, float, str]]:
    print(f"  load average at the start: {Path('/proc/loadavg').read_text().strip()}", flush=True)
    rows = _measure(f"sqlite:///{workdir / 'library.db'}", "SQLite")
    if databases.on_postgresql():
        url = databases.new_database_url(workdir)
        try:
            rows += _measure(url, "PostgreSQL")
        finally:
            databases.drop_database(url)
            databases.drop_all()
    else:
        print(f"  (SQLite only: set {databases.ENV} to a PostgreSQL server to add it)")
    return rows
