"""The first visitor after a server start, at 2,000 and 20,000 use cases: `streamlit run app.py`
(the build starts on the first visit) against `streamlit run serve.py` (the build starts with
the process), for a visitor who arrives as soon as the server answers and one who arrives
ARRIVAL_SECONDS later. Each figure is the wall time from opening /call-prep in Chromium until
the page has finished running, in a freshly started server; with the load average beside it,
since the machine is shared. A benchmark: it prints, it asserts nothing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from benchmarks import synthetic
from tests import servers

SIZES = tuple(int(n) for n in os.environ.get("BENCH_START_SIZES", "2000,20000").split(","))
ARRIVAL_SECONDS = float(os.environ.get("BENCH_START_ARRIVAL", "30"))
CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 600_000


def _load() -> str:
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def _first_view(browser, base: str) -> float:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{base}/call-prep", timeout=TIMEOUT_MS)
        page.get_by_text("Call prep").first.wait_for(timeout=TIMEOUT_MS)
        page.wait_for_function(servers.APP_IDLE, timeout=TIMEOUT_MS)
        return time.perf_counter() - started
    finally:
        context.close()


def run(workdir: Path) -> list[tuple[str, float, str]]:
    from playwright.sync_api import sync_playwright

    rows: list[tuple[str, float, str]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for n in SIZES:
                url = f"sqlite:///{workdir / f'library-{n}.db'}"
                synthetic.library_engine(url, n).dispose()
                for script in ("app.py", "serve.py"):
                    for arrival in (0.0, ARRIVAL_SECONDS):
                        with servers.streamlit_app(workdir, url, script=script) as base:
                            time.sleep(arrival)  # the visitor's arrival, not a wait for a state
                            wall = _first_view(browser, base)
                        rows.append(
                            (
                                f"{script}: first visitor {arrival:.0f} s after start, {n:,}",
                                wall,
                                f"s  (load average {_load()})",
                            )
                        )
        finally:
            browser.close()
    return rows
