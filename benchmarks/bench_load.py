"""Concurrent reps on one app server: N signed-in sessions preparing calls at once.

One `streamlit run` in team mode (a real OpenID Connect provider on loopback, every rep on the
access list) over the sample library, on a SQLite file and, when a PostgreSQL server is named
(`CASEBOOK_TEST_DATABASE`, as for the tests, or `DATABASE_URL`), on PostgreSQL too.

For 1, 10 and 25 sessions, each rep signs in (the real redirect flow), opens Call prep from a
link, and once every rep is on the page they all change the prospect's industry at the same
moment, then twice more, each as soon as their page has updated. The figures: the time from a
profile change to the new picks arriving (p50, p95), to the end of that rerun, from opening the
link to the signed-in page, the errors, and the server's CPU seconds and memory over the round.

The reps are light clients speaking Streamlit's own websocket protocol
(`benchmarks.streamlit_protocol`): 25 headless Chromium pages on a 2-core machine mostly
measure Chromium. A few Chromium pages (`CASEBOOK_LOAD_BROWSER_SESSIONS`, default 1 and 5) run
the same steps as a cross-check that both clients see the same times.

Traffic goes to loopback only, and everything stops by itself. A benchmark: it prints, it
asserts nothing. Target: 25 reps at p95 < 2 s, no errors.

    CASEBOOK_LOAD_SESSIONS=1,10,25  CASEBOOK_LOAD_BROWSER_SESSIONS=1,5  CASEBOOK_LOAD_CHANGES=3
    CASEBOOK_LOAD_PREPS=5 (each rep's recent preps, listed on the page)
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import resource
import statistics
import time
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmarks.streamlit_protocol import ProtocolError, Run, Session, sign_in, string_state
from lib.core import access, db, usage
from lib.workbook import SAMPLE_LIBRARY, import_file
from tests import databases, servers

CHROMIUM = "/usr/bin/chromium"


def _counts(name: str, default: str) -> tuple[int, ...]:
    return tuple(int(n) for n in os.environ.get(name, default).split(",") if n.strip() not in "0")


SESSIONS = _counts("CASEBOOK_LOAD_SESSIONS", "1,10,25")
BROWSER_SESSIONS = _counts("CASEBOOK_LOAD_BROWSER_SESSIONS", "1,5")
CHANGES = int(os.environ.get("CASEBOOK_LOAD_CHANGES", "3"))
PREPS = int(os.environ.get("CASEBOOK_LOAD_PREPS", "5"))  # each rep's recent preps on the page
INDUSTRIES = ("Healthcare", "Logistics", "Finance", "Education", "Insurance")
TIMEOUT = 120.0  # seconds, for any one step of one rep


@dataclass
class Round:
    """What the reps of one round saw."""

    picks: list[float] = field(default_factory=list)  # profile change -> new picks, s
    done: list[float] = field(default_factory=list)  # profile change -> rerun finished, s
    sign_ins: list[float] = field(default_factory=list)  # link opened -> signed-in page, s
    errors: list[str] = field(default_factory=list)
    change_cpu: float = 0.0  # the server's CPU seconds from the first change to the last
    client_cpu: float = 0.0  # the clients' CPU seconds over the round (Chromium's included)


@dataclass(frozen=True)
class Usage:
    """A process's CPU seconds so far and its memory, from /proc."""

    cpu: float
    rss: float  # MiB now
    peak: float  # MiB at most so far

    @classmethod
    def of(cls, pid: int) -> Usage:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        cpu = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        status = dict(
            line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        )
        return cls(cpu, _mib(status["VmRSS"]), _mib(status["VmHWM"]))


def _mib(value: str) -> float:
    return int(value.split()[0]) / 1024  # "123456 kB"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _describe(error: BaseException) -> str:
    text = str(error).splitlines()[0][:160] if str(error) else ""
    return f"{type(error).__name__}: {text}"


# --- The light client: Streamlit's websocket protocol ------------------------------------------


def _check_page(session: Session, run: Run, rep: str) -> None:
    """The run drew Call prep's picks (a profile change reruns only the prep: the profile's
    fields stand from an earlier run)."""
    if run.exceptions:
        raise ProtocolError(f"{rep}: an exception on the page: {run.exceptions[0]}")
    if "industry" not in session.widgets or not run.keys_starting("pick-"):
        raise ProtocolError(f"{rep}: no Call prep picks on the page: {sorted(run.widgets)[:8]}")


