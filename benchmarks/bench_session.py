"""What one rep's session costs the server: a Call prep rerun after a profile change, with the
library already read (the cost every concurrent session pays on its own), and where it goes.

Runs the real page in Streamlit's AppTest on the sample library, in this process: one first
view (which reads the library and builds the shared views), then RERUNS reruns that each
change the industry, timed and profiled. Prints the median rerun and the functions that take
most of it (cumulative seconds over all reruns), so a change to per-session work shows here
before it shows in the load benchmark. A benchmark: it prints, it asserts nothing.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import sys
import threading
import time
from pathlib import Path
from unittest.mock import patch

from lib.core import db
from lib.workbook import SAMPLE_LIBRARY, import_file

INDUSTRIES = ("Healthcare", "Logistics", "Finance", "Education", "Insurance")
RERUNS = 10
SHOWN = 12  # functions listed, largest cumulative time first
ROOT = str(Path(__file__).resolve().parent.parent) + "/"


def _where(key: tuple[str, int, str]) -> str:
    path, line, name = key
    return f"{name} ({path.removeprefix(ROOT)}:{line})"


def run(workdir: Path) -> list[tuple[str, float, str]]:
    from streamlit.testing.v1 import AppTest

    url = f"sqlite:///{workdir / 'library.db'}"
    engine = db.make_engine(url)
    if not import_file(engine, SAMPLE_LIBRARY, who="benchmark")[1]:
        raise RuntimeError("the sample library did not import")
    engine.dispose()
    with patch.dict(os.environ, {"DATABASE_URL": url}):  # the pages read this library
        app = Path(ROOT) / "app.py"
        at = AppTest.from_file(str(app), default_timeout=300)
        at.query_params["industry"] = INDUSTRIES[0]
        start = time.perf_counter()
        at.run()
        at.switch_page("app_pages/call_prep.py").run()
        first = time.perf_counter() - start
        timings: list[float] = []
        profile = cProfile.Profile()

        def profile_script_thread(*_: object) -> None:
            # The script runs in a thread of its own per run: profile it from its first call.
            sys.setprofile(None)
            profile.enable()

        for n in range(1, RERUNS + 1):
            box = at.selectbox(key="industry")
            start = time.perf_counter()
            threading.setprofile(profile_script_thread)
            try:
                box.select(INDUSTRIES[n % len(INDUSTRIES)]).run()
            finally:
                threading.setprofile(None)  # type: ignore[arg-type]
            timings.append(time.perf_counter() - start)
            if at.exception:
                raise RuntimeError(f"the page failed: {at.exception[0].value}")
    rows = [
        ("first view of Call prep (reads the library)", first, "s"),
        ("rerun after an industry change, median", statistics.median(timings), "s"),
        ("rerun after an industry change, slowest", max(timings), "s"),
    ]
    profile.create_stats()
    stats = pstats.Stats(profile)
    entries = stats.stats  # type: ignore[attr-defined]
    ours = [
        (key, value[3])
        for key, value in entries.items()
        if key[0].startswith(ROOT) and "/benchmarks/" not in key[0]
    ]
    ours.sort(key=lambda item: item[1], reverse=True)
    every = sum(v[2] for v in entries.values())
    rows.append(("profiled time per rerun, all of it (Streamlit's included)", every / RERUNS, "s"))
    for key, cumulative in ours[:SHOWN]:
        rows.append((f"  in {_where(key)}", cumulative / RERUNS, "s per rerun (cumulative)"))
    return rows
