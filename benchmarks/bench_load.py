"""Concurrent reps on one app server: signed-in Chromium sessions preparing calls at once.

One `streamlit run` in team mode (a real OpenID Connect provider on loopback, every rep on the
access list) over the sample library, on `DATABASE_URL` when it is set (PostgreSQL for a team)
or a SQLite file. For 1, 10 and 25 sessions at once, each signs in, opens Call prep and then
changes the prospect's industry; the figure is the time from that change to the picks updating
(p50 and p95), plus the errors seen. Traffic goes to loopback only, and everything stops by
itself. A benchmark: it prints, it asserts nothing. Target: 25 reps at p95 < 2 s, no errors.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from pathlib import Path

from lib.core import access, db
from lib.workbook import SAMPLE_LIBRARY, import_file
from tests import servers

CHROMIUM = "/usr/bin/chromium"
SESSIONS = tuple(int(n) for n in os.environ.get("CASEBOOK_LOAD_SESSIONS", "1,10,25").split(","))
INDUSTRIES = ("Healthcare", "Logistics", "Finance", "Education", "Insurance")
TIMEOUT_MS = 120_000


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _one_rep(browser, base: str, n: int, timings: list[float], errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    context = await browser.new_context(viewport={"width": 1366, "height": 768})
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        await page.goto(f"{base}/call-prep?industry={INDUSTRIES[n % len(INDUSTRIES)]}")
        await page.get_by_role("button", name="Sign in").click()
        await page.get_by_role("button", name=f"rep{n}", exact=True).click()
        first_pick = page.locator("[data-testid='stCheckbox']").first
        await first_pick.wait_for()
        before = await first_pick.inner_text()
        target = INDUSTRIES[(n + 1) % len(INDUSTRIES)]
        industry = page.get_by_role("combobox").nth(0)
        await industry.click()
        await page.keyboard.type(target)
        start = time.perf_counter()
        await page.keyboard.press("Enter")
        await page.wait_for_function(
            """([before]) => {
                const box = document.querySelector("[data-testid='stCheckbox']");
                return box && box.innerText !== before
                    && !document.querySelector("[data-testid='stStatusWidget']");
            }""",
            arg=[before],
            timeout=TIMEOUT_MS,
        )
        timings.append(time.perf_counter() - start)
        if await page.locator("[data-testid='stException']").count():
            errors.append(f"rep{n}: an exception on the page")
    except Exception as error:
        errors.append(f"rep{n}: {type(error).__name__}: {str(error).splitlines()[0][:120]}")
    finally:
        await context.close()


async def _round(base: str, sessions: int) -> tuple[list[float], list[str]]:
    from playwright.async_api import async_playwright

    timings: list[float] = []
    errors: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        await asyncio.gather(
            *(_one_rep(browser, base, n, timings, errors) for n in range(sessions))
        )
        await browser.close()
    return timings, errors


def run(workdir: Path) -> list[tuple[str, float, str]]:
    if not os.path.exists(CHROMIUM):
        print("  (skipped: Debian's chromium is not installed; tests/run.sh installs it)")
        return []
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'library.db'}"
    engine = db.make_engine(url)
    if not import_file(engine, SAMPLE_LIBRARY, who="benchmark")[1]:
        raise RuntimeError("the sample library did not import")
    access.grant(engine, None, "admin@acme.com", "admin")
    access.set_default_role(engine, access.local_actor(), "rep")
    engine.dispose()

    users = [
        {"sub": f"rep{n}", "email": f"rep{n}@acme.com", "name": f"Rep {n}"}
        for n in range(max(SESSIONS))
    ]
    rows: list[tuple[str, float, str]] = []
    with (
        servers.oidc_provider(workdir, users) as provider,
        servers.streamlit_app(workdir, url, provider=provider) as base,
    ):
        print(f"  database: {db.describe(url)}", flush=True)
        for sessions in SESSIONS:
            timings, errors = asyncio.run(_round(base, sessions))
            for error in errors[:5]:
                print(f"  error: {error}", flush=True)
            if timings:
                rows.append(
                    (
                        f"{sessions} reps: profile change -> picks, p50",
                        statistics.median(timings),
                        "s",
                    )
                )
                rows.append(
                    (
                        f"{sessions} reps: profile change -> picks, p95 (target < 2 s)",
                        _percentile(timings, 0.95),
                        "s",
                    )
                )
            rows.append((f"{sessions} reps: errors (target 0)", float(len(errors)), ""))
    return rows