async def _protocol_rep(base: str, n: int, barrier: asyncio.Barrier, result: Round) -> None:
    rep = f"rep{n}"
    async with httpx.AsyncClient(timeout=TIMEOUT) as http:
        session = Session(base, http, timeout=TIMEOUT)
        page: Run | None = None
        try:
            start = time.perf_counter()
            screen = await session.open(_link(n))
            await sign_in(session, screen, rep)
            # The provider sends the browser back to "/", which takes it to the link it opened.
            page = await session.open("")
            _check_page(session, page, rep)
            result.sign_ins.append(time.perf_counter() - start)
        except Exception as error:
            result.errors.append(f"{rep} signing in: {_describe(error)}")
            page = None
        await barrier.wait()  # everyone changes the profile at the same moment
        try:
            for change in range(CHANGES if page is not None else 0):
                assert page is not None
                before = page.keys_starting("pick-")[0].label
                target = INDUSTRIES[(n + 1 + change) % len(INDUSTRIES)]
                industry = session.widgets["industry"]
                page = await session.rerun(
                    [string_state(industry, target)], fragment_id=industry.fragment_id
                )
                _check_page(session, page, rep)
                first = page.keys_starting("pick-")[0]
                if first.label == before:
                    raise ProtocolError(f"{rep}: the picks did not change for {target}")
                result.picks.append(page.first_seen[_key(page, first.id)] - page.started)
                result.done.append(page.finished - page.started)
        except Exception as error:
            result.errors.append(f"{rep} changing the profile: {_describe(error)}")
        finally:
            await session.close()


def _link(n: int) -> str:
    """Rep n's prep link: a company of their own (no two reps prepare the same call)."""
    return f"call-prep?company=Prospect+{n}&industry={INDUSTRIES[n % len(INDUSTRIES)]}"


def _key(run: Run, widget_id: str) -> str:
    return next(key for key, w in run.widgets.items() if w.id == widget_id)


async def _together(reps: list[Coroutine[Any, Any, None]], barrier: asyncio.Barrier, pid: int,
                    result: Round) -> None:
    """Run the reps; once all are on the page (the barrier), count the server's CPU seconds
    until the last profile change is answered."""
    tasks = [asyncio.create_task(rep) for rep in reps]
    await barrier.wait()
    start = Usage.of(pid).cpu
    await asyncio.gather(*tasks)
    result.change_cpu = Usage.of(pid).cpu - start


async def _protocol_round(base: str, sessions: int, pid: int) -> Round:
    result = Round()
    barrier = asyncio.Barrier(sessions + 1)
    reps = [_protocol_rep(base, n, barrier, result) for n in range(sessions)]
    await _together(reps, barrier, pid, result)
    return result


# --- The cross-check: the same steps in headless Chromium -----------------------------------


async def _browser_rep(browser, base: str, n: int, barrier: asyncio.Barrier, result: Round) -> None:  # type: ignore[no-untyped-def]
    context = await browser.new_context(viewport={"width": 1366, "height": 768})
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT * 1000)
    signed_in = False
    try:
        start = time.perf_counter()
        await page.goto(f"{base}/{_link(n)}")
        await page.get_by_role("button", name="Sign in").click()
        await page.get_by_role("button", name=f"rep{n}", exact=True).click()
        await page.locator("[data-testid='stCheckbox']").first.wait_for()
        await _quiet(page)
        result.sign_ins.append(time.perf_counter() - start)
        signed_in = True
    except Exception as error:
        result.errors.append(f"rep{n} signing in: {_describe(error)}")
    await barrier.wait()
    try:
        for change in range(CHANGES if signed_in else 0):
            first_pick = page.locator("[data-testid='stCheckbox']").first
            before = await first_pick.inner_text()
            target = INDUSTRIES[(n + 1 + change) % len(INDUSTRIES)]
            await page.get_by_role("combobox").nth(0).click()
            await page.keyboard.type(target)
            start = time.perf_counter()
            await page.keyboard.press("Enter")
            await page.wait_for_function(
                """([before]) => {
                    const box = document.querySelector("[data-testid='stCheckbox']");
                    return box && box.innerText !== before;
                }""",
                arg=[before],
            )
            result.picks.append(time.perf_counter() - start)
            await _quiet(page)
            result.done.append(time.perf_counter() - start)
            if await page.locator("[data-testid='stException']").count():
                result.errors.append(f"rep{n}: an exception on the page")
    except Exception as error:
        result.errors.append(f"rep{n} changing the profile: {_describe(error)}")
    finally:
        await context.close()


async def _quiet(page) -> None:  # type: ignore[no-untyped-def]
    """Until the page is not running its script (Streamlit's status widget is gone)."""
    await page.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stStatusWidget']\")"
    )


async def _browser_round(base: str, sessions: int, pid: int) -> Round:
    from playwright.async_api import async_playwright

    result = Round()
    barrier = asyncio.Barrier(sessions + 1)
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        reps = [_browser_rep(browser, base, n, barrier, result) for n in range(sessions)]
        await _together(reps, barrier, pid, result)
        await browser.close()
    return result


# --- Rounds, servers and the printed rows -----------------------------------------------------


def _rows(label: str, result: Round, server: Usage, before: Usage) -> list[tuple[str, float, str]]:
    """The printed figures of one round. The page counts as updated when its rerun has ended
    (the browser shows the new picks about then: the frontend draws a run's elements in
    batches); when the new picks arrived is printed too."""
    rows: list[tuple[str, float, str]] = []
    if result.done:
        per_change = 1000 * result.change_cpu / len(result.done)
        rows += [
            (f"{label}: change -> page updated, p50", statistics.median(result.done), "s"),
            (f"{label}: change -> page updated, p95", _percentile(result.done, 0.95),
             "s  (target < 2 s)"),
            (f"{label}: change -> new picks arrive, p95", _percentile(result.picks, 0.95), "s"),
            (f"{label}: server CPU per profile change", per_change, "ms"),
        ]  # fmt: skip
    if result.sign_ins:
        sign_in = _percentile(result.sign_ins, 0.95)
        rows.append((f"{label}: link -> signed-in page, p95", sign_in, "s"))
    rows += [
        (f"{label}: errors", float(len(result.errors)), "(target 0)"),
        (f"{label}: server CPU, whole round", server.cpu - before.cpu,
         f"s  RSS {server.rss:.0f} MiB, peak {server.peak:.0f} MiB"),
        (f"{label}: the clients' CPU, whole round", result.client_cpu, "s"),
    ]  # fmt: skip
    return rows


@contextlib.contextmanager
def _library(workdir: Path, name: str, reps: int) -> Iterator[str]:
    """A database holding the sample library, every signed-in person a rep, each with a few
    recent preps in the usage log (listed under Your recent preps, as a working rep's are)."""
    if name == "SQLite":
        url = f"sqlite:///{workdir / 'library.db'}"
    else:
        url = os.environ.get("DATABASE_URL") or databases.new_database_url(workdir)
    engine = db.make_engine(url)
    try:
        if not import_file(engine, SAMPLE_LIBRARY, who="benchmark")[1]:
            raise RuntimeError("the sample library did not import")
        access.grant(engine, None, "admin@acme.com", "admin")
        access.set_default_role(engine, access.local_actor(), "rep")
        for n in range(reps):
            for k in range(PREPS):
                usage.record_generation(
                    engine, kind="pack", format="pdf", use_case_ids=["UC-HC-001", "UC-HC-005"],
                    prospect=f"Earlier prospect {k}", industry="Healthcare",
                    who=f"rep{n}@acme.com", deal_id=f"006LOAD{n:03d}{k}",
                    at=dt.datetime(2026, 11, 2 + k, 9, 30),
                )  # fmt: skip
        engine.dispose()
        yield url
    finally:
        engine.dispose()
        if name != "SQLite" and not os.environ.get("DATABASE_URL"):
            databases.drop_database(url)


def _own_cpu() -> float:
    """CPU seconds of this process and of its finished children (Playwright's driver and the
    Chromium it started, once closed)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _server_complaints(folder: Path, most: int = 5) -> list[str]:
    """The distinct warnings and errors in the servers' logs (why a sign-in failed)."""
    found: dict[str, None] = {}
    for log in sorted(folder.glob("*.log")):
        for line in log.read_text(errors="replace").splitlines():
            if any(word in line for word in ("WARNING", "ERROR", "Error", "Timeout")):
                found.setdefault(f"{log.stem}: {line.strip()[:200]}", None)
    return list(found)[:most]


def _databases() -> list[str]:
    names = ["SQLite"]
    if os.environ.get("DATABASE_URL", "").startswith("postgresql") or databases.on_postgresql():
        names.append("PostgreSQL")
    return names


def run(workdir: Path) -> list[tuple[str, float, str]]:
    browsers = BROWSER_SESSIONS if os.path.exists(CHROMIUM) else ()
    if BROWSER_SESSIONS and not browsers:
        print("  (no Chromium cross-check: Debian's chromium is not installed)")
    if len(_databases()) == 1:
        print(f"  (SQLite only: set {databases.ENV} to a PostgreSQL server to add it)")
    users = [
        {"sub": f"rep{n}", "email": f"rep{n}@acme.com", "name": f"Rep {n}"}
        for n in range(max((*SESSIONS, *browsers, 1)))
    ]
    rows: list[tuple[str, float, str]] = []
    print(f"  load average at the start: {Path('/proc/loadavg').read_text().strip()}", flush=True)
    for name in _databases():
        folder = workdir / name
        folder.mkdir()
        with (
            _library(folder, name, len(users)) as url,
            servers.oidc_provider_server(folder, users) as provider,
            servers.streamlit_server(folder, url, provider=provider.base) as app,
        ):
            rounds = [("protocol", n) for n in SESSIONS] + [("Chromium", n) for n in browsers]
            for client, sessions in rounds:
                before, provider_before = Usage.of(app.pid), Usage.of(provider.pid)
                play = _protocol_round if client == "protocol" else _browser_round
                clients_before = _own_cpu()
                result = asyncio.run(play(app.base, sessions, app.pid))
                result.client_cpu = _own_cpu() - clients_before
                label = f"{name}, {sessions} reps ({client})"
                for error in result.errors[:3]:
                    print(f"  {label}: {error}", flush=True)
                if result.errors:
                    for line in _server_complaints(folder):
                        print(f"  {label}: server log: {line}", flush=True)
                rows += _rows(label, result, Usage.of(app.pid), before)
                provider_cpu = Usage.of(provider.pid).cpu - provider_before.cpu
                rows.append((f"{label}: provider CPU", provider_cpu, "s"))
                print(f"  {label}: {len(result.done)} profile changes measured", flush=True)
    print(f"  load average at the end: {Path('/proc/loadavg').read_text().strip()}", flush=True)
    return rows
